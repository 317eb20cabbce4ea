"""A township imports real packages (signed, encrypted, through the normal import) from two schools
and asks for their status: each school's row is the school's own `status --json`, key by key, and
a rule counted per school is never added across schools."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from safetydesk.cli import main
from safetydesk.i18n import LOCAL_TZ
from safetydesk.services import dashboard, demo, incidents, records, supervision
from safetydesk.services.storage import Storage
from tests.sync.conftest import SCHOOL_CODE, TOWNSHIP_CODE, Pair
from tests.township import network
from tests.township.network import actor, carry, enrol

SECOND = "4105220002"
THIRD = "4105220003"  # a kindergarten: drills every three months, no class-hour quota
START = datetime(2026, 11, 20, 9, 0, tzinfo=LOCAL_TZ)
AS_OF = "2026-11-23"


def status_json(capsys, root: Path, *extra: str) -> object:
    return network.status_json(capsys, root, AS_OF, *extra)


def meeting(storage: Storage, code: str, held_on: date) -> None:
    records.save(storage.sessions, actor(code), "parent_meeting",
                 {"held_on": held_on, "scope": "school", "topic": "家长会"})


def second_school_records(school: Storage) -> None:
    """Different data from the demo school: one meeting, 8.5 hours, a late incident, hazards."""
    s, a = school.sessions, actor(SECOND)
    staff = records.save(s, a, "staff", {"name": "赵老师"}).uuid
    meeting(school, SECOND, date(2026, 10, 15))
    for held_on, hours in ((date(2026, 9, 20), 4.5), (date(2026, 11, 2), 4)):
        records.save(s, a, "education_session", {"held_on": held_on, "classes": "全校", "topic": "防溺水",
                                                  "module": "accidental_injury", "hours": hours})
    records.save(s, a, "drill", {"name": "消防疏散演练", "drill_type": "fire", "mode": "planned",
                                 "held_on": date(2026, 10, 9)})
    base = {"category": "fire", "description": "灭火器过期", "inspector_uuid": staff}
    records.save(s, a, "hazard", {**base, "found_on": date(2026, 11, 1), "location": "二楼", "grade": "major",
                                  "status": "assigned", "deadline": date(2026, 11, 10)}, workflow=True)
    records.save(s, a, "hazard", {**base, "found_on": date(2026, 11, 5), "location": "食堂", "grade": "general"})
    records.save(s, a, "inspection", {"template_name": "每日防火巡查记录", "template_version": 3,
                                      "inspected_on": date(2026, 11, 6), "inspector_uuid": staff,
                                      "check_type": "routine"})
    learned = START - timedelta(days=3)
    uuid = incidents.capture(s, a, {"title": "学生课间摔伤", "level": "general", "occurred_at": learned,
                                    "learned_at": learned, "place": "操场", "summary": "课间追跑摔伤手臂。"})
    incidents.log_written_report(s, a, uuid, "first", "首报", sent_at=learned + timedelta(minutes=75))


def kindergarten_records(school: Storage) -> None:
    """A kindergarten's own data: one drill (enough for three months), a meeting, a hazard."""
    s, a = school.sessions, actor(THIRD)
    staff = records.save(s, a, "staff", {"name": "孙园长"}).uuid
    meeting(school, THIRD, date(2026, 9, 25))
    records.save(s, a, "drill", {"name": "防地震疏散演练", "drill_type": "earthquake", "mode": "planned",
                                 "held_on": date(2026, 9, 18)})
    records.save(s, a, "hazard", {"category": "sports_equipment", "description": "滑梯扶手松动",
                                  "inspector_uuid": staff, "found_on": date(2026, 11, 12),
                                  "location": "户外活动场", "grade": "general"})


def notice(pair: Pair, code: str, deadline: date) -> str:
    return supervision.issue_notice(pair.township.sessions, actor(TOWNSHIP_CODE, "township_admin"),
                                    supervision.NoticeDraft(
        school_code=code, doc_number=f"城关中心校安〔2026〕{code[-1]}号", deadline=deadline,
        issued_by="城关镇中心校", issued_on=date(2026, 11, 18),
        items=(supervision.ItemDraft("灭火器过期", "《消防法》", "立即更换"),),
    ))  # fmt: skip


def answer_all(school: Storage, code: str, notice_uuid: str, replied_on: date) -> str:
    view = supervision.notice(school.sessions, notice_uuid)
    return supervision.reply(school.sessions, actor(code), notice_uuid, [
        supervision.AnswerDraft(i.uuid, "已更换灭火器。", "done", replied_on) for i in view.items
    ], replied_on=replied_on)  # fmt: skip


