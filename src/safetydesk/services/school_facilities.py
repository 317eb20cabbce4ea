"""Which record kinds a school's facilities rule out (domain/reminder_settings.FACILITY_KINDS),
at the school from its own settings, at its township from what the school's newest package
reported (sync/school_facilities.py). The status object's `daily_logs` counts only the logs a
school can keep, with the same answer at both ends. DB thread (or a command).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from safetydesk.domain.organisation import SCHOOL
from safetydesk.domain.reminder_settings import FACILITY_KINDS, hidden_kinds
from safetydesk.models.local import Installation, Setting
from safetydesk.services import settings

PREFIX = "school.facilities."  # + the school's code: {"seq", "values"} at a township


def own_values(s: Session) -> dict[str, bool]:
    """This school's facility settings (defaults where never set)."""
    return {key: bool(settings.get_in(s, key)) for key in FACILITY_KINDS}


def keep(s: Session, school: str, seq: int, values: dict[str, bool]) -> None:
    """Store what a school's package reports (the newest package's word wins)."""
    key = f"{PREFIX}{school}"
    row = s.get(Setting, key)
    value: dict[str, Any] = {"seq": seq, "values": dict(values)}
    if row is None:
        s.add(Setting(key=key, value=value))
    elif int(row.value.get("seq", 0)) <= seq:
        row.value = value


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
