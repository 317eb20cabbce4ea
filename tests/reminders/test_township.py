"""The township counts each school's reminders from the rows it imported, with the same pure
function as the school: the new keys of `status --json` are equal at both ends, a bullying case
(which travels as a count only) is never in them, and the per-class rule is the county's."""

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
