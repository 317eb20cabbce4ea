"""The rules that remind, on the dates records carry (issue 17, point 6): pure functions.

- A bullying case whose investigation has not ended within N days (default 10) of its start turns
  red: the county notice §6 and 教督〔2017〕10号 "原则上在启动调查后10日内完成调查" [S44]
  (domain.md §7, §13). The clock starts at `investigation_start`, or at `found_on` while the
  investigation has not started (kinds/disputes.py). As in Chinese law (民法典 第二百零一条), the
  day it starts is not counted: started on 11-02, due by the end of 11-12, red on 11-13.
- Bullying screening surveys: at least N a semester (default 1): 教育部令第50号 [S45], local rules
  [S43] (domain.md §7); counted like the parent meetings (domain/compliance.py).
- An emergency plan past its next review date (or, without one, N months after approval) turns red
  the day after; due N days before (domain.md §3: the plan's "next review"). A plan approved again
  under the same name replaces the older record.
- A drill whose evacuation took longer than the target (default 120 s: the 2014 guideline's
  "原则上≤2分钟" [S24], domain.md §3) is flagged red until a later drill of the same type meets
  the target; drills of the current semester.
- A 较大 or worse incident needs an accountability record and a complete 四个不放过 check (all
  four points) [S63] (domain.md §8, §10; mechanism 12): shown as due from the day it was learned,
  red after N days (default 60, 国务院令第493号 第二十九条 [S50]).

The caller passes plain facts, the rules (ReminderRules, built from the settings registry) and
today (domain.clock at the caller), so nothing here reads a database or a clock. Any thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from safetydesk.domain import log_rule_settings as ls
from safetydesk.domain import reminder_settings as rs
from safetydesk.domain.compliance import ComplianceItem, State, count_state
from safetydesk.domain.semester import DEFAULT_CALENDAR, Semester, SemesterCalendar, current_or_next
from safetydesk.i18n import N_, _, format_date

SERIOUS_LEVELS = ("larger", "major", "especially_major")  # 较大, 重大, 特别重大 (kinds/incidents.py)
CLOSED_BULLYING = frozenset({"handled", "closed"})


@dataclass(frozen=True)
class ReminderRules:
    """The county's reminder rules, from the settings registry (domain/reminder_settings.py)."""

    bullying_investigation_days: int = rs.BULLYING_INVESTIGATION_DAYS.default
    bullying_surveys_per_semester: int = rs.BULLYING_SURVEYS.default
    plan_review_months: int = rs.PLAN_REVIEW_MONTHS.default
    drill_evacuation_seconds: int = rs.DRILL_EVACUATION_SECONDS.default
    accountability_days: int = rs.ACCOUNTABILITY_DAYS.default
    education_hours_by_grade: bool = rs.EDUCATION_HOURS_BY_GRADE.default
    education_day_weeks: int = rs.EDUCATION_DAY_WEEKS.default
    parent_meetings_per_class: bool = rs.PARENT_MEETINGS_PER_CLASS.default
    expiry_warning_days: int = rs.EXPIRY_WARNING_DAYS.default
    campaign_start: tuple[int, int] = tuple(rs.CAMPAIGN_MONTHS.default["start"])  # type: ignore[assignment]
    campaign_end: tuple[int, int] = tuple(rs.CAMPAIGN_MONTHS.default["end"])  # type: ignore[assignment]
    holiday_notice_days: int = rs.HOLIDAY_NOTICE_DAYS.default
    # the daily logs and the registers' numbers (domain/log_rule_settings.py, domain/daily_logs.py)
    daily_log_window: int = ls.DAILY_LOG_WINDOW.default
    guard_duty_periods: int = ls.GUARD_DUTY_PERIODS.default
    closed_campus_days: int = ls.CLOSED_CAMPUS_DAYS.default
    bus_checks_per_day: int = ls.BUS_CHECKS_PER_DAY.default
    meals_accompanied: int = ls.MEALS_ACCOMPANIED.default
    food_samples_daily: bool = ls.FOOD_SAMPLES_DAILY.default
    sample_grams: int = ls.SAMPLE_GRAMS.default
    sample_hours: int = ls.SAMPLE_HOURS.default
    bus_inspection_months: int = ls.BUS_INSPECTION_MONTHS.default
    guards: int = ls.GUARDS_PER_PUPILS.default["guards"]
    pupils_per_guards: int = ls.GUARDS_PER_PUPILS.default["pupils"]
    risk_review_months: tuple[tuple[str, int], ...] = tuple(ls.RISK_REVIEW_MONTHS.default.items())

    @classmethod
    def from_settings(cls, values: Mapping[str, Any]) -> ReminderRules:
        """From the registry's values by key (services.settings.all_values); missing keys keep
        their declared defaults."""

        def value(var: Any) -> Any:
            return var.read(values.get(var.key))

        period = value(rs.CAMPAIGN_MONTHS)
        return cls(
            bullying_investigation_days=value(rs.BULLYING_INVESTIGATION_DAYS),
            bullying_surveys_per_semester=value(rs.BULLYING_SURVEYS),
            plan_review_months=value(rs.PLAN_REVIEW_MONTHS),
            drill_evacuation_seconds=value(rs.DRILL_EVACUATION_SECONDS),
            accountability_days=value(rs.ACCOUNTABILITY_DAYS),
            education_hours_by_grade=value(rs.EDUCATION_HOURS_BY_GRADE),
            education_day_weeks=value(rs.EDUCATION_DAY_WEEKS),
            parent_meetings_per_class=value(rs.PARENT_MEETINGS_PER_CLASS),
            expiry_warning_days=value(rs.EXPIRY_WARNING_DAYS),
            campaign_start=(period["start"][0], period["start"][1]),
            campaign_end=(period["end"][0], period["end"][1]),
            holiday_notice_days=value(rs.HOLIDAY_NOTICE_DAYS),
            daily_log_window=value(ls.DAILY_LOG_WINDOW),
            guard_duty_periods=value(ls.GUARD_DUTY_PERIODS),
            closed_campus_days=value(ls.CLOSED_CAMPUS_DAYS),
            bus_checks_per_day=value(ls.BUS_CHECKS_PER_DAY),
            meals_accompanied=value(ls.MEALS_ACCOMPANIED),
            food_samples_daily=value(ls.FOOD_SAMPLES_DAILY),
            sample_grams=value(ls.SAMPLE_GRAMS),
            sample_hours=value(ls.SAMPLE_HOURS),
            bus_inspection_months=value(ls.BUS_INSPECTION_MONTHS),
            guards=value(ls.GUARDS_PER_PUPILS)["guards"],
            pupils_per_guards=value(ls.GUARDS_PER_PUPILS)["pupils"],
            risk_review_months=tuple(value(ls.RISK_REVIEW_MONTHS).items()),
        )


