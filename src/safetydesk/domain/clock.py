"""The one source of "now" for every rule (deadlines, overdue, semester), so tests can move it.

`SAFETYDESK_NOW` (ISO 8601 with offset) fixes the clock for a whole process: command-line tests
and demonstrations use it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

from safetydesk.i18n import LOCAL_TZ


def _system_now() -> datetime:
    fixed = os.environ.get("SAFETYDESK_NOW")
    if fixed:
        dt = datetime.fromisoformat(fixed)
        return (dt if dt.tzinfo else dt.replace(tzinfo=LOCAL_TZ)).astimezone(UTC)
    return datetime.now(UTC)


_source: Callable[[], datetime] = _system_now


def now() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return _source()


def today() -> date:
    """Today's date in China Standard Time (the schools' calendar day)."""
    return now().astimezone(LOCAL_TZ).date()


def set_source(source: Callable[[], datetime] | None) -> None:
    global _source
    _source = source or _system_now


class MovableClock:
    """A test clock: starts at `start` and moves only when told."""

    def __init__(self, start: datetime) -> None:
        self.current = start if start.tzinfo else start.replace(tzinfo=LOCAL_TZ)

    def __call__(self) -> datetime:
        return self.current.astimezone(UTC)

    def advance(self, **delta: float) -> None:
        self.current = self.current + timedelta(**delta)

    def set(self, when: datetime) -> None:
        self.current = when if when.tzinfo else when.replace(tzinfo=LOCAL_TZ)


@contextmanager
def moved_to(start: datetime) -> Iterator[MovableClock]:
    clock = MovableClock(start)
    previous = _source
    set_source(clock)
    try:
        yield clock
    finally:
        set_source(previous)
