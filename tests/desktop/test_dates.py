"""Issue 15 point 1: a date field starts at today (the school's day, China time), a blank one
says "(未填)" and typing replaces it, the calendar opens on this month, and the forms Chinese users
type are understood. One date editor serves every form, filter and dialog."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCalendarWidget, QDateTimeEdit

from safetydesk.domain.registry import get_kind
from safetydesk.ui.record_form import RecordForm
from safetydesk.ui.tasks import TaskRunner
from tests.db_thread import wait_idle
from tests.desktop.steps import activate, idle, open_window, visible
from tests.support import type_chinese

TYPED = ("2026-12-01", "2026/12/1", "20261201", "2026年12月1日", "12月1日")


def _form(qtbot, ws, key: str) -> tuple[RecordForm, TaskRunner]:
    runner = TaskRunner()
    form = RecordForm(ws, runner, get_kind(key))
    qtbot.addWidget(form, before_close_func=lambda w: w.hide())  # no "discard?" box at the end
    form.show()
    activate(qtbot, form)
    wait_idle(qtbot, runner)
    return form, runner


def test_a_new_parent_meeting_starts_at_the_schools_today(qtbot, workspace, china_clock) -> None:
    form, _runner = _form(qtbot, workspace, "parent_meeting")
    assert form.editors["held_on"].value() == date(2026, 11, 3)  # not the PC's (UTC) 2 November
    # A date that is truly optional starts blank, and says so.
    visit, _r = _form(qtbot, workspace, "home_visit")
    assert visit.editors["next_follow_up"].value() is None
    assert "未填" in visit.editors["next_follow_up"].widget.placeholderText()


@pytest.mark.parametrize("typed", TYPED)
def test_typed_dates_in_the_forms_chinese_users_write(qtbot, workspace, china_clock, typed) -> None:
    form, _runner = _form(qtbot, workspace, "home_visit")
    editor = form.editors["next_follow_up"]
    widget = editor.widget
    widget.setFocus()
    if typed.isascii():
        qtbot.keyClicks(widget, typed)
    else:
        type_chinese(widget, typed)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert editor.value() == date(2026, 12, 1), widget.text()
    assert widget.text() == "2026-12-01"  # shown one way, whatever was typed


def test_select_all_and_delete_clears_an_optional_date(qtbot, workspace, china_clock) -> None:
    form, _runner = _form(qtbot, workspace, "home_visit")
    editor = form.editors["next_follow_up"]
    editor.set_value(date(2026, 12, 1))
    editor.widget.setFocus()
    qtbot.keyClick(editor.widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor.widget, Qt.Key.Key_Delete)
    qtbot.keyClick(editor.widget, Qt.Key.Key_Tab)
    assert editor.value() is None
    # Typing into a blank date replaces the "(未填)" cleanly.
    qtbot.keyClicks(editor.widget, "2027-01-05")
    assert editor.value() == date(2027, 1, 5)


def test_the_calendar_opens_on_this_month(qtbot, workspace, china_clock) -> None:
    form, _runner = _form(qtbot, workspace, "home_visit")
    widget = form.editors["next_follow_up"].widget  # blank
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_F4)
    calendars = visible(QCalendarWidget)
    assert calendars, "F4 opens the calendar"
    assert (calendars[0].yearShown(), calendars[0].monthShown()) == (2026, 11)
    qtbot.keyClick(calendars[0], Qt.Key.Key_Escape)


def test_one_date_editor_everywhere(qtbot, workspace, china_clock) -> None:
    """Every page's filters and dialogs use the same editor; no Qt date edit shows a date in the
    locale's short format (12/1/26)."""
    from safetydesk.ui.widgets.date_edit import DateEdit

    window = open_window(qtbot, workspace)
    for page_id in window.nav.page_ids():
        window.show_page(page_id)
        idle(qtbot, window)
    page = window.show_page("kind:parent_meeting")
    assert isinstance(page.date_from, DateEdit) and isinstance(page.date_to, DateEdit)
    assert page.date_from.date() is None and "不限" in page.date_from.placeholderText()
    for edit in window.findChildren(QDateTimeEdit):
        assert edit.displayFormat() in ("HH:mm",), (edit.objectName(), edit.displayFormat())
    audit = window.show_page("access:audit")
    assert isinstance(audit.date_to, DateEdit) and audit.date_to.date() == date(2026, 11, 3)
    idle(qtbot, window)
