"""What ``compare --attribute`` adds: the attribution runs, their figures and printed table.

Each scenario after the first is attributed against the first (the reference) with
:func:`sim.analysis.attribution.attribute`: Shapley values over the inputs that differ, on the
comparison's seed and draws. The check on the number of changed inputs runs before anything is
simulated, so a comparison that cannot be attributed stops at once (exit 2).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sim.inputs.errors import UserError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

    from sim.execution.simulate import ModelSetup
    from sim.inputs.scenario import Scenario
    from sim.results import Ensemble

PANELS = (
    ("gdp", "last"),
    ("gdp_real_growth", "first"),
    ("industrial_va_growth", "first"),
    ("employment", "last"),
)
"""Waterfall panels: an indicator in the first projected year or the last common one."""

PRINT_INDICATORS = ("gdp", "gdp_real_growth")
"""Indicators whose attribution ``compare --attribute`` prints (every one is in the CSV)."""


def planned_attribution_runs(scenarios: Sequence[Scenario]) -> int:
    """Runs the attribution of every scenario to the first takes (``2**n`` each).

    Raises
    ------
    UserError
        If a scenario changes more inputs than are attributed exactly.
    """
    from sim.analysis.attribution import MAX_EXACT_INPUTS, changed_inputs

    reference, runs, problems = scenarios[0], 0, []
    for scenario in scenarios[1:]:
        changed = changed_inputs(reference, scenario)
        if len(changed) > MAX_EXACT_INPUTS:
            listed = ", ".join(c.name for c in changed)
            problems.append(
                f"{scenario.name} differs from {reference.name} in {len(changed)} inputs "
                f"({listed}); --attribute computes exact Shapley values for up to "
                f"{MAX_EXACT_INPUTS} changed inputs (2**n runs): compare through an "
                "intermediate scenario that changes some of them"
            )
        runs += 2 ** len(changed)
    if problems:
        raise UserError("\n".join(problems))
    return runs


def attribute_all(
    scenarios: Sequence[Scenario],
    setup: ModelSetup,
    *,
    progress: Callable[[int], None] | None = None,
) -> pd.DataFrame:
    """Attribution of each scenario after the first to the first (``attribution.csv``)."""
    import pandas as pd

    from sim.analysis.attribution import TooManyInputs, attribute

    try:
        frames = [
            attribute(scenarios[0], scenario, setup, progress=progress)
            for scenario in scenarios[1:]
        ]
    except TooManyInputs as exc:  # pragma: no cover - planned_attribution_runs refused first
        raise UserError(str(exc)) from None
    return pd.concat(frames, ignore_index=True)


def attribution_figures(
    attribution: pd.DataFrame, ensembles: Sequence[Ensemble], lang: str = "en"
) -> dict[str, Figure]:
    """A waterfall figure per compared scenario, in ``lang``: ``attribution_<scenario>``."""
    from sim.analysis.attribution import TOTAL
    from sim.model.indicators import INDICATORS
    from sim.outputs.lever_plots import waterfall_chart, waterfall_table
    from sim.outputs.phrases import say
    from sim.outputs.plots import footnote

    how = say(
        "Contributions: Shapley values of the changed inputs to the mean difference, over all "
        "2^n combinations on common random numbers; they add up to the total.",
        lang,
    )
    figures = {}
    reference = ensembles[0].scenario.name
    for ensemble in ensembles[1:]:
        name = ensemble.scenario.name
        rows = attribution[attribution["scenario"] == name]
        if (rows["kind"] == TOTAL).all():
            continue  # no input differs: nothing to draw
        years = sorted(set(rows["year"]))
        panels = [
            (variable, years[0] if when == "first" else years[-1])
            for variable, when in PANELS
            if variable in INDICATORS
        ]
        figures[f"attribution_{name}"] = waterfall_chart(
            waterfall_table(rows, panels, lang),
            title=say(
                "{name} against {reference}: what makes the mean difference",
                lang,
                name=name,
                reference=reference,
            ),
            footnote=footnote([ensembles[0], ensemble], how, lang),
            ncols=2,
            lang=lang,
        )
    return figures


def attribution_record(attribution: pd.DataFrame) -> dict[str, object]:
    """What the manifest says of the attribution: the method and each scenario's inputs."""
    from sim.analysis.attribution import TOTAL

    inputs = attribution[attribution["kind"] != TOTAL]
    return {
        "method": "exact Shapley values over the changed inputs (all 2^n combinations, common "
        "random numbers); contributions to the mean difference add up to it",
        "inputs": {
            str(scenario): dict(zip(block["input"], block["kind"], strict=False))
            for scenario, block in inputs.groupby("scenario", sort=False)
        },
    }


def attribution_text(attribution: pd.DataFrame) -> str:
    """The contributions to the mean difference of the headline indicators, first and last year."""
    from sim.analysis.attribution import TOTAL

    lines = [
        "What makes each difference: Shapley contributions of the changed inputs to the mean "
        "difference (they add up to the total; every indicator and year: attribution.csv)",
    ]
    for (scenario, reference), block in attribution.groupby(["scenario", "reference"], sort=False):
        years = sorted(set(block["year"]))
        shown = [years[0], years[-1]] if len(years) > 1 else years
        kinds = dict(zip(block["input"], block["kind"], strict=True))
        labels = {i: i if k == TOTAL else f"{i} ({k})" for i, k in kinds.items()}
        width = max(len(text) for text in labels.values()) + 2
        lines += ["", f"{scenario} against {reference}"]
        for variable in PRINT_INDICATORS:
            rows = block[block["variable"] == variable].set_index(["input", "year"])
            unit = str(rows["unit"].iloc[0])
            head = f"  {variable + ' (' + unit + ')':<{width + 2}}"
            lines.append(head + "".join(f"{y:>12}" for y in shown))
            for item, label in labels.items():
                cells = "".join(f"{rows.loc[(item, y), 'contribution']:>+12.3f}" for y in shown)
                lines.append(f"    {label:<{width}}{cells}")
    return "\n".join(lines)
