"""Issue 15 point 5: every change refreshes every open view that shows it. A report written on
the reports list shows at once in the incidents page's reporting column; a staff member renamed
on the staff page shows under the new name in the hazard list."""

from __future__ import annotations

from datetime import timedelta

from safetydesk.domain import incident_clock as ic
from safetydesk.services import incidents, records
from tests.db_thread import allow_test_db_access
from tests.desktop.hazard_steps import assigned, graded, hazard, staff
from tests.desktop.steps import idle, open_window
from tests.support import type_chinese


def test_a_report_saved_elsewhere_shows_on_the_open_incidents_page(qtbot, workspace, china_clock) -> None:
    ws = workspace
    with allow_test_db_access():
        uuid = incidents.capture(ws.sessions, ws.actor, {
            "title": "学生课间摔伤", "summary": "经过", "place": "操场", "level": "general",
            "occurred_at": china_clock() - timedelta(minutes=10)})
    window = open_window(qtbot, ws)
    incidents_page = window.show_page("kind:incident")
    idle(qtbot, window)
    assert incidents_page.model.statuses[uuid].written is ic.Timeliness.PENDING
    reports_page = window.show_page("kind:incident_report")
    idle(qtbot, window)
    form = reports_page.new_record()
    idle(qtbot, window)
    form.editors["incident_uuid"].set_value(uuid)
    form.editors["report_type"].set_value("first")
    form.editors["sent_at"].set_value(china_clock())
    type_chinese(form.editors["receiver"].widget, "县教育局")
    type_chinese(form.editors["body"].widget, "首报：学生课间摔伤，已送医。")
    form.save()
    idle(qtbot, window)
    assert not form.isVisible()
    idle(qtbot, window)
    assert incidents_page.model.statuses[uuid].written is ic.Timeliness.ON_TIME


def test_a_renamed_staff_member_shows_on_the_open_hazard_page(qtbot, workspace, china_clock) -> None:
    ws = workspace
    (person,) = staff(ws, "王强")
    uuid = hazard(ws, "东侧围墙", "围墙裂缝", graded(), assigned(person))
    window = open_window(qtbot, ws)
    hazard_page = window.show_page("kind:hazard")
    idle(qtbot, window)
    column = [f.attr for f in hazard_page.model.columns].index("responsible_uuid")
    row = hazard_page.model.row_of(uuid)
    assert hazard_page.model.index(row, column).data() == "王强"
    with allow_test_db_access():
        record = records.get(ws.sessions, "staff", person)
    staff_page = window.show_page("kind:staff")
    idle(qtbot, window)
    form = staff_page._open_form(record)
    form.editors["name"].widget.clear()
    type_chinese(form.editors["name"].widget, "王小强")
    form.save()
    idle(qtbot, window)
    idle(qtbot, window)
    assert hazard_page.model.index(hazard_page.model.row_of(uuid), column).data() == "王小强"
