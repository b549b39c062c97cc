"""Names and units as readers see them, in English or Chinese: the one place outputs ask.

English names come from the registries that define the objects (``sim.model.indicators``,
``sim.model.sectors``, ``sim.inputs.levers``, the targets file); Chinese names from
:mod:`sim.inputs.names_zh`, keyed by the same names. Tables, figures and the report ask a
:class:`Labels` for every name and unit they print, so no name is written twice.

Units: values are computed in the units of ``sim.model.indicators`` (RMB billion, percent,
vehicles). :data:`UNITS` says how each is written and scaled for readers:

======== ======================== ===================== ===================
unit     English data files       English report/figures Chinese (everywhere)
======== ======================== ===================== ===================
RMB bn   RMB bn                   RMB bn                亿元 (x 10)
%        %                        % (axis: percent)     %
pp       pp                       pp                    个百分点
units    units (vehicles)         million vehicles      万辆 (x 1/10,000)
RMB      RMB (per person)         RMB                   元
10k pers 10k persons              10k persons           万人
======== ======================== ===================== ===================

English data files (``summary.csv`` ...) keep the model's units, which users' scripts rely on;
a Chinese run writes Chinese units, scaled, in every file it writes for readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sim.inputs.levers import ALL_INPUTS
from sim.inputs.names_zh import INDICATORS_ZH, INPUTS_ZH, SECTORS_ZH, TARGETS_ZH, VALUE_ADDED_ZH
from sim.model.indicators import INDICATORS
from sim.model.sectors import SECTOR_LABELS

Lang = Literal["en", "zh"]
LANGUAGES: tuple[Lang, ...] = ("en", "zh")


@dataclass(frozen=True)
class UnitLabel:
    """How values in one unit are written for readers.

    Attributes
    ----------
    label : str
        The unit as written after a number or in a table's unit column.
    scale : float
        Multiply a value in the model's unit by this (亿元: 10 per RMB billion).
    table_decimals : int
        Decimals in data files (plain notation, never 1.86e+06).
    display_decimals : int
        Decimals in the report's tables and on figures.
    axis : str
        The label of a figure axis (default: ``label``).
    """

    label: str
    scale: float = 1.0
    table_decimals: int = 2
    display_decimals: int = 1
    axis: str = ""

    @property
    def axis_label(self) -> str:
        """What a figure's axis says."""
        return self.axis or self.label


UNITS: dict[str, dict[str, UnitLabel]] = {
    "RMB bn": {
        "data": UnitLabel("RMB bn", 1.0, 1, 0),
        "en": UnitLabel("RMB bn", 1.0, 1, 0, "RMB billion"),
        "zh": UnitLabel("亿元", 10.0, 0, 0),
    },
    "%": {
        "data": UnitLabel("%", 1.0, 2, 1),
        "en": UnitLabel("%", 1.0, 2, 1, "percent"),
        "zh": UnitLabel("%", 1.0, 2, 1),
    },
    "pp": {
        "data": UnitLabel("pp", 1.0, 2, 1),
        "en": UnitLabel("pp", 1.0, 2, 1, "percentage points"),
        "zh": UnitLabel("个百分点", 1.0, 2, 1),
    },
    "units": {
        "data": UnitLabel("units", 1.0, 0, 0),
        "en": UnitLabel("million vehicles", 1e-6, 4, 3),
        "zh": UnitLabel("万辆", 1e-4, 2, 1),
    },
    "RMB": {
        "data": UnitLabel("RMB", 1.0, 0, 0),
        "en": UnitLabel("RMB", 1.0, 0, 0, "RMB"),
        "zh": UnitLabel("元", 1.0, 0, 0),
    },
    "10k persons": {
        "data": UnitLabel("10k persons", 1.0, 1, 1),
        "en": UnitLabel("10k persons", 1.0, 1, 1, "10,000 persons"),
        "zh": UnitLabel("万人", 1.0, 1, 1),
    },
}
"""Each unit of an indicator (and ``pp``, the unit of a difference of percentages): ``data`` for
English data files, ``en`` for the English report and figures, ``zh`` for everything Chinese."""


def check_lang(lang: str) -> Lang:
    """``lang`` if it is a known language; else ValueError naming the known ones."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    return lang


class Labels:
    """Names and units in one language.

    Parameters
    ----------
    lang : {"en", "zh"}
        English or Chinese.

    Notes
    -----
    A name with no Chinese entry falls back to English (a targets file of the user's own, an
    indicator added since); ``tests/test_labels.py`` keeps the shipped names complete.
    """

    def __init__(self, lang: str = "en") -> None:
        self.lang: Lang = check_lang(lang)

    @property
    def zh(self) -> bool:
        """Whether the language is Chinese."""
        return self.lang == "zh"

    def indicator(self, name: str) -> str:
        """An indicator's name: ``Gross domestic product, nominal`` / ``地区生产总值（现价）``."""
        if self.zh:
            if name in INDICATORS_ZH:
                return INDICATORS_ZH[name]
            sector = name.removeprefix("va_")
            if name.startswith("va_") and sector in SECTORS_ZH:
                return VALUE_ADDED_ZH.format(sector=self.sector(sector, short=True))
        return INDICATORS[name].description

    def sector(self, name: str, *, short: bool = False) -> str:
        """A sector's name; ``short`` drops what the parenthesis adds."""
        if self.zh and name in SECTORS_ZH:
            label = SECTORS_ZH[name]
            return label.split("（")[0] if short else label
        label = SECTOR_LABELS[name]
        return label.split(" (")[0] if short else label

    def input(self, name: str) -> str:
        """An assumption's or lever's name (English: its key, as scenario files write it)."""
        if self.zh and name in INPUTS_ZH:
            return INPUTS_ZH[name][0]
        return name

    def input_unit(self, name: str) -> str:
        """The unit of an assumption or lever, in the scale of its scenario value."""
        if self.zh and name in INPUTS_ZH:
            return INPUTS_ZH[name][1]
        return ALL_INPUTS[name].unit

    def target(self, target_id: str, english: str) -> str:
        """A target's label: ``english`` (from the targets file) or its Chinese wording."""
        if self.zh and target_id in TARGETS_ZH:
            return TARGETS_ZH[target_id]
        return english

    def unit(self, unit: str, *, data: bool = False) -> UnitLabel:
        """How values in ``unit`` are written; ``data`` for English data files.

        A unit not in :data:`UNITS` is written as it is, unscaled.
        """
        forms = UNITS.get(unit)
        if forms is None:
            return UnitLabel(unit)
        if data and not self.zh:
            return forms["data"]
        return forms[self.lang]

    def value(self, value: float, unit: str, *, signed: bool = False) -> str:
        """A number for a report table or a figure, scaled and rounded for its unit.

        Thousands are separated (``33,800``); ``signed`` writes a + before positive numbers.
        """
        form = self.unit(unit)
        sign = "+" if signed else ""
        scaled = value * form.scale
        if round(scaled, form.display_decimals) == 0:
            scaled = 0.0  # never -0.0
        return f"{scaled:{sign},.{form.display_decimals}f}"


def indicator_units() -> set[str]:
    """Every unit an indicator is in, and ``pp`` (differences of percentages)."""
    return {i.unit for i in INDICATORS.values()} | {"pp"}


__all__ = [
    "LANGUAGES",
    "UNITS",
    "Labels",
    "Lang",
    "UnitLabel",
    "check_lang",
    "indicator_units",
]
