"""The daily logs in `status --json` (`daily_logs`): the township counts a school's gaps from the
rows it imported and the facility settings the school's package reports (school/facilities.json),
so both ends agree and a school without a canteen is never counted short of meals or samples.
Only a school may report facilities; a township's package carrying them is refused whole."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl

from safetydesk.cli import main
from safetydesk.domain import clock
from safetydesk.i18n import LOCAL_TZ
from safetydesk.models.local import Setting
from safetydesk.services import console, records, school_facilities, settings, status
from safetydesk.services.changes import Actor
from safetydesk.sync import school_facilities as facilities_wire
from safetydesk.sync.importer import import_package
from tests.support import dump
from tests.sync.conftest import SCHOOL_CODE
from tests.sync.craft import craft
from tests.sync.test_hostile import rejected

ADMIN = Actor("admin", SCHOOL_CODE, "admin")
DAY = date(2026, 11, 23)  # a Monday: the window is the ten school days before it


def _own(pair) -> dict:
    return status.statuses(pair.school.sessions, DAY)[0].as_json()


def _seen(pair) -> dict:
    return status.statuses(pair.township.sessions, DAY, SCHOOL_CODE)[0].as_json()


def _cell(pair) -> console.Cell:
    """The township console's daily-logs cell of the school."""
    st = status.statuses(pair.township.sessions, DAY, SCHOOL_CODE)[0]
    return next(c for c in console.cells_of(st, DAY) if c.key == "daily_logs")


def test_the_townships_daily_log_gaps_equal_the_schools_and_follow_its_facilities(pair, capsys) -> None:
    with clock.moved_to(datetime(2026, 11, 20, 9, 0, tzinfo=LOCAL_TZ)):
        sessions = pair.school.sessions
        teacher = records.save(sessions, ADMIN, "staff", {"name": "赵老师"}).uuid
        for day in (date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 18)):
            for period in ("arrival", "dismissal"):
                records.save(sessions, ADMIN, "guard_duty", {"duty_on": day, "period": period, "post": "学校大门口",
                                                             "staff_uuid": teacher, "present": True})
        assert _seen(pair)["daily_logs"] is None  # nothing reported yet: the township cannot tell
        assert _cell(pair).colour == console.GREY
        own = _own(pair)
        # ten school days checked: gate duty kept on three, no meals or samples; the campus check is late
        assert own["daily_logs"] == {"window_days": 10, "gaps": {
            "closed_campus_checks": 1, "food_sample_days": 10, "guard_duty_days": 7, "meal_accompany_days": 10}}
        pair.imp(pair.export().path)
        assert _seen(pair) | {"last_package": None} == own | {"last_package": None}

        settings.write(pair.school.sessions, ADMIN, {"facilities.canteen": False})
        own = _own(pair)
        assert own["daily_logs"]["gaps"] == {"closed_campus_checks": 1, "guard_duty_days": 7}
        assert _seen(pair)["daily_logs"]["gaps"]["meal_accompany_days"] == 10  # not told yet
        pair.imp(pair.export().path)
        seen = _seen(pair)
        capsys.readouterr()
        assert main(["--data-dir", str(pair.township.paths.root), "status", "--school", SCHOOL_CODE,
                     "--as-of", DAY.isoformat()]) == 0
        text = capsys.readouterr().out
        cell = _cell(pair)
        sheet = pair.root / "status.xlsx"
        assert main(["--data-dir", str(pair.township.paths.root), "report", "township-status", "--out", str(sheet),
                     "--to", DAY.isoformat()]) == 0
    assert seen["daily_logs"] == own["daily_logs"]
    assert seen | {"last_package": None} == own | {"last_package": None}
    assert (cell.colour, cell.text) == (console.RED, "缺 8") and "护学岗值守 7" in cell.tip
    assert cell.kind == "guard_duty"  # a click opens the list of the biggest gap
    rows = [r for r in openpyxl.load_workbook(sheet).active.iter_rows(values_only=True) if r and any(r)]
    header = next(r for r in rows if "日常记录缺漏" in r)
    assert rows[rows.index(header) + 1][header.index("日常记录缺漏")] == 8
    assert "近 10 个上学日的日常记录缺漏：" in text and "护学岗值守 7" in text and "陪餐" not in text, text


def test_a_malformed_facilities_report_or_one_from_a_township_is_refused_whole(pair) -> None:
    for body in (b'{"facilities.canteen": 1}', b'{"facilities.pool": true}', b"[]", b'{"a": true, "a": true}'):
        rejected(pair, craft(pair, members={facilities_wire.MEMBER: body}), "bad_payload")
    good = facilities_wire.member_bytes({"facilities.canteen": False, "facilities.school_bus": True})
    assert facilities_wire.read(good, file="x") == {"facilities.canteen": False, "facilities.school_bus": True}
    # downward, from the township to the school: never the township's word on a school's facilities
    path = pair.root / "down.sdpkg"
    path.write_bytes(craft(pair, down=True, members={facilities_wire.MEMBER: good}))
    before = dump(pair.school.paths.database, skip_attempts=True)
    result = import_package(pair.school, path, "tester")
    assert (result.status, result.code) == ("rejected", "bad_payload"), result.message
    assert dump(pair.school.paths.database, skip_attempts=True) == before


def test_the_newest_report_of_a_schools_facilities_wins_in_any_arrival_order(pair) -> None:
    """Packages arrive in any order: an older one does not bring back the facilities a newer one
    replaced. A school reinstalled under a new key numbers its packages from 1 again, and its
    first report replaces the old key's (services/settings.keep_report)."""
    first = pair.export().path  # No. 1: a canteen (the default)
    settings.write(pair.school.sessions, ADMIN, {"facilities.canteen": False})
    second = pair.export().path  # No. 2: no canteen
    pair.imp(second)
    pair.imp(first)
    key = f"{school_facilities.PREFIX}{SCHOOL_CODE}"
    with pair.township.sessions() as s:
        kept = s.get(Setting, key).value
        assert kept["values"]["facilities.canteen"] is False and kept["seq"] == 2
        assert school_facilities.hidden_by_school(s, [SCHOOL_CODE])[SCHOOL_CODE] >= {"meal_accompany", "food_sample"}
    with pair.township.sessions.begin() as s:
        settings.keep_report(s, key, {"values": {"facilities.canteen": True}}, seq=1, sender_key=kept["sender_key"])
    with pair.township.sessions.begin() as s:
        assert s.get(Setting, key).value["seq"] == 2  # the same key's older number: unchanged
        settings.keep_report(s, key, {"values": {"facilities.canteen": True}}, seq=1, sender_key="f" * 32)
    with pair.township.sessions() as s:
        assert s.get(Setting, key).value == {"values": {"facilities.canteen": True}, "seq": 1, "sender_key": "f" * 32}
        assert "meal_accompany" not in school_facilities.hidden_by_school(s, [SCHOOL_CODE])[SCHOOL_CODE]
