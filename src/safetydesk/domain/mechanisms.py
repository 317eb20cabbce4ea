"""The county notice's twelve mechanisms and how the navigation groups them."""

from __future__ import annotations

from dataclasses import dataclass

from safetydesk.i18n import N_


@dataclass(frozen=True)
class Mechanism:
    number: int
    title: str  # N_()-marked


MECHANISMS: tuple[Mechanism, ...] = (
    Mechanism(1, N_("Safety responsibility")),
    Mechanism(2, N_("Safety education")),
    Mechanism(3, N_("Hazard inspection and rectification")),
    Mechanism(4, N_("Psychological support")),
    Mechanism(5, N_("Home-school contact")),
    Mechanism(6, N_("Conflict and bullying screening")),
    Mechanism(7, N_("Family information")),
    Mechanism(8, N_("Emergency response")),
    Mechanism(9, N_("Incident reporting")),
    Mechanism(10, N_("Public-opinion response")),
    Mechanism(11, N_("Supervision and inspection")),
    Mechanism(12, N_("Accountability")),
)

SHARED = 0  # staff, classes, students: not a mechanism of their own


@dataclass(frozen=True)
class NavGroup:
    title: str
    mechanisms: tuple[int, ...]


NAV_GROUPS: tuple[NavGroup, ...] = (
    NavGroup(N_("Daily safety work"), (3, 2, 8)),
    NavGroup(N_("Incidents and reporting"), (9, 10, 12)),
    NavGroup(N_("Student care"), (4, 5, 6, 7)),
    NavGroup(N_("Responsibility and supervision"), (1, 11)),
    NavGroup(N_("School information"), (SHARED,)),
)


def mechanism(number: int) -> Mechanism | None:
    for m in MECHANISMS:
        if m.number == number:
            return m
    return None
