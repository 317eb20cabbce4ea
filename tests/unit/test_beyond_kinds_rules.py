"""The rules the record kinds beyond the notice (issue 17) enforce themselves.

A canteen worker cannot log a sample of 120 g or one thrown away after a day; a bus that failed its
tyre check cannot be marked fit to leave; a video system keeping 20 days of images cannot be
recorded as working; a township's score sheet must add up. Each refusal is in Chinese and sits
beside the field to correct, and a refused save leaves the database exactly as it was.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

import safetydesk.kinds  # noqa: F401  (registers every kind)
from safetydesk.domain.registry import get_kind
from safetydesk.domain.settings import get_var
from safetydesk.errors import ValidationError
from safetydesk.i18n import LOCAL_TZ
from safetydesk.kinds.school_bus import CHECK_ITEMS
from safetydesk.kinds.school_security import CLOSURE_ITEMS
from safetydesk.kinds.township_duties import ItemError, parse_items
from safetydesk.services import records
from tests.support import dump

NOON = datetime(2026, 11, 25, 11, 40, tzinfo=LOCAL_TZ)
SHEET = "隐患排查整改｜60｜55｜台账齐全\n安全教育｜40｜36｜缺2课时"


def _errors(kind_key: str, **values: object) -> dict[str, str]:
    """The kind's own checks and those reading county rules (at their declared defaults)."""
    kind = get_kind(kind_key)
    full = {f.attr: values.get(f.attr, f.default) for f in kind.fields}
    rule_check = kind.hooks.get("county_rules")
    assert kind.validate is not None or rule_check is not None
    errors = kind.validate(full) if kind.validate is not None else {}
    if rule_check is not None:
        errors |= rule_check(full, lambda key: get_var(key).default)
    return errors


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# --- canteen ----------------------------------------------------------------------------------------


def test_a_sample_under_125_g_is_refused_and_125_g_is_enough() -> None:
    errors = _errors("food_sample", weight_g=124.5, sampled_at=NOON, kept_until=NOON + timedelta(hours=50))
    assert set(errors) == {"weight_g"}
    assert _chinese(errors["weight_g"]) and "125" in errors["weight_g"]
    assert (
        _errors("food_sample", weight_g=125.0, sampled_at=NOON, kept_until=NOON + timedelta(hours=50)) == {}
    )


def test_a_sample_kept_less_than_48_hours_is_refused() -> None:
    short = NOON + timedelta(hours=47, minutes=59)
    errors = _errors("food_sample", weight_g=150.0, sampled_at=NOON, kept_until=short)
    assert set(errors) == {"kept_until"}
    assert "48" in errors["kept_until"]
    assert (
        _errors("food_sample", weight_g=150.0, sampled_at=NOON, kept_until=NOON + timedelta(hours=48)) == {}
    )


@pytest.mark.parametrize(
    ("kind_key", "issued", "until"),
    [
        ("canteen_staff_health", "issued_on", "valid_until"),
        ("food_supplier", "issued_on", "valid_until"),
        ("security_guard", "certificate_issued_on", "certificate_valid_until"),
        ("school_bus", "sign_issued_on", "sign_valid_until"),
        ("school_bus", "last_inspection_on", "next_inspection_on"),
        ("bus_driver", "licence_first_issued", "licence_valid_until"),
        ("bus_driver", "qualified_on", "qualification_valid_until"),
        ("security_system_test", "tested_on", "next_test_on"),
    ],
)
def test_an_expiry_must_come_after_the_issue(kind_key: str, issued: str, until: str) -> None:
    day = date(2026, 3, 1)
    assert until in _errors(kind_key, **{issued: day, until: day})
    assert until in _errors(kind_key, **{issued: day, until: day - timedelta(days=1)})
    assert until not in _errors(kind_key, **{issued: day, until: day + timedelta(days=1)})


@pytest.mark.parametrize(
    ("kind_key", "earlier", "later"),
    [
        ("drowning_letter", "sent_on", "receipts_due"),
        ("major_hazard_report", "reported_on", "deadline"),
        ("risk_point", "identified_on", "next_review_on"),
        ("township_meeting", "held_on", "follow_up_by"),
    ],
)
def test_later_dates_cannot_come_first(kind_key: str, earlier: str, later: str) -> None:
    assert later in _errors(kind_key, **{earlier: date(2026, 10, 10), later: date(2026, 10, 9)})
    assert _errors(kind_key, **{earlier: date(2026, 10, 10), later: date(2026, 10, 10)}) == {}


# --- drowning prevention -------------------------------------------------------------------------------


def test_more_receipts_than_letters_is_refused() -> None:
    errors = _errors("drowning_letter", sent_count=40, returned_count=41)
    assert set(errors) == {"returned_count"}
    assert "41" in errors["returned_count"] and "40" in errors["returned_count"]
    assert _errors("drowning_letter", sent_count=40, returned_count=40) == {}


# --- school buses ---------------------------------------------------------------------------------------


def _all_items_ok() -> dict[str, bool]:
    return {attr: True for attr, _label in CHECK_ITEMS}


def test_a_bus_that_failed_its_check_may_not_be_marked_fit_to_depart() -> None:
    items = _all_items_ok() | {"tyres_ok": False}
    errors = _errors("bus_departure_check", **items, fit_to_depart=True, problems="左前轮鼓包")
    assert set(errors) == {"fit_to_depart"}
    assert "轮胎" in errors["fit_to_depart"]
    assert _errors("bus_departure_check", **items, fit_to_depart=False, problems="左前轮鼓包，停运") == {}
    assert _errors("bus_departure_check", **_all_items_ok(), fit_to_depart=True) == {}


