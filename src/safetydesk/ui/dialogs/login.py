"""Sign in at start (the last user remembered), the first administrator password, the recovery
code shown once, and changing one's own password.

Password checks run on the UI thread on purpose: one argon2id verification takes a few tens of
milliseconds, and a login must finish before any page (and its DB work) exists.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _
from safetydesk.services import accounts
from safetydesk.services.workspace import Workspace

LAST_USER_KEY = "login/last_user"
ERROR_STYLE = "color: #c62828;"


def _password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class LoginDialog(QDialog):
    """Asks for user name and password; `result` holds the LoginResult once accepted. When the
    installation has no account yet, asks for the administrator's new password twice instead."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("login-dialog")
        self.workspace = workspace
        self.result_: accounts.LoginResult | None = None
        self.settings = QSettings(str(workspace.paths.settings_file), QSettings.Format.IniFormat)
        self.first_admin = accounts.needs_first_admin(workspace.sessions)
        self.setWindowTitle(_("Sign in — {name}", name=workspace.info.org_name))
        form = QFormLayout()
        self.user = QLineEdit()
        self.user.setObjectName("login-user")
        self.password = _password_edit("login-password")
        self.again = _password_edit("login-again")
        if self.first_admin:
            intro = QLabel(
                _(
                    "Set the password of the administrator account 'admin'. Write it "
                    "down: it protects the students' sensitive records."
                )
            )
            intro.setWordWrap(True)
            form.addRow(intro)
            self.user.setText("admin")
            self.user.setEnabled(False)
        else:
            self.user.setText(str(self.settings.value(LAST_USER_KEY, "") or ""))
        form.addRow(_("User name"), self.user)
        form.addRow(_("Password"), self.password)
        if self.first_admin:
            form.addRow(_("The same password again"), self.again)
        self.error = QLabel()
        self.error.setObjectName("login-error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Sign in"))
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.password if self.user.text() else self.user).setFocus()

    def try_login(self) -> bool:
        name, pw = self.user.text().strip(), self.password.text()
        ws = self.workspace
        try:
            if self.first_admin:
                if pw != self.again.text():
                    raise SafetyDeskError(_("The two passwords differ; nothing was created. Try again."))
                self.result_ = accounts.create_first_admin(ws.sessions, ws.info.org_code, pw)
            else:
                self.result_ = accounts.login(ws.sessions, ws.info.org_code, name, pw)
        except SafetyDeskError as exc:
            self.error.setText(exc.user_message)
            self.password.clear()
            return False
        self.settings.setValue(LAST_USER_KEY, self.result_.actor.username)
        self.settings.sync()
        self.accept()
        return True


def show_recovery_code(parent: QWidget | None, code: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName("recovery-code")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(_("Recovery code"))
    box.setText(
        _(
            "Sensitive records are now encrypted. Print or copy this recovery code and keep "
            "it locked away: it restores access if the administrator's password is "
            "forgotten. It is shown only once."
        )
    )
    box.setInformativeText(f"<b style='font-size:16pt'>{code}</b>")
    return box


class ChangePasswordDialog(QDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("change-password")
        self.workspace = workspace
        self.setWindowTitle(_("Change password"))
        form = QFormLayout()
        self.old = _password_edit("old-password")
        self.new = _password_edit("new-password")
        self.again = _password_edit("new-again")
        form.addRow(_("Current password"), self.old)
        form.addRow(_("New password"), self.new)
        form.addRow(_("The same password again"), self.again)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> bool:
        if self.new.text() != self.again.text():
            self.error.setText(_("The two new passwords differ."))
            return False
        try:
            accounts.change_password(
                self.workspace.sessions, self.workspace.actor, self.old.text(), self.new.text()
            )
        except SafetyDeskError as exc:
            self.error.setText(exc.user_message)
            return False
        self.accept()
        return True


def sign_in(workspace: Workspace) -> accounts.LoginResult | None:
    """The start-up login; None when the person cancelled."""
    dialog = LoginDialog(workspace)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_ is None:
        return None
    if dialog.result_.recovery_code:
        show_recovery_code(None, dialog.result_.recovery_code).exec()
    return dialog.result_


def start_session(workspace: Workspace) -> object | None:
    """GUI start (ui.app): hold the instance lock (restore refuses meanwhile), sign in, take the
    daily backup. Returns the lock to hand to `end_session`, or None when the start was refused
    or cancelled (the reason was shown)."""
    from safetydesk.services import access_policy, backup

    lock = backup.InstanceLock(workspace.paths.root)
    if not lock.acquire():
        QMessageBox.warning(
            None,
            _("SafetyDesk"),
            _("SafetyDesk is already open with this data folder. Switch to that window."),
        )
        return None
    access_policy.install()
    result = sign_in(workspace)
    if result is None:
        lock.release()
        return None
    workspace.actor = result.actor
    _tell_the_principal(workspace)
    try:
        if backup.daily_backup_due(workspace.paths.backups):
            backup.automatic_backup(
                workspace.paths.database, workspace.paths.backups, backup.keep_count(workspace.sessions)
            )
    except SafetyDeskError as exc:
        QMessageBox.warning(None, _("SafetyDesk"), exc.user_message)
    return lock


def _tell_the_principal(workspace: Workspace) -> None:
    """At sign-in, the principal and administrators hear of a broken audit chain and of
    break-glass access they have not seen yet."""
    from safetydesk.services import access_policy, audit

    if workspace.actor.role not in ("principal", "admin"):
        return
    notes = []
    check = audit.verify(workspace.sessions)
    if not check.ok:
        notes.append(check.message)
    pending = access_policy.grants(workspace.sessions, unseen_only=True)
    if pending:
        notes.append(_("{n} break-glass accesses await your review on the audit log page.", n=len(pending)))
    if notes:
        QMessageBox.warning(None, _("SafetyDesk"), "\n\n".join(notes))


def end_session(workspace: Workspace, lock: object) -> None:
    """GUI close: the automatic backup (keeping the newest N), then forget the key, unlock."""
    from safetydesk.services import backup, field_crypto

    try:
        backup.automatic_backup(
            workspace.paths.database, workspace.paths.backups, backup.keep_count(workspace.sessions)
        )
    except SafetyDeskError as exc:
        QMessageBox.warning(None, _("SafetyDesk"), exc.user_message)
    finally:
        field_crypto.forget(workspace.sessions)
        if isinstance(lock, backup.InstanceLock):
            lock.release()
