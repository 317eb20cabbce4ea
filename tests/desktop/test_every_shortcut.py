"""Issue 15 point 4: every shortcut the program advertises works. The test collects the keys shown
in menus, buttons, hints and tooltips of the window, its pages and its dialogs, checks that each
one is declared in ui/shortcuts.py (the registry Help lists), then presses every declared key
with QTest and checks what it did. A shortcut added without a check here fails the test."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QCalendarWidget, QLabel, QLineEdit, QWidget

from safetydesk.services import records
from safetydesk.ui import shortcuts
from safetydesk.ui.dialogs.incident_capture import IncidentCaptureDialog
from safetydesk.ui.dialogs.user_guide import UserGuideDialog
from safetydesk.ui.record_form import RecordForm
from safetydesk.ui.widgets.date_edit import DateEdit
from tests.db_thread import allow_test_db_access, wait_idle
from tests.desktop.hazard_steps import staff
from tests.desktop.steps import activate, click_row, idle, open_window, visible
from tests.support import type_chinese

KEY_IN_TEXT = re.compile(r"(?:Ctrl|Alt|Shift)\+[A-Za-z0-9+]+|\bF\d{1,2}\b")

Check = Callable[[Any], None]


def _press(qtbot: Any, widget: QWidget, sequence: str) -> None:
    combo = QKeySequence(sequence)[0]
    qtbot.keyClick(widget, combo.key(), combo.keyboardModifiers())


def _advertised(widgets: list[QWidget]) -> set[str]:
    """Keys named in the texts people read, and those set on actions."""
    found: set[str] = set()
    for root in widgets:
        for w in [root, *root.findChildren(QWidget)]:
            texts = [w.toolTip()]
            if isinstance(w, QAbstractButton | QLabel):
                texts.append(w.text())
            if isinstance(w, QLineEdit):
                texts.append(w.placeholderText())
            for text in texts:
                found.update(m.replace("Enter", "Return") for m in KEY_IN_TEXT.findall(text or ""))
        for action in root.findChildren(QAction):
            if not action.shortcut().isEmpty():
                found.add(action.shortcut().toString())
    return found


class Story:
    """The window and what the checks share."""

    def __init__(self, qtbot: Any, ws: Any, tmp_path: Path) -> None:
        self.qtbot, self.ws, self.tmp_path = qtbot, ws, tmp_path
        self.window = open_window(qtbot, ws)
        self.page = self.window.show_page("kind:parent_meeting")
        idle(qtbot, self.window)

    def idle(self) -> None:
        idle(self.qtbot, self.window)

    def focus_nav(self) -> None:
        self.window.show_page("kind:parent_meeting")
        activate(self.qtbot, self.window)
        self.window.nav.setFocus()

    def form(self) -> RecordForm:
        self.focus_nav()
        _press(self.qtbot, self.window.nav, shortcuts.NEW_RECORD.sequence)
        self.idle()
        form = self.page.open_forms[-1]
        activate(self.qtbot, form)
        return form

    def close_forms(self) -> None:
        for form in list(self.page.open_forms):
            form._dirty = False
            form.reject()

    def rows(self) -> int:
        self.idle()
        return self.page.model.total()


def _new_record(s: Story) -> None:
    s.focus_nav()
    before = len(s.page.open_forms)
    _press(s.qtbot, s.window.nav, "Ctrl+N")
    s.idle()
    assert len(s.page.open_forms) == before + 1
    s.close_forms()


def _find(s: Story) -> None:
    s.focus_nav()
    _press(s.qtbot, s.window.nav, "Ctrl+F")
    assert s.page.search.hasFocus()


def _save(s: Story) -> None:
    form = s.form()
    form.editors["scope"].set_value("school")
    type_chinese(form.editors["topic"].widget, "防溺水家长会")
    with s.qtbot.waitSignal(form.saved, timeout=10_000):
        _press(s.qtbot, form.editors["topic"].widget, "Ctrl+S")
    s.idle()
    assert s.rows() >= 1


def _open_record(s: Story) -> None:
    if not s.rows():
        _save(s)
    activate(s.qtbot, s.window)
    click_row(s.qtbot, s.page.table, 0)
    s.idle()
    _press(s.qtbot, s.page.table, "Return")
    s.idle()
    assert s.page.open_forms and s.page.open_forms[-1].record is not None
    s.close_forms()


def _delete_record(s: Story) -> None:
    if not s.rows():
        _save(s)
    before = s.rows()
    activate(s.qtbot, s.window)
    click_row(s.qtbot, s.page.table, 0)
    _press(s.qtbot, s.page.table, "Delete")
    assert s.rows() == before - 1


def _undo_delete(s: Story) -> None:
    _delete_record(s)
    before = s.rows()
    s.focus_nav()
    _press(s.qtbot, s.window.nav, "Ctrl+Z")
    assert s.rows() == before + 1


def _cancel(s: Story) -> None:
    form = s.form()
    _press(s.qtbot, form.editors["topic"].widget, "Esc")  # nothing typed: it just closes
    assert not form.isVisible()


def _dashboard(s: Story) -> None:
    s.focus_nav()
    _press(s.qtbot, s.window.nav, "Ctrl+Home")
    s.idle()
    assert s.window.stack.currentWidget() is s.window.pages["dashboard"]


def _new_incident(s: Story) -> None:
    s.focus_nav()
    _press(s.qtbot, s.window.nav, "Ctrl+Shift+I")
    dialogs = visible(IncidentCaptureDialog)
    assert dialogs
    for d in dialogs:
        d.hide()


def _reports(s: Story) -> None:
    from safetydesk.ui.extensions._reports_dialog import ReportsDialog

    s.focus_nav()
    _press(s.qtbot, s.window.nav, "Ctrl+P")
    s.idle()
    dialogs = visible(ReportsDialog)
    assert dialogs
    for d in dialogs:
        d.hide()


def _guide(s: Story) -> None:
    s.focus_nav()
    _press(s.qtbot, s.window.nav, "F1")
    guides = visible(UserGuideDialog)
    assert guides and "Ctrl+N" in guides[0].topics[-1].markdown
    guides[0].hide()


def _date_edit(s: Story) -> DateEdit:
    form = s.form()
    edit = form.editors["held_on"].widget
    assert isinstance(edit, DateEdit)
    edit.setFocus()
    return edit


def _calendar(s: Story) -> None:
    edit = _date_edit(s)
    _press(s.qtbot, edit, "F4")
    calendars = visible(QCalendarWidget)
    assert calendars
    calendars[0].window().close()
    s.close_forms()


def _day_later(s: Story) -> None:
    edit = _date_edit(s)
    today = edit.date()
    _press(s.qtbot, edit, "Up")
    assert (edit.date() - today).days == 1
    s.close_forms()


def _day_earlier(s: Story) -> None:
    edit = _date_edit(s)
    today = edit.date()
    _press(s.qtbot, edit, "Down")
    assert (today - edit.date()).days == 1
    s.close_forms()


def _walker(s: Story) -> Any:
    page = s.window.show_page("kind:inspection")
    s.idle()
    page.start_inspection()
    s.idle()
    activate(s.qtbot, page.walker)
    page.walker.items.setFocus()
    return page.walker


def _walker_result(key: str, code: str) -> Check:
    def check(s: Story) -> None:
        walker = _walker(s)
        _press(s.qtbot, walker.items, key)
        assert walker.draft.items[0].result == code
        walker.hide()

    return check


def _walker_next(s: Story) -> None:
    walker = _walker(s)
    _press(s.qtbot, walker.items, "Return")
    assert walker.current == 1
    walker.hide()


def _walker_save(s: Story) -> None:
    walker = _walker(s)
    for _i in walker.draft.items:
        _press(s.qtbot, walker.items, "1")
        _press(s.qtbot, walker.items, "Return")
    _press(s.qtbot, walker.items, "Ctrl+Return")
    s.idle()
    assert not walker.isVisible(), walker.error.text()
    with allow_test_db_access():
        assert records.count(s.ws.sessions, records.ListQuery(kind="inspection")) >= 1


def _preview(s: Story) -> Any:
    from reportlab.pdfgen import canvas

    from safetydesk.ui.dialogs.print_preview import PrintPreviewDialog

    pdf = s.tmp_path / "two-pages.pdf"
    c = canvas.Canvas(str(pdf))
    for n in (1, 2):
        c.drawString(100, 700, f"page {n}")
        c.showPage()
    c.save()
    dialog = PrintPreviewDialog(pdf, "test", s.window)
    with s.qtbot.waitSignal(dialog.page_shown, timeout=15_000):
        dialog.show()
    activate(s.qtbot, dialog)
    return dialog


def _next_and_previous_page(s: Story) -> None:
    dialog = _preview(s)
    with s.qtbot.waitSignal(dialog.page_shown, timeout=15_000):
        _press(s.qtbot, dialog, "PgDown")
    assert dialog.spin.value() == 2
    with s.qtbot.waitSignal(dialog.page_shown, timeout=15_000):
        _press(s.qtbot, dialog, "PgUp")
    assert dialog.spin.value() == 1
    dialog.done(0)


def _print(s: Story) -> None:
    dialog = _preview(s)
    seen: list[str] = []

    def close_print_dialog() -> None:
        modal = QApplication.activeModalWidget()
        seen.append(type(modal).__name__ if modal else "")
        if modal is not None:
            modal.reject()

    QTimer.singleShot(300, close_print_dialog)
    _press(s.qtbot, dialog, "Ctrl+P")
    assert seen == ["QPrintDialog"]
    dialog.done(0)


def _quit(s: Story) -> None:
    s.focus_nav()
    _press(s.qtbot, s.window.nav, "Ctrl+Q")
    assert not s.window.isVisible()


CHECKS: dict[str, Check] = {
    "new-record": _new_record,
    "find": _find,
    "save": _save,
    "open-record": _open_record,
    "delete-record": _delete_record,
    "undo-delete": _undo_delete,
    "cancel": _cancel,
    "dashboard": _dashboard,
    "new-incident": _new_incident,
    "reports": _reports,
    "guide": _guide,
    "calendar": _calendar,
    "day-later": _day_later,
    "day-earlier": _day_earlier,
    "walker-pass": _walker_result("1", "ok"),
    "walker-fail": _walker_result("2", "problem"),
    "walker-na": _walker_result("3", "na"),
    "walker-next": _walker_next,
    "walker-save": _walker_save,
    "next-page": _next_and_previous_page,
    "previous-page": _next_and_previous_page,
    "print": _print,
    "quit": _quit,  # last: it closes the window
}


def test_every_advertised_shortcut_is_declared_and_works(qtbot, workspace, china_clock, tmp_path) -> None:
    staff(workspace, "李明")
    s = Story(qtbot, workspace, tmp_path)
    # What the program shows: the window with every page, a form, the incident capture, the walker.
    for page_id in s.window.nav.page_ids():
        s.window.show_page(page_id)
        s.idle()
    form = s.form()
    capture = IncidentCaptureDialog(workspace, s.window.runner, s.window)
    walker = _walker(s)
    shown = _advertised([s.window, form, capture, walker])
    declared = {sc.key_sequence().toString() for sc in shortcuts.all_shortcuts()}
    assert {"Ctrl+N", "Ctrl+S", "Ctrl+F", "Ctrl+Z", "Ctrl+Shift+I", "F1"} <= shown
    assert shown <= declared, f"shown but not declared: {shown - declared}"
    s.close_forms()
    walker.hide()
    capture.hide()
    assert set(CHECKS) == {sc.name for sc in shortcuts.all_shortcuts()}, "a shortcut without its check"
    failed = []
    for name, check in CHECKS.items():
        try:
            check(s)
        except AssertionError as exc:
            failed.append(f"{name}: {exc}")
        wait_idle(qtbot, s.window.runner)
    assert not failed, "\n".join(failed)


def test_each_window_binds_a_key_once(qtbot, workspace) -> None:
    """A key bound twice in one window fires neither (the form's Ctrl+S did exactly that)."""
    from PySide6.QtGui import QShortcut

    s = Story(qtbot, workspace, Path())
    form = s.form()
    for root in (s.window, form):
        keys = [sc.key().toString() for sc in root.findChildren(QShortcut)
                if sc.context() != Qt.ShortcutContext.WidgetShortcut and sc.parent().window() is root]
        keys += [a.shortcut().toString() for a in root.findChildren(QAction)
                 if not a.shortcut().isEmpty() and a.parent() is root]
        assert len(keys) == len(set(keys)), keys
    s.close_forms()
