"""One school's reminders (the dashboard) and their counts (the status object), from one set of facts.

The school and its township hand the same facts to `counts`, so the new keys of `status --json`
(README, "工作状态") are equal at both ends, as the older ones are (domain/school_status.py). What
the township never receives stays out of the counts: bullying cases travel up as counts by status
(small cells as "<3"), and by name only the few a person referred (sync.md, "Privacy by default";
sync/privacy.py), so the 10-day investigation rule is the school's reminder alone. Every other
fact read here travels as rows with no sensitive field stripped (tests/reminders/test_township.py
checks it against sync/privacy.py). Expiry counts cover every register, whatever the school's facility
settings (they were counted before townships received those settings); the dashboard's reminders
follow them, and so do the daily-log gaps (`daily_logs`), which a township counts from the facility
settings the school's packages report (sync/school_facilities.py).

The rules are in domain/reminders.py, expiries.py, grade_hours.py, education_calendar.py and
drowning_campaign.py, each citing its source. Pure: no database, no clock. Any thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from safetydesk.domain import (
    daily_logs,
    drowning_campaign,
    education_calendar,
    expiries,
    grade_hours,
    reminders,
)
from safetydesk.domain.compliance import ComplianceRules, State
from safetydesk.domain.daily_logs import DailyLogFacts
from safetydesk.domain.drowning_campaign import (
    CampaignClass,
    CampaignProgress,
    LetterFacts,
    PatrolFacts,
    WaterFacts,
)
from safetydesk.domain.expiries import ExpiryFacts
from safetydesk.domain.grade_hours import ClassFacts, MeetingFacts, SessionFacts
from safetydesk.domain.reminders import (
    BullyingCaseFacts,
    DrillFacts,
    IncidentFollowUpFacts,
    PlanFacts,
    Reminder,
    ReminderRules,
)
from safetydesk.domain.semester import SemesterCalendar, current_or_next
from safetydesk.i18n import _

EMPTY_LOGS = DailyLogFacts()
ORDER = {State.OVERDUE: 0, State.DUE: 1, State.NOT_SCHEDULED: 2, State.DONE: 3}


@dataclass(frozen=True)
class ReminderFacts:
    """Everything the rules read about one school, as plain data (services/reminder_facts.py)."""

    classes: tuple[CampaignClass, ...] = ()
    class_grades: tuple[ClassFacts, ...] = ()
    sessions: tuple[SessionFacts, ...] = ()
    meetings: tuple[MeetingFacts, ...] = ()
    surveys: tuple[date, ...] = ()
    bullying_cases: tuple[BullyingCaseFacts, ...] = ()  # at the school only
    plans: tuple[PlanFacts, ...] = ()
    drills: tuple[DrillFacts, ...] = ()
    incidents: tuple[IncidentFollowUpFacts, ...] = ()
    expiries: tuple[ExpiryFacts, ...] = ()
    letters: tuple[LetterFacts, ...] = ()
    waters: tuple[WaterFacts, ...] = ()
    patrols: tuple[PatrolFacts, ...] = ()
    logs: DailyLogFacts = EMPTY_LOGS  # the daily logs and the registers' facts (domain/daily_logs.py)
    # The kinds the school's facility settings hide (no canteen: no meals or samples to keep);
    # None at a township that holds no report of them (services/school_facilities.py).
    hidden_kinds: frozenset[str] | None = None


def _upto(facts: ReminderFacts, as_of: date) -> ReminderFacts:
    """Records dated after `as_of` are left out, as in every other status count."""
    return ReminderFacts(
        classes=facts.classes,
        class_grades=facts.class_grades,
        sessions=tuple(s for s in facts.sessions if s.held_on <= as_of),
        meetings=tuple(m for m in facts.meetings if m.held_on <= as_of),
        surveys=tuple(d for d in facts.surveys if d <= as_of),
        bullying_cases=tuple(c for c in facts.bullying_cases if c.found_on <= as_of),
        plans=facts.plans,
        drills=tuple(d for d in facts.drills if d.held_on <= as_of),
        incidents=facts.incidents,
        expiries=facts.expiries,
        letters=tuple(x for x in facts.letters if x.sent_on <= as_of),
        waters=facts.waters,
        patrols=tuple(p for p in facts.patrols if p.patrolled_on <= as_of),
        logs=facts.logs.upto(as_of),
        hidden_kinds=facts.hidden_kinds,
    )


def _expiries(facts: ReminderFacts, rules: ReminderRules) -> list[ExpiryFacts]:
    """The registers' dates, with the bus inspections and risk reviews the county's intervals give."""
    return [*facts.expiries, *daily_logs.derived_expiries(facts.logs, rules)]


def counts(
    facts: ReminderFacts,
    rules: ReminderRules,
    compliance_rules: ComplianceRules,
    cal: SemesterCalendar,
    as_of: date,
    school_type: str | None,
) -> dict[str, Any]:
    """The status object's new keys (README documents each)."""
    facts = _upto(facts, as_of)
    sem = current_or_next(as_of, cal)
    surveys = reminders.bullying_surveys(facts.surveys, as_of, rules, cal, sem)
    plans = reminders.current_plans(facts.plans, as_of)
    plan_states = [reminders.due_state(d, as_of, rules.expiry_warning_days)
                   for d in (reminders.review_date(p, rules) for p in plans) if d is not None]  # fmt: skip
    slow = reminders.slow_drills(facts.drills, as_of, rules, sem)
    follow = reminders.follow_up_states(facts.incidents, as_of, rules)
    out: dict[str, Any] = {
        "bullying_surveys": {"held": int(surveys.held), "required": int(surveys.required),
                             "state": surveys.state.value},
        "emergency_plans": {"total": len(plans), "review_due": plan_states.count(State.DUE),
                            "review_overdue": plan_states.count(State.OVERDUE)},
        "drill_evacuation": {"target_seconds": rules.drill_evacuation_seconds, "over_target": len(slow),
                             "not_redone": sum(1 for _d, redo in slow if redo is None)},
        "serious_incidents": {"total": len(follow),
                              "followed_up": sum(1 for f in follow if f.state is State.DONE),
                              "due": sum(1 for f in follow if f.state is State.DUE),
                              "overdue": sum(1 for f in follow if f.state is State.OVERDUE)},
        "expiries": expiries.counts(_expiries(facts, rules), as_of, rules.expiry_warning_days),
        "education_hours_by_grade": None,
        "parent_meetings_by_class": None,
        # None where the school's facilities are not known (a township holding no report of them)
        "daily_logs": None if facts.hidden_kinds is None else daily_logs.gaps(
            facts.logs, as_of, rules, cal, facts.hidden_kinds),
    }  # fmt: skip
    if rules.education_hours_by_grade and school_type != grade_hours.KINDERGARTEN:
        by_grade = grade_hours.hours_by_grade(facts.sessions, as_of, compliance_rules, facts.class_grades,
                                              school_type, cal)  # fmt: skip
        out["education_hours_by_grade"] = {
            "grades": [{"grade": g.grade, "done": _number(g.done), "required": _number(g.required),
                        "state": g.state.value} for g in by_grade.grades],
            "unassigned": _number(by_grade.unassigned),
        }  # fmt: skip
    if rules.parent_meetings_per_class:
        out["parent_meetings_by_class"] = [
            {"class": c.name, "held": c.held, "required": c.required, "state": c.state.value}
            for c in grade_hours.meetings_by_class(facts.meetings, as_of, compliance_rules, facts.class_grades,
                                                   cal, sem)
        ]  # fmt: skip
    return out


