"""The rules of the daily logs and the registers' county numbers (issue 17, phase 3): pure functions.

What each rule reads and why (domain.md §13; the county's numbers in domain/log_rule_settings.py):
- 护学岗 (kinds/school_security.guard_duty): duty at the gate at the morning and afternoon peaks
  every school day (《中小学幼儿园安全防范工作规范（试行）》 2015 [S77][S78]);
- 封闭化管理 (closed_campus_check): a written check at least every N school days (same 规范);
- 校车出车前检查 (kinds/school_bus.bus_departure_check): the driver checks every bus before it
  leaves (《校车安全管理条例》 国务院令第617号 [S75]); a bus "runs" on a school day when it is in
  service and on a route;
- 陪餐 (kinds/school_canteen.meal_accompany): a school leader eats with the pupils at every meal
  (《学校食品安全与营养健康管理规定》 2019 [S74]);
- 留样 (food_sample): every school day's dishes kept, at least N g each for at least N hours (**U**);
- full-time security guards per pupils (a local standard, **U**) [S77];
- the bus's safety inspection every N months [S76] and the risk points' review by level [S6] give
  the date of an expiry reminder (domain/expiries.py) when the record itself names a later date or
  none.

A school day is a weekday inside the county's semester calendar (domain/semester.py) that is not
New Year's Day, 1–5 May or 1–7 October (the fixed national holidays; the lunar ones and the
weekend make-up days move every year, **U**: a school may see a red day for them and says so in
the log). A day's log is written that day: a missing day is red from the next day, never on the
day itself (the duty is not over yet). Only the last N school days are checked (a county rule).

Pure: the caller passes the facts, the rules (domain/reminders.ReminderRules) and today. Any thread.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from safetydesk.domain.compliance import State
from safetydesk.domain.expiries import ExpiryFacts
from safetydesk.domain.reminders import Reminder, ReminderRules, add_months
from safetydesk.domain.semester import DEFAULT_CALENDAR, SemesterCalendar, semester_of
from safetydesk.i18n import N_, _, format_date

FIXED_HOLIDAYS = ((1, 1, 1), (5, 1, 5), (10, 1, 7))  # (month, first day, last day)
LISTED_DAYS = 3  # days named in a reminder, newest first; the rest are counted


@dataclass(frozen=True)
class BusFacts:
    uuid: str
    plate: str
    in_service: bool
    on_route: bool
    last_inspection_on: date | None
    next_inspection_on: date | None


@dataclass(frozen=True)
class SampleFacts:
    uuid: str
    dish: str
    day: date  # the local day it was taken
    grams: float
    hours: float  # kept_until - sampled_at


@dataclass(frozen=True)
class RiskFacts:
    uuid: str
    name: str
    level: str
    identified_on: date
    next_review_on: date | None


@dataclass(frozen=True)
class DailyLogFacts:
    """One school's daily logs and register facts (services/reminder_facts.py gathers them)."""

    guard_duties: tuple[tuple[date, str], ...] = ()  # (day, period)
    campus_checks: tuple[date, ...] = ()
    buses: tuple[BusFacts, ...] = ()
    bus_checks: tuple[tuple[date, str, str], ...] = ()  # (day, bus uuid, trip)
    meals: tuple[tuple[date, str], ...] = ()  # (day, meal)
    samples: tuple[SampleFacts, ...] = ()
    guards_on_duty: int = 0  # full-time guards in post
    pupils: int = 0  # the classes' numbers of pupils
    risks: tuple[RiskFacts, ...] = field(default=())

    def upto(self, as_of: date) -> DailyLogFacts:
        """Records dated after `as_of` are left out, as in every other count."""
        return replace(
            self,
            guard_duties=tuple(x for x in self.guard_duties if x[0] <= as_of),
            campus_checks=tuple(d for d in self.campus_checks if d <= as_of),
            bus_checks=tuple(x for x in self.bus_checks if x[0] <= as_of),
            meals=tuple(x for x in self.meals if x[0] <= as_of),
            samples=tuple(x for x in self.samples if x.day <= as_of),
        )


# --- school days ------------------------------------------------------------------------------------


def is_school_day(d: date, cal: SemesterCalendar = DEFAULT_CALENDAR) -> bool:
    if d.weekday() >= 5 or semester_of(d, cal) is None:
        return False
    return not any(d.month == m and first <= d.day <= last for m, first, last in FIXED_HOLIDAYS)


def school_days_before(today: date, count: int, cal: SemesterCalendar = DEFAULT_CALENDAR) -> list[date]:
    """The last `count` school days before `today` (not today), newest first; none further back
    than a year."""
    out: list[date] = []
    d = today - timedelta(days=1)
    while len(out) < count and (today - d).days <= 366:
        if is_school_day(d, cal):
            out.append(d)
        d -= timedelta(days=1)
    return out


def nth_school_day_after(start: date, n: int, cal: SemesterCalendar = DEFAULT_CALENDAR) -> date:
    """The n-th school day after `start` (start itself not counted)."""
    d, seen = start, 0
    while seen < n and (d - start).days <= 366:
        d += timedelta(days=1)
        if is_school_day(d, cal):
            seen += 1
    return d


