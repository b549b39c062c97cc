"""Parameters of the investment pipeline, each with its unit and the reason for its value.

Three project types (``PROJECT_TYPES``) pass the same stages::

    arrival -> approval -> land quota -> financing -> construction slot -> construction
            -> commissioning -> ramp-up

Approval, construction, commissioning and ramp-up take stochastic times; land, financing and
construction slots are shared and make projects wait. Nothing here is fitted: Chongqing publishes
counts of projects (seed documents) but neither their sizes nor their durations, so every value is
an assumption chosen to give a plausible steady state at the plan's counts, with its reason beside
it. Money is RMB billion at 2025 prices, durations are months, land is hectares.

The seed documents cited by title:

* *2026 government work report* (iChongqing report on Mayor Hu Henghua's report, Jan 2026): "over
  600 industrial projects, each over RMB 100 million", "over 1,500 technological transformation
  projects", "340 key municipal projects completed" in 2025, fixed-asset investment target +3%.
* *Chengdu-Chongqing economic circle targets broader reform* (iChongqing, 7 Jan 2026): industrial
  investment growth target of 9% for 2026.

Scale of the steady state. Chongqing stopped publishing investment levels; its fixed-asset
investment was RMB 1,744 billion in 2017 (calibration/history.csv) and grew about 0.7-7% a year
since, so about RMB 2,300 billion in 2025. ``calibration/priors.yaml`` splits it 25% industrial
and 27% infrastructure: about RMB 575 and 620 billion. The defaults put the modelled projects at
about three quarters of each (RMB ~430 billion of industrial and technological transformation
spending and ~420 billion of infrastructure a year); the rest is smaller projects below the
thresholds the plan counts. This is an assumption, not a statistic.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sim.inputs.levers import reference_parameters
from sim.model.sectors import SECTORS

_LEVER_REFERENCES = reference_parameters()

PROJECT_TYPES: tuple[str, ...] = ("industrial", "tech_transformation", "infrastructure")
"""Project types; the last axis of the pipeline's (..., types) arrays follows this order."""
TYPE_INDEX: dict[str, int] = {t: i for i, t in enumerate(PROJECT_TYPES)}
N_TYPES = len(PROJECT_TYPES)

FINANCING_POOLS: tuple[str, ...] = ("enterprise", "public")
"""Lenders' pools: bank credit to enterprises, and public finance (special bonds, policy-bank and
platform loans) for infrastructure. ``debt_resolution_pace`` tightens only the public pool."""


