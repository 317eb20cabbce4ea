"""Sign in at start (the last user remembered; after the setup wizard, the administrator it made),
the first administrator password, the recovery code shown once (copy and print buttons), and
changing one's own password.

Nothing here touches the database on the UI thread. A password check (argon2id: tens of
milliseconds on a new PC, far more on an old one, plus a write for the audit log) runs on the DB
thread through the TaskRunner; meanwhile the dialog stays responsive, shows a busy bar, disables
its buttons and fields, and shows a refusal beside the field it concerns.

At start the sign-in appears before the database layer is loaded: the dialog queues the load
(SQLAlchemy, the record kinds, field encryption, a migration if one is due) on the DB thread as
it opens, so it happens while the person types; "Sign in" waits for it.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain import clock
from safetydesk.errors import SafetyDeskError, ValidationError
from safetydesk.i18n import _, format_date
from safetydesk.services.workspace import Workspace, load_for_window
from safetydesk.ui import messages
from safetydesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from safetydesk.services.accounts import LoginResult

LAST_USER_KEY = "login/last_user"
ERROR_STYLE = "color: #c62828;"


def _password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label


def open_for_sign_in(ws: Workspace) -> bool:
    """DB thread: load the workspace for the window (if it is not yet) and tell whether the
    administrator's first password is still to be set (an installation without accounts)."""
    load_for_window(ws)
    from safetydesk.services import accounts

    return accounts.needs_first_admin(ws.sessions)