@dataclass(frozen=True)
class Reminder:
    """One line the dashboard shows: what, why, how urgent, and the records behind it."""

    rule: str  # "bullying_investigation", "plan_review", "expiry", ...
    kind: str  # the record kind whose page opens
    title: str  # translated
    detail: str  # translated
    state: State
    record: str | None = None  # the record's uuid, when there is one
    when: date | None = None  # the deadline or the day, for sorting
    count: int | None = None  # how many days, samples or people short, where the rule counts them


def due_state(until: date, today: date, warn_days: int) -> State | None:
    """OVERDUE the day after `until`, DUE from `warn_days` before it, otherwise nothing to say."""
    if today > until:
        return State.OVERDUE
    if today >= until - timedelta(days=warn_days):
        return State.DUE
    return None


def add_months(d: date, months: int) -> date:
    month = d.month - 1 + months
    year, month = d.year + month // 12, month % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


# --- bullying ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BullyingCaseFacts:
    uuid: str
    found_on: date
    investigation_start: date | None
    investigation_end: date | None
    status: str


def investigation_deadline(case: BullyingCaseFacts, rules: ReminderRules) -> date:
    return (case.investigation_start or case.found_on) + timedelta(days=rules.bullying_investigation_days)


def bullying_investigations(
    cases: Iterable[BullyingCaseFacts], today: date, rules: ReminderRules
) -> list[Reminder]:
    """Open investigations: due until their deadline, red after it. No names: the kind is
    sensitive, and the dashboard is seen by everyone who signs in."""
    out = []
    for case in cases:
        if case.found_on > today:
            continue
        ended = case.investigation_end is not None and case.investigation_end <= today
        if ended or case.status in CLOSED_BULLYING:
            continue
        deadline = investigation_deadline(case, rules)
        if today > deadline:
            state = State.OVERDUE
            detail = _("The investigation was due to finish by {date}; record its end or the finding.",
                       date=format_date(deadline))
        else:
            state = State.DUE
            detail = _("Investigation to finish by {date} ({n} days left)", date=format_date(deadline),
                       n=(deadline - today).days)
        if case.investigation_start is None:
            detail = _("Investigation not started.") + " " + detail
        out.append(
            Reminder(
                "bullying_investigation",
                "bullying_case",
                _("Bullying case found on {date}", date=format_date(case.found_on)),
                detail,
                state,
                case.uuid,
                deadline,
            )
        )
    return out