def _days_text(days: list[date]) -> str:
    named = "、".join(format_date(d) for d in days[:LISTED_DAYS])
    if len(days) > LISTED_DAYS:
        return _("{days} and {n} more days", days=named, n=len(days) - LISTED_DAYS)
    return named


def _missing(title: str, rule: str, kind: str, days: list[date], record: str | None = None) -> Reminder:
    detail = _("Not kept on {n} school days: {days}", n=len(days), days=_days_text(days))
    return Reminder(rule, kind, title, detail, State.OVERDUE, record, days[0], len(days))


# --- the daily logs ---------------------------------------------------------------------------------


def _short_days(entries: Iterable[tuple[date, str]], window: Iterable[date], need: int) -> list[date]:
    """The days of `window` with fewer than `need` different entries (duty periods, meals)."""
    by_day: dict[date, set[str]] = defaultdict(set)
    for day, what in entries:
        by_day[day].add(what)
    return [d for d in window if len(by_day[d]) < need]


def daily_log_reminders(
    facts: DailyLogFacts, today: date, rules: ReminderRules, cal: SemesterCalendar = DEFAULT_CALENDAR
) -> list[Reminder]:
    """Red lines for the school days of the window with a log missing or short; the closed-campus
    check is due on its last day and red after it."""
    facts = facts.upto(today)
    window = school_days_before(today, rules.daily_log_window, cal)
    out: list[Reminder] = []
    if rules.guard_duty_periods:
        short = _short_days(facts.guard_duties, window, rules.guard_duty_periods)
        if short:
            out.append(_missing(_("School-gate guard duty"), "guard_duty_days", "guard_duty", short))
    if rules.closed_campus_days:
        found = closed_campus_check(facts.campus_checks, today, rules, cal)
        if found:
            out.append(found)
    if rules.bus_checks_per_day:
        trips: Counter[tuple[date, str]] = Counter((day, bus) for day, bus, _trip in set(facts.bus_checks))
        for bus in facts.buses:
            if bus.in_service and bus.on_route:
                short = [d for d in window if trips[(d, bus.uuid)] < rules.bus_checks_per_day]
                if short:
                    title = _("{plate}: checks before departure", plate=bus.plate)
                    out.append(_missing(title, "bus_departure_checks", "bus_departure_check", short, bus.uuid))
    if rules.meals_accompanied:
        short = _short_days(facts.meals, window, rules.meals_accompanied)
        if short:
            out.append(_missing(_("Meals with pupils (school leaders)"), "meal_accompany_days", "meal_accompany",
                                short))  # fmt: skip
    if rules.food_samples_daily:
        sampled = {s.day for s in facts.samples}
        short = [d for d in window if d not in sampled]
        if short:
            out.append(_missing(_("Food samples kept"), "food_sample_days", "food_sample", short))
    out += short_samples(facts.samples, today, rules, window)
    guards = guard_reminder(facts, rules)
    if guards:
        out.append(guards)
    return out


# What each rule of `gaps` counts, as a person reads it (the dashboard's titles).
GAP_LABELS = {
    "guard_duty_days": N_("School-gate guard duty"),
    "closed_campus_checks": N_("Closed campus management checks"),
    "bus_departure_checks": N_("School-bus checks before departure"),
    "meal_accompany_days": N_("Meals with pupils (school leaders)"),
    "food_sample_days": N_("Food samples kept"),
    "food_sample_short": N_("Food samples too small or kept too briefly"),
    "security_guards": N_("Full-time security guards"),
}


# The record kind behind each rule (the consoles open the list of the biggest gap).
GAP_KINDS = {
    "guard_duty_days": "guard_duty",
    "closed_campus_checks": "closed_campus_check",
    "bus_departure_checks": "bus_departure_check",
    "meal_accompany_days": "meal_accompany",
    "food_sample_days": "food_sample",
    "food_sample_short": "food_sample",
    "security_guards": "security_guard",
}