def test_an_item_not_ticked_needs_the_problem_written_down() -> None:
    items = _all_items_ok() | {"lights_ok": False}
    assert set(_errors("bus_departure_check", **items)) == {"problems"}


def test_a_driver_needs_three_years_of_driving_before_the_qualification() -> None:
    first = date(2020, 5, 10)
    errors = _errors("bus_driver", licence_first_issued=first, qualified_on=date(2023, 5, 9))
    assert set(errors) == {"qualified_on"}
    assert _chinese(errors["qualified_on"])
    assert _errors("bus_driver", licence_first_issued=first, qualified_on=date(2023, 5, 10)) == {}
    leap = _errors("bus_driver", licence_first_issued=date(2020, 2, 29), qualified_on=date(2023, 2, 28))
    assert leap == {}


# --- campus security ------------------------------------------------------------------------------------


def test_video_kept_fewer_than_30_days_cannot_be_recorded_as_working() -> None:
    base = {"system": "video", "tested_on": date(2026, 11, 1)}
    assert set(_errors("security_system_test", **base, result="normal")) == {"retention_days"}
    errors = _errors("security_system_test", **base, result="normal", retention_days=29)
    assert set(errors) == {"result"}
    assert "29" in errors["result"] and "30" in errors["result"]
    assert (
        _errors("security_system_test", **base, result="fault", retention_days=29, problems="硬盘容量不足")
        == {}
    )
    assert _errors("security_system_test", **base, result="normal", retention_days=30) == {}
    # the one-button alarm keeps no images
    assert _errors("security_system_test", system="one_button_alarm", result="normal") == {}


def test_a_fault_needs_its_description_and_working_cameras_cannot_outnumber_cameras() -> None:
    assert "problems" in _errors("security_system_test", system="one_button_alarm", result="fault")
    errors = _errors("security_system_test", system="video", result="normal", retention_days=30, cameras=10,
                     cameras_working=11)  # fmt: skip
    assert set(errors) == {"cameras_working"}


def test_a_closed_campus_check_with_a_failed_item_needs_the_problem() -> None:
    items = {attr: True for attr, _label, _short in CLOSURE_ITEMS}
    assert _errors("closed_campus_check", **items) == {}
    assert set(_errors("closed_campus_check", **(items | {"walls_intact": False}))) == {"problems"}
    assert _errors("closed_campus_check", **(items | {"walls_intact": False}), problems="东墙裂缝") == {}


def test_a_visitor_cannot_leave_before_arriving() -> None:
    assert set(_errors("visitor_log", time_in=NOON, time_out=NOON)) == {"time_out"}
    assert _errors("visitor_log", time_in=NOON, time_out=NOON + timedelta(minutes=5)) == {}


# --- the township's assessment sheet ----------------------------------------------------------------------


def test_sheet_items_are_read_line_by_line() -> None:
    items = parse_items(SHEET + "\n\n信息报告 | 10 | 10")
    assert [(i.item, i.full_marks, i.points, i.evidence) for i in items] == [
        ("隐患排查整改", 60, 55, "台账齐全"),
        ("安全教育", 40, 36, "缺2课时"),
        ("信息报告", 10, 10, ""),
    ]
    with pytest.raises(ItemError, match="第2行"):
        parse_items("安全教育｜40｜36\n信息报告｜10｜12")
    with pytest.raises(ItemError, match="不是数字"):
        parse_items("安全教育｜四十｜36")
    with pytest.raises(ItemError, match="第1行"):
        parse_items("安全教育 36 分")


def test_a_sheet_must_add_up() -> None:
    assert _errors("assessment_sheet", items=SHEET, full_marks=100.0, total_score=91.0) == {}
    wrong_total = _errors("assessment_sheet", items=SHEET, full_marks=100.0, total_score=90.0)
    assert set(wrong_total) == {"total_score"} and "91" in wrong_total["total_score"]
    wrong_full = _errors("assessment_sheet", items=SHEET, full_marks=120.0, total_score=91.0)
    assert set(wrong_full) == {"full_marks"} and "100" in wrong_full["full_marks"]
    bad_line = _errors("assessment_sheet", items="安全教育｜40｜41", full_marks=40.0, total_score=41.0)
    assert set(bad_line) == {"items"}


# --- a refused save changes nothing ---------------------------------------------------------------------


def test_refused_saves_leave_the_database_as_it_was(workspace) -> None:
    ws = workspace
    staff = records.save(ws.sessions, ws.actor, "staff", {"name": "萧子欣", "position": "食堂管理员"}).uuid
    before = dump(ws.paths.database)
    sample = {"sampled_at": NOON, "meal": "lunch", "dish": "土豆烧肉", "weight_g": "100",
              "kept_until": NOON + timedelta(hours=48), "sampled_by_uuid": staff}  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        records.save(ws.sessions, ws.actor, "food_sample", sample)
    assert set(refused.value.field_errors) == {"weight_g"}
    assert _chinese(refused.value.user_message)
    sheet = {"title": "示范小学考核", "school_name": "安阳县示范小学", "period": "2026年秋季学期",
             "assessed_on": date(2026, 11, 26), "items": SHEET, "full_marks": 100, "total_score": 95}  # fmt: skip
    with pytest.raises(ValidationError):
        records.save(ws.sessions, ws.actor, "assessment_sheet", sheet)
    assert dump(ws.paths.database) == before
    saved = records.save(ws.sessions, ws.actor, "food_sample", sample | {"weight_g": "125"})
    assert records.get(ws.sessions, "food_sample", saved.uuid).values["weight_g"] == 125.0