def bullying_surveys(
    surveyed_on: Iterable[date],
    today: date,
    rules: ReminderRules,
    cal: SemesterCalendar = DEFAULT_CALENDAR,
    sem: Semester | None = None,
) -> ComplianceItem:
    """This semester's 防欺凌专项调查 against the county's number: red once the semester ended
    short (as the parent meetings)."""
    sem = sem or current_or_next(today, cal)
    held = sum(1 for d in surveyed_on if sem.start <= d <= min(sem.end, today))
    required = rules.bullying_surveys_per_semester
    state = count_state(held, required, today, sem.start, sem.end)
    return ComplianceItem(
        "bullying_surveys", "bullying_survey", N_("Bullying screening surveys"), held, required, state,
        sem.start, sem.end,
    )  # fmt: skip


# --- emergency plans --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanFacts:
    uuid: str
    name: str
    approved_on: date | None
    next_review_on: date | None


def review_date(plan: PlanFacts, rules: ReminderRules) -> date | None:
    if plan.next_review_on is not None:
        return plan.next_review_on
    if plan.approved_on is not None:
        return add_months(plan.approved_on, rules.plan_review_months)
    return None


def current_plans(plans: Iterable[PlanFacts], today: date) -> list[PlanFacts]:
    """One plan per name: the one approved last (a plan approved again replaces the older row)."""
    newest: dict[str, PlanFacts] = {}
    for p in plans:
        if p.approved_on is not None and p.approved_on > today:
            continue
        key = p.name.strip()
        old = newest.get(key)
        if old is None or (p.approved_on or date.min) >= (old.approved_on or date.min):
            newest[key] = p
    return list(newest.values())


def plan_reviews(plans: Iterable[PlanFacts], today: date, rules: ReminderRules) -> list[Reminder]:
    out = []
    for plan in current_plans(plans, today):
        review = review_date(plan, rules)
        if review is None:
            out.append(Reminder("plan_review", "emergency_plan", plan.name,
                                _("No approval date and no review date: fill them in."),
                                State.NOT_SCHEDULED, plan.uuid))  # fmt: skip
            continue
        state = due_state(review, today, rules.expiry_warning_days)
        if state is None:
            continue
        detail = (
            _("Review was due on {date}", date=format_date(review))
            if state is State.OVERDUE
            else _("Review due on {date} ({n} days left)", date=format_date(review), n=(review - today).days)
        )
        out.append(Reminder("plan_review", "emergency_plan", plan.name, detail, state, plan.uuid, review))
    return out


# --- drills -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DrillFacts:
    uuid: str
    name: str
    drill_type: str
    held_on: date
    evacuation_seconds: int | None