def gaps(
    facts: DailyLogFacts,
    today: date,
    rules: ReminderRules,
    cal: SemesterCalendar = DEFAULT_CALENDAR,
    hidden_kinds: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """The status object's `daily_logs`: the red lines of daily_log_reminders as numbers, by rule
    (school days short, bus-days for the buses' checks, samples, guards missing; 1 for an overdue
    closed-campus check), without the kinds of facilities the school does not have; the same
    facts and rules give the same numbers at the school and at its township."""
    found: dict[str, int] = {}
    for r in daily_log_reminders(facts, today, rules, cal):
        if r.state is State.OVERDUE and r.kind not in hidden_kinds:
            found[r.rule] = found.get(r.rule, 0) + (r.count if r.count is not None else 1)
    return {"window_days": rules.daily_log_window, "gaps": dict(sorted(found.items()))}


def gaps_text(logs: dict[str, Any] | None) -> str:
    """`daily_logs` of a status object in words (the status command, the consoles' tips)."""
    if logs is None:
        return _("Daily logs: not counted yet (the school's facilities have not been reported)")
    if not logs["gaps"]:
        return _("Daily logs of the last {n} school days: all kept", n=logs["window_days"])
    found = _(", ").join(f"{_(GAP_LABELS.get(rule, rule))} {n}" for rule, n in logs["gaps"].items())
    return _("Daily logs of the last {n} school days, gaps: {gaps}", n=logs["window_days"], gaps=found)


def closed_campus_check(
    checks: Iterable[date], today: date, rules: ReminderRules, cal: SemesterCalendar = DEFAULT_CALENDAR
) -> Reminder | None:
    """Due on the N-th school day after the last check (or from the semester's start, the first
    school day counting as the first), red the day after; nothing when the check is in time."""
    sem = semester_of(today, cal)
    if sem is None or rules.closed_campus_days <= 0:
        return None  # holidays: no school days to check
    last = max((d for d in checks if d >= sem.start), default=None)
    counted_from = last if last is not None else sem.start - timedelta(days=1)
    due = nth_school_day_after(counted_from, rules.closed_campus_days, cal)
    if today < due:
        return None
    state = State.OVERDUE if today > due else State.DUE
    if last is None:
        detail = _("No check this semester; due by {date}", date=format_date(due))
    else:
        detail = _("Last checked on {last}; due by {date}", last=format_date(last), date=format_date(due))
    return Reminder("closed_campus_checks", "closed_campus_check", _("Closed campus management checks"), detail,
                    state, None, due)  # fmt: skip


def short_samples(samples: Iterable[SampleFacts], today: date, rules: ReminderRules,
                  window: list[date]) -> list[Reminder]:  # fmt: skip
    """Samples of the window (and today) lighter or kept shorter than the county's numbers: red
    from their own day, one line for all of them."""
    first = window[-1] if window else today
    bad = sorted((s for s in samples if first <= s.day <= today
                  and (s.grams < rules.sample_grams or s.hours < rules.sample_hours)),
                 key=lambda s: (s.day, s.dish), reverse=True)  # fmt: skip
    if not bad:
        return []
    named = _("; ").join(
        _("{day} {dish} {grams} g, {hours} h", day=format_date(s.day), dish=s.dish, grams=_num(s.grams),
          hours=_num(s.hours))
        for s in bad[:LISTED_DAYS]
    )  # fmt: skip
    if len(bad) > LISTED_DAYS:
        named = _("{samples} and {n} more samples", samples=named, n=len(bad) - LISTED_DAYS)
    detail = _("{n} samples under {grams} g or kept under {hours} hours: {samples}", n=len(bad),
               grams=rules.sample_grams, hours=rules.sample_hours, samples=named)  # fmt: skip
    record = bad[0].uuid if len(bad) == 1 else None
    return [Reminder("food_sample_short", "food_sample", _("Food samples too small or kept too briefly"), detail,
                     State.OVERDUE, record, bad[0].day, len(bad))]  # fmt: skip


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.1f}"


def guards_required(pupils: int, rules: ReminderRules) -> int:
    """The county's guards for up to its pupils, and one more for each further block begun."""
    if pupils <= 0 or rules.guards <= 0:
        return 0
    extra = math.ceil(max(0, pupils - rules.pupils_per_guards) / rules.pupils_per_guards)
    return rules.guards + extra


def guard_reminder(facts: DailyLogFacts, rules: ReminderRules) -> Reminder | None:
    required = guards_required(facts.pupils, rules)
    if facts.guards_on_duty >= required:
        return None
    detail = _("{n} full-time guards in post; {required} required for {pupils} pupils", n=facts.guards_on_duty,
               required=required, pupils=facts.pupils)  # fmt: skip
    return Reminder("security_guards", "security_guard", _("Full-time security guards"), detail, State.OVERDUE,
                    count=required - facts.guards_on_duty)


# --- dates the county's intervals give --------------------------------------------------------------


def bus_inspection_due(bus: BusFacts, rules: ReminderRules) -> date | None:
    """The bus's own next date, or N months after the last inspection if that comes sooner."""
    by_rule = add_months(bus.last_inspection_on, rules.bus_inspection_months) if bus.last_inspection_on else None
    dates = [d for d in (bus.next_inspection_on, by_rule) if d is not None]
    return min(dates) if dates else None


def risk_review_due(risk: RiskFacts, rules: ReminderRules) -> date | None:
    """The point's own next review, or N months (by its level) after it was identified."""
    if risk.next_review_on is not None:
        return risk.next_review_on
    months = dict(rules.risk_review_months).get(risk.level, 0)
    return add_months(risk.identified_on, months) if months else None


def derived_expiries(facts: DailyLogFacts, rules: ReminderRules) -> list[ExpiryFacts]:
    """The inspection and review dates, for domain/expiries.py."""
    out = []
    for bus in facts.buses:
        due = bus_inspection_due(bus, rules)
        if due is not None:
            out.append(ExpiryFacts("school_bus", "next_inspection_on", bus.uuid, bus.plate, due, bus.in_service))
    for risk in facts.risks:
        due = risk_review_due(risk, rules)
        if due is not None:
            out.append(ExpiryFacts("risk_point", "next_review_on", risk.uuid, risk.name, due, True))
    return out
