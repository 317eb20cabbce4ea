"""Gather the facts the rules that remind read (domain/school_reminders.ReminderFacts), per school.

The same queries serve the school's dashboard (its own rows) and `status` at both ends (a
township reads the rows imported from each school: owner = the school's code), like
services.status.gather. Only live rows (no tombstone) count. Bullying cases are read only where
they are (a school's own; a township holds counts and only the referred cases). Runs on the DB thread or in a
command; returns plain data.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import safetydesk.kinds  # noqa: F401  (every kind registered)
from safetydesk.domain.daily_logs import BusFacts, DailyLogFacts, RiskFacts, SampleFacts
from safetydesk.domain.drowning_campaign import CampaignClass, LetterFacts, PatrolFacts, WaterFacts
from safetydesk.domain.expiries import ExpiryFacts
from safetydesk.domain.grade_hours import ClassFacts, MeetingFacts, SessionFacts, class_grade
from safetydesk.domain.registry import get_kind
from safetydesk.domain.reminders import BullyingCaseFacts, DrillFacts, IncidentFollowUpFacts, PlanFacts
from safetydesk.domain.school_reminders import ReminderFacts
from safetydesk.i18n import _, local
from safetydesk.models.org import SchoolClass
from safetydesk.services import field_crypto, school_facilities

FOUR_POINTS = ("cause_found", "responsible_handled", "measures_done", "people_educated")


def _rows(s: Session, kind_key: str, owners: list[str], *cols: str) -> list[Any]:
    """(owner, uuid, *cols) of the live rows of `kind_key` owned by `owners`. Columns sealed at
    rest (a bullying case's status: services/field_crypto.py) are read opened in SQL, as the
    dashboard's follow-ups read theirs; nobody signed in, they stay sealed and match no choice."""
    kind = get_kind(kind_key)
    model = kind.model
    stmt = select(model.owner, model.uuid, *(field_crypto.plain_sql(kind, c) for c in cols)).where(
        model.deleted_at.is_(None), model.owner.in_(owners)
    )
    return list(s.execute(stmt))


def _choice_label(kind_key: str, attr: str, code: str | None) -> str:
    for c in get_kind(kind_key).field(attr).choices:
        if c.code == code:
            return _(c.label)
    return code or ""


def gather(s: Session, owners: list[str], *, with_bullying: bool = False) -> dict[str, ReminderFacts]:
    """Facts per school code: a few queries for all the schools at once."""
    got: dict[str, dict[str, list[Any]]] = {o: defaultdict(list) for o in owners}
    classes = s.execute(
        select(SchoolClass.owner, SchoolClass.uuid, SchoolClass.name, SchoolClass.grade, SchoolClass.student_count)
        .where(SchoolClass.deleted_at.is_(None), SchoolClass.owner.in_(owners))
        .order_by(SchoolClass.name)
    )
    pupils: dict[str, int] = defaultdict(int)
    for owner, uuid, name, grade, count in classes:
        got[owner]["classes"].append(CampaignClass(uuid, name))
        got[owner]["class_grades"].append(ClassFacts(name, grade))
        pupils[owner] += count or 0
    for owner, uuid, held_on, classes_text, hours, theme in _rows(
        s, "education_session", owners, "held_on", "classes", "hours", "theme"
    ):
        got[owner]["sessions"].append(
            SessionFacts(uuid, held_on, classes_text, float(hours) if hours is not None else None, theme)
        )
    for owner, _uuid, held_on, scope, classes_text in _rows(s, "parent_meeting", owners, "held_on", "scope",
                                                            "classes"):
        got[owner]["meetings"].append(MeetingFacts(held_on, scope, classes_text))
    for owner, _uuid, surveyed_on in _rows(s, "bullying_survey", owners, "surveyed_on"):
        got[owner]["surveys"].append(surveyed_on)
    if with_bullying:
        for owner, uuid, found, start, end, status in _rows(
            s, "bullying_case", owners, "found_on", "investigation_start", "investigation_end", "status"
        ):
            got[owner]["bullying_cases"].append(BullyingCaseFacts(uuid, found, start, end, status))
    for owner, uuid, name, approved, review in _rows(s, "emergency_plan", owners, "name", "approved_on",
                                                     "next_review_on"):
        got[owner]["plans"].append(PlanFacts(uuid, name, approved, review))
    for owner, uuid, name, drill_type, held_on, seconds in _rows(
        s, "drill", owners, "name", "drill_type", "held_on", "evacuation_seconds"
    ):
        got[owner]["drills"].append(DrillFacts(uuid, name, drill_type, held_on, seconds))
    _gather_incidents(s, owners, got)
    _gather_expiries(s, owners, got)
    _gather_drowning(s, owners, got)
    for o in owners:  # classes in grade order (一年级 before 二年级), as a register lists them
        order = sorted(range(len(got[o]["class_grades"])), key=lambda i, o=o: _class_order(got[o]["class_grades"][i]))
        for key in ("classes", "class_grades"):
            got[o][key] = [got[o][key][i] for i in order]
    logs = _gather_logs(s, owners, pupils)
    hidden = school_facilities.hidden_by_school(s, owners)
    return {o: ReminderFacts(**{k: tuple(v) for k, v in got[o].items()}, logs=logs[o], hidden_kinds=hidden[o])
            for o in owners}


def _class_order(c: ClassFacts) -> tuple[int, str]:
    return (class_grade(c) or 99, c.name)


def _gather_incidents(s: Session, owners: list[str], got: dict[str, dict[str, list[Any]]]) -> None:
    accountable: dict[str, list[Any]] = defaultdict(list)
    for _owner, _uuid, incident, decided in _rows(s, "accountability_record", owners, "incident_uuid",
                                                  "decided_on"):
        if incident:
            accountable[incident].append(decided)
    checks: dict[str, list[tuple[Any, bool]]] = defaultdict(list)
    for _owner, _uuid, incident, checked, *points in _rows(s, "four_not_check", owners, "incident_uuid",
                                                           "checked_on", *FOUR_POINTS):
        checks[incident].append((checked, all(bool(p) for p in points)))
    for owner, uuid, title, level, learned in _rows(s, "incident", owners, "title", "level", "learned_at"):
        got[owner]["incidents"].append(
            IncidentFollowUpFacts(uuid, title, level, local(learned).date(), tuple(accountable[uuid]),
                                  tuple(checks[uuid]))
        )


def _gather_expiries(s: Session, owners: list[str], got: dict[str, dict[str, list[Any]]]) -> None:
    def add(owner: str, kind: str, attr: str, uuid: str, holder: str, until: Any, active: bool) -> None:
        if until is not None:
            got[owner]["expiries"].append(ExpiryFacts(kind, attr, uuid, holder, until, active))

    for owner, uuid, plate, status, sign, inspection, insurance in _rows(
        s, "school_bus", owners, "plate", "status", "sign_valid_until", "next_inspection_on", "insurance_until"
    ):
        in_service = status == "in_service"
        add(owner, "school_bus", "sign_valid_until", uuid, plate, sign, in_service)
        del inspection  # the county's interval may bring it forward (domain/daily_logs.py)
        add(owner, "school_bus", "insurance_until", uuid, plate, insurance, in_service)
    for owner, uuid, name, active, licence, qualification in _rows(
        s, "bus_driver", owners, "name", "active", "licence_valid_until", "qualification_valid_until"
    ):
        add(owner, "bus_driver", "licence_valid_until", uuid, name, licence, bool(active))
        add(owner, "bus_driver", "qualification_valid_until", uuid, name, qualification, bool(active))
    for owner, uuid, name, staff, on_duty, until in _rows(
        s, "canteen_staff_health", owners, "name", "staff_uuid", "on_duty", "valid_until"
    ):
        del staff  # the name is what the certificate and the dashboard show
        add(owner, "canteen_staff_health", "valid_until", uuid, name, until, bool(on_duty))
    for owner, uuid, supplier, licence_type, until in _rows(
        s, "food_supplier", owners, "supplier", "licence_type", "valid_until"
    ):
        holder = _("{name} ({what})", name=supplier, what=_choice_label("food_supplier", "licence_type", licence_type))
        add(owner, "food_supplier", "valid_until", uuid, holder, until, True)
    for owner, uuid, name, on_duty, until in _rows(
        s, "security_guard", owners, "name", "on_duty", "certificate_valid_until"
    ):
        add(owner, "security_guard", "certificate_valid_until", uuid, name, until, bool(on_duty))
    for owner, uuid, system, location, next_test in _rows(
        s, "security_system_test", owners, "system", "location", "next_test_on"
    ):
        holder = _("{name} ({what})", name=_choice_label("security_system_test", "system", system), what=location)
        add(owner, "security_system_test", "next_test_on", uuid, holder, next_test, True)
    # risk reviews: by the county's interval per level (domain/daily_logs.py, from _gather_logs)


def _gather_drowning(s: Session, owners: list[str], got: dict[str, dict[str, list[Any]]]) -> None:
    for owner, _uuid, class_uuid, batch, sent_on, sent, returned in _rows(
        s, "drowning_letter", owners, "class_uuid", "batch", "sent_on", "sent_count", "returned_count"
    ):
        got[owner]["letters"].append(LetterFacts(class_uuid, batch, sent_on, sent or 0, returned or 0))
    for owner, uuid, name, registered, signs in _rows(s, "water_area", owners, "name", "registered_on",
                                                      "signs_in_place"):
        got[owner]["waters"].append(WaterFacts(uuid, name, registered, bool(signs)))
    for owner, _uuid, area, patrolled in _rows(s, "water_patrol", owners, "area_uuid", "patrolled_on"):
        got[owner]["patrols"].append(PatrolFacts(area, patrolled))


def _gather_logs(s: Session, owners: list[str], pupils: dict[str, int]) -> dict[str, DailyLogFacts]:
    """The daily logs (护学岗, 封闭化管理, bus checks, 陪餐, 留样) and the register facts the county's
    numbers apply to (guards, buses, risk points), per school."""
    got: dict[str, dict[str, list[Any]]] = {o: defaultdict(list) for o in owners}
    for owner, _uuid, day, period in _rows(s, "guard_duty", owners, "duty_on", "period"):
        got[owner]["guard_duties"].append((day, period))
    for owner, _uuid, day in _rows(s, "closed_campus_check", owners, "checked_on"):
        got[owner]["campus_checks"].append(day)
    on_route = {bus for _o, _u, bus in _rows(s, "bus_route", owners, "bus_uuid")}
    for owner, uuid, plate, status, last, nxt in _rows(s, "school_bus", owners, "plate", "status",
                                                       "last_inspection_on", "next_inspection_on"):
        got[owner]["buses"].append(BusFacts(uuid, plate, status == "in_service", uuid in on_route, last, nxt))
    for owner, _uuid, bus, day, trip in _rows(s, "bus_departure_check", owners, "bus_uuid", "checked_on", "trip"):
        got[owner]["bus_checks"].append((day, bus, trip))
    for owner, _uuid, day, meal in _rows(s, "meal_accompany", owners, "accompanied_on", "meal"):
        got[owner]["meals"].append((day, meal))
    for owner, uuid, dish, taken, until, grams in _rows(s, "food_sample", owners, "dish", "sampled_at",
                                                        "kept_until", "weight_g"):
        hours = (until - taken).total_seconds() / 3600 if taken and until else 0.0
        got[owner]["samples"].append(SampleFacts(uuid, dish, local(taken).date(), float(grams or 0), hours))
    guards: dict[str, int] = defaultdict(int)
    for owner, _uuid, post, on_duty in _rows(s, "security_guard", owners, "post", "on_duty"):
        if post == "full_time" and on_duty:
            guards[owner] += 1
    for owner, uuid, name, level, identified, review in _rows(s, "risk_point", owners, "name", "level",
                                                              "identified_on", "next_review_on"):
        got[owner]["risks"].append(RiskFacts(uuid, name, level, identified, review))
    return {
        o: DailyLogFacts(**{k: tuple(v) for k, v in got[o].items()}, guards_on_duty=guards[o], pupils=pupils[o])
        for o in owners
    }
