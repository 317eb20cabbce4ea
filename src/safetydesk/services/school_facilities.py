"""Which record kinds a school's facilities rule out (domain/reminder_settings.FACILITY_KINDS),
at the school from its own settings, at its township from what the school's newest package
reported (sync/school_facilities.py). The status object's `daily_logs` counts only the logs a
school can keep, with the same answer at both ends. DB thread (or a command).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from safetydesk.domain.organisation import SCHOOL
from safetydesk.domain.reminder_settings import FACILITY_KINDS, hidden_kinds
from safetydesk.models.local import Installation, Setting
from safetydesk.services import settings

PREFIX = "school.facilities."  # + the school's code: {"values", "seq", "sender_key"} at a township


def own_values(s: Session) -> dict[str, bool]:
    """This school's facility settings (defaults where never set)."""
    return {key: bool(settings.get_in(s, key)) for key in FACILITY_KINDS}


def keep(s: Session, school: str, values: dict[str, bool], *, seq: int, sender_key: str) -> None:
    """Store what a school's package reports (its newest package's word wins)."""
    settings.keep_report(s, f"{PREFIX}{school}", {"values": dict(values)}, seq=seq, sender_key=sender_key)


def hidden_by_school(s: Session, codes: list[str]) -> dict[str, frozenset[str] | None]:
    """Per school code, the kinds its facilities hide; None where a township holds no report."""
    me = s.get(Installation, 1)
    if me is not None and me.role == SCHOOL:
        own = hidden_kinds(own_values(s))
        return {code: own for code in codes}
    rows = s.scalars(select(Setting).where(Setting.key.in_([f"{PREFIX}{c}" for c in codes])))
    found = {r.key[len(PREFIX):]: r.value for r in rows}
    out: dict[str, frozenset[str] | None] = {}
    for code in codes:
        got = found.get(code)
        values = got.get("values") if isinstance(got, dict) else None
        out[code] = hidden_kinds(values) if isinstance(values, dict) else None
    return out
