"""A township imports real packages (signed, encrypted, through the normal import) from two schools
and asks for their status: each school's row is the school's own `status --json`, key by key, and
a rule counted per school is never added across schools."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from safetydesk.cli import main
from safetydesk.domain import clock
from safetydesk.i18n import LOCAL_TZ
from safetydesk.services import dashboard, demo, incidents, records
from safetydesk.services.changes import Actor
from safetydesk.services.installation import SCHOOL, InitRequest
from safetydesk.services.storage import Storage
from safetydesk.sync import identity
from safetydesk.sync.export import export_package
from safetydesk.sync.importer import import_package
from tests.sync.conftest import SCHOOL_CODE, TOWNSHIP_CODE, Pair, _init

SECOND = "4105220002"
START = datetime(2026, 11, 20, 9, 0, tzinfo=LOCAL_TZ)
AS_OF = "2026-11-23"


def enrol(pair: Pair, code: str, name: str) -> Storage:
    """A second school of the same township; each side trusts the other after reading the digits."""
    school = _init(pair.root / code, InitRequest(role=SCHOOL, code=code, name=name, township_code=TOWNSHIP_CODE,
                                                 township_name="城关镇"))
    for a, b in ((school, pair.township), (pair.township, school)):
        ident, keys = identity.own_identity(a.paths, a.sessions)
        f = pair.root / f"{ident.org_code}-{b.paths.root.name}.identity.json"
        f.write_bytes(identity.identity_bytes(ident, keys))
        identity.trust_peer(b.sessions, f, ident.fingerprint, "tester")
    return school


def carry(pair: Pair, source: Storage, target: Storage, to: str | None = None, *, lost: bool = False) -> None:
    """Export the next package from `source` and (unless the stick is lost) import it at `target`."""
    pair.seq_files += 1
    out = pair.root / f"p{pair.seq_files:03d}.sdpkg"
    export_package(source, to, out, "tester")
    clock_step()
    if not lost:
        result = import_package(target, out, "tester")
        assert result.status == "imported", result.message
    clock_step()


_clock: clock.MovableClock | None = None


def clock_step() -> None:
    assert _clock is not None
    _clock.advance(minutes=7)


@pytest.fixture
def moving_clock():
    global _clock
    with clock.moved_to(START) as c:
        _clock = c
        yield c
    _clock = None


def actor(code: str, role: str = "admin") -> Actor:
    return Actor("admin", code, role)


def status_json(capsys, root: Path, *extra: str) -> object:
    assert main(["--data-dir", str(root), "status", "--json", "--as-of", AS_OF, *extra]) == 0
    return json.loads(capsys.readouterr().out)


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


def notice(pair: Pair, code: str, name: str, deadline: date) -> str:
    return records.save(pair.township.sessions, actor(TOWNSHIP_CODE, "township_admin"), "rectification_notice", {
        "doc_number": f"城关中心校安〔2026〕{code[-1]}号", "notice_type": "rectification", "school_code": code,
        "school_name": name, "items": "1. 灭火器过期 → 立即更换。", "deadline": deadline,
        "issued_by": "城关镇中心校", "issued_on": date(2026, 11, 18),
    }).uuid  # fmt: skip


def test_each_schools_row_at_the_township_equals_the_schools_own_status(pair, capsys, moving_clock):
    first, township = pair.school, pair.township
    demo.fill(first.sessions)
    second = enrol(pair, SECOND, "城关镇第二小学")
    second_school_records(second)
    try:
        carry(pair, first, township)
        carry(pair, second, township)
        to_first = notice(pair, SCHOOL_CODE, "第一小学", date(2026, 11, 30))
        notice(pair, SECOND, "城关镇第二小学", date(2026, 11, 21))  # will be overdue, unanswered
        carry(pair, township, first, SCHOOL_CODE)
        carry(pair, township, second, SECOND)
        records.save(first.sessions, actor(SCHOOL_CODE), "rectification_reply", {
            "notice_uuid": to_first, "items_measures": "已更换灭火器。", "completion": "all_done",
            "replied_on": date(2026, 11, 21)})  # fmt: skip
        carry(pair, first, township)
        carry(pair, second, township, lost=True)  # package 2 of the second school never arrives
        meeting(second, SECOND, date(2026, 11, 22))
        carry(pair, second, township)
        carry(pair, township, first, SCHOOL_CODE)  # the receipts travel back down
        carry(pair, township, second, SECOND)

        rows = status_json(capsys, township.paths.root)
        assert isinstance(rows, list) and [r["school"]["code"] for r in rows] == [SCHOOL_CODE, SECOND]
        for storage, row in ((first, rows[0]), (second, rows[1])):
            own = status_json(capsys, storage.paths.root)
            assert isinstance(own, dict)
            assert set(own) == set(row)
            for key in own:
                assert row[key] == own[key], key
            assert status_json(capsys, township.paths.root, "--school", own["school"]["code"]) == [own]

        one, two = rows
        assert one["notices"] == {"open": 0, "overdue": 0, "answered": 1}
        assert one["last_package"]["seq"] == 2 and one["missing_packages"] == []
        assert one["hazards"]["open"] > 0 and one["incidents"]["total"] > 0
        assert two == {
            **two,
            "hazards": {"open": 2, "overdue": 1, "major_open": 1},
            "parent_meetings": {"held": 2, "required": 2, "state": "done"},
            "drills": {"done": 1, "required": 3, "state": "overdue"},
            "education_hours": {"done": 8.5, "required": 14, "state": "due"},
            "incidents": {"total": 1, "on_time": 0, "late": 1, "still_due": 0, "overdue": 0},
            "notices": {"open": 1, "overdue": 1, "answered": 0},
            "templates": [{"code": "daily_fire_patrol", "version": 3}],
            "missing_packages": [2],
        }
        assert two["last_package"]["seq"] == 3 and two["last_package"]["imported_at"]
        # timeliness is the school's own: signed at the school, not when the stick arrived
        assert two["last_package"]["signed_at"] < two["last_package"]["imported_at"]
    finally:
        second.close()


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
