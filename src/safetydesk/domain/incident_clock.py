"""The incident reporting clock (county notice §9): which reports are due, by when, and whether a
report was on time.

Deadlines run from `learned_at`, the moment the school learned of the incident:

- a general (一般) incident: one report (phone or written) within 60 minutes;
- 较大 or worse, or any incident flagged 重大敏感: a phone first report within 20 minutes and a
  written report within 40 minutes.

On-time rule: a report made AT the deadline is on time; one second later is late. Learned at
10:00:00, a phone report at 10:20:00 is on time and one at 10:20:01 is late. Times are compared
as aware datetimes, to the second as stored.

Pure: no database, no Qt. `now` always comes from domain.clock unless given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from safetydesk.domain import clock
from safetydesk.i18n import LOCAL_TZ

GENERAL = "general"
LEVELS = ("general", "larger", "major", "especially_major")  # the kind's level codes, mildest first

GENERAL_MINUTES = 60
PHONE_MINUTES = 20
WRITTEN_MINUTES = 40


class Timeliness(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"  # due and not made yet, deadline passed
    PENDING = "pending"  # due and not made yet, deadline still ahead
    NOT_REQUIRED = "not_required"


@dataclass(frozen=True)
class Deadlines:
    """`phone` is None when no separate phone report is required (a general incident)."""

    phone: datetime | None
    written: datetime

    @property
    def urgent(self) -> bool:
        return self.phone is not None


def aware(value: datetime) -> datetime:
    """Naive datetimes from SQLite are UTC (the storage convention); make them aware."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def is_urgent(level: str, sensitive: bool) -> bool:
    """较大 and above, or the 重大敏感 flag: the 20/40-minute rule applies."""
    return bool(sensitive) or (level in LEVELS and level != GENERAL)


def deadlines(level: str, sensitive: bool, learned_at: datetime) -> Deadlines:
    learned = aware(learned_at)
    if is_urgent(level, sensitive):
        return Deadlines(
            phone=learned + timedelta(minutes=PHONE_MINUTES),
            written=learned + timedelta(minutes=WRITTEN_MINUTES),
        )
    return Deadlines(phone=None, written=learned + timedelta(minutes=GENERAL_MINUTES))


def on_time(made_at: datetime, due_at: datetime) -> bool:
    """The documented rule: exactly at the deadline is on time, any later is late."""
    return aware(made_at) <= aware(due_at)


def timeliness(made_at: datetime | None, due_at: datetime | None, now: datetime | None = None) -> Timeliness:
    if due_at is None:
        return Timeliness.NOT_REQUIRED
    if made_at is not None:
        return Timeliness.ON_TIME if on_time(made_at, due_at) else Timeliness.LATE
    current = aware(now or clock.now())
    return Timeliness.PENDING if current <= aware(due_at) else Timeliness.MISSING


def general_report_time(phone_at: datetime | None, first_written_at: datetime | None) -> datetime | None:
    """A general incident's 1-hour report may be made by phone or in writing: the earlier counts."""
    times = [aware(t) for t in (phone_at, first_written_at) if t is not None]
    return min(times) if times else None


def report_timeliness(
    level: str,
    sensitive: bool,
    learned_at: datetime,
    phone_at: datetime | None,
    phone_late: bool,
    first_reports: Sequence[tuple[datetime, bool]],
    now: datetime | None = None,
) -> tuple[Timeliness, Timeliness]:
    """(phone, written) timeliness of one incident, from the school's own recorded times and the
    late flags stored when each report was logged: a flag set then stays LATE even if the learned
    time is corrected afterwards. `first_reports` are the 首报's (sent at, late flag)."""
    dl = deadlines(level, sensitive, learned_at)
    first_written = min((aware(t) for t, _late in first_reports), default=None)
    if dl.phone is not None:
        phone = timeliness(phone_at, dl.phone, now)
        written = timeliness(first_written, dl.written, now)
    else:
        phone = Timeliness.NOT_REQUIRED
        written = timeliness(general_report_time(phone_at, first_written), dl.written, now)
    if phone_late and phone_at is not None:
        if dl.phone is not None:
            phone = Timeliness.LATE
        elif written is Timeliness.ON_TIME and first_written is None:
            written = Timeliness.LATE
    if any(late for _t, late in first_reports):
        written = Timeliness.LATE
    return phone, written


def overall(*parts: Timeliness) -> Timeliness:
    """The worst of an incident's required reports: missing > late > due > on time."""
    for t in (Timeliness.MISSING, Timeliness.LATE, Timeliness.PENDING, Timeliness.ON_TIME):
        if t in parts:
            return t
    return Timeliness.NOT_REQUIRED


def local(value: datetime) -> datetime:
    return aware(value).astimezone(LOCAL_TZ)
