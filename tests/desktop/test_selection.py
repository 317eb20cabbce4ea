"""Issue 15 point 3: the selected row is the row acted on. Clicking through a list with the
mouse, the detail panel names the clicked record every time, the actions enabled are that
record's, and an action applies to it (hazards, incidents, inspections)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from safetydesk.domain import hazard_flow
from safetydesk.services import incidents, records
from tests.db_thread import allow_test_db_access
from tests.desktop.hazard_steps import assigned, graded, hazard, staff, status_of, verified_path
from tests.desktop.steps import click_row, idle, open_window
from tests.hazards.helpers import inspect_with_failures


def _allowed(ws, uuid: str) -> set[str]:
    with allow_test_db_access():
        return set(hazard_flow.allowed_moves(records.get(ws.sessions, "hazard", uuid).values))


def test_the_hazard_workflow_follows_every_click(qtbot, workspace, china_clock) -> None:
    ws = workspace
    rectifier, verifier = staff(ws, "王强", "张校长")
    made = {
        "东侧围墙": hazard(ws, "东侧围墙", "围墙裂缝"),
        "二楼走廊": hazard(ws, "二楼走廊", "灭火器压力不足", graded()),
        "一年级教室": hazard(ws, "一年级教室", "插座面板破损", *verified_path(rectifier, verifier)),
        "操场旗杆": hazard(ws, "操场旗杆", "旗杆底座松动", graded(), assigned(rectifier)),
    }
    window = open_window(qtbot, ws)
    page = window.show_page("kind:hazard")
    idle(qtbot, window)
    order = ["二楼走廊", "一年级教室", "东侧围墙", "操场旗杆", "一年级教室", "二楼走廊", "一年级教室"]
    lagging, unnamed = [], []
    for location in order:
        click_row(qtbot, page.table, page.model.row_of(made[location]))
        idle(qtbot, window)
        enabled = {c for c, b in page.move_buttons.items() if b.isEnabled()}
        if enabled != _allowed(ws, made[location]):
            lagging.append(location)
        if location not in page.detail.text():
            unnamed.append(location)
    assert not lagging, f"the workflow buttons were another hazard's after clicking {lagging}"
    assert not unnamed, f"the panel did not name {unnamed}"
    # The last click was on the verified hazard: 销号 applies to it and to no other.
    assert page.move_buttons["close"].isEnabled()
    qtbot.mouseClick(page.move_buttons["close"], Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    dialog = page.move_dialog
    assert "一年级教室" in " ".join(w.text() for w in dialog.findChildren(QLabel))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    idle(qtbot, window)
    assert status_of(ws, made["一年级教室"]) == "closed"
    assert [status_of(ws, made[x]) for x in ("东侧围墙", "二楼走廊", "操场旗杆")] == [
        "registered", "graded", "assigned"]


def test_the_incident_status_follows_every_click(qtbot, workspace, china_clock) -> None:
    ws = workspace
    now = china_clock()
    titles = ("学生课间摔伤", "食堂学生呕吐", "校门口交通事故")
    with allow_test_db_access():
        made = {t: incidents.capture(ws.sessions, ws.actor, {
            "title": t, "summary": "经过", "place": "学校", "level": "general",
            "occurred_at": now - timedelta(minutes=5 + i)}) for i, t in enumerate(titles)}
    window = open_window(qtbot, ws)
    page = window.show_page("kind:incident")
    idle(qtbot, window)
    for title in ("食堂学生呕吐", "学生课间摔伤", "校门口交通事故", "食堂学生呕吐"):
        click_row(qtbot, page.table, page.model.row_of(made[title]))
        idle(qtbot, window)
        assert title in page.status_label.text(), (title, page.status_label.text())
    qtbot.mouseClick(page.phone_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    assert page.dialogs and page.dialogs[-1].uuid == made["食堂学生呕吐"]
    page.dialogs[-1].hide()


def test_the_inspection_detail_follows_every_click(qtbot, workspace, china_clock) -> None:
    ws = workspace
    (inspector,) = staff(ws, "李明")
    with allow_test_db_access():
        first = inspect_with_failures(ws, inspector, date(2026, 10, 8), notes=("围墙裂缝",))
        second = inspect_with_failures(ws, inspector, date(2026, 11, 2), notes=("灭火器过期", "插座破损"))
    window = open_window(qtbot, ws)
    page = window.show_page("kind:inspection")
    idle(qtbot, window)
    detail = page.findChild(QLabel, "inspection-detail")
    assert detail is not None
    for uuid, when, failed in ((second, "2026年11月2日", 2), (first, "2026年10月8日", 1), (second, "2026年11月2日", 2)):
        click_row(qtbot, page.table, page.model.row_of(uuid))
        idle(qtbot, window)
        assert when in detail.text() and str(failed) in detail.text(), detail.text()
    click_row(qtbot, page.table, page.model.row_of(first))
    qtbot.mouseClick(page.hazards_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    with allow_test_db_access():
        made = records.fetch_page(ws.sessions, records.ListQuery(kind="hazard"), 0, 10)
    assert [h.values["inspection_uuid"] for h in made] == [first]
