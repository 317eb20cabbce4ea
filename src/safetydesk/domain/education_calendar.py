"""The safety-education calendar and the reminders before holidays: pure rules.

The 安全教育日 calendar (domain.md §4, §13): 全国中小学生安全教育日, the Monday of the last week of
March since 1996 [S32] (in 2021 the Ministry asked for a lesson, a drill, national-security
education and a campaign that day [S33]); 全民国家安全教育日 15 April; 防灾减灾日 12 May; 全国消防日
9 November; 全国交通安全日 2 December (the last four **U**: "需核实"). In the N weeks before each
day (a county rule, default 2; 0 turns the calendar off) a session on the day's subject is
suggested (due); one held from then until a week after the day makes it done; a day that passed
without one is red for that week, then the suggestion is dropped (it is advice, not a duty).
Sessions match by their special topic (kinds/education.py `theme`); on the pupils' safety
education day any session counts.

Before a holiday (domain.md §13 "假期前专题教育", §4 "开学初和放假前集中开展安全教育"; **U**, the
county's yearly notice decides): the letter to parents (告家长书, kinds/water_safety.py) and a 六不
lesson (a session whose theme is drowning prevention or holiday safety). The holidays are the
summer and winter holidays (the day after the semester calendar's spring and autumn ends) and the
May Day and National Day holidays (1 May, 1 October; the Dragon Boat holiday moves with the lunar
calendar and is left to the county's notice). The reminder starts N days before (a county rule,
default 14), counts what was done from 2N days before, and turns red on the holiday's first day
if something is missing, for that week.

Pure: no database, no clock. Any thread.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from safetydesk.domain.compliance import State
from safetydesk.domain.grade_hours import SessionFacts
from safetydesk.domain.reminders import Reminder, ReminderRules
from safetydesk.domain.semester import DEFAULT_CALENDAR, SemesterCalendar
from safetydesk.i18n import N_, _, format_date

GRACE_DAYS = 7  # after the day, a late session still counts and a missing one is red, for a week
HOLIDAY_THEMES = frozenset({"drowning", "holiday"})


@dataclass(frozen=True)
class EducationDay:
    key: str
    title: str  # N_()-marked
    subject: str  # N_()-marked: what the suggested session is about
    themes: frozenset[str] | None  # the session themes that count; None = any session


PUPILS_DAY = EducationDay(
    "pupils_safety_day", N_("National Safety Education Day for Pupils"), N_("safety"), None
)
EDUCATION_DAYS = (
    PUPILS_DAY,
    EducationDay("national_security_day", N_("National Security Education Day"), N_("national security"),
                 frozenset({"national_security"})),
    EducationDay("disaster_day", N_("Disaster Prevention and Reduction Day"), N_("disaster prevention"),
                 frozenset({"disaster"})),
    EducationDay("fire_day", N_("National Fire Safety Day"), N_("fire safety"), frozenset({"fire"})),
    EducationDay("traffic_day", N_("National Traffic Safety Day"), N_("traffic safety"),
                 frozenset({"traffic", "school_bus"})),
)  # fmt: skip


def last_monday_of_march(year: int) -> date:
    d = date(year, 3, 31)
    return d - timedelta(days=d.weekday())


def day_of(day: EducationDay, year: int) -> date:
    fixed = {
        "national_security_day": (4, 15),
        "disaster_day": (5, 12),
        "fire_day": (11, 9),
        "traffic_day": (12, 2),
    }
    if day.key == PUPILS_DAY.key:
        return last_monday_of_march(year)
    return date(year, *fixed[day.key])


def calendar(year: int) -> list[tuple[EducationDay, date]]:
    return [(d, day_of(d, year)) for d in EDUCATION_DAYS]


def _matching(sessions: Iterable[SessionFacts], themes: frozenset[str] | None, start: date,
              end: date) -> list[SessionFacts]:
    return sorted(
        (s for s in sessions if start <= s.held_on <= end and (themes is None or s.theme in themes)),
        key=lambda s: s.held_on,
    )


def education_day_reminders(sessions: Iterable[SessionFacts], today: date, rules: ReminderRules) -> list[Reminder]:
    """The days whose suggestion window holds `today`: due before the day, done once a matching
    session was held, red in the week after a day that passed without one."""
    weeks = rules.education_day_weeks
    if weeks <= 0:
        return []
    sessions = list(sessions)
    out = []
    for year in (today.year - 1, today.year, today.year + 1):
        for day, on in calendar(year):
            opens = on - timedelta(weeks=weeks)
            closes = on + timedelta(days=GRACE_DAYS)
            if not opens <= today <= closes:
                continue
            held = _matching(sessions, day.themes, opens, min(closes, today))
            title = _("{day} ({date})", day=_(day.title), date=format_date(on))
            if held:
                state = State.DONE
                detail = _("Session held on {date}", date=format_date(held[-1].held_on))
            elif today <= on:
                state = State.DUE
                detail = _("Hold a session on {subject} before the day", subject=_(day.subject))
            else:
                state = State.OVERDUE
                detail = _("The day passed without a session on {subject}: hold one this week",
                           subject=_(day.subject))
            out.append(Reminder("education_day", "education_session", title, detail, state, None, on))
    return out


# --- before the holidays ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Holiday:
    key: str  # summer | winter | may_day | national_day
    title: str  # N_()-marked
    starts: date


HOLIDAY_TITLES = {
    "summer": N_("Summer holiday"),
    "winter": N_("Winter holiday"),
    "may_day": N_("May Day holiday"),
    "national_day": N_("National Day holiday"),
}


def holidays(year: int, cal: SemesterCalendar = DEFAULT_CALENDAR) -> list[Holiday]:
    """The holidays that start in `year`, in order."""
    found = [
        Holiday("winter", HOLIDAY_TITLES["winter"], date(year, *cal.autumn_end) + timedelta(days=1)),
        Holiday("may_day", HOLIDAY_TITLES["may_day"], date(year, 5, 1)),
        Holiday("summer", HOLIDAY_TITLES["summer"], date(year, *cal.spring_end) + timedelta(days=1)),
        Holiday("national_day", HOLIDAY_TITLES["national_day"], date(year, 10, 1)),
    ]
    return sorted(found, key=lambda h: h.starts)


@dataclass(frozen=True)
class HolidayCheck:
    holiday: Holiday
    letter_sent: date | None
    lesson_held: date | None
    state: State


def holiday_checks(
    letters_sent: Iterable[date],
    sessions: Iterable[SessionFacts],
    today: date,
    rules: ReminderRules,
    cal: SemesterCalendar = DEFAULT_CALENDAR,
) -> list[HolidayCheck]:
    """The holidays whose reminder window holds `today`, with what was done for each."""
    notice = rules.holiday_notice_days
    letters = sorted(letters_sent)
    sessions = list(sessions)
    out = []
    for year in (today.year - 1, today.year, today.year + 1):
        for h in holidays(year, cal):
            if not h.starts - timedelta(days=notice) <= today < h.starts + timedelta(days=GRACE_DAYS):
                continue
            counted_from = h.starts - timedelta(days=2 * notice)
            counted_to = min(h.starts, today)
            letter = next((d for d in reversed(letters) if counted_from <= d <= counted_to), None)
            lessons = _matching(sessions, HOLIDAY_THEMES, counted_from, counted_to)
            lesson = lessons[-1].held_on if lessons else None
            if letter is not None and lesson is not None:
                state = State.DONE
            else:
                state = State.OVERDUE if today >= h.starts else State.DUE
            out.append(HolidayCheck(h, letter, lesson, state))
    return out


def holiday_reminders(
    letters_sent: Iterable[date],
    sessions: Iterable[SessionFacts],
    today: date,
    rules: ReminderRules,
    cal: SemesterCalendar = DEFAULT_CALENDAR,
) -> list[Reminder]:
    out = []
    for c in holiday_checks(letters_sent, sessions, today, rules, cal):
        title = _("Before the {holiday} ({date}): drowning prevention", holiday=_(c.holiday.title),
                  date=format_date(c.holiday.starts))
        if c.state is State.DONE:
            detail = _("Letter to parents sent on {letter}; six-don'ts lesson held on {lesson}",
                       letter=format_date(c.letter_sent), lesson=format_date(c.lesson_held))
            kind = "drowning_letter"
        else:
            missing = []
            if c.letter_sent is None:
                missing.append(_("the letter to parents"))
            if c.lesson_held is None:
                missing.append(_("a six-don'ts lesson"))
            detail = _("Still to do: {what}", what=_(", ").join(missing))
            kind = "drowning_letter" if c.letter_sent is None else "education_session"
        out.append(Reminder("holiday_notice", kind, title, detail, c.state, None, c.holiday.starts))
    return out