class BusyForm(QDialog):
    """A dialog whose work runs on the DB thread: a busy bar and disabled controls meanwhile,
    an error label per field, and no closing while a result is on its way."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.busy = QProgressBar()
        self.busy.setObjectName("busy")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy_label = QLabel()
        self.busy_label.setObjectName("busy-text")
        self.busy_label.setStyleSheet("color: #555;")
        for widget in (self.busy, self.busy_label):  # the dialog keeps its size when they hide
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.form = QFormLayout()
        self.field_errors: dict[str, QLabel] = {}
        self.error = _error_label("form-error")  # what concerns no single field
        self._working = False
        self._fields: list[QWidget] = []

    def add_field(self, key: str, label: str, widget: QWidget) -> None:
        """A field with its error label right under it (hidden while empty)."""
        self.form.addRow(label, widget)
        error = _error_label(f"{key}-error")
        self.form.addRow("", error)
        self.form.setRowVisible(error, False)
        self.field_errors[key] = error
        self._fields.append(widget)

    def finish_layout(self, heading: QWidget | None = None) -> None:
        layout = QVBoxLayout(self)
        if heading is not None:
            layout.addWidget(heading)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.set_working(False)

    def set_working(self, working: bool, text: str = "") -> None:
        self._working = working
        self.busy.setVisible(working)
        self.busy_label.setVisible(bool(text))
        self.busy_label.setText(text)
        self.buttons.setEnabled(not working)
        for widget in self._fields:
            widget.setEnabled(not working and widget.property("locked") is not True)

    @property
    def working(self) -> bool:
        return self._working

    def clear_errors(self) -> None:
        self.error.clear()
        for label in self.field_errors.values():
            label.clear()
            self.form.setRowVisible(label, False)

    def show_error(self, key: str, text: str) -> None:
        label = self.field_errors.get(key, self.error)
        label.setText(text)
        if label is not self.error:
            self.form.setRowVisible(label, True)

    def failed(self, exc: BaseException, default_field: str) -> None:
        """Show a refusal beside the field it concerns; a bug gets the usual error box."""
        self.set_working(False)
        if isinstance(exc, ValidationError) and exc.field_errors:
            for key, text in exc.field_errors.items():
                self.show_error(self.map_field(key) or default_field, text)
        elif isinstance(exc, SafetyDeskError):
            self.show_error(default_field, exc.user_message)
        else:
            messages.show_error(self, exc)

    def map_field(self, key: str) -> str | None:
        """The form's field for a service's field name (override)."""
        return key if key in self.field_errors else None

    def reject(self) -> None:  # Esc, Cancel: not while a result is on its way
        if not self._working:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._working:
            event.ignore()
            return
        super().closeEvent(event)


class LoginDialog(BusyForm):
    """Asks for user name and password; `result_` holds the LoginResult once accepted. When the
    installation has no account yet, asks for the administrator's new password twice instead.

    `failure` holds the exception when the database could not be opened (the dialog then closes
    itself, and the caller says why)."""

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.setObjectName("login-dialog")
        self.workspace = workspace
        self.result_: LoginResult | None = None
        self.failure: BaseException | None = None
        self.first_admin: bool | None = None  # known once the database answered
        self.settings = QSettings(str(workspace.paths.settings_file), QSettings.Format.IniFormat)
        self.setWindowTitle(_("Sign in — {name}", name=workspace.info.org_name))
        self.setMinimumWidth(400)
        self.heading = QLabel(workspace.info.org_name)
        self.heading.setObjectName("login-heading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 16px; font-weight: bold; padding-bottom: 6px;")
        self.intro = QLabel(_("Set the password of the administrator account 'admin'. Write it "
                              "down: it protects the students' sensitive records."))
        self.intro.setWordWrap(True)
        self.form.addRow(self.intro)
        self.form.setRowVisible(self.intro, False)
        self.user = QLineEdit()
        self.user.setObjectName("login-user")
        self.user.setText(str(self.settings.value(LAST_USER_KEY, "") or ""))
        self.password = _password_edit("login-password")
        self.again = _password_edit("login-again")
        self.add_field("user", _("User name"), self.user)
        self.add_field("password", _("Password"), self.password)
        self.add_field("again", _("The same password again"), self.again)
        self.form.setRowVisible(self.again, False)
        self.ok_button.setText(_("Sign in"))
        self.ok_button.setObjectName("login-sign-in")
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        self.finish_layout(self.heading)
        (self.password if self.user.text() else self.user).setFocus()
        self._show_opening(True)
        ws = workspace
        runner.db(lambda: open_for_sign_in(ws), self._database_ready, self._database_failed)

    def _show_opening(self, opening: bool) -> None:
        """While the database opens the person may type (or cancel); only signing in waits."""
        self.busy.setVisible(opening)
        self.busy_label.setVisible(opening)
        self.busy_label.setText(_("Opening the database…") if opening else "")
        self.ok_button.setEnabled(not opening)

    def set_working(self, working: bool, text: str = "") -> None:
        super().set_working(working, text)
        if not working:
            self.ok_button.setEnabled(self.first_admin is not None)

    def _database_ready(self, first_admin: bool) -> None:
        self.first_admin = first_admin
        self.setWindowTitle(_("Sign in — {name}", name=self.workspace.info.org_name))
        self.heading.setText(self.workspace.info.org_name)
        if first_admin:
            self.form.setRowVisible(self.intro, True)
            self.form.setRowVisible(self.again, True)
            self.user.setText("admin")
            self.user.setProperty("locked", True)
            self.user.setEnabled(False)
            self.password.setFocus()
        self._show_opening(False)

    def _database_failed(self, exc: BaseException) -> None:
        self.failure = exc
        self.done(QDialog.DialogCode.Rejected)

    def try_login(self) -> None:
        """Check the password on the DB thread; the dialog closes when it is right."""
        if self.working or self.first_admin is None:
            return
        self.clear_errors()
        name, pw = self.user.text().strip(), self.password.text()
        ws = self.workspace
        if self.first_admin:
            if pw != self.again.text():
                self.show_error("again", _("The two passwords differ; nothing was created. Try again."))
                return

            def check() -> LoginResult:  # DB thread
                from safetydesk.services import accounts

                return accounts.create_first_admin(ws.sessions, ws.info.org_code, pw)
        else:
            if not name:
                self.show_error("user", _("Enter your user name."))
                return

            def check() -> LoginResult:  # DB thread
                from safetydesk.services import accounts

                return accounts.login(ws.sessions, ws.info.org_code, name, pw)

        self.set_working(True, _("Checking the password…"))
        self.runner.db(check, self._signed_in, self._refused)

    def _signed_in(self, result: LoginResult) -> None:
        self.set_working(False)
        self.result_ = result
        self.settings.setValue(LAST_USER_KEY, result.actor.username)
        self.settings.sync()
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.password.clear()
        self.again.clear()
        self.failed(exc, "password")
        self.password.setFocus()


class RecoveryCodeDialog(QDialog):
    """The recovery code, shown once: copy it, print it, or write it down."""

    def __init__(self, parent: QWidget | None, code: str, org_name: str = "") -> None:
        super().__init__(parent)
        self.code, self.org_name = code, org_name
        self.setObjectName("recovery-code")
        self.setWindowTitle(_("Recovery code"))
        self.setMinimumWidth(460)
        text = QLabel(
            _(
                "Sensitive records are now encrypted. Print or copy this recovery code and keep "
                "it locked away: it restores access if the administrator's password is "
                "forgotten. It is shown only once."
            )
        )
        text.setWordWrap(True)
        self.code_label = QLabel(code)
        self.code_label.setObjectName("recovery-code-text")
        self.code_label.setStyleSheet("font-size: 18pt; font-weight: bold; padding: 8px;")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setObjectName("recovery-status")
        self.status.setStyleSheet("color: #2e7d32;")
        self.copy_button = QPushButton(_("Copy"))
        self.copy_button.setObjectName("recovery-copy")
        self.copy_button.clicked.connect(self.copy)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setObjectName("recovery-print")
        self.print_button.clicked.connect(self.print_code)
        done = QPushButton(_("I have kept it safe"))
        done.setObjectName("recovery-done")
        done.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.print_button)
        row.addStretch(1)
        row.addWidget(done)
        lay = QVBoxLayout(self)
        lay.addWidget(text)
        lay.addWidget(self.code_label, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addWidget(self.status)
        lay.addLayout(row)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.code)
        self.status.setText(_("Copied. Paste it into a document you keep safe, not on this PC."))

    def document(self) -> QTextDocument:
        """What is printed: whose code, when, the code, and what it is for."""
        title = _("SafetyDesk recovery code")
        printed = _("Printed on {date}", date=format_date(clock.today()))
        purpose = _("It restores access to the sensitive records if the administrator password is "
                    "forgotten. Keep this page locked away.")
        doc = QTextDocument()
        doc.setHtml(
            f"<h2>{html.escape(title)}</h2><p>{html.escape(self.org_name)}</p>"
            f"<p>{html.escape(printed)}</p>"
            f"<p style='font-size:20pt'><b>{html.escape(self.code)}</b></p><p>{html.escape(purpose)}</p>"
        )
        return doc

    def print_to(self, printer: QPrinter) -> None:
        self.document().print_(printer)
        self.status.setText(_("Sent to the printer."))

    def print_code(self) -> None:
        """Qt's print dialog (the system's printers on Windows and Linux alike)."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print the recovery code"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)