def test_each_schools_row_at_the_township_equals_the_schools_own_status(pair, capsys, moving_clock):
    first, township = pair.school, pair.township
    demo.fill(first.sessions)
    second = enrol(pair, SECOND, "城关镇第二小学")
    third = enrol(pair, THIRD, "城关镇中心幼儿园", "kindergarten")
    second_school_records(second)
    kindergarten_records(third)
    try:
        carry(pair, first, township)
        carry(pair, second, township)
        carry(pair, third, township)
        to_first = notice(pair, SCHOOL_CODE, date(2026, 11, 30))
        notice(pair, SECOND, date(2026, 11, 21))  # will be overdue, unanswered
        to_third = notice(pair, THIRD, date(2026, 11, 25))
        carry(pair, township, first, SCHOOL_CODE)
        carry(pair, township, second, SECOND)
        carry(pair, township, third, THIRD)
        answer_all(first, SCHOOL_CODE, to_first, date(2026, 11, 21))
        answer_all(third, THIRD, to_third, date(2026, 11, 22))
        carry(pair, first, township)
        carry(pair, second, township, lost=True)  # package 2 of the second school never arrives
        meeting(second, SECOND, date(2026, 11, 22))
        carry(pair, second, township)
        carry(pair, third, township)
        reply = supervision.notice(township.sessions, to_third, date(2026, 11, 23)).latest_reply
        supervision.review(township.sessions, actor(TOWNSHIP_CODE, "township_admin"), reply.uuid, accept=True,
                           reviewed_on=date(2026, 11, 23))
        for school, code in ((first, SCHOOL_CODE), (second, SECOND), (third, THIRD)):
            carry(pair, township, school, code)  # the receipts (and the review) travel back down

        rows = status_json(capsys, township.paths.root)
        assert isinstance(rows, list) and [r["school"]["code"] for r in rows] == [SCHOOL_CODE, SECOND, THIRD]
        for storage, row in ((first, rows[0]), (second, rows[1]), (third, rows[2])):
            own = status_json(capsys, storage.paths.root)
            assert isinstance(own, dict)
            assert set(own) == set(row)
            for key in own:
                assert row[key] == own[key], key
            assert status_json(capsys, township.paths.root, "--school", own["school"]["code"]) == [own]

        one, two, kindergarten = rows
        none = {"open": 0, "overdue": 0, "answered": 0, "sent_back": 0, "accepted": 0, "escalated": 0}
        assert one["notices"] == {**none, "answered": 1, "total": 1}
        assert one["last_package"]["seq"] == 2 and one["missing_packages"] == []
        assert one["hazards"]["open"] > 0 and one["incidents"]["total"] > 0
        assert two == {
            **two,
            "hazards": {"open": 2, "overdue": 1, "major_open": 1},
            "parent_meetings": {"held": 2, "required": 2, "state": "done"},
            "drills": {"done": 1, "required": 3, "state": "overdue"},
            "education_hours": {"done": 8.5, "required": 14, "state": "due"},
            "incidents": {"total": 1, "on_time": 0, "late": 1, "still_due": 0, "overdue": 0},
            "notices": {**none, "open": 1, "overdue": 1, "total": 1},
            "templates": [{"code": "daily_fire_patrol", "version": 3}],
            "missing_packages": [2],
        }
        assert two["last_package"]["seq"] == 3 and two["last_package"]["imported_at"]
        # timeliness is the school's own: signed at the school, not when the stick arrived
        assert two["last_package"]["signed_at"] < two["last_package"]["imported_at"]
        # the township knows the kindergarten is one (its identity file said so): a drill every
        # three months, and no class-hour quota, where a primary school owes three drills and 14 hours
        assert kindergarten == {
            **kindergarten,
            "hazards": {"open": 1, "overdue": 0, "major_open": 0},
            "drills": {"done": 1, "required": 1, "state": "done"},
            "parent_meetings": {"held": 1, "required": 2, "state": "due"},
            "notices": {**none, "accepted": 1, "total": 1},
        }
        assert kindergarten["education_hours"]["required"] != two["education_hours"]["required"]
    finally:
        second.close()
        third.close()


def test_two_schools_with_one_of_two_parent_meetings_are_each_one_of_two(pair, capsys, moving_clock):
    second = enrol(pair, SECOND, "城关镇第二小学")
    try:
        meeting(pair.school, SCHOOL_CODE, date(2026, 10, 12))
        meeting(second, SECOND, date(2026, 11, 3))
        carry(pair, pair.school, pair.township)
        carry(pair, second, pair.township)
        rows = status_json(capsys, pair.township.paths.root)
        assert [r["parent_meetings"] for r in rows] == [{"held": 1, "required": 2, "state": "due"}] * 2
        main(["--data-dir", str(pair.township.paths.root), "status", "--as-of", AS_OF])
        text = capsys.readouterr().out
        assert text.count("家长会：已召开 1 次，应召开 2 次") == 2 and "已召开 2 次" not in text
        # the township's own dashboard no longer adds the schools' meetings together
        assert dashboard.compute_compliance(pair.township.sessions, None) == []
    finally:
        second.close()