def _number(n: float) -> int | float:
    return int(n) if float(n).is_integer() else round(float(n), 2)


# --- the dashboard ------------------------------------------------------------------------------------


def dashboard_reminders(
    facts: ReminderFacts,
    rules: ReminderRules,
    compliance_rules: ComplianceRules,
    cal: SemesterCalendar,
    today: date,
    school_type: str | None,
    hidden_kinds: frozenset[str] = frozenset(),
) -> tuple[list[Reminder], list[Reminder]]:
    """(rules that remind, expiring certificates and dates), most urgent first. Kinds of
    facilities the school does not have are silent."""
    facts = _upto(facts, today)
    sem = current_or_next(today, cal)
    found = reminders.bullying_investigations(facts.bullying_cases, today, rules)
    surveys = reminders.bullying_surveys(facts.surveys, today, rules, cal, sem)
    if surveys.required:
        detail = _("{held} of {required} done this semester", held=int(surveys.held), required=int(surveys.required))
        found.append(Reminder("bullying_surveys", "bullying_survey", _(surveys.title), detail, surveys.state))
    found += reminders.plan_reviews(facts.plans, today, rules)
    found += reminders.drill_evacuations(facts.drills, today, rules, sem)
    found += reminders.incident_follow_ups(facts.incidents, today, rules)
    if rules.education_hours_by_grade and school_type != grade_hours.KINDERGARTEN:
        found.append(_grade_hours_item(facts, compliance_rules, cal, today, school_type))
    if rules.parent_meetings_per_class and facts.class_grades:
        found.append(_class_meetings_item(facts, compliance_rules, cal, today))
    found += education_calendar.education_day_reminders(facts.sessions, today, rules)
    found += education_calendar.holiday_reminders([x.sent_on for x in facts.letters], facts.sessions, today,
                                                  rules, cal)  # fmt: skip
    found += daily_logs.daily_log_reminders(facts.logs, today, rules, cal)
    dated = expiries.reminders(_expiries(facts, rules), today, rules.expiry_warning_days, hidden_kinds)
    return _sorted(r for r in found if r.kind not in hidden_kinds), _sorted(dated)


