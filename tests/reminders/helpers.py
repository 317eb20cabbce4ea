"""The rules that remind, as a school meets them: real records in a real SQLite installation, the
clock moved with domain.clock, the county's settings changed through services.settings.write."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from safetydesk.domain import clock
from safetydesk.domain.compliance import State
from safetydesk.i18n import LOCAL_TZ
from safetydesk.services import records, reminders, settings, status
from safetydesk.services.workspace import Workspace


@contextmanager
def on(day: date, hour: int = 9) -> Iterator[clock.MovableClock]:
    """The school's clock on `day` (China Standard Time)."""
    with clock.moved_to(datetime(day.year, day.month, day.day, hour, 0, tzinfo=LOCAL_TZ)) as c:
        yield c


def save(ws: Workspace, kind: str, values: dict[str, Any]) -> str:
    return records.save(ws.sessions, ws.actor, kind, values, workflow=True).uuid


def set_rule(ws: Workspace, key: str, value: Any) -> None:
    settings.write(ws.sessions, ws.actor, {key: value})


def states(ws: Workspace, rule: str, day: date, about: date | None = None) -> list[State]:
    """The dashboard's states of one rule's reminders on `day` (only those about the day or
    deadline `about`, when given)."""
    with on(day):
        found = reminders.load(ws.sessions, ws.info.school_type)
    return [r.state for r in found.rules + found.dates if r.rule == rule and about in (None, r.when)]


def status_on(ws: Workspace, day: date) -> dict[str, Any]:
    with on(day):
        return status.school_status_of(ws.sessions).as_json()


def update(ws: Workspace, kind: str, uuid: str, **changes: Any) -> None:
    values = {**records.get(ws.sessions, kind, uuid).values, **changes}
    records.save(ws.sessions, ws.actor, kind, values, uuid, workflow=True)
