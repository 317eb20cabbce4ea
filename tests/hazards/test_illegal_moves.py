"""Every illegal move is refused with a message saying what is missing, and the database is
unchanged (compared as a full dump)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from safetydesk.domain import hazard_flow
from safetydesk.domain.clock import moved_to
from safetydesk.errors import WorkflowError
from safetydesk.services import hazards, records
from tests.hazards.helpers import add_staff
from tests.support import dump

FOUND = date(2026, 11, 2)


def _hazard(ws, **values) -> str:
    base = {
        "found_on": FOUND,
        "category": "fire",
        "location": "教学楼二楼",
        "description": "灭火器压力不足",
        "grade": "general",
    }
    return records.save(ws.sessions, ws.actor, "hazard", {**base, **values}).uuid


def _walk(ws, uuid: str, until: str, staff: list[str]) -> None:
    a, b, _c = staff
    steps = [
        ("grade", {"grade": "general"}),
        ("assign", {"responsible_uuid": a, "measures": "更换", "deadline": date(2026, 11, 9)}),
        ("start", {"rectified_by_uuid": a}),
        ("request_verification", {"result": "已更换"}),
        ("verify", {"verifier_uuid": b}),
        ("close", {}),
    ]
    for code, params in steps:
        if records.get(ws.sessions, "hazard", uuid).values["status"] == until:
            return
        hazards.move(ws.sessions, ws.actor, uuid, code, params)


# (state to reach, move, params (staff given by index), words the refusal must contain)
ILLEGAL = [
    ("registered", "close", {}, "销号"),
    ("registered", "verify", {"verifier_uuid": 1}, "验收"),
    ("registered", "start", {}, "开始整改"),
    ("graded", "assign", {"responsible_uuid": 0, "measures": "更换", "deadline": date(2026, 11, 1)}, "时限"),
    ("graded", "assign", {"measures": "更换", "deadline": date(2026, 11, 9)}, "整改责任人"),
    ("graded", "grade", {"grade": "serious"}, "隐患等级"),
    ("assigned", "request_verification", {"result": "done"}, "申请验收"),
    ("assigned", "close", {}, "销号"),
    ("assigned", "supervise", {}, "督办"),
    ("rectifying", "request_verification", {"result": ""}, "整改结果"),
    ("rectifying", "request_verification", {"result": "ok", "done_on": date(2026, 11, 1)}, "发现"),
    ("verification_requested", "verify", {"verifier_uuid": 0}, "整改人"),
    ("verification_requested", "verify", {}, "验收人"),
    ("verification_requested", "close", {}, "销号"),
    ("closed", "grade", {"grade": "major"}, "已销号"),
    ("closed", "report_township", {}, "已销号"),
    ("registered", "no_such_move", {}, "no_such_move"),
]


@pytest.mark.parametrize(
    ("state", "code", "params", "words"),
    ILLEGAL,
    ids=[f"{s}-{c}-{i}" for i, (s, c, _p, _w) in enumerate(ILLEGAL)],
)
def test_an_illegal_move_is_refused_and_nothing_changes(workspace, state, code, params, words) -> None:
    ws = workspace
    with moved_to(datetime(2026, 11, 3, 10, 0)):
        staff = add_staff(ws, "王强", "张校长", "赵主任")
        uuid = _hazard(ws)
        _walk(ws, uuid, state, staff)
        resolved = {k: staff[v] if k.endswith("_uuid") else v for k, v in params.items()}
        before = dump(ws.paths.database)
        with pytest.raises(WorkflowError) as err:
            hazards.move(ws.sessions, ws.actor, uuid, code, resolved)
        assert words in err.value.user_message
        assert dump(ws.paths.database) == before


def test_reporting_twice_is_refused(workspace) -> None:
    ws = workspace
    with moved_to(datetime(2026, 11, 3, 10, 0)):
        uuid = _hazard(ws)
        hazards.move(ws.sessions, ws.actor, uuid, "report_township", reason="学校无力解决")
        v = records.get(ws.sessions, "hazard", uuid).values
        assert v["escalated_to_township"] is True and v["status"] == "registered"
        before = dump(ws.paths.database)
        with pytest.raises(WorkflowError, match="已上报"):
            hazards.move(ws.sessions, ws.actor, uuid, "report_township")
        assert dump(ws.paths.database) == before


def test_a_major_hazard_without_five_fixed_cannot_close_even_when_verified() -> None:
    values = {
        "status": "verified",
        "grade": "major",
        "found_on": FOUND,
        "verifier_uuid": "v",
        "verified_on": FOUND,
        "rectified_by_uuid": "r",
        "responsible_uuid": "r",
        "measures": "x",
        "deadline": FOUND,
    }
    with pytest.raises(WorkflowError) as err:
        hazard_flow.apply_move(values, "close", today=FOUND)
    assert "资金来源" in err.value.user_message and "临时防护" in err.value.user_message
    values |= {"funds_source": "公用经费", "interim_controls": "警戒线"}
    assert hazard_flow.apply_move(values, "close", today=FOUND)["status"] == "closed"
    without_verification = {**values, "verifier_uuid": None, "verified_on": None}
    with pytest.raises(WorkflowError, match="验收记录"):
        hazard_flow.apply_move(without_verification, "close", today=FOUND)


def test_a_form_save_cannot_set_workflow_fields(workspace) -> None:
    ws = workspace
    uuid = _hazard(ws)
    v = records.get(ws.sessions, "hazard", uuid).values
    records.save(ws.sessions, ws.actor, "hazard", {**v, "status": "closed", "closed_on": FOUND}, uuid)
    after = records.get(ws.sessions, "hazard", uuid).values
    assert after["status"] == "registered" and after["closed_on"] is None


def test_allowed_moves_follow_the_state() -> None:
    assert hazard_flow.allowed_moves({"status": "registered"}, FOUND) == ["grade", "report_township"]
    assert hazard_flow.allowed_moves({"status": "verified", "escalated_to_township": True}, FOUND) == [
        "close"
    ]
    late = {"status": "assigned", "deadline": date(2026, 11, 1)}
    assert "supervise" in hazard_flow.allowed_moves(late, FOUND)
    assert "supervise" not in hazard_flow.allowed_moves({**late, "supervised_on": FOUND}, FOUND)
