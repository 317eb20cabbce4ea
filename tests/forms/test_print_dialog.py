"""The clerk prints from the app (issue 14 point 7): the print dialog lists the forms and ledgers
by mechanism under their Chinese titles, filters them as she types, starts on the ledger of the
page she came from, remembers the period she chose last time; an incident's 首报 opens in the
app's own preview; where the computer has no PDF viewer the app says so; "show names" is offered
only to those allowed.

Real widgets offscreen on the demo school. The offscreen platform has no desktop services, so
QDesktopServices.openUrl really returns False there, as on a PC with no PDF reader.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QPushButton

from safetydesk.services import report_catalog
from safetydesk.services.progress import NoProgress
from safetydesk.services.report_catalog import ReportRequest
from safetydesk.ui.dialogs.print_preview import PrintPreviewDialog, pdf_runner
from safetydesk.ui.extensions._reports_dialog import ReportsDialog
from safetydesk.ui.main_window import MainWindow
from safetydesk.ui.system_viewer import NO_VIEWER_OBJECT
from tests.db_thread import allow_test_db_access, wait_idle
from tests.support import PASSWORD, type_chinese


@pytest.fixture
def window(qtbot, demo_workspace):
    w = MainWindow(demo_workspace)
    qtbot.addWidget(w)
    yield w
    for preview in w.findChildren(PrintPreviewDialog):
        preview.done(0)
    qtbot.waitUntil(pdf_runner().is_idle)
    wait_idle(qtbot, w.runner)


def _open(qtbot, window: MainWindow) -> ReportsDialog:
    """Ctrl+P's action, as the clerk opens it from the page in front."""
    before = set(window.findChildren(ReportsDialog))
    window.findChild(QAction, "action-reports").trigger()
    dialog = next(d for d in window.findChildren(ReportsDialog) if d not in before)
    qtbot.waitUntil(lambda: dialog.loaded, timeout=15_000)  # the catalogue is read on the DB thread
    return dialog


def _all_titles(dialog: ReportsDialog) -> list[str]:
    return [t for titles in dialog.visible_titles().values() for t in titles]


def test_the_dialog_groups_reports_by_mechanism_under_chinese_titles_only(qtbot, window) -> None:
    dialog = _open(qtbot, window)
    groups = dialog.visible_titles()
    specs = report_catalog.all_reports()
    assert sorted(_all_titles(dialog)) == sorted(report_catalog.report_title(s) for s in specs)
    names = list(groups)
    assert names[0] == "安全责任机制" and names[-1] == "其他表格与台账"
    assert names.index("隐患排查机制") < names.index("应急处置机制") < names.index("信息报告机制")
    assert "隐患排查整改台账" in groups["隐患排查机制"] and "安全检查记录表" in groups["隐患排查机制"]
    reporting = groups["信息报告机制"]
    assert reporting.index("事件首报") < reporting.index("事件续报") < reporting.index("事件终报")
    assert "整改通知书" in groups["督导检查机制"] and "督办单" in groups["督导检查机制"]
    assert "学期安全工作总结" in groups["其他表格与台账"]
    assert groups["应急处置机制"].index("应急疏散演练记录表") < groups["应急处置机制"].index("应急疏散演练台账")
    shown = " ".join(names + _all_titles(dialog))
    assert not re.search(r"[A-Za-z]{2,}", shown), re.findall(r"[A-Za-z][\w-]+", shown)[:5]  # no ids
    assert all(s.name not in shown for s in specs)


def test_typing_filters_the_list_as_you_type(qtbot, window) -> None:
    dialog = _open(qtbot, window)
    everything = len(_all_titles(dialog))
    type_chinese(dialog.search, "演练")
    shown = dialog.visible_titles()
    assert shown and all("演练" in t for titles in shown.values() for t in titles)
    assert "应急疏散演练记录表" in shown["应急处置机制"] and "隐患排查机制" not in shown
    assert "演练" in dialog.entry().title and dialog.preview_button.isEnabled()
    type_chinese(dialog.search, "台账")  # the box now holds 演练台账
    assert _all_titles(dialog) == ["应急疏散演练台账"]
    dialog.search.clear()
    assert len(_all_titles(dialog)) == everything
    type_chinese(dialog.search, "没有这种表")
    assert _all_titles(dialog) == [] and not dialog.none_found.isHidden()
    assert not dialog.preview_button.isEnabled() and not dialog.save_button.isEnabled()
    dialog.reject()


def test_opened_from_a_page_the_dialog_starts_on_that_pages_ledger(qtbot, window) -> None:
    window.show_page("kind:hazard")
    dialog = _open(qtbot, window)
    assert dialog.entry().name == "hazard-ledger" and dialog.tree.currentItem().text(0) == "隐患排查整改台账"
    dialog.reject()
    window.show_page("kind:drill")
    dialog = _open(qtbot, window)
    assert dialog.entry().title == "应急疏散演练台账"
    dialog.reject()
    window.show_page("dashboard")  # no ledger of its own: the first report of the first group
    dialog = _open(qtbot, window)
    assert dialog.tree.currentItem() is dialog.tree.topLevelItem(0).child(0)
    dialog.reject()


