"""Issue 15 point 2: a dialog never throws away typing. On a validation error it stays open,
marks the field, keeps every text, shows required marks, and an old red message goes as soon as
its field is fixed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWizard

from safetydesk.domain.registry import get_kind
from safetydesk.paths import DataPaths
from safetydesk.ui.record_form import RecordForm
from safetydesk.ui.tasks import TaskRunner
from tests.db_thread import wait_idle
from tests.desktop.hazard_steps import graded, hazard, staff, status_of
from tests.desktop.steps import activate, click_row, idle, open_window
from tests.support import type_chinese


def _ok(dialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    button = box.button(QDialogButtonBox.StandardButton.Ok) or box.button(QDialogButtonBox.StandardButton.Save)
    button.click()


def _error(dialog, attr: str) -> QLabel:
    label = dialog.findChild(QLabel, f"error-{attr}")
    assert label is not None, f"no error label for {attr}"
    return label


def test_the_five_fixed_dialog_stays_open_and_keeps_what_was_typed(qtbot, workspace, china_clock) -> None:
    ws = workspace
    (person,) = staff(ws, "王强")
    uuid = hazard(ws, "东侧围墙", "约15米贯通裂缝", graded())
    window = open_window(qtbot, ws)
    page = window.show_page("kind:hazard")
    idle(qtbot, window)
    click_row(qtbot, page.table, page.model.row_of(uuid))
    qtbot.mouseClick(page.move_buttons["assign"], Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    dialog = page.move_dialog
    assert dialog.isVisible()
    type_chinese(dialog.editors["measures"].widget, "砌墙加固，设置警戒线")
    _ok(dialog)  # without 整改责任人
    idle(qtbot, window)
    assert dialog.isVisible(), "the dialog stays open on a validation error"
    assert dialog.editors["measures"].value() == "砌墙加固，设置警戒线"
    assert _error(dialog, "responsible_uuid").isVisible()
    assert status_of(ws, uuid) == "graded"
    label = dialog.findChild(QLabel, "label-responsible_uuid")
    assert label is not None and "*" in label.text()  # 整改责任人 is marked required
    picker = dialog.editors["responsible_uuid"].widget
    picker.setCurrentIndex(picker.findData(person))  # the person is chosen: the message goes
    assert not _error(dialog, "responsible_uuid").isVisible()
    _ok(dialog)
    idle(qtbot, window)
    assert not dialog.isVisible()
    assert status_of(ws, uuid) == "assigned"


def test_a_record_form_clears_a_message_once_its_field_is_fixed(qtbot, workspace, china_clock) -> None:
    runner = TaskRunner()
    form = RecordForm(workspace, runner, get_kind("parent_meeting"))
    qtbot.addWidget(form, before_close_func=lambda w: w.hide())
    form.show()
    activate(qtbot, form)
    wait_idle(qtbot, runner)
    type_chinese(form.editors["classes"].widget, "一年级")
    form.save()
    wait_idle(qtbot, runner)
    assert form.isVisible()
    assert _error(form, "topic").isVisible() and _error(form, "scope").isVisible()
    type_chinese(form.editors["topic"].widget, "防溺水安全")
    assert not _error(form, "topic").isVisible()  # fixed: its message goes at once
    assert _error(form, "scope").isVisible()  # the other one is still wrong
    assert form.editors["classes"].value() == "一年级"
    assert "*" in form.findChild(QLabel, "label-topic").text()


def test_the_incident_capture_keeps_the_facts_on_an_error(qtbot, workspace, china_clock) -> None:
    from safetydesk.ui.dialogs.incident_capture import IncidentCaptureDialog

    runner = TaskRunner()
    dialog = IncidentCaptureDialog(workspace, runner)
    qtbot.addWidget(dialog, before_close_func=lambda w: w.hide())
    dialog.show()
    type_chinese(dialog.form.editors["summary"].widget, "课间两名学生追逐，一名摔倒")
    dialog.save()
    wait_idle(qtbot, runner)
    assert dialog.isVisible() and dialog.uuid is None
    assert _error(dialog, "title").isVisible()
    assert dialog.form.editors["summary"].value() == "课间两名学生追逐，一名摔倒"
    type_chinese(dialog.form.editors["title"].widget, "学生摔伤")
    assert not _error(dialog, "title").isVisible()


def test_the_setup_wizard_marks_the_field_and_names_it(qtbot, tmp_path) -> None:
    from safetydesk.ui.dialogs.setup_wizard import SetupWizard

    wizard = SetupWizard(DataPaths(tmp_path / "new"))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    assert wizard.currentId() == wizard.ident_id
    page = wizard.currentPage()
    texts = " ".join(w.text() for w in page.findChildren(QLabel))
    assert "学校名称" in texts and "姓名" not in texts
    assert "学校标识码" in texts and "410522T01" in texts  # what the codes are, where to find them
    wizard.code.setText("4105 220")  # a space: not a code
    type_chinese(wizard.name, "安阳县示范小学")
    wizard.township_code.setText("410522T01")
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentId() == wizard.ident_id  # refused
    assert _error(page, "code").isVisible()
    assert wizard.name.text() == "安阳县示范小学"
    wizard.code.setText("4105220001")
    assert not _error(page, "code").isVisible()
