"""Sectors of the model and their groupings: the one list everything else reads.

Value added (VA) of the eleven sectors sums to GDP. Groupings follow China's national industrial
classification (GB/T 4754): *industry* is mining, manufacturing and utilities; *services* the
tertiary sector; *producer services* follow the NBS 2019 classification of producer services
(finance, logistics, software and IT, business services), which is the base of the 2027 target.
"""

from __future__ import annotations

SECTORS: tuple[str, ...] = (
    "agriculture",
    "automotive",
    "electronics",
    "other_manufacturing",
    "energy",
    "construction",
    "finance",
    "producer_services",
    "real_estate",
    "consumer_services",
    "public_services",
)
"""Sector keys; ``va_<key>`` is the indicator of a sector's nominal value added."""

SECTOR_LABELS: dict[str, str] = {
    "agriculture": "Agriculture, forestry and fishing",
    "automotive": "Automotive incl. NEV",
    "electronics": "Electronics and ICT manufacturing",
    "other_manufacturing": "Other manufacturing",
    "energy": "Energy, mining and utilities",
    "construction": "Construction",
    "finance": "Finance",
    "producer_services": "Producer services (logistics, software and IT, business services)",
    "real_estate": "Real estate",
    "consumer_services": "Consumer services (trade, hospitality, tourism)",
    "public_services": "Public services (administration, education, health)",
}

N_SECTORS = len(SECTORS)
SECTOR_INDEX: dict[str, int] = {s: i for i, s in enumerate(SECTORS)}

MANUFACTURING: tuple[str, ...] = ("automotive", "electronics", "other_manufacturing")
INDUSTRY: tuple[str, ...] = (*MANUFACTURING, "energy")
SECONDARY: tuple[str, ...] = (*INDUSTRY, "construction")
SERVICES: tuple[str, ...] = (
    "finance",
    "producer_services",
    "real_estate",
    "consumer_services",
    "public_services",
)
PRODUCER_SERVICES: tuple[str, ...] = ("finance", "producer_services")

GROUPS: tuple[str, ...] = ("primary", "secondary", "tertiary")
"""The three sectors of China's national accounts (三次产业), on which the provincial panel
reports real growth and employment."""
N_GROUPS = len(GROUPS)
SECTOR_GROUP: dict[str, str] = {
    "agriculture": "primary",
    **{s: "secondary" for s in SECONDARY},
    **{s: "tertiary" for s in SERVICES},
}
"""The group (primary, secondary, tertiary) each sector belongs to (GB/T 4754 three sectors)."""
GROUP_OF: tuple[int, ...] = tuple(GROUPS.index(SECTOR_GROUP[s]) for s in SECTORS)
"""Index into ``GROUPS`` of each sector, in sector order."""


def indices(group: tuple[str, ...]) -> list[int]:
    """Column indices of the sectors in ``group`` (for arrays shaped (..., sectors))."""
    return [SECTOR_INDEX[s] for s in group]


AUTO = SECTOR_INDEX["automotive"]
ELEC = SECTOR_INDEX["electronics"]
OTHER_MFG = SECTOR_INDEX["other_manufacturing"]
FIN = SECTOR_INDEX["finance"]
PROD = SECTOR_INDEX["producer_services"]
REAL_ESTATE = SECTOR_INDEX["real_estate"]
CONSUMER = SECTOR_INDEX["consumer_services"]
"""Column indices of the sectors the equations name one by one."""
IND = indices(INDUSTRY)
MFG = indices(MANUFACTURING)
SERV = indices(SERVICES)
PRODSERV = indices(PRODUCER_SERVICES)
HIGH_TECH = [AUTO, ELEC]
"""Column indices of the groups the equations sum over (high tech: automotive and electronics)."""