def test_the_period_chosen_last_is_remembered(qtbot, window) -> None:
    dialog = _open(qtbot, window)
    assert dialog.sem_radio.isChecked()  # the first time: this semester
    dialog.semester.setCurrentIndex(2)
    chosen = dialog.semester.currentData()
    dialog.reject()
    again = _open(qtbot, window)
    assert again.sem_radio.isChecked() and again.semester.currentData() == chosen
    again.range_radio.setChecked(True)
    again.date_from.set_date(again.date_from.date() - timedelta(days=92))
    start, end = again.date_from.date(), again.date_to.date()
    again.reject()
    third = _open(qtbot, window)
    assert third.range_radio.isChecked()
    assert (third.date_from.date(), third.date_to.date()) == (start, end)
    third.reject()


def test_an_incident_report_opens_in_the_apps_preview(qtbot, window) -> None:
    dialog = _open(qtbot, window)
    assert dialog.incident.isHidden()
    assert dialog.select("incident-first")
    assert not dialog.incident.isHidden() and dialog.incident.count() >= 1
    assert not dialog.sem_radio.isEnabled()  # a 首报 is about the incident, not a period
    dialog.preview()
    qtbot.waitUntil(lambda: bool(window.findChildren(PrintPreviewDialog)), timeout=30_000)
    preview = window.findChildren(PrintPreviewDialog)[0]
    with qtbot.waitSignal(preview.page_shown, timeout=15_000):
        pass
    assert preview.page_label.pixmap().width() > 500
    text = "".join(p.extract_text() for p in PdfReader(str(preview.pdf_path)).pages).replace("\n", "")
    assert "首报" in text and dialog.incident.currentText().split()[1] in text


def _no_viewer_message(qtbot, preview: PrintPreviewDialog) -> str:
    qtbot.mouseClick(preview.findChild(QPushButton, "preview-open"), Qt.MouseButton.LeftButton)
    box = preview.findChild(QMessageBox, NO_VIEWER_OBJECT)
    assert box is not None and box.isVisible()
    text = box.text()
    box.accept()
    return text


def test_with_no_pdf_viewer_the_app_says_so(qtbot, window, tmp_path: Path) -> None:
    dialog = _open(qtbot, window)
    dialog.select("drill-record")
    dialog.all_radio.setChecked(True)
    dialog.preview()
    qtbot.waitUntil(lambda: bool(window.findChildren(PrintPreviewDialog)), timeout=30_000)
    preview = window.findChildren(PrintPreviewDialog)[0]
    # A preview's temporary copy goes when the preview closes: the message points to Print and Save as.
    text = _no_viewer_message(qtbot, preview)
    assert "没有找到可以打开 PDF 文件的程序" in text and "打印" in text and "另存为" in text
    assert str(preview.pdf_path) not in text
    # A PDF saved somewhere: the message says where it is.
    saved = tmp_path / "演练记录.pdf"
    with allow_test_db_access():
        report_catalog.render(window.workspace, report_catalog.get_report("drill-record"),
                              ReportRequest(out=saved), NoProgress())  # fmt: skip
    other = PrintPreviewDialog(saved, "应急疏散演练记录表", window)
    qtbot.waitUntil(lambda: other.page_count > 0, timeout=15_000)
    text = _no_viewer_message(qtbot, other)
    assert "没有找到可以打开 PDF 文件的程序" in text and str(saved) in text and "PDF 阅读器" in text


def test_show_names_is_offered_only_to_those_allowed_and_starts_off(qtbot, demo_workspace) -> None:
    from safetydesk.services import access_policy, accounts, field_crypto, policy

    ws = demo_workspace
    access_policy.install()
    try:
        with allow_test_db_access():
            admin = accounts.login(ws.sessions, ws.info.org_code, "admin", PASSWORD).actor
            accounts.add_account(ws.sessions, admin, "zhao", "viewer", "viewer-pw-1", "赵老师")
            viewer = accounts.login(ws.sessions, ws.info.org_code, "zhao", "viewer-pw-1").actor
        for actor, offered in ((admin, True), (viewer, False)):
            ws.actor = actor
            window = MainWindow(ws)
            qtbot.addWidget(window)
            dialog = _open(qtbot, window)
            dialog.select("psych-case-record")
            assert dialog.show_names.isHidden() is not offered
            assert not dialog.show_names.isChecked()
            assert dialog.request(Path("x.pdf"), dialog.entry()).mask_names
            if offered:
                dialog.show_names.setChecked(True)
                assert not dialog.request(Path("x.pdf"), dialog.entry()).mask_names
                dialog.select("hazard-ledger")
                dialog.select("psych-case-record")
                assert not dialog.show_names.isChecked()  # off again after another report
            dialog.reject()
            wait_idle(qtbot, window.runner)
    finally:
        policy.set_policy(policy.AllowAll())
        field_crypto.forget()
