"""Days, times and people picked from a DemoContext, shared by several demo makers.

Underscore-named, so the demo_data package does not treat it as a maker module. Pure functions of
the context: they never draw from `ctx.rng`, so using one does not shift other makers' rows.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from safetydesk.domain.demo import DemoContext
from safetydesk.domain.semester import current_or_next
from safetydesk.i18n import LOCAL_TZ


def days_ago(ctx: DemoContext, n: int) -> date:
    return ctx.today - timedelta(days=n)


def local_at(day: date, hour: int, minute: int = 0) -> datetime:
    """An aware time on `day` in China Standard Time."""
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ)


def staff_uuid(ctx: DemoContext, index: int) -> str | None:
    """staff[index], wrapping; None when the demo school has no staff."""
    if not ctx.staff:
        return None
    return ctx.staff[index % len(ctx.staff)].uuid


def other_staff(ctx: DemoContext, index: int) -> str | None:
    """A staff member other than staff[0] (the principal), for rules like verifier != rectifier."""
    if len(ctx.staff) < 2:
        return None
    return ctx.staff[1 + index % (len(ctx.staff) - 1)].uuid


def semester_days(ctx: DemoContext) -> tuple[date, date]:
    """The current semester's first day and today (or the semester's end during holidays)."""
    sem = current_or_next(ctx.today)
    return sem.start, min(ctx.today, sem.end)


def spread(start: date, end: date, count: int) -> list[date]:
    """`count` days spread evenly in [start, end]."""
    span = max((end - start).days, 0)
    return [start + timedelta(days=span * (i + 1) // (count + 1)) for i in range(count)]


def class_teacher_of(ctx: DemoContext, class_uuid: str | None) -> str | None:
    if class_uuid and class_uuid in ctx.class_teacher:
        return ctx.class_teacher[class_uuid]
    return staff_uuid(ctx, 6)


def school_days_back(ctx: DemoContext, count: int, *, skip_today: bool = False) -> list[date]:
    """The last `count` weekdays of the current semester up to today (or its end), newest first."""
    _start, last = semester_days(ctx)
    day = last - timedelta(days=1) if skip_today and last == ctx.today else last
    out: list[date] = []
    while len(out) < count:
        if day.weekday() < 5:
            out.append(day)
        day -= timedelta(days=1)
    return out


def semester_name(d: date) -> str:
    """The semester of `d` as a school writes it on its papers: 2026年秋季学期."""
    sem = current_or_next(d)
    year, season = sem.key.split("-")
    return f"{year}年{'秋季' if season == 'autumn' else '春季'}学期"