def show_recovery_code(parent: QWidget | None, code: str, org_name: str = "") -> RecoveryCodeDialog:
    return RecoveryCodeDialog(parent, code, org_name)


class ChangePasswordDialog(BusyForm):
    """The signed-in person changes their own password (checked on the DB thread)."""

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.setObjectName("change-password")
        self.workspace = workspace
        self.setWindowTitle(_("Change password"))
        self.setMinimumWidth(400)
        self.old = _password_edit("old-password")
        self.new = _password_edit("new-password")
        self.again = _password_edit("new-again")
        self.add_field("old", _("Current password"), self.old)
        self.add_field("new", _("New password"), self.new)
        self.add_field("again", _("The same password again"), self.again)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.finish_layout()

    def map_field(self, key: str) -> str | None:
        return {"old": "old", "password": "new", "new": "new"}.get(key)

    def save(self) -> None:
        if self.working:
            return
        self.clear_errors()
        if self.new.text() != self.again.text():
            self.show_error("again", _("The two new passwords differ."))
            return
        ws, old, new = self.workspace, self.old.text(), self.new.text()

        def change() -> None:  # DB thread
            from safetydesk.services import accounts

            accounts.change_password(ws.sessions, ws.actor, old, new)

        self.set_working(True, _("Checking the password…"))
        self.runner.db(change, self._changed, lambda exc: self.failed(exc, "old"))

    def _changed(self, _result: object) -> None:
        self.set_working(False)
        self.accept()


def sign_in(workspace: Workspace, runner: TaskRunner) -> LoginResult | None:
    """The start-up sign-in (UI thread; the database opens meanwhile on the DB thread). None when
    the person cancelled; raises what opening the database raised."""
    dialog = LoginDialog(workspace, runner)
    code = dialog.exec()
    if dialog.failure is not None:
        raise dialog.failure
    if code != QDialog.DialogCode.Accepted or dialog.result_ is None:
        return None
    if dialog.result_.recovery_code:
        show_recovery_code(None, dialog.result_.recovery_code, workspace.info.org_name).exec()
    return dialog.result_
