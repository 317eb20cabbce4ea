"""Issue 15 point 4: the shortcuts the program shows work. Ctrl+S saves a form, Ctrl+N makes a
new record even right after a click in the navigation, Return after a failed checklist save
moves on instead of saving again."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from safetydesk.domain.registry import get_kind
from safetydesk.ui.record_form import RecordForm
from safetydesk.ui.tasks import TaskRunner
from tests.db_thread import wait_idle
from tests.desktop.steps import activate, idle, open_window
from tests.support import type_chinese


def test_ctrl_s_saves_a_record_form(qtbot, workspace, china_clock) -> None:
    runner = TaskRunner()
    form = RecordForm(workspace, runner, get_kind("parent_meeting"))
    qtbot.addWidget(form, before_close_func=lambda w: w.hide())
    form.show()
    activate(qtbot, form)
    wait_idle(qtbot, runner)
    form.editors["scope"].set_value("school")
    type_chinese(form.editors["topic"].widget, "防溺水安全家长会")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        qtbot.keyClick(form.editors["topic"].widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_n_right_after_a_click_in_the_navigation(qtbot, workspace, china_clock) -> None:
    window = open_window(qtbot, workspace)
    page = window.show_page("kind:parent_meeting")
    idle(qtbot, window)
    window.show_page("dashboard")
    activate(qtbot, window)
    nav = window.nav
    item = nav._items["kind:parent_meeting"]
    nav.scrollToItem(item)
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(item).center())
    idle(qtbot, window)
    assert window.stack.currentWidget() is page and nav.hasFocus(), QApplication.focusWidget()
    qtbot.keyClick(nav, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, window)
    assert page.open_forms, "Ctrl+N opened no form"
    page.open_forms[-1].hide()


def test_return_after_a_failed_checklist_save_moves_on(qtbot, workspace, china_clock) -> None:
    window = open_window(qtbot, workspace)  # no staff yet: the inspector cannot be chosen
    page = window.show_page("kind:inspection")
    idle(qtbot, window)
    page.start_inspection()
    idle(qtbot, window)
    walker = page.walker
    activate(qtbot, walker)
    qtbot.keyClick(walker.items, Qt.Key.Key_1)
    qtbot.mouseClick(walker.save_hazards_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    assert walker.isVisible() and walker.error.text()
    saves = []
    walker.page.runner.busy_changed.connect(lambda busy: saves.append(busy) if busy else None)
    qtbot.keyClick(QApplication.focusWidget() or walker, Qt.Key.Key_Return)
    idle(qtbot, window)
    assert walker.current == 1, "Return moves to the next item"
    assert not saves, "Return did not try to save again"
    walker.hide()
