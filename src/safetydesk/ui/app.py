"""GUI bootstrap: Qt, fonts, translations, logging, the setup wizard, the sign-in, the main window.

The order is chosen so that the person sees something at once and the heavy parts load while they
read or type: the sign-in appears from the installation's identity (a read-only sqlite3 read),
and the database layer (SQLAlchemy, the record kinds, argon2, cryptography) loads meanwhile on the
DB thread. The UI thread opens no database session; all of it goes through the one TaskRunner.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget, QWizard

from safetydesk.domain.roles import PRINCIPAL_ROLES
from safetydesk.errors import DatabaseCorrupt, SafetyDeskError
from safetydesk.i18n import _
from safetydesk.logs import setup_file_logging
from safetydesk.paths import DataPaths
from safetydesk.ui import messages
from safetydesk.ui.qt_setup import create_application
from safetydesk.ui.startup import install_access_policy, wait_for
from safetydesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from safetydesk.services.backup import InstanceLock
    from safetydesk.services.workspace import Workspace

log = logging.getLogger(__name__)


def offer_backup(paths: DataPaths, exc: DatabaseCorrupt, runner: TaskRunner) -> bool:
    """The database cannot be read: offer its newest backup (the damaged file is kept). The
    restore (checks of the backup, the swap) runs on the DB thread while this waits."""
    from safetydesk.services import backup

    answer = QMessageBox.question(
        None, _("SafetyDesk"),
        exc.user_message + "\n\n" + _("Restore this backup now? The damaged database is kept in "
                                        "the backups folder."),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    chosen = Path(exc.backup or "")
    try:
        wait_for(runner, lambda: backup.restore(paths.root, paths.database, chosen))
    except SafetyDeskError as failed:
        QMessageBox.critical(None, _("SafetyDesk"), failed.user_message)
        return False
    return True


def start_session(workspace: Workspace, runner: TaskRunner) -> InstanceLock | None:
    """Hold the instance lock (restore refuses meanwhile) and sign in while the database opens.
    Returns the lock to hand to `end_session`, or None when the start was refused (the reason was
    shown) or cancelled. Raises what opening the database raised, with the lock released."""
    from safetydesk.services.backup import InstanceLock
    from safetydesk.ui.dialogs import login

    lock = InstanceLock(workspace.paths.root)
    if not lock.acquire():
        QMessageBox.warning(
            None,
            _("SafetyDesk"),
            _("SafetyDesk is already open with this data folder. Switch to that window."),
        )
        return None
    try:
        result = login.sign_in(workspace, runner)
    except BaseException:
        lock.release()
        raise
    if result is None:
        lock.release()
        return None
    workspace.actor = result.actor
    return lock


def _warn(parent: QWidget | None, notes: list[str]) -> None:
    if not notes:
        return
    box = QMessageBox(QMessageBox.Icon.Warning, _("SafetyDesk"), "\n\n".join(notes),
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("session-notes")
    box.open()


def after_sign_in(workspace: Workspace, runner: TaskRunner, parent: QWidget | None) -> None:
    """Once the window is up, on the DB thread: the principal and administrators hear of a broken
    audit chain and of break-glass access they have not seen yet; then the daily backup. What
    needs saying appears over `parent` when it is known."""
    ws = workspace

    def notes() -> list[str]:  # DB thread
        from safetydesk.services import access_policy, audit

        if ws.actor.role not in PRINCIPAL_ROLES:
            return []
        out = []
        check = audit.verify(ws.sessions)
        if not check.ok:
            out.append(check.message)
        pending = access_policy.grants(ws.sessions, unseen_only=True)
        if pending:
            out.append(_("{n} break-glass accesses await your review on the audit log page.", n=len(pending)))
        return out

    def daily_backup() -> None:  # DB thread
        from safetydesk.services import backup

        if backup.daily_backup_due(ws.paths.backups):
            backup.automatic_backup(ws.paths.database, ws.paths.backups, backup.keep_count(ws.sessions))

    def backup_failed(exc: BaseException) -> None:
        if isinstance(exc, SafetyDeskError):
            _warn(parent, [exc.user_message])
        else:
            messages.show_error(parent, exc)

    runner.db(notes, lambda found: _warn(parent, found))
    runner.db(daily_backup, on_failure=backup_failed)


def end_session(workspace: Workspace, runner: TaskRunner, lock: InstanceLock) -> None:
    """GUI close (UI thread, the window gone): the automatic backup on the DB thread (keeping the
    newest N) while this waits, then forget the data key and unlock."""
    ws = workspace

    def closing_backup() -> None:  # DB thread
        from safetydesk.services import backup

        backup.automatic_backup(ws.paths.database, ws.paths.backups, backup.keep_count(ws.sessions))

    try:
        wait_for(runner, closing_backup)
    except SafetyDeskError as exc:
        QMessageBox.warning(None, _("SafetyDesk"), exc.user_message)
    finally:
        if ws.loaded:
            from safetydesk.services import field_crypto

            field_crypto.forget(ws.sessions)
        lock.release()


def _open(paths: DataPaths, runner: TaskRunner) -> tuple[Workspace, InstanceLock] | None:
    """The workspace signed in, with its lock; None when cancelled or refused."""
    from safetydesk.services.workspace import load_for_window, open_workspace, prepare_workspace

    workspace = prepare_workspace(paths)
    if workspace is None:  # the identity cannot be read cheaply: open in full first, to say why
        workspace = wait_for(runner, lambda: load_for_window(open_workspace(paths)))
    try:
        lock = start_session(workspace, runner)
    except BaseException:
        runner.wait_done()
        workspace.close()
        raise
    if lock is None:
        runner.wait_done()  # a load still running finishes before its storage is closed
        workspace.close()
        return None
    return workspace, lock


def run_gui(paths: DataPaths, lang: str) -> int:
    from safetydesk.services import private_temp  # stdlib only: cheap at start

    app = create_application(lang)
    setup_file_logging(paths.logs)
    messages.install_excepthook()
    runner = TaskRunner(app, on_error=lambda exc: messages.show_error(QApplication.activeWindow(), exc))
    install_access_policy(runner)
    private_temp.sweep()  # previews and opened attachments a crash left in the temp folder
    if not paths.is_initialised():
        from safetydesk.ui.dialogs.setup_wizard import SetupWizard

        wizard = SetupWizard(paths, runner)
        if wizard.exec() != QWizard.DialogCode.Accepted:
            return 0
    opened = None
    for attempt in (1, 2):
        try:
            opened = _open(paths, runner)
        except DatabaseCorrupt as exc:
            if attempt == 1 and exc.backup and offer_backup(paths, exc, runner):
                continue  # restored: open again
            if not exc.backup:
                QMessageBox.critical(None, _("SafetyDesk"), exc.user_message)
            return 1
        except SafetyDeskError as exc:
            QMessageBox.critical(None, _("SafetyDesk"), exc.user_message)
            return 1
        break
    if opened is None:
        return 0
    workspace, lock = opened
    from safetydesk.ui.main_window import MainWindow

    window = MainWindow(workspace, runner)
    window.show()
    after_sign_in(workspace, runner, window)
    try:
        return app.exec()
    finally:
        end_session(workspace, runner, lock)
        workspace.close()
        private_temp.sweep()
