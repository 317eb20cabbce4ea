"""Installation settings stored as JSON values (semester calendar, county rules, UI choices)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from safetydesk.domain.semester import SemesterCalendar
from safetydesk.models.local import Setting

SEMESTER_CALENDAR = "semester_calendar"


def get_setting(sessions: sessionmaker[Session], key: str, default: Any = None) -> Any:
    with sessions() as s:
        row = s.get(Setting, key)
        return default if row is None else row.value.get("v", default)


def set_setting(sessions: sessionmaker[Session], key: str, value: Any) -> None:
    with sessions.begin() as s:
        row = s.get(Setting, key)
        if row is None:
            s.add(Setting(key=key, value={"v": value}))
        else:
            row.value = {"v": value}


def semester_calendar(sessions: sessionmaker[Session]) -> SemesterCalendar:
    return SemesterCalendar.from_setting(get_setting(sessions, SEMESTER_CALENDAR))