def _sorted(items: Any) -> list[Reminder]:
    return sorted(items, key=lambda r: (ORDER[r.state], r.when or date.max, r.title))


def _grade_hours_item(facts: ReminderFacts, rules: ComplianceRules, cal: SemesterCalendar, today: date,
                      school_type: str | None) -> Reminder:
    by_grade = grade_hours.hours_by_grade(facts.sessions, today, rules, facts.class_grades, school_type, cal)
    short = {g.label: f"{_number(g.done)}/{_number(g.required)}" for g in by_grade.grades if g.state is not State.DONE}
    if short:
        detail = _("Grades short of the year's hours: {grades}", grades=grade_hours.short_list(short))
    else:
        detail = _("Every grade has the year's hours")
    if by_grade.unassigned:
        detail += _("; {n} hours name no grade (write 全校, 三年级 or 三（1）班)", n=_number(by_grade.unassigned))
    return Reminder("education_hours_by_grade", "education_session", _("Safety education hours per grade"), detail,
                    by_grade.state)  # fmt: skip


def _class_meetings_item(facts: ReminderFacts, rules: ComplianceRules, cal: SemesterCalendar,
                         today: date) -> Reminder:
    per_class = grade_hours.meetings_by_class(facts.meetings, today, rules, facts.class_grades, cal)
    short = {c.name: f"{c.held}/{c.required}" for c in per_class if c.state is not State.DONE}
    detail = (
        _("Classes short this semester: {classes}", classes=grade_hours.short_list(short))
        if short
        else _("Every class has held its parent meetings this semester")
    )
    return Reminder("parent_meetings_by_class", "parent_meeting", _("Parent meetings per class"), detail,
                    grade_hours.worst(c.state for c in per_class))  # fmt: skip


def campaign(
    facts: ReminderFacts, rules: ReminderRules, cal: SemesterCalendar, today: date
) -> CampaignProgress | None:
    facts = _upto(facts, today)
    return drowning_campaign.progress(today, rules, facts.classes, facts.letters, facts.waters, facts.patrols,
                                      facts.sessions, cal)  # fmt: skip
