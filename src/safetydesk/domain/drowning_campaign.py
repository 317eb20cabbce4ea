"""The seasonal 防溺水 campaign's progress, shown on the dashboard in its months: a pure rule.

Sources (domain.md §13 "防溺水“六不”", §4, §2): the letter to parents and its returned receipts
(告家长书及回执), the survey of dangerous waters with warning signs and patrols (重点水域排查与
警示), and the 六不 lesson before the holidays are common practice, set each year by the county's
notice (**U**); the campaign's months are a county rule (default 1 May to 30 September).

What the campaign shows, on a day inside its months:
- the latest letter to parents sent this season (from N days before the campaign, the holiday
  notice days, so the letter sent home before May Day counts): receipts returned per class and for
  the whole school; a class with no letter in that batch is listed as not sent;
- the dangerous waters registered and how many were patrolled this calendar month, and how many
  lack warning signs;
- the six-don'ts lessons this season (education sessions whose theme is drowning prevention);
- the holiday reminders that are open now (domain/education_calendar.py).

Pure: no database, no clock. Any thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from safetydesk.domain.compliance import State
from safetydesk.domain.education_calendar import holiday_reminders
from safetydesk.domain.grade_hours import SessionFacts
from safetydesk.domain.reminders import Reminder, ReminderRules
from safetydesk.domain.semester import DEFAULT_CALENDAR, SemesterCalendar

DROWNING = "drowning"


@dataclass(frozen=True)
class CampaignClass:
    uuid: str
    name: str


@dataclass(frozen=True)
class LetterFacts:
    class_uuid: str
    batch: str
    sent_on: date
    sent: int
    returned: int


@dataclass(frozen=True)
class WaterFacts:
    uuid: str
    name: str
    registered_on: date
    signs_in_place: bool


@dataclass(frozen=True)
class PatrolFacts:
    area_uuid: str
    patrolled_on: date


@dataclass(frozen=True)
class ClassReceipts:
    name: str
    sent: int
    returned: int
    letter_sent: bool

    @property
    def rate(self) -> float | None:
        return self.returned / self.sent if self.sent else None

    @property
    def state(self) -> State:
        if not self.letter_sent:
            return State.OVERDUE
        return State.DONE if self.returned >= self.sent else State.DUE


@dataclass(frozen=True)
class CampaignProgress:
    start: date
    end: date
    batch: str | None
    batch_sent_on: date | None
    classes: tuple[ClassReceipts, ...]
    waters: int
    patrolled_this_month: int
    unpatrolled: tuple[str, ...]  # names of the waters not patrolled this month
    signs_missing: int
    lessons: int
    lesson_hours: float
    last_lesson: date | None
    reminders: tuple[Reminder, ...]

    @property
    def sent(self) -> int:
        return sum(c.sent for c in self.classes)

    @property
    def returned(self) -> int:
        return sum(c.returned for c in self.classes)

    @property
    def rate(self) -> float | None:
        return self.returned / self.sent if self.sent else None


def season(today: date, rules: ReminderRules) -> tuple[date, date] | None:
    """This year's campaign days when `today` falls in them, else None."""
    start, end = date(today.year, *rules.campaign_start), date(today.year, *rules.campaign_end)
    return (start, end) if start <= today <= end else None


def progress(
    today: date,
    rules: ReminderRules,
    classes: Sequence[CampaignClass],
    letters: Iterable[LetterFacts],
    waters: Iterable[WaterFacts],
    patrols: Iterable[PatrolFacts],
    sessions: Iterable[SessionFacts],
    cal: SemesterCalendar = DEFAULT_CALENDAR,
) -> CampaignProgress | None:
    """The campaign on `today`, or None outside its months."""
    days = season(today, rules)
    if days is None:
        return None
    start, end = days
    since = start - timedelta(days=rules.holiday_notice_days)
    letters = [x for x in letters if since <= x.sent_on <= today]
    sessions = list(sessions)
    batch = max(letters, key=lambda x: (x.sent_on, x.batch), default=None)
    receipts = []
    for c in classes:
        mine = [x for x in letters if batch is not None and x.batch == batch.batch and x.class_uuid == c.uuid]
        receipts.append(ClassReceipts(c.name, sum(x.sent for x in mine), sum(x.returned for x in mine),
                                      bool(mine)))  # fmt: skip
    live = [w for w in waters if w.registered_on <= today]
    month_start = today.replace(day=1)
    patrolled = {p.area_uuid for p in patrols if month_start <= p.patrolled_on <= today}
    lessons = sorted(
        (s for s in sessions if s.theme == DROWNING and since <= s.held_on <= today), key=lambda s: s.held_on
    )
    all_letters = [x.sent_on for x in letters]
    return CampaignProgress(
        start=start,
        end=end,
        batch=batch.batch if batch else None,
        batch_sent_on=batch.sent_on if batch else None,
        classes=tuple(receipts),
        waters=len(live),
        patrolled_this_month=sum(1 for w in live if w.uuid in patrolled),
        unpatrolled=tuple(w.name for w in live if w.uuid not in patrolled),
        signs_missing=sum(1 for w in live if not w.signs_in_place),
        lessons=len(lessons),
        lesson_hours=float(sum(float(s.hours or 0) for s in lessons)),
        last_lesson=lessons[-1].held_on if lessons else None,
        reminders=tuple(holiday_reminders(all_letters, sessions, today, rules, cal)),
    )
