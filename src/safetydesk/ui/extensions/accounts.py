"""People and access in the window: the audit log page, the accounts page for administrators, and
the File menu's password change, break-glass access and backup to a folder (USB); the daily
backup also happens when the window stays open for days.

The pages and dialogs live in _access_pages (imported on first use, once the workspace is loaded);
all their database work runs on the DB thread through the window's TaskRunner.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWidget

from safetydesk.domain.roles import ADMIN_ROLES
from safetydesk.i18n import N_, _
from safetydesk.ui.main_window import Place

if TYPE_CHECKING:
    from safetydesk.ui.main_window import MainWindow

GROUP = N_("People and access")
DAILY_CHECK_MS = 3_600_000  # the daily backup is checked every hour


def audit_page(window: MainWindow) -> QWidget:
    from safetydesk.ui.extensions._access_pages import AuditPage

    return AuditPage(window)


def users_page(window: MainWindow) -> QWidget:
    from safetydesk.ui.extensions._access_pages import UsersPage

    return UsersPage(window)


def open_change_password(window: MainWindow) -> Any:
    from safetydesk.ui.dialogs.login import ChangePasswordDialog

    dialog = ChangePasswordDialog(window.workspace, window.runner, window)
    dialog.open()
    return dialog


def open_break_glass(window: MainWindow) -> Any:
    from safetydesk.ui.extensions._access_pages import BreakGlassDialog

    dialog = BreakGlassDialog(window)
    dialog.open()
    return dialog


def backup_to_folder(window: MainWindow, folder: str | None = None) -> None:
    if folder is None:
        folder = QFileDialog.getExistingDirectory(window, _("Back up to a folder or USB stick…"))
        if not folder:
            return
    ws, target = window.workspace, folder

    def run() -> Path:  # DB thread
        from safetydesk.services import audit, backup

        audit.log(ws.sessions, ws.actor, "backup", detail=target)
        return backup.backup_to_folder(ws.paths.database, Path(target), ws.info.org_code)

    window.runner.db(run, lambda p: window.show_message(_("Backed up to {path}.", path=str(p)), 8000))


def daily_backup(window: MainWindow) -> None:
    ws = window.workspace

    def run() -> None:  # DB thread
        from safetydesk.services import backup

        if backup.daily_backup_due(ws.paths.backups):
            backup.automatic_backup(ws.paths.database, ws.paths.backups, backup.keep_count(ws.sessions))

    window.runner.db(run)


def install(window: MainWindow) -> None:
    window.add_page("access:audit", _("Audit log"), lambda: audit_page(window), _(GROUP))
    if window.workspace.actor.role in ADMIN_ROLES:
        window.add_page("access:users", _("Accounts"), lambda: users_page(window), _(GROUP))
    actions = []
    for name, title, handler in (
        ("change-password", _("Change password…"), open_change_password),
        ("break-glass", _("Break-glass access…"), open_break_glass),
        ("backup-usb", _("Back up to a folder or USB stick…"), backup_to_folder),
    ):
        action = QAction(title, window)
        action.setObjectName(name)
        action.triggered.connect(lambda _c=False, h=handler: h(window))
        actions.append(action)
    window.add_action(Place.FILE, *actions)
    timer = QTimer(window)
    timer.setObjectName("daily-backup-timer")
    timer.setInterval(DAILY_CHECK_MS)
    timer.timeout.connect(lambda: daily_backup(window))
    window.when_ready(timer.start)
