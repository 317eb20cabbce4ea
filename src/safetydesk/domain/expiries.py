"""Expiry reminders of the phase-1 registers: "due soon" N days before a date, "overdue" after it.

The dates (domain.md §13), by area:
- school buses (《校车安全管理条例》 国务院令第617号 [S75]): the 校车标牌's validity, the next
  safety-technical inspection (every six months locally [S76], **U**), the carrier's insurance,
  the driver's licence and school-bus driver qualification (kinds/school_bus.py);
- canteen (《学校食品安全与营养健康管理规定》 2019 [S74]): food handlers' 健康证 and suppliers'
  licences (kinds/school_canteen.py);
- security (《中小学幼儿园安全防范工作规范（试行）》 2015 [S77][S78]): security guards'
  certificates and the next test of the one-button alarm and video surveillance
  (kinds/school_security.py);
- risk points (风险分级管控, domain.md §1 [S6]): the next review (kinds/risk.py).

A valid-until date is still valid on that day: red from the day after. A next-test or next-review
date is due on that day: red from the day after too. A person or vehicle out of service, a driver
no longer in post, is left out. When a register keeps a renewed certificate as a new row, the
newest date of the same holder counts (the old row is history, not a reminder).

Pure: the caller passes the facts, the warning days (a county rule) and today. Any thread.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from safetydesk.domain.compliance import State
from safetydesk.domain.reminders import Reminder, due_state
from safetydesk.i18n import N_, _, format_date

AREAS = ("school_bus", "canteen", "security", "risk_points")
AREA_OF_KIND = {
    "school_bus": "school_bus",
    "bus_driver": "school_bus",
    "canteen_staff_health": "canteen",
    "food_supplier": "canteen",
    "security_guard": "security",
    "security_system_test": "security",
    "risk_point": "risk_points",
}

# (kind, attribute) -> (what the date is, True for a valid-until date, False for a date due).
DATES: dict[tuple[str, str], tuple[str, bool]] = {
    ("school_bus", "sign_valid_until"): (N_("School-bus sign"), True),
    ("school_bus", "next_inspection_on"): (N_("Safety inspection of the bus"), False),
    ("school_bus", "insurance_until"): (N_("Carrier's insurance"), True),
    ("bus_driver", "licence_valid_until"): (N_("Driving licence"), True),
    ("bus_driver", "qualification_valid_until"): (N_("School-bus driver qualification"), True),
    ("canteen_staff_health", "valid_until"): (N_("Health certificate"), True),
    ("food_supplier", "valid_until"): (N_("Supplier's licence"), True),
    ("security_guard", "certificate_valid_until"): (N_("Security guard certificate"), True),
    ("security_system_test", "next_test_on"): (N_("Scheduled test"), False),
    ("risk_point", "next_review_on"): (N_("Risk review"), False),
}


@dataclass(frozen=True)
class ExpiryFacts:
    kind: str
    attr: str  # which date of the record (a key of DATES with `kind`)
    uuid: str
    holder: str  # whose date: a plate, a person, a supplier and licence, an alarm and its place
    until: date
    active: bool = True  # in service, in post, on duty

    @property
    def area(self) -> str:
        return AREA_OF_KIND[self.kind]


def current(facts: Iterable[ExpiryFacts]) -> list[ExpiryFacts]:
    """The newest date per holder and date, of those in service."""
    newest: dict[tuple[str, str, str], ExpiryFacts] = {}
    for f in facts:
        if not f.active:
            continue
        key = (f.kind, f.attr, f.holder.strip())
        if key not in newest or f.until > newest[key].until:
            newest[key] = f
    return sorted(newest.values(), key=lambda f: (f.until, f.kind, f.holder))


def states(facts: Iterable[ExpiryFacts], today: date, warn_days: int) -> list[tuple[ExpiryFacts, State]]:
    """The dates that need attention on `today`, with DUE (within `warn_days`) or OVERDUE."""
    out = []
    for f in current(facts):
        state = due_state(f.until, today, warn_days)
        if state is not None:
            out.append((f, state))
    return out


def counts(facts: Iterable[ExpiryFacts], today: date, warn_days: int) -> dict[str, dict[str, int]]:
    """Per area, how many dates are due soon and how many overdue (status --json)."""
    out = {area: {"due_soon": 0, "overdue": 0} for area in AREAS}
    for f, state in states(facts, today, warn_days):
        out[f.area]["overdue" if state is State.OVERDUE else "due_soon"] += 1
    return out


def reminders(
    facts: Iterable[ExpiryFacts], today: date, warn_days: int, hidden_kinds: frozenset[str] = frozenset()
) -> list[Reminder]:
    """One reminder per date due soon or past; kinds of facilities the school does not have are
    silent (their records are kept)."""
    out = []
    for f, state in states(facts, today, warn_days):
        if f.kind in hidden_kinds:
            continue
        what, validity = DATES[(f.kind, f.attr)]
        n = (f.until - today).days
        when = format_date(f.until)
        if validity:
            detail = (
                _("Valid until {date}: expired", date=when)
                if state is State.OVERDUE
                else _("Valid until {date}: {n} days left", date=when, n=n)
            )
        else:
            detail = (
                _("Due on {date}: overdue", date=when)
                if state is State.OVERDUE
                else _("Due on {date}: in {n} days", date=when, n=n)
            )
        title = _("{holder}: {what}", holder=f.holder, what=_(what))
        out.append(Reminder("expiry", f.kind, title, detail, state, f.uuid, f.until))
    return out
