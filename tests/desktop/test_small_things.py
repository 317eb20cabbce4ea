"""Issue 15 points 7 and 8: the first run explains itself and proposes the administrator at the
sign-in, the recovery code can be copied and printed, Help is last with a guide in both languages,
Qt's own dialogs speak Chinese, dates look one way, a dashboard item selects its record, a phone
field refuses letters, 实到 > 应到 warns, a checklist hazard takes 部位 and 类别 from its item."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QAbstractButton, QComboBox, QFileDialog, QLabel, QTreeView, QWidget, QWizard

from safetydesk import i18n
from safetydesk.domain.registry import get_kind
from safetydesk.errors import ValidationError
from safetydesk.i18n import LOCAL_TZ, format_date, format_datetime
from safetydesk.paths import DataPaths
from safetydesk.services import checklists, inspections, records
from safetydesk.ui.main_window import Place
from safetydesk.ui.record_form import RecordForm
from safetydesk.ui.record_table import cell_text
from tests.db_thread import allow_test_db_access, wait_idle
from tests.desktop.hazard_steps import staff
from tests.desktop.steps import activate, idle, open_window
from tests.support import type_chinese

UI_SOURCES = Path(__file__).resolve().parents[2] / "src" / "safetydesk" / "ui"


def _form(qtbot, window, key: str) -> RecordForm:
    form = RecordForm(window.workspace, window.runner, get_kind(key), parent=window)
    qtbot.addWidget(form, before_close_func=lambda w: w.hide())
    form.show()
    activate(qtbot, form)
    idle(qtbot, window)
    return form


def test_a_phone_field_refuses_letters(qtbot, workspace) -> None:
    window = open_window(qtbot, workspace)
    form = _form(qtbot, window, "staff")
    phone = form.editors["phone"].widget
    phone.setFocus()
    qtbot.keyClicks(phone, "138abcl2345678")
    assert phone.text() == "1382345678"  # the letters never arrived
    with allow_test_db_access(), pytest.raises(ValidationError) as refused:
        records.save(workspace.sessions, workspace.actor, "staff", {"name": "李明", "phone": "0372-5l23456"})
    assert "phone" in refused.value.field_errors
    phones = {(k.key, f.attr) for k in (get_kind("staff"), get_kind("student"), get_kind("incident"),
                                        get_kind("special_group_student")) for f in k.fields if f.phone}
    assert phones == {("staff", "phone"), ("student", "guardian_phone"), ("incident", "onsite_phone"),
                      ("incident", "reporter_phone"), ("special_group_student", "guardian_phone")}


def test_more_parents_present_than_expected_warns_but_saves(qtbot, workspace) -> None:
    window = open_window(qtbot, workspace)
    form = _form(qtbot, window, "parent_meeting")
    form.editors["scope"].set_value("school")
    type_chinese(form.editors["topic"].widget, "期中家长会")
    form.editors["expected"].widget.setFocus()
    qtbot.keyClicks(form.editors["expected"].widget, "30")
    qtbot.keyClicks(form.editors["attended"].widget, "35")
    message = form.findChild(QLabel, "error-attended")
    assert message.isVisible() and "35" in message.text() and "30" in message.text()
    form.editors["attended"].widget.setText("28")
    assert not message.isVisible()
    form.editors["attended"].widget.setText("35")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save()  # a warning, not a refusal


def test_qt_file_dialog_speaks_chinese(qtbot, qapp) -> None:
    from safetydesk.ui.qt_setup import install_qt_translations, use_qt_dialogs_on_linux

    install_qt_translations(qapp, "zh_CN")
    use_qt_dialogs_on_linux()
    dialog = QFileDialog(None, "导出到 Excel", str(Path.home()), "Excel 工作簿 (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # what Linux uses (qt_setup)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()
    english = []
    for w in dialog.findChildren(QWidget):
        texts = [w.toolTip()]
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        if isinstance(w, QTreeView):
            model = w.model()
            texts += [str(model.headerData(c, Qt.Orientation.Horizontal))
                      for c in range(model.columnCount())]
        english += [t for t in texts if t and re.search(r"[A-Za-z]{3,}", t)]
    assert not english, english
    dialog.hide()


def test_help_is_last_with_a_guide_in_both_languages(qtbot, workspace) -> None:
    from safetydesk.ui.dialogs.user_guide import load_topics

    window = open_window(qtbot, workspace)
    bar_actions = [a for a in window.menuBar().actions() if a.isVisible()]
    assert bar_actions[-1] is window.menu(Place.HELP).menuAction()
    names = [a.objectName() for a in window.menu(Place.HELP).actions()]
    assert names[:2] == ["user-guide", "keyboard-shortcuts"]
    guide = window.show_guide()
    assert guide.isVisible() and "十二项机制" in guide.current_text()
    window.show_guide("shortcuts")
    assert "Ctrl+N" in guide.current_text() and "Ctrl+Shift+I" in guide.current_text()
    zh, en = load_topics("zh_CN"), load_topics("en")
    assert [t.key for t in zh] == [t.key for t in en] and len(zh) >= 15  # start, 12 mechanisms, data, keys
    assert any("20分钟" in t.markdown.replace(" ", "") for t in zh)
    assert any("20 minutes" in t.markdown for t in en)
    guide.hide()


def test_dates_are_written_one_way() -> None:
    d, dt = date(2026, 12, 1), datetime(2026, 12, 1, 9, 5, tzinfo=LOCAL_TZ)
    f = get_kind("hazard").field("found_on")
    assert (format_date(d), cell_text(f, d), format_datetime(dt)) == (
        "2026年12月1日", "2026年12月1日", "2026年12月1日 09:05")
    i18n.set_language("en")
    try:
        assert (format_date(d), cell_text(f, d), format_datetime(dt)) == (
            "2026-12-01", "2026-12-01", "2026-12-01 09:05")
    finally:
        i18n.set_language("zh_CN")
    # No Qt date widget or default date string left to show 12/1/26.
    for path in UI_SOURCES.rglob("*.py"):
        code = path.read_text(encoding="utf-8")
        assert not re.search(r"QDate(Time)?Edit\(", code), path
        assert ".toString()" not in code and "ShortFormat" not in code, path


def test_a_dashboard_item_selects_its_record(qtbot, demo_workspace) -> None:
    window = open_window(qtbot, demo_workspace)
    dashboard = window.pages["dashboard"]
    qtbot.waitUntil(lambda: dashboard.data is not None, timeout=15_000)
    link = next(w for w in dashboard.findChildren(QLabel, "due-link")
                if w.property("page") == "kind:hazard" and w.property("record"))
    link.linkActivated.emit("kind:hazard")
    idle(qtbot, window)
    page = window.pages["kind:hazard"]
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.selected() is not None, timeout=10_000)
    assert page.selected().uuid == link.property("record")
    assert page.selected().values["location"] in page.detail.text()


def test_a_checklist_hazard_takes_its_place_and_kind_from_the_item(workspace) -> None:
    ws = workspace
    (inspector,) = staff(ws, "李明")
    with allow_test_db_access():
        checklists.install_bundled(ws.sessions, ws.actor)
        canteen = next(t for t in checklists.list_templates(ws.sessions) if t.name.startswith("食堂"))
    draft = inspections.new_draft(canteen)
    for item in draft.items:
        item.result = inspections.PASS
    gas = next(i for i in draft.items if i.item.startswith("燃气"))
    gas.result, gas.note = inspections.FAIL, "燃气报警器不响"
    with allow_test_db_access():
        _uuid, made, _changes = inspections.save_with_hazards(
            ws, ws.actor, draft, inspected_on=date(2026, 11, 2), inspector_uuid=inspector, location="食堂")
        v = records.get(ws.sessions, "hazard", made[0]).values
    assert canteen.category == "food"
    assert (v["location"], v["category"]) == ("食堂·燃气", "fire")


def test_the_recovery_code_can_be_copied_and_printed(qtbot, tmp_path) -> None:
    from safetydesk.ui.dialogs.login import RecoveryCodeDialog

    dialog = RecoveryCodeDialog(None, "ABCD-EFGH-JKLM-NPQR", "安阳县示范小学")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == "ABCD-EFGH-JKLM-NPQR"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "code.pdf"))
    dialog.print_to(printer)
    text = "".join(p.extract_text() for p in PdfReader(str(tmp_path / "code.pdf")).pages)
    assert "ABCD-EFGH-JKLM-NPQR" in text.replace(" ", "")
    assert dialog.print_button.text() == "打印…" and dialog.copy_button.text() == "复制"


def test_the_first_run_says_what_it_does_and_proposes_the_administrator(qtbot, tmp_path) -> None:
    from safetydesk.services.workspace import prepare_workspace
    from safetydesk.ui.dialogs.login import LoginDialog
    from safetydesk.ui.dialogs.setup_wizard import SetupWizard

    paths = DataPaths(tmp_path / "new")
    wizard = SetupWizard(paths)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    wizard.code.setText("4105220099")
    type_chinese(wizard.name, "安阳县第二小学")
    wizard.township_code.setText("410522T01")
    wizard.next()
    wizard.password.setText("abc12345")  # too short since the data key's rules (10 characters)
    wizard.password2.setText("abc12345")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert "10" in wizard.pw_error.text() and not wizard.busy.isVisible() and not paths.database.exists()
    assert wizard.password.text() == "abc12345"  # kept for correcting, not cleared
    wizard.password.setText("anyang-2026-pass")
    wizard.password2.setText("anyang-2026-pass")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.busy.isVisible() and wizard.busy_text.isVisible() and "几秒" in wizard.busy_text.text()
    qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted, timeout=30_000)
    workspace = prepare_workspace(paths)
    assert workspace is not None
    login = LoginDialog(workspace, wizard.runner)
    qtbot.addWidget(login)
    assert login.user.text() == "admin"
    wait_idle(qtbot, wizard.runner)
    login.reject()
    wait_idle(qtbot, wizard.runner)
    workspace.close()
    assert isinstance(wizard.school_type, QComboBox)
