"""This semester's compliance with the county's frequency rules (domain.md, "Rules"): pure rules.

- parent meetings: at least N per semester (the notice says 2; a county rule);
- drills: monthly in primary and secondary schools, quarterly in kindergartens (2014 guideline),
  counted per period of the semester calendar (calendar months clipped to the semester, or
  three-month blocks from its start);
- safety education: class hours per school year by level (default 14/12/8 for primary, middle,
  high school: a county rule).

The numbers are settings declared once in domain/settings.py; ComplianceRules is built from them.

Each item is NOT_SCHEDULED (nothing required, or the period has not begun), DUE (still open
and time remains), OVERDUE (a period ended short) or DONE. The caller passes the dates of the
records and today (from domain.clock), so these functions read no database and no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from safetydesk.domain import settings as setting_vars
from safetydesk.domain.semester import DEFAULT_CALENDAR, Semester, SemesterCalendar, current_or_next, semester
from safetydesk.i18n import N_, _

KINDERGARTEN = "kindergarten"


class State(StrEnum):
    NOT_SCHEDULED = "not_scheduled"
    DUE = "due"
    OVERDUE = "overdue"
    DONE = "done"


STATE_LABELS: dict[State, str] = {
    State.NOT_SCHEDULED: N_("Not scheduled"),
    State.DUE: N_("Due"),
    State.OVERDUE: N_("Overdue"),
    State.DONE: N_("Done"),
}


def state_label(state: State | str) -> str:
    return _(STATE_LABELS[State(state)])


# Which level's education hours a kind of school owes (domain/organisation.SCHOOL_TYPES).
HOURS_LEVEL = {"primary": "primary", "teaching_point": "primary", "nine_year": "primary", "middle": "middle",
               "high": "high"}


@dataclass(frozen=True)
class ComplianceRules:
    """The county's frequency rules, built from the settings registry (domain/settings.py): the
    defaults come from the declarations, a county's values from `from_settings`."""

    parent_meetings_per_semester: int = setting_vars.PARENT_MEETINGS.default
    drill_months_school: int = setting_vars.DRILL_MONTHS_SCHOOL.default
    drill_months_kindergarten: int = setting_vars.DRILL_MONTHS_KINDERGARTEN.default
    education_hours: Mapping[str, float] = field(default_factory=lambda: dict(setting_vars.EDUCATION_HOURS.default))

    @classmethod
    def from_settings(cls, values: Mapping[str, Any]) -> ComplianceRules:
        """From the registry's values by key (services.settings.all_values); missing keys keep
        their declared defaults."""

        def value(var: setting_vars.SettingVar) -> Any:
            return var.read(values.get(var.key))

        return cls(
            parent_meetings_per_semester=value(setting_vars.PARENT_MEETINGS),
            drill_months_school=value(setting_vars.DRILL_MONTHS_SCHOOL),
            drill_months_kindergarten=value(setting_vars.DRILL_MONTHS_KINDERGARTEN),
            education_hours=dict(value(setting_vars.EDUCATION_HOURS)),
        )

    def drill_months(self, school_type: str | None) -> int:
        return self.drill_months_kindergarten if school_type == KINDERGARTEN else self.drill_months_school

    def hours_required(self, school_type: str | None) -> float:
        if school_type == KINDERGARTEN:
            return 0.0
        return float(self.education_hours.get(HOURS_LEVEL.get(school_type or "primary", "primary"), 0))


@dataclass(frozen=True)
class ComplianceItem:
    key: str  # "parent_meetings", "drills", "education_hours"
    kind: str  # the record kind behind it (the page to open)
    title: str  # N_()-marked
    held: float
    required: float  # required so far (drills) or in the whole period
    state: State
    period_start: date
    period_end: date
    required_total: float = 0  # in the whole period (drills)
    missed_periods: tuple[tuple[date, date], ...] = ()
    waiting_period: tuple[date, date] | None = None  # drills: the running period, none held in it yet

    @property
    def detail(self) -> str:
        held = _fmt(self.held)
        if self.key == "education_hours":
            return _(
                "{held} of {required} class hours this school year", held=held, required=_fmt(self.required)
            )
        if self.key == "drills":
            return _(
                "{held} held; {required} required so far, {total} this semester",
                held=held,
                required=_fmt(self.required),
                total=_fmt(self.required_total),
            )
        return _("{held} of {required} held this semester", held=held, required=_fmt(self.required))


def _fmt(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:.1f}"


def _in(d: date, start: date, end: date) -> bool:
    return start <= d <= end


