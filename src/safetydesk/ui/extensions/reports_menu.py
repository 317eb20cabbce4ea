"""The "Reports" menu: Ctrl+P opens the dialog to pick a form or ledger (ui.extensions._reports_dialog,
imported on first use with the report catalogue behind it). The dialog starts on the ledger of the
page in front: this extension follows the window's `page_shown` signal (UI thread)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from safetydesk.i18n import _
from safetydesk.ui import shortcuts
from safetydesk.ui.main_window import Place

if TYPE_CHECKING:
    from safetydesk.ui.extensions._reports_dialog import ReportsDialog
    from safetydesk.ui.main_window import MainWindow


def open_reports(window: MainWindow, page_id: str | None = None) -> ReportsDialog:
    """Open the print dialog; `page_id`: the page it is opened from (its ledger is preselected)."""
    from safetydesk.ui.extensions._reports_dialog import ReportsDialog

    # Closed dialogs are not deleted on close (a result may still be on its way to them): the
    # earlier ones go here, once nothing is on its way.
    if window.runner.is_idle():
        for old in window.findChildren(ReportsDialog):
            if old.isHidden():
                old.deleteLater()
    dialog = ReportsDialog(window, page_id)
    dialog.open()
    return dialog


def install(window: MainWindow) -> None:
    action = QAction(_("Print a form or ledger…"), window)
    action.setObjectName("action-reports")
    shortcuts.set_on(action, shortcuts.REPORTS)
    shown = {"page": ""}  # the page in front, as the window last announced it
    window.page_shown.connect(lambda page_id: shown.update(page=page_id))
    action.triggered.connect(lambda: open_reports(window, shown["page"]))
    window.add_action(Place.REPORTS, action)
