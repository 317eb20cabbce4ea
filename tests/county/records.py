"""Records a school makes in the county tests, through the project's own services."""

from __future__ import annotations

from datetime import date, timedelta

from safetydesk.domain import clock
from safetydesk.services import incidents, records
from safetydesk.services.storage import Storage
from tests.township.network import actor


def major_hazard(school: Storage, code: str, *, location: str = "教学楼东侧围墙",
                 description: str = "围墙开裂倾斜", measures: str = "设置警戒线，拆除重建",
                 deadline: date = date(2026, 12, 20)) -> str:
    staff = records.save(school.sessions, actor(code), "staff", {"name": "王安全"}).uuid
    return records.save(school.sessions, actor(code), "hazard", {
        "category": "school_building", "description": description, "inspector_uuid": staff,
        "found_on": date(2026, 11, 2), "location": location, "grade": "major", "status": "assigned",
        "deadline": deadline, "measures": measures, "responsible_uuid": staff, "funds_amount": 12000,
        "funds_source": "县财政专项", "interim_controls": "设置围挡，禁止学生靠近"}, workflow=True).uuid  # fmt: skip


def incident(school: Storage, code: str, level: str, *, title: str = "学生食堂集体腹痛",
             summary: str = "午餐后多名学生腹痛。") -> str:
    learned = clock.now() - timedelta(hours=2)
    return incidents.capture(school.sessions, actor(code), {
        "title": title, "place": "学校食堂", "summary": summary,
        "occurred_at": learned - timedelta(minutes=10), "learned_at": learned, "level": level,
        "sensitive": False, "deaths": 0, "injuries": 5})  # fmt: skip


