"""Counts for the home page: records per kind this semester, and in total (the kinds of facilities
the school does not have are left out, as in the navigation: services.reminders.hidden_kinds)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from safetydesk.domain import clock
from safetydesk.domain.registry import all_kinds
from safetydesk.domain.semester import current_or_next
from safetydesk.services import records
from safetydesk.services.settings import semester_calendar


@dataclass(frozen=True)
class KindCount:
    kind: str
    mechanism: int
    total: int
    this_semester: int


def kind_counts(sessions: sessionmaker[Session]) -> tuple[str, list[KindCount]]:
    """(current semester key, counts per kind)."""
    from safetydesk.services.reminders import hidden_kinds

    sem = current_or_next(clock.today(), semester_calendar(sessions))
    hidden = hidden_kinds(sessions)
    out = []
    for kind in all_kinds():
        if kind.key in hidden:
            continue
        total = records.count(sessions, records.ListQuery(kind=kind.key))
        in_sem = records.count(sessions, records.ListQuery(kind=kind.key, semester=sem.key)) \
            if kind.date_field else total
        out.append(KindCount(kind.key, kind.mechanism, total, in_sem))
    return sem.key, out
