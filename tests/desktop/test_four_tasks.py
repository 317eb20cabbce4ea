"""Issue 15, done when: four everyday tasks driven through the real widgets, counting what a person
does (one click, one key chord, one field typed = 1; not timed):

- the first report PDF from "发生事件" in at most 10,
- a failed checklist item turned into a hazard in at most 3,
- a new 家长会 with today's date in at most 12,
- a hazard from registered to struck off (销号) in at most 18.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QWidget

from safetydesk.domain import clock
from safetydesk.services import records
from safetydesk.ui.dialogs.incident_capture import IncidentCaptureDialog
from tests.db_thread import allow_test_db_access
from tests.desktop.hazard_steps import hazard, staff, status_of
from tests.desktop.steps import activate, idle, open_window, visible
from tests.support import close_previews, previews, type_chinese


class Person:
    """Drives the widgets as a person does and counts each action."""

    def __init__(self, qtbot: Any, window: Any) -> None:
        self.qtbot, self.window, self.count = qtbot, window, 0
        self.log: list[str] = []

    def _did(self, what: str) -> None:
        self.count += 1
        self.log.append(what)

    def click(self, widget: QWidget, pos: Any = None, what: str = "") -> None:
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())
        self._did(f"click {what or widget.objectName() or type(widget).__name__}")
        idle(self.qtbot, self.window)

    def keys(self, widget: QWidget, sequence: str) -> None:
        combo = QKeySequence(sequence)[0]
        self.qtbot.keyClick(widget, combo.key(), combo.keyboardModifiers())
        self._did(f"keys {sequence}")
        idle(self.qtbot, self.window)

    def type(self, widget: QWidget, text: str) -> None:
        """Typing one field (Chinese through the input method) is one action."""
        if text.isascii():
            widget.setFocus()
            self.qtbot.keyClicks(widget, text)
        else:
            type_chinese(widget, text)
        self._did(f"type {text}")

    def choose(self, combo: QComboBox, text: str) -> None:
        """Open the list (a click) and click the entry (a click)."""
        combo.showPopup()
        self._did(f"open {combo.objectName()}")
        combo.setCurrentIndex(combo.findText(text))
        combo.hidePopup()
        self._did(f"pick {text}")

    def ok(self, dialog: QWidget) -> None:
        box = dialog.findChild(QDialogButtonBox)
        self.click(box.button(QDialogButtonBox.StandardButton.Ok), what="OK")


def test_first_report_pdf_from_new_incident(qtbot, workspace, china_clock) -> None:
    window = open_window(qtbot, workspace)
    person = Person(qtbot, window)
    person.keys(window.nav, "Ctrl+Shift+I")  # 发生事件, from wherever the officer is
    (dialog,) = visible(IncidentCaptureDialog)
    activate(qtbot, dialog)
    editors = dialog.form.editors
    person.type(editors["title"].widget, "学生课间摔伤")
    person.type(editors["summary"].widget, "课间两名学生在楼梯追逐，一名学生摔倒致右腿骨折。")
    person.type(editors["place"].widget, "教学楼二楼楼梯")
    person.keys(editors["place"].widget, "Ctrl+S")
    assert dialog.uuid, dialog.summary.text()
    person.click(dialog.pdf_button)
    qtbot.waitUntil(lambda: bool(previews(window)), timeout=20_000)  # shown in the app's own preview
    text = "".join(p.extract_text() for p in PdfReader(previews(window)[0]).pages)
    close_previews(qtbot, window)
    assert "学生课间摔伤" in text and "首报" in text
    print(f"interactions: {person.count} (at most 10): {person.log}")
    assert person.count <= 10, person.log


def test_a_failed_checklist_item_becomes_a_hazard(qtbot, workspace, china_clock) -> None:
    staff(workspace, "李明")
    window = open_window(qtbot, workspace)
    page = window.show_page("kind:inspection")
    idle(qtbot, window)
    index = next(i for i in range(page.template_box.count()) if "月查" in page.template_box.itemText(i))
    page.template_box.setCurrentIndex(index)
    page.start_inspection()
    idle(qtbot, window)
    walker = page.walker
    activate(qtbot, walker)
    # The walk up to the item (passes), not counted: the task is what a failed item costs.
    target = next(i for i, item in enumerate(walker.draft.items) if item.item.startswith("消防"))
    for i in range(len(walker.draft.items)):
        if i != target:
            walker.items.setCurrentRow(i)
            walker.set_result("ok")
    walker.items.setCurrentRow(target)
    walker.items.setFocus()
    person = Person(qtbot, window)
    person.keys(walker.items, "2")  # fail: the cursor goes to the note
    assert walker.note.hasFocus()
    person.type(walker.note, "二楼走廊灭火器压力不足")
    person.keys(walker.note, "Ctrl+Return")  # save, and log the failed item as a hazard
    assert not walker.isVisible(), walker.error.text()
    with allow_test_db_access():
        (made,) = records.fetch_page(workspace.sessions, records.ListQuery(kind="hazard"), 0, 10)
    v = made.values
    assert v["description"] == "二楼走廊灭火器压力不足"
    assert (v["location"], v["category"]) == ("消防", "fire")  # from the item, not the checklist
    print(f"interactions: {person.count} (at most 3): {person.log}")
    assert person.count <= 3, person.log


def test_a_new_parent_meeting_with_todays_date(qtbot, workspace, china_clock) -> None:
    window = open_window(qtbot, workspace)
    person = Person(qtbot, window)
    nav = window.nav
    item = nav._items["kind:parent_meeting"]
    nav.scrollToItem(item)
    person.click(nav.viewport(), nav.visualItemRect(item).center(), "家长会")
    page = window.pages["kind:parent_meeting"]
    person.keys(nav, "Ctrl+N")
    form = page.open_forms[-1]
    activate(qtbot, form)
    person.choose(form.editors["scope"].widget, "全校")
    person.type(form.editors["topic"].widget, "防溺水安全家长会")
    person.keys(form.editors["topic"].widget, "Ctrl+S")
    assert not form.isVisible(), form.summary.text()
    with allow_test_db_access():
        (meeting,) = records.fetch_page(workspace.sessions, records.ListQuery(kind="parent_meeting"), 0, 5)
    assert meeting.values["held_on"] == clock.today() == date(2026, 11, 3)
    assert meeting.values["topic"] == "防溺水安全家长会"
    print(f"interactions: {person.count} (at most 12): {person.log}")
    assert person.count <= 12, person.log


def test_a_hazard_from_logged_to_struck_off(qtbot, workspace, china_clock) -> None:
    ws = workspace
    staff(ws, "王强", "张校长")
    uuid = hazard(ws, "东侧围墙", "约15米贯通裂缝")
    window = open_window(qtbot, ws)
    page = window.show_page("kind:hazard")
    idle(qtbot, window)
    person = Person(qtbot, window)
    index = page.model.index(page.model.row_of(uuid), 0)
    person.click(page.table.viewport(), page.table.visualRect(index).center(), "the hazard")

    def step(code: str) -> Any:
        person.click(page.move_buttons[code], what=code)
        dialog = page.move_dialog
        assert dialog is not None and dialog.code == code and dialog.isVisible()
        activate(qtbot, dialog)
        return dialog

    d = step("grade")  # 一般 already: confirm
    person.ok(d)
    d = step("assign")  # 五定 of a general hazard: person, measures, deadline (today by default)
    person.type(d.editors["responsible_uuid"].widget.lineEdit(), "王强")
    person.type(d.editors["measures"].widget, "砌墙加固，设置警戒线")
    person.ok(d)
    d = step("start")  # the person responsible does it
    person.ok(d)
    d = step("request_verification")
    person.type(d.editors["result"].widget, "已重新砌筑")
    person.ok(d)
    d = step("verify")
    person.type(d.editors["verifier_uuid"].widget.lineEdit(), "张校长")
    person.ok(d)
    d = step("close")
    person.ok(d)
    assert status_of(ws, uuid) == "closed", page.last_error
    print(f"interactions: {person.count} (at most 18): {person.log}")
    assert person.count <= 18, person.log