@dataclass(frozen=True)
class ProjectTypeParameters:
    """Size, stage durations, risks, financing and capacity of one project type.

    Durations are log-normal: median ``*_months`` and log-scale standard deviation ``*_sigma``.

    Attributes
    ----------
    reference_count : float
        Projects entering the pipeline a year at the plan (projects a year).
    size_minimum, size_median : float
        Budget of a project, RMB billion (2025 prices):
        ``minimum + (median - minimum) exp(sigma z)``, a log-normal shifted to start at the
        threshold the plan counts from.
    size_sigma : float
        Log-scale standard deviation of the budget above the minimum.
    approval_months, approval_sigma : float
        Approval (feasibility, land-use, planning and construction permits), months.
    construction_months, construction_sigma : float
        Construction or installation of a project of median size, months.
    construction_size_elasticity : float
        Construction time grows with ``(size / size_median) ** elasticity``.
    commissioning_months, commissioning_sigma : float
        Trial production and acceptance after construction, months.
    rampup_months, rampup_sigma : float
        Time from commissioning to full output, months; capacity comes online linearly over it.
    cancel_approval : float
        Probability that a project is dropped at approval (0-1); it spends its approval share.
    cancel_construction : float
        Probability that construction stops for good (0-1), at a uniform point of it; the project
        spends its approval share and the construction share up to that point.
    overrun_median, overrun_sigma : float
        Final cost over budget: cost = budget (1 + overrun_median) exp(sigma z) (fraction; the
        factor is log-normal, so some projects come in under budget).
    spend_approval, spend_construction, spend_commissioning : float
        Shares of the budget spent in each stage (sum to 1). The approval share is spent on the
        budget; the overrun falls on construction and commissioning in proportion to their shares.
        Spending is uniform over each stage's duration.
    financed_share : float
        Share of the budget that must be committed by lenders before construction (0-1).
    financing_pool : str
        Pool of ``FINANCING_POOLS`` the project borrows from.
    patience_months : float
        A project waiting longer than this for land or financing is abandoned (months).
    land_ha_per_bn : float
        New construction land needed, hectares per RMB billion of budget (0: none).
    uses_construction_slot : bool
        Whether the project occupies one of the shared construction slots while it is built.
    sector_split : dict
        Share of the type's projects (by count) in each sector of ``sim.model.sectors.SECTORS``;
        a project belongs to one sector, drawn from this split. Sums to 1.
    capacity_yield : dict
        Annual real value-added capacity a project adds when fully ramped up, RMB billion per RMB
        billion of budget, by sector (missing sectors: 0). Overruns add cost, not capacity.
    nev_share : float
        Share of the type's automotive projects that add NEV assembly capacity (0-1).
    nev_vehicles_per_bn : float
        NEV capacity of such a project, vehicles a year per RMB billion of budget.
    """

    reference_count: float
    size_minimum: float
    size_median: float
    size_sigma: float
    approval_months: float
    approval_sigma: float
    construction_months: float
    construction_sigma: float
    construction_size_elasticity: float
    commissioning_months: float
    commissioning_sigma: float
    rampup_months: float
    rampup_sigma: float
    cancel_approval: float
    cancel_construction: float
    overrun_median: float
    overrun_sigma: float
    spend_approval: float
    spend_construction: float
    spend_commissioning: float
    financed_share: float
    financing_pool: str
    patience_months: float
    land_ha_per_bn: float
    uses_construction_slot: bool
    sector_split: dict[str, float]
    capacity_yield: dict[str, float]
    nev_share: float = 0.0
    nev_vehicles_per_bn: float = 0.0

    def __post_init__(self) -> None:
        """Check shares, probabilities and sector names (``ValueError`` names the field)."""
        shares = self.spend_approval + self.spend_construction + self.spend_commissioning
        if abs(shares - 1.0) > 1e-9:
            raise ValueError(f"spend shares must sum to 1, got {shares}")
        if abs(sum(self.sector_split.values()) - 1.0) > 1e-9:
            raise ValueError(f"sector_split must sum to 1, got {sum(self.sector_split.values())}")
        for name in (*self.sector_split, *self.capacity_yield):
            if name not in SECTORS:
                raise ValueError(f"unknown sector {name!r}")
        for name in ("cancel_approval", "cancel_construction", "financed_share", "nev_share"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be within 0-1, got {getattr(self, name)}")
        if self.financing_pool not in FINANCING_POOLS:
            raise ValueError(f"financing_pool must be one of {FINANCING_POOLS}")
        if not 0.0 <= self.size_minimum < self.size_median:
            raise ValueError("need 0 <= size_minimum < size_median")


@dataclass(frozen=True)
class FinancingPoolParameters:
    """A pool of lending that projects draw commitments from, first come first served.

    The pool is refilled every month with a twelfth of its yearly capacity and holds at most
    ``buffer_months`` of it (unused capacity does not pile up for ever). A request larger than
    that buffer is capped to it (mega-projects close their financing in tranches; the first gates
    construction).

    Capacity in year t::

        capacity_t = capacity * financing_capacity_t
                     * exp(credit_sensitivity (credit_growth_t - credit_reference)
                           - debt_sensitivity (debt_resolution_pace_t - debt_reference))

    Attributes
    ----------
    capacity : float
        Commitments lenders can make to pipeline projects a year at reference conditions,
        RMB billion a year.
    buffer_months : float
        Months of capacity the pool can hold unused.
    credit_sensitivity : float
        Log change of capacity per percentage point of loan growth above its reference.
    debt_sensitivity : float
        Log change of capacity per point of debt-resolution pace above its reference.
    """

    capacity: float
    buffer_months: float
    credit_sensitivity: float
    debt_sensitivity: float


def _industrial() -> ProjectTypeParameters:
    return ProjectTypeParameters(
        # 2026 government work report: "over 600 industrial projects, each over RMB 100 million".
        # Read as projects entering the pipeline each year.
        reference_count=600.0,
        # Budgets start at the RMB 0.1 billion threshold the plan counts from. Median RMB 0.35
        # billion and sigma 1.0 give a mean of RMB 0.51 billion and a top 1% above RMB 2.6
        # billion (vehicle, battery and chip plants). Assumption: no size distribution is published;
        # chosen so that 600 projects a year spend about RMB 300 billion.
        size_minimum=0.1,
        size_median=0.35,
        size_sigma=1.0,
        # State Council General Office, Opinions on the reform of the approval system for
        # engineering construction projects (Guobanfa [2019] No. 11): government approval within
        # 120 working days (about 5.5 months); industrial projects get fast-track "commitment"
        # approval, so 5 months median with preparatory work.
        approval_months=5.0,
        approval_sigma=0.5,
        # Factory construction and equipment installation take about 1-2 years; 15 months median
        # for a median-size project, longer for big ones (elasticity 0.3: a 10x larger project
        # takes twice as long). Assumption.
        construction_months=15.0,
        construction_sigma=0.4,
        construction_size_elasticity=0.3,
        # Trial production and acceptance: about a quarter. Assumption.
        commissioning_months=3.0,
        commissioning_sigma=0.4,
        # Output reaches design capacity about a year after commissioning. Assumption.
        rampup_months=12.0,
        rampup_sigma=0.4,
        # Signed projects that never start ("signing-to-landing" attrition) and stalled sites.
        # Assumption: 5% dropped at approval, 3% stop during construction.
        cancel_approval=0.05,
        cancel_construction=0.03,
        # Factories are repeatable builds: median overrun 3%, log-sd 0.10 (about 1 in 6 over
        # 14%). Assumption, well below infrastructure's.
        overrun_median=0.03,
        overrun_sigma=0.10,
        # Land premium, design and site preparation 10%; building and equipment 80%; trial
        # production, training and working capital at commissioning 10%. Assumption.
        spend_approval=0.10,
        spend_construction=0.80,
        spend_commissioning=0.10,
        # Manufacturing projects borrow about half of their budget; the rest is equity and
        # retained earnings. Assumption.
        financed_share=0.5,
        financing_pool="enterprise",
        # Land idle two years after the agreed start can be reclaimed (Measures on the Disposal
        # of Idle Land, Ministry of Land and Resources Order No. 53, 2012); sponsors give up a
        # little before: 24 months.
        patience_months=24.0,
        # Chongqing's industrial parks ask an investment intensity of about RMB 4 million per mu
        # (60 million per hectare): 1 / 0.06 = 16.7 hectares per RMB billion. Assumption.
        land_ha_per_bn=16.7,
        uses_construction_slot=True,
        # Project counts by sector: autos incl. NEV, batteries and parts 30%; electronics incl.
        # chips and displays 22%; materials, equipment, food and others ("33618" clusters) 38%;
        # energy and utilities 10%. Assumption following the sectors' shares of industrial output.
        sector_split={
            "automotive": 0.30,
            "electronics": 0.22,
            "other_manufacturing": 0.38,
            "energy": 0.10,
        },
        # Capital is about three times value added in industry (calibration/priors.yaml,
        # capacity_investment_elasticity): RMB 1 billion of plant adds about RMB 0.33 billion of
        # value added a year; utilities are more capital-intensive (0.15). Assumption.
        capacity_yield={
            "automotive": 0.33,
            "electronics": 0.33,
            "other_manufacturing": 0.33,
            "energy": 0.15,
        },
        # 70% of automotive projects are NEV (vehicles, batteries, e-drive, chips). A NEV assembly
        # plant adds about 30,000 vehicles a year per RMB billion, but assembly is about a sixth
        # of NEV investment: 5,000 vehicles per RMB billion of NEV projects. Chosen so that the
        # plan's counts add about 0.4 million vehicles a year, the growth of the nev_capacity
        # lever's default (2.1 million in 2026 to 3.6 million in 2030, sim/inputs/levers.py).
        nev_share=0.70,
        nev_vehicles_per_bn=5000.0,
    )


def _tech_transformation() -> ProjectTypeParameters:
    return ProjectTypeParameters(
        # 2026 government work report: "over 1,500 technological transformation projects".
        reference_count=1500.0,
        # Equipment upgrades and digitalisation in existing plants: median RMB 50 million,
        # mean about RMB 80 million. Technological transformation was 34.6% of industrial
        # investment in 2021 (history tech_transformation_share_of_industrial_investment_pct);
        # 1,500 such projects then spend about RMB 120 billion a year. Assumption.
        size_minimum=0.0,
        size_median=0.05,
        size_sigma=1.0,
        # Filing (bei'an) rather than approval: about 2 months with preparation. Assumption.
        approval_months=2.0,
        approval_sigma=0.5,
        # Equipment delivery and installation: about 8 months. Assumption.
        construction_months=8.0,
        construction_sigma=0.4,
        construction_size_elasticity=0.2,
        commissioning_months=1.0,
        commissioning_sigma=0.4,
        rampup_months=6.0,
        rampup_sigma=0.4,
        # Small upgrades in running plants are rarely dropped. Assumption.
        cancel_approval=0.03,
        cancel_construction=0.01,
        # Equipment is bought at a quoted price. Assumption.
        overrun_median=0.02,
        overrun_sigma=0.05,
        # No land and little design; installation 90%, commissioning 10%. Assumption.
        spend_approval=0.0,
        spend_construction=0.90,
        spend_commissioning=0.10,
        # Mostly own funds; about 30% borrowed (equipment loans, the central bank's relending for
        # equipment renewal). Assumption.
        financed_share=0.3,
        financing_pool="enterprise",
        # Upgrades are postponed rather than held open: 12 months. Assumption.
        patience_months=12.0,
        # Inside existing plants: no new land and no construction slot.
        land_ha_per_bn=0.0,
        uses_construction_slot=False,
        # Mostly manufacturing, autos and electronics retooling for NEV and intelligent lines.
        sector_split={
            "automotive": 0.25,
            "electronics": 0.20,
            "other_manufacturing": 0.50,
            "energy": 0.05,
        },
        # Upgrades raise productivity more than floor space; part replaces worn equipment: RMB
        # 0.25 billion of value added a year per RMB billion. Assumption.
        capacity_yield={
            "automotive": 0.25,
            "electronics": 0.25,
            "other_manufacturing": 0.25,
            "energy": 0.12,
        },
        # Half of automotive upgrades convert lines to NEV, at the same vehicles per RMB billion.
        nev_share=0.5,
        nev_vehicles_per_bn=5000.0,
    )


def _infrastructure() -> ProjectTypeParameters:
    return ProjectTypeParameters(
        # 2026 government work report: 340 key municipal projects completed in 2025. With 3%
        # dropped at approval and 1% in construction, 354 entering a year complete 340 a year.
        reference_count=354.0,
        # Municipal projects from RMB 50 million (district roads, water works) to tens of
        # billions (metro lines): median RMB 0.6 billion, mean about RMB 1.06 billion, top 0.1%
        # above RMB 16 billion. Assumption: no size distribution is published.
        size_minimum=0.05,
        size_median=0.6,
        size_sigma=1.1,
        # Full approval incl. land acquisition and environmental review: 120 working days at best
        # (Guobanfa [2019] No. 11), longer for public works: 8 months median. Assumption.
        approval_months=8.0,
        approval_sigma=0.5,
        # Roads, bridges, rail and urban renewal take 2-4 years: 30 months median. Assumption.
        construction_months=30.0,
        construction_sigma=0.4,
        construction_size_elasticity=0.3,
        commissioning_months=3.0,
        commissioning_sigma=0.4,
        # Networks and logistics hubs fill up over about a year. Assumption.
        rampup_months=12.0,
        rampup_sigma=0.4,
        cancel_approval=0.03,
        cancel_construction=0.01,
        # Chinese road and rail projects overran their budgets by 30.6% on average (Ansar,
        # Flyvbjerg, Budzier and Lunn, "Does infrastructure investment lead to economic growth or
        # economic fragility? Evidence from China", Oxford Review of Economic Policy, 2016);
        # municipal works are smaller and simpler: median 12%, log-sd 0.2 (mean about 14%).
        overrun_median=0.12,
        overrun_sigma=0.20,
        # Land acquisition, resettlement and design 8%; works 90%; acceptance 2%. Assumption.
        spend_approval=0.08,
        spend_construction=0.90,
        spend_commissioning=0.02,
        # Special-purpose bonds, policy-bank and platform loans fund about 80%; the rest is
        # budget money. Assumption.
        financed_share=0.8,
        financing_pool="public",
        # Public projects wait longer for bond quotas: 36 months. Assumption.
        patience_months=36.0,
        # Roads and public works need land, less per yuan than factories (metro lines are
        # underground): 8 hectares per RMB billion. Assumption.
        land_ha_per_bn=8.0,
        uses_construction_slot=True,
        # Logistics, ports and transport hubs 25% (producer services: logistics), power, gas
        # and water networks 15% (energy), roads, metro, urban renewal and water conservancy 60%
        # (public works: no market capacity in the model; their effect runs through demand and
        # the fitted trend, and a direct capacity would count it twice).
        sector_split={
            "producer_services": 0.25,
            "energy": 0.15,
            "public_services": 0.60,
        },
        # Networks earn little value added per yuan of capital: 0.10 for logistics, 0.12 for
        # utilities; 0 for public works. Assumption.
        capacity_yield={
            "producer_services": 0.10,
            "energy": 0.12,
            "public_services": 0.0,
        },
    )


def _default_types() -> dict[str, ProjectTypeParameters]:
    return {
        "industrial": _industrial(),
        "tech_transformation": _tech_transformation(),
        "infrastructure": _infrastructure(),
    }


def _default_financing() -> dict[str, FinancingPoolParameters]:
    return {
        # Reference need of the enterprise pool: 600 x 0.95 x RMB 0.51 bn x 50% + 1,500 x 0.97 x
        # RMB 0.08 bn x 30% = about RMB 180 billion a year. Capacity 210 leaves ~15% headroom, so
        # at the plan financing binds only after bunched requests. For scale, Chongqing's loans
        # grew RMB 390 billion in 2025 (6.00 to 6.39 trillion, history loans_outstanding).
        # Loan growth: RMB 1 billion more of new loans per RMB 64 billion of stock a point; about
        # 40% of new lending goes to projects: +2.5% of capacity per point. Assumption.
        "enterprise": FinancingPoolParameters(
            capacity=210.0, buffer_months=3.0, credit_sensitivity=0.025, debt_sensitivity=0.0
        ),
        # Reference need of the public pool: 354 x 0.97 x RMB 1.06 bn x 80% = about RMB 290
        # billion a year; capacity 335 leaves ~15% headroom. Faster debt resolution closes
        # platform financing: -2% of capacity per point of pace (pace 20 cuts it by 18%), in line
        # with the core's debt_infrastructure_effect (calibration/priors.yaml). Assumption.
        "public": FinancingPoolParameters(
            capacity=335.0, buffer_months=3.0, credit_sensitivity=0.015, debt_sensitivity=0.02
        ),
    }


@dataclass(frozen=True)
class PipelineParameters:
    """All parameters of the investment pipeline.

    Attributes
    ----------
    types : dict
        ``ProjectTypeParameters`` by project type (keys ``PROJECT_TYPES``).
    financing : dict
        ``FinancingPoolParameters`` by pool (keys ``FINANCING_POOLS``).
    credit_reference : float
        Loan growth at which the pools have their reference capacity, % a year: the default of
        ``credit_growth``, from the lever registry (``sim.inputs.levers.reference_parameters``).
    debt_reference : float
        Debt-resolution pace at which the public pool has its reference capacity, % of hidden
        debt a year: the default of ``debt_resolution_pace``, from the lever registry.
    land_quota : float
        New construction land for pipeline projects a year, hectares.
    land_buffer_months : float
        Months of the land quota that can be held unused.
    construction_slots : int
        Projects that can be under construction at once (contractors, crews, machinery).
    burn_in_years : int
        Years the event loop runs at the reference inputs before the first projected year; the
        last is the base year (2025) of the returned arrays.
    history_years : int
        Years of arrivals before the burn-in, at the reference inputs, whose projects pass
        approval, financing and construction without waiting (computed, not simulated), so that
        the pipeline is full when the event loop starts. Waiting is negligible at the reference
        inputs, which is what makes this shortcut exact enough.
    """

    types: dict[str, ProjectTypeParameters] = field(default_factory=_default_types)
    financing: dict[str, FinancingPoolParameters] = field(default_factory=_default_financing)
    credit_reference: float = _LEVER_REFERENCES["credit_reference"]
    debt_reference: float = _LEVER_REFERENCES["debt_reference"]
    # Reference land need: 600 x 0.95 x RMB 0.51 bn x 16.7 ha + 354 x 0.97 x RMB 1.06 bn x 8 ha =
    # about 7,800 hectares a year. Quota 9,400 (~20% headroom): it binds when counts or sizes rise
    # well above the plan. Assumption; Chongqing does not publish its land quota by use.
    land_quota: float = 9400.0
    land_buffer_months: float = 3.0
    # Reference occupancy: industrial ~570 starts x ~1.4 years + infrastructure ~345 x ~2.8 years
    # = about 1,750 projects under construction. 2,100 slots leave ~20% headroom. Assumption.
    construction_slots: int = 2100
    # The event loop starts two years before the first projected year: long enough for queues to
    # settle, since the history starts it without any (and at the reference inputs nothing queues).
    burn_in_years: int = 2
    # Large infrastructure projects take up to about 8 years from arrival to full capacity; with 10
    # years of history before the burn-in, 2025 spending and capacity are within about 1% of
    # their steady state (benchmarks and tests/test_pipeline.py check it).
    history_years: int = 10

    def __post_init__(self) -> None:
        """Check that every type and pool has parameters."""
        if tuple(self.types) != PROJECT_TYPES:
            raise ValueError(f"types must be {PROJECT_TYPES}, got {tuple(self.types)}")
        if tuple(self.financing) != FINANCING_POOLS:
            raise ValueError(f"financing must be {FINANCING_POOLS}, got {tuple(self.financing)}")
        if self.burn_in_years < 1:
            raise ValueError("burn_in_years must be at least 1 (the base year)")
        if self.history_years < 0:
            raise ValueError("history_years must not be negative")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form (for cache keys and manifests)."""
        return asdict(self)


__all__ = [
    "FINANCING_POOLS",
    "N_TYPES",
    "PROJECT_TYPES",
    "TYPE_INDEX",
    "FinancingPoolParameters",
    "PipelineParameters",
    "ProjectTypeParameters",
]
