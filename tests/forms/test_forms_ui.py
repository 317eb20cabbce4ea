"""The officer opens the app: the dashboard says what is due, a form is previewed and printed."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QPushButton

from safetydesk.services import report_catalog
from safetydesk.services.progress import NoProgress
from safetydesk.services.report_catalog import ReportRequest
from safetydesk.ui.main_window import MainWindow


def test_the_dashboard_shows_due_items_with_states_and_opens_their_records(qtbot, demo_workspace) -> None:
    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    page = window.page("dashboard")
    qtbot.waitUntil(lambda: page.data is not None, timeout=15_000)
    badges = {w.objectName() for w in page.findChildren(QLabel) if w.objectName().startswith("badge-")}
    assert badges & {"badge-overdue", "badge-due"}
    assert len(page.data.compliance) == 3
    assert page.category_chart.data and len(page.month_chart.data) == 12
    hazard_links = [w for w in page.findChildren(QLabel, "due-link") if w.property("page") == "kind:hazard"]
    assert hazard_links
    with qtbot.waitSignal(page.open_record) as opened:  # an item about one hazard opens that one
        hazard_links[0].linkActivated.emit(hazard_links[0].property("page"))
    assert opened.args == ["kind:hazard", hazard_links[0].property("record")]
    qtbot.waitUntil(lambda: page.findChild(QPushButton, "open-staff") is not None, timeout=15_000)
    window.runner.wait_done(10_000)


def test_print_preview_shows_pages_and_prints_them(qtbot, demo_workspace, tmp_path: Path) -> None:
    from safetydesk.ui.dialogs.print_preview import PrintPreviewDialog

    pdf = tmp_path / "drills.pdf"
    spec = report_catalog.get_report("drill-record")
    n = report_catalog.render(demo_workspace, spec, ReportRequest(out=pdf), NoProgress())
    dialog = PrintPreviewDialog(pdf, "应急疏散演练记录表")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.page_shown, timeout=15_000):  # read and rendered off the UI thread
        pass
    assert dialog.page_count == n
    assert dialog.page_label.pixmap().width() > 500
    with qtbot.waitSignal(dialog.page_shown, timeout=15_000) as shown:
        dialog.spin.setValue(2)
    assert shown.args == [1]
    printed = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    with qtbot.waitSignal(dialog.printed, timeout=30_000):
        dialog.print_to(printer)
    assert len(PdfReader(str(printed)).pages) == n
    assert dialog.print_button.text() and dialog.open_button.text() == "打开 PDF"
    dialog.done(0)  # the document is closed on the PDFium thread
    from safetydesk.ui.dialogs.print_preview import pdf_runner

    qtbot.waitUntil(pdf_runner().is_idle)


def test_the_reports_menu_lists_every_report_and_previews_one(qtbot, demo_workspace) -> None:
    from safetydesk.ui.dialogs.print_preview import PrintPreviewDialog, pdf_runner
    from safetydesk.ui.extensions._reports_dialog import ReportsDialog

    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    assert window.findChild(QAction, "action-reports").text()
    dialog = ReportsDialog(window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.loaded, timeout=10_000)  # the catalogue is read on the DB thread
    titles = [t for group in dialog.visible_titles().values() for t in group]
    assert sorted(titles) == sorted(report_catalog.report_title(s) for s in report_catalog.all_reports())
    assert dialog.select("education-record")
    dialog.all_radio.setChecked(True)
    dialog.preview()
    qtbot.waitUntil(lambda: bool(dialog.findChildren(PrintPreviewDialog)), timeout=20_000)
    preview = dialog.findChildren(PrintPreviewDialog)[0]
    assert "安全教育活动记录" in PdfReader(str(preview.pdf_path)).pages[0].extract_text()
    preview.done(0)
    qtbot.waitUntil(pdf_runner().is_idle)
    window.runner.wait_done(10_000)
