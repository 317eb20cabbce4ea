"""The officer moves the start of the autumn semester; every list's semester filter follows."""

from __future__ import annotations

from datetime import date

from safetydesk.domain.semester import DEFAULT_CALENDAR
from safetydesk.services import records, settings
from safetydesk.services.workspace import Workspace
from safetydesk.ui.main_window import MainWindow
from safetydesk.ui.pages.settings_page import SettingsPage
from tests.db_thread import allow_test_db_access, wait_idle
from tests.support import dump


def _hazard_on(ws: Workspace, day: date) -> str:
    staff = records.save(ws.sessions, ws.actor, "staff", {"name": "张伟"}).uuid
    values = {
        "found_on": day,
        "category": "fire",
        "location": "教学楼",
        "grade": "general",
        "description": "灭火器过期",
        "inspector_uuid": staff,
    }
    return records.save(ws.sessions, ws.actor, "hazard", values).uuid


def test_changing_the_autumn_start_moves_the_semester_filter(qtbot, workspace: Workspace) -> None:
    _hazard_on(workspace, date(2026, 8, 25))
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    assert "settings" in window.nav.page_ids()
    hazards = window.show_page("kind:hazard")
    hazards.semester_box.addItem("2026-autumn", "2026-autumn")
    hazards.semester_box.setCurrentIndex(hazards.semester_box.count() - 1)
    assert hazards.model.total() == 0  # 25 August is before 1 September

    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    qtbot.waitUntil(lambda: page.loaded)
    calendar = page.editors["semester_calendar"].parts
    hours = page.editors["education_hours"].parts
    assert tuple(calendar["autumn_start"].value()) == DEFAULT_CALENDAR.autumn_start
    assert hours["primary"].value() == 14 and page.editors["parent_meetings_required"].value() == 2

    calendar["autumn_start"].month.setValue(8)
    calendar["autumn_start"].day.setValue(20)
    hours["middle"].setValue(16)
    with qtbot.waitSignal(page.saved, timeout=5000):
        page.save_button.click()

    with allow_test_db_access():
        cal = settings.semester_calendar(workspace.sessions)
        assert cal.autumn_start == (8, 20)
        assert settings.get(workspace.sessions, "education_hours") == {"primary": 14, "middle": 16, "high": 8}
        assert settings.get(workspace.sessions, "parent_meetings_required") == 2
        q = records.ListQuery(kind="hazard", semester="2026-autumn")
        assert records.count(workspace.sessions, q) == 1
    hazards.refresh()  # the open list follows the new calendar
    window.runner.wait_done()
    wait_idle(qtbot, window.runner)
    assert hazards.model.total() == 1
    window.close()


def test_impossible_calendars_are_refused_beside_the_form(qtbot, workspace: Workspace) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    page = window.show_page("settings")
    qtbot.waitUntil(lambda: page.loaded)
    calendar = page.editors["semester_calendar"].parts
    before = dump(workspace.paths.database)
    calendar["spring_end"].month.setValue(10)  # spring ending after autumn starts
    page.save_button.click()
    assert page.error_label.text()
    assert calendar["autumn_start"].toolTip()  # marked beside the field
    beside = page.field_messages["semester_calendar"]
    assert not beside.isHidden() and "学年" in beside.text()
    calendar["spring_end"].month.setValue(7)
    calendar["autumn_end"].month.setValue(2)
    calendar["autumn_end"].day.setValue(29)
    page.save_button.click()
    assert "2月29日" in page.error_label.text() and calendar["autumn_end"].toolTip()
    assert not calendar["autumn_start"].toolTip()  # the order is fine now
    window.runner.wait_done()
    assert dump(workspace.paths.database) == before
    window.close()