def duration(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return _("{s} s", s=rest)
    if not rest:
        return _("{m} min", m=minutes)
    return _("{m} min {s} s", m=minutes, s=rest)


def slow_drills(
    drills: Iterable[DrillFacts], today: date, rules: ReminderRules, sem: Semester
) -> list[tuple[DrillFacts, DrillFacts | None]]:
    """This semester's drills (up to today) slower than the target, each with the later drill of
    the same type that met the target (None while there is none)."""
    target = rules.drill_evacuation_seconds
    held = sorted((d for d in drills if sem.start <= d.held_on <= today), key=lambda d: d.held_on)
    out = []
    for d in held:
        if d.evacuation_seconds is None or d.evacuation_seconds <= target:
            continue
        redo = next(
            (
                later
                for later in held
                if later.held_on > d.held_on
                and later.drill_type == d.drill_type
                and later.evacuation_seconds is not None
                and later.evacuation_seconds <= target
            ),
            None,
        )
        out.append((d, redo))
    return out


def drill_evacuations(
    drills: Iterable[DrillFacts], today: date, rules: ReminderRules, sem: Semester
) -> list[Reminder]:
    out = []
    target = rules.drill_evacuation_seconds
    for d, redo in slow_drills(drills, today, rules, sem):
        took = duration(d.evacuation_seconds or 0)
        if redo is None:
            detail = _("Evacuation took {took}, over the {target} target: hold the drill again.", took=took,
                       target=duration(target))
            state = State.OVERDUE
        else:
            detail = _("Evacuation took {took}; the drill of {date} met the target.", took=took,
                       date=format_date(redo.held_on))
            state = State.DONE
        title = _("{name} ({date})", name=d.name, date=format_date(d.held_on))
        out.append(Reminder("drill_evacuation", "drill", title, detail, state, d.uuid, d.held_on))
    return out


# --- serious incidents: accountability and 四个不放过 -------------------------------------------------


@dataclass(frozen=True)
class IncidentFollowUpFacts:
    uuid: str
    title: str
    level: str
    learned_on: date  # China Standard Time
    accountability_on: tuple[date, ...] = ()  # decided_on of its accountability records
    four_not: tuple[tuple[date, bool], ...] = ()  # (checked_on, all four points ticked)


@dataclass(frozen=True)
class FollowUpState:
    incident: IncidentFollowUpFacts
    deadline: date
    has_accountability: bool
    four_not_complete: bool
    state: State


def follow_up_states(
    incidents: Iterable[IncidentFollowUpFacts], today: date, rules: ReminderRules
) -> list[FollowUpState]:
    """Every 较大-or-worse incident learned by `today`, with what it still lacks on that day."""
    out = []
    for i in incidents:
        if i.level not in SERIOUS_LEVELS or i.learned_on > today:
            continue
        has_acc = any(d <= today for d in i.accountability_on)
        four = any(done and d <= today for d, done in i.four_not)
        deadline = i.learned_on + timedelta(days=rules.accountability_days)
        state = State.DONE if has_acc and four else State.OVERDUE if today > deadline else State.DUE
        out.append(FollowUpState(i, deadline, has_acc, four, state))
    return out


def incident_follow_ups(
    incidents: Iterable[IncidentFollowUpFacts], today: date, rules: ReminderRules
) -> list[Reminder]:
    out = []
    for f in follow_up_states(incidents, today, rules):
        if f.state is State.DONE:
            continue
        missing = []
        if not f.has_accountability:
            missing.append(_("an accountability record"))
        if not f.four_not_complete:
            missing.append(_("a complete four-not-let-go check"))
        detail = _("Still needs {what}; due by {date}", what=_(", ").join(missing), date=format_date(f.deadline))
        kind = "accountability_record" if not f.has_accountability else "four_not_check"
        # The page where the missing record is made; the incident is named in the title.
        out.append(Reminder("incident_follow_up", kind, f.incident.title, detail, f.state, None, f.deadline))
    return out
