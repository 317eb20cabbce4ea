"""The township counts each school's reminders from the rows it imported, with the same pure
function as the school: the new keys of `status --json` are equal at both ends, a bullying case
(which travels as counts, by name only when referred) is never in them, and the per-class rule is the county's."""

from __future__ import annotations

from datetime import date, datetime

from safetydesk.domain import clock
from safetydesk.i18n import LOCAL_TZ
from safetydesk.services import incidents, records, settings, status
from safetydesk.services.changes import Actor
from tests.sync.conftest import SCHOOL_CODE, TOWNSHIP_CODE

NEW_KEYS = ("bullying_surveys", "emergency_plans", "drill_evacuation", "serious_incidents", "expiries",
            "education_hours_by_grade", "parent_meetings_by_class")
DAY = date(2026, 11, 23)


def _school_records(s, a: Actor) -> None:
    def save(kind: str, values: dict) -> str:
        return records.save(s, a, kind, values, workflow=True).uuid

    for name in ("三年级（1）班", "三年级（2）班", "四年级（1）班"):
        save("class", {"name": name, "grade": name[:3]})
    save("education_session", {"held_on": date(2026, 9, 15), "classes": "三年级", "topic": "防溺水",
                               "module": "accidental_injury", "hours": 4})
    save("education_session", {"held_on": date(2026, 10, 15), "classes": "各班", "topic": "消防安全",
                               "module": "accidental_injury", "hours": 1.5})
    save("parent_meeting", {"held_on": date(2026, 10, 12), "scope": "class", "classes": "三（2）班",
                            "topic": "家长会"})
    save("drill", {"name": "消防疏散演练", "drill_type": "fire", "mode": "planned", "held_on": date(2026, 10, 9),
                   "evacuation_seconds": 170})
    save("emergency_plan", {"name": "校园火灾事故应急预案", "plan_type": "accident_disaster",
                            "approved_on": date(2025, 11, 1)})
    save("security_guard", {"name": "李保国", "post": "full_time", "started_on": date(2025, 9, 1),
                            "certificate_valid_until": date(2026, 11, 30)})
    save("bullying_case", {"found_on": date(2026, 11, 2), "students_involved": "学生甲", "behaviour": "insult"})
    at = datetime(2026, 9, 10, 10, 0, tzinfo=LOCAL_TZ)
    incidents.capture(s, a, {"title": "学生课间踩踏受伤", "level": "larger", "occurred_at": at, "learned_at": at,
                             "place": "教学楼东楼梯", "summary": "课间下楼拥挤，5名学生受伤。"})


def test_the_townships_reminder_counts_equal_the_schools_own(pair):
    a = Actor("admin", SCHOOL_CODE, "admin")
    with clock.moved_to(datetime(2026, 11, 20, 9, 0, tzinfo=LOCAL_TZ)):
        _school_records(pair.school.sessions, a)
        for storage, actor in ((pair.school, a), (pair.township, Actor("admin", TOWNSHIP_CODE, "township_admin"))):
            settings.write(storage.sessions, actor, {"reminders.parent_meetings_per_class": True})
        pair.imp(pair.export().path)
        own = status.statuses(pair.school.sessions, DAY)[0].as_json()
        seen = status.statuses(pair.township.sessions, DAY, SCHOOL_CODE)[0].as_json()
    for key in NEW_KEYS:
        assert seen[key] == own[key], key
    assert own["drill_evacuation"] == {"target_seconds": 120, "over_target": 1, "not_redone": 1}
    assert own["emergency_plans"] == {"total": 1, "review_due": 0, "review_overdue": 1}  # 12 months on
    assert own["expiries"]["security"] == {"due_soon": 1, "overdue": 0}
    assert own["serious_incidents"] == {"total": 1, "followed_up": 0, "due": 0, "overdue": 1}  # 60 days: 11-09
    assert own["education_hours_by_grade"] == {
        "grades": [{"grade": 3, "done": 5.5, "required": 14, "state": "due"},
                   {"grade": 4, "done": 1.5, "required": 14, "state": "due"}],
        "unassigned": 0,
    }
    assert own["parent_meetings_by_class"] == [
        {"class": "三年级（1）班", "held": 0, "required": 2, "state": "due"},
        {"class": "三年级（2）班", "held": 1, "required": 2, "state": "due"},
        {"class": "四年级（1）班", "held": 0, "required": 2, "state": "due"},
    ]
    assert not any("bullying_case" in str(own[k]) for k in NEW_KEYS)


# What `status`'s new keys read (services/reminder_facts.py), kind by kind; the 10-day bullying rule
# reads bullying_case too, at the school only (with_bullying=True), so it is not listed.
STATUS_READS = {
    "class": ("name", "grade", "student_count"),
    "education_session": ("held_on", "classes", "hours", "theme"),
    "parent_meeting": ("held_on", "scope", "classes"),
    "bullying_survey": ("surveyed_on",),
    "emergency_plan": ("name", "approved_on", "next_review_on"),
    "drill": ("name", "drill_type", "held_on", "evacuation_seconds"),
    "incident": ("title", "level", "learned_at"),
    "accountability_record": ("incident_uuid", "decided_on"),
    "four_not_check": ("incident_uuid", "checked_on", "cause_found", "responsible_handled", "measures_done",
                       "people_educated"),
    "school_bus": ("plate", "status", "sign_valid_until", "last_inspection_on", "next_inspection_on",
                   "insurance_until"),
    "bus_driver": ("name", "active", "licence_valid_until", "qualification_valid_until"),
    "canteen_staff_health": ("name", "on_duty", "valid_until"),
    "food_supplier": ("supplier", "licence_type", "valid_until"),
    "security_guard": ("name", "post", "on_duty", "certificate_valid_until"),
    "security_system_test": ("system", "location", "next_test_on"),
    "risk_point": ("name", "level", "identified_on", "next_review_on"),
    # daily_logs (domain/daily_logs.gaps)
    "guard_duty": ("duty_on", "period"),
    "closed_campus_check": ("checked_on",),
    "bus_route": ("bus_uuid",),
    "bus_departure_check": ("bus_uuid", "checked_on", "trip"),
    "meal_accompany": ("accompanied_on", "meal"),
    "food_sample": ("dish", "sampled_at", "kept_until", "weight_g"),
}


def test_what_the_new_status_keys_read_travels_to_the_township_as_rows():
    """Under the package privacy rules (sync/privacy.py) a kind may travel as counts only and an
    ordinary kind's sensitive fields stay at the school: a key read from those could not be
    computed at the township. Every fact the new keys read travels whole."""
    from safetydesk.sync import codec, privacy

    kinds = codec.wire_kinds()
    for key, attrs in STATUS_READS.items():
        wk = kinds[key]
        assert privacy.travel(wk) is privacy.Travel.ROWS, key
        assert wk.owner_role == "school", key
        kept = set(privacy.sensitive_attrs(wk)) & set(attrs)
        assert not kept, (key, kept)
        assert set(attrs) <= set(wk.table.c.keys()), key
    assert privacy.travel(kinds["bullying_case"]) is privacy.Travel.REFERRED  # why the 10-day rule is not a key
