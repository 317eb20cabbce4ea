"""GUI bootstrap: Qt, fonts, translations, logging, the setup wizard or the main window."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWizard

from safetydesk.errors import DatabaseCorrupt, SafetyDeskError
from safetydesk.i18n import _
from safetydesk.logs import setup_file_logging
from safetydesk.paths import DataPaths
from safetydesk.ui.messages import install_excepthook
from safetydesk.ui.qt_setup import create_application

log = logging.getLogger(__name__)


def offer_backup(paths: DataPaths, exc: DatabaseCorrupt) -> bool:
    """The database cannot be read: offer its newest backup (the damaged file is kept)."""
    from pathlib import Path

    from safetydesk.services import backup

    answer = QMessageBox.question(
        None, _("SafetyDesk"),
        exc.user_message + "\n\n" + _("Restore this backup now? The damaged database is kept in "
                                        "the backups folder."),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        backup.restore(paths.root, paths.database, Path(exc.backup or ""))
    except SafetyDeskError as failed:
        QMessageBox.critical(None, _("SafetyDesk"), failed.user_message)
        return False
    return True


def run_gui(paths: DataPaths, lang: str) -> int:
    from safetydesk.ui.dialogs.print_preview import remove_leftovers

    app = create_application(lang)
    setup_file_logging(paths.logs)
    install_excepthook()
    remove_leftovers()  # previews and opened attachments a crash left in the temp folder
    if not paths.is_initialised():
        from safetydesk.ui.dialogs.setup_wizard import SetupWizard

        wizard = SetupWizard(paths)
        if wizard.exec() != QWizard.DialogCode.Accepted:
            return 0
    from safetydesk.services.workspace import open_workspace
    from safetydesk.ui.main_window import MainWindow

    try:
        workspace = open_workspace(paths)
    except DatabaseCorrupt as exc:
        if not exc.backup or not offer_backup(paths, exc):
            return 1
        try:
            workspace = open_workspace(paths)
        except SafetyDeskError as again:
            QMessageBox.critical(None, _("SafetyDesk"), again.user_message)
            return 1
    except SafetyDeskError as exc:
        QMessageBox.critical(None, _("SafetyDesk"), exc.user_message)
        return 1
    from safetydesk.ui.dialogs import login

    lock = login.start_session(workspace)
    if lock is None:
        workspace.close()
        return 0
    window = MainWindow(workspace)
    window.show()
    try:
        return app.exec()
    finally:
        login.end_session(workspace, lock)
        workspace.close()
        remove_leftovers()