def parent_meetings(
    held_on: Iterable[date],
    today: date,
    rules: ComplianceRules,
    cal: SemesterCalendar = DEFAULT_CALENDAR,
    sem: Semester | None = None,
) -> ComplianceItem:
    sem = sem or current_or_next(today, cal)
    held = sum(1 for d in held_on if _in(d, sem.start, sem.end))
    required = rules.parent_meetings_per_semester
    state = _count_state(held, required, today, sem.start, sem.end)
    return ComplianceItem(
        "parent_meetings", "parent_meeting", N_("Parent meetings"), held, required, state, sem.start, sem.end
    )


def _count_state(held: float, required: float, today: date, start: date, end: date) -> State:
    if required <= 0:
        return State.NOT_SCHEDULED
    if held >= required:
        return State.DONE
    if today > end:
        return State.OVERDUE
    if today < start:
        return State.NOT_SCHEDULED
    return State.DUE


count_state = _count_state  # the other per-period counts (domain/reminders.py, grade_hours.py) share it


def drill_periods(sem: Semester, months: int) -> list[tuple[date, date]]:
    """The semester cut into periods of `months` calendar months from its start month, clipped."""
    out = []
    y, m = sem.start.year, sem.start.month
    while True:
        start = max(date(y, m, 1), sem.start)
        if start > sem.end:
            break
        m2, y2 = m + months, y
        while m2 > 12:
            m2 -= 12
            y2 += 1
        end = min(date(y2, m2, 1) - timedelta(days=1), sem.end)
        out.append((start, end))
        y, m = y2, m2
    return out


def drills(
    held_on: Iterable[date],
    today: date,
    rules: ComplianceRules,
    school_type: str | None,
    cal: SemesterCalendar = DEFAULT_CALENDAR,
    sem: Semester | None = None,
) -> ComplianceItem:
    sem = sem or current_or_next(today, cal)
    dates = [d for d in held_on if _in(d, sem.start, sem.end)]
    periods = drill_periods(sem, rules.drill_months(school_type))
    started = [p for p in periods if p[0] <= today]
    missed = tuple(p for p in started if p[1] < today and not any(_in(d, *p) for d in dates))
    current = [p for p in started if p[1] >= today]
    waiting: tuple[date, date] | None = None
    if not started:
        state = State.NOT_SCHEDULED
    elif missed:
        state = State.OVERDUE
    elif current and not any(_in(d, *current[0]) for d in dates):
        state = State.DUE
        waiting = current[0]
    else:
        state = State.DONE
    return ComplianceItem(
        "drills",
        "drill",
        N_("Emergency drills"),
        len(dates),
        len(started),
        state,
        sem.start,
        sem.end,
        required_total=len(periods),
        missed_periods=missed,
        waiting_period=waiting,
    )


def school_year_of(
    today: date, cal: SemesterCalendar = DEFAULT_CALENDAR, sem: Semester | None = None
) -> tuple[date, date]:
    """The school year (autumn start to spring end) that `today` falls in or just finished."""
    sem = sem or current_or_next(today, cal)
    year = int(sem.key[:4]) if sem.key.endswith("autumn") else int(sem.key[:4]) - 1
    return semester(f"{year}-autumn", cal).start, semester(f"{year + 1}-spring", cal).end


def education_hours(
    sessions: Iterable[tuple[date, float | Decimal | None]],
    today: date,
    rules: ComplianceRules,
    school_type: str | None,
    cal: SemesterCalendar = DEFAULT_CALENDAR,
    sem: Semester | None = None,
) -> ComplianceItem:
    start, end = school_year_of(today, cal, sem)
    held = float(sum(float(h or 0) for d, h in sessions if _in(d, start, end)))
    required = rules.hours_required(school_type)
    state = _count_state(held, required, today, start, end)
    return ComplianceItem(
        "education_hours",
        "education_session",
        N_("Safety education hours"),
        held,
        required,
        state,
        start,
        end,
    )


def semester_compliance(
    *,
    meetings: Iterable[date],
    drill_dates: Iterable[date],
    education: Iterable[tuple[date, float | Decimal | None]],
    today: date,
    school_type: str | None,
    rules: ComplianceRules | None = None,
    cal: SemesterCalendar = DEFAULT_CALENDAR,
    sem: Semester | None = None,
) -> list[ComplianceItem]:
    """All three items for the semester of `today` (or `sem`, e.g. a past one in a summary)."""
    rules = rules or ComplianceRules()
    return [
        parent_meetings(meetings, today, rules, cal, sem),
        drills(drill_dates, today, rules, school_type, cal, sem),
        education_hours(education, today, rules, school_type, cal, sem),
    ]
