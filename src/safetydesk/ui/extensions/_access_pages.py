"""The pages and dialogs of people and access (ui.extensions.accounts installs them): the audit
log page (filters, chain check, Excel export, break-glass access awaiting the principal), the
accounts page for administrators, and the break-glass dialog.

Imported on first use, once the workspace is loaded. Every read and write goes to the DB thread
through the window's TaskRunner; callbacks fill the widgets on the UI thread.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain import clock
from safetydesk.domain.registry import all_kinds, get_kind
from safetydesk.domain.roles import PRINCIPAL_ROLES
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import LOCAL_TZ, _
from safetydesk.services import access_policy, accounts, audit
from safetydesk.services.audit_words import action_label, changed_fields, detail_text, kind_title
from safetydesk.ui import messages
from safetydesk.ui.widgets.date_edit import DateEdit
from safetydesk.ui.widgets.flow_layout import FlowLayout

if TYPE_CHECKING:
    from safetydesk.ui.main_window import MainWindow

ACTIONS = (
    "",
    "create",
    "update",
    "delete",
    "restore",
    "read",
    "move",
    "export",
    "print",
    "break_glass",
    "login",
    "login_failed",
    "user_add",
    "user_change",
    "password_change",
    "password_reset",
    "backup",
    "setting",
    "package_export",
    "package_import",
    "trust",
)

MAX_FIT_WIDTH = 280  # a column fitted to its contents is at most this wide (long texts elide)


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            table.setItem(i, j, QTableWidgetItem(value))
    if rows:  # times and names whole at 1366 px (Qt measures a sample of rows: resizeContentsPrecision)
        table.resizeColumnsToContents()
        for c in range(table.columnCount() - 1):
            table.setColumnWidth(c, min(table.columnWidth(c), MAX_FIT_WIDTH))


def _month_before(d: date) -> date:
    """The same day a month earlier (the last day of that month when it is shorter)."""
    year, month = (d.year, d.month - 1) if d.month > 1 else (d.year - 1, 12)
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


class AuditPage(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("audit-page")
        self.window_, self.workspace, self.runner = window, window.workspace, window.runner
        self.user = QLineEdit()
        self.user.setObjectName("audit-user")
        self.user.setPlaceholderText(_("User name"))
        self.action = QComboBox()
        self.action.setObjectName("audit-action")
        for a in ACTIONS:
            self.action.addItem(action_label(a) if a else _("All actions"), a)
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("audit-kind")
        self.kind_filter.addItem(_("All record kinds"), "")
        for k in all_kinds():
            self.kind_filter.addItem(_(k.title), k.key)
        # The school's date (China Standard Time, the app's clock), not the PC's time zone: on a
        # PC set to UTC the evening's entries fell after "today" and the list was empty.
        self.date_from, self.date_to = DateEdit(optional=False), DateEdit(optional=False)
        self.date_from.set_date(_month_before(clock.today()))
        self.date_to.set_date(clock.today())
        apply = QPushButton(_("Apply"))
        apply.clicked.connect(self.refresh)
        verify = QPushButton(_("Check the audit log"))
        verify.setObjectName("audit-verify")
        verify.clicked.connect(self.verify)
        export = QPushButton(_("Export to Excel…"))
        export.setObjectName("audit-export")
        export.clicked.connect(lambda: self.export_excel())
        span = QWidget()
        span_row = QHBoxLayout(span)
        span_row.setContentsMargins(0, 0, 0, 0)
        for w in (QLabel(_("From")), self.date_from, QLabel(_("to")), self.date_to):
            span_row.addWidget(w)
        bar = self.filter_row = FlowLayout()  # wraps: the English labels are long (kept: Qt calls back)
        for w in (self.user, self.action, self.kind_filter, span, apply, verify, export):
            bar.addWidget(w)
        self.status = QLabel()
        self.status.setObjectName("audit-status")
        self.table = _table(
            [
                _("No."),
                _("Time"),
                _("User"),
                _("Action"),
                _("Record kind"),
                _("Record"),
                _("Detail"),
                _("Changed fields"),
            ],
            "audit-table",
        )
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        self.grants = None
        # A county bureau holds no protected record (sync/upward.py sends none up): no break-glass.
        if window.workspace.actor.role in PRINCIPAL_ROLES and not window.workspace.info.is_county:
            layout.addWidget(QLabel(_("Break-glass access not yet seen by the principal")))
            self.grants = _table(
                [_("No."), _("Time"), _("User"), _("Record kind"), _("Reason")], "break-glass-table"
            )
            seen = QPushButton(_("Mark as seen"))
            seen.setObjectName("break-glass-seen")
            seen.clicked.connect(self.acknowledge)
            layout.addWidget(self.grants)
            layout.addWidget(seen)
        self.refresh()

    def query(self) -> audit.AuditQuery:
        return audit.AuditQuery(
            username=self.user.text().strip(),
            action=self.action.currentData() or "",
            kind=self.kind_filter.currentData() or "",
            date_from=self.date_from.date() or _month_before(clock.today()),
            date_to=self.date_to.date() or clock.today(),
        )

    def refresh(self) -> None:
        q, sessions = self.query(), self.workspace.sessions
        show_grants = self.grants is not None

        def load() -> tuple[list[audit.AuditRow], list[access_policy.Grant], dict[str, str]]:
            grants = access_policy.grants(sessions, unseen_only=True) if show_grants else []
            rows = audit.entries(sessions, q, limit=2000)
            return rows, grants, audit.record_names(sessions, rows)

        self.runner.db(load, self._show)

    def _show(self, loaded: tuple[list[audit.AuditRow], list[access_policy.Grant], dict[str, str]]) -> None:
        rows, grants, names = loaded
        _fill(
            self.table,
            [
                [
                    str(r.id),
                    r.at.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M:%S"),
                    r.username,
                    action_label(r.action),
                    kind_title(r.kind) if r.kind else "",
                    names.get(r.record_uuid or "", r.record_uuid or ""),
                    detail_text(r.action, r.detail, r.changes),
                    changed_fields(r.kind, r.changes),
                ]
                for r in rows
            ],
        )
        if self.grants is not None:
            self.grant_ids = [g.id for g in grants]
            _fill(
                self.grants,
                [
                    [
                        str(g.id),
                        g.granted_at.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M"),
                        g.username,
                        kind_title(g.kind),
                        g.reason,
                    ]
                    for g in grants
                ],
            )

    def verify(self) -> None:
        sessions = self.workspace.sessions
        self.runner.db(lambda: audit.verify(sessions), lambda r: self.status.setText(r.message))

    def export_excel(self, path: str | None = None) -> None:
        if path is None:
            path, _f = QFileDialog.getSaveFileName(
                self, _("Export to Excel…"), "audit.xlsx", "Excel (*.xlsx)"
            )
            if not path:
                return
        ws, q = self.workspace, self.query()
        self.runner.db(
            lambda: audit.export_excel(ws.sessions, ws.actor, q, path),
            lambda n: self.status.setText(_("Wrote {n} entries to {path}", n=n, path=path)),
        )

    def acknowledge(self) -> None:
        if self.grants is None:
            return
        rows = {i.row() for i in self.grants.selectionModel().selectedRows()}
        ids = [self.grant_ids[r] for r in sorted(rows)]
        ws = self.workspace

        def run() -> None:
            for gid in ids:
                access_policy.acknowledge(ws.sessions, ws.actor, gid)

        self.runner.db(run, lambda _r: self.refresh())


class AddUserDialog(QDialog):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("add-user")
        self.setWindowTitle(_("New account"))
        form = QFormLayout(self)
        self.name, self.display = QLineEdit(), QLineEdit()
        self.role = QComboBox()
        for r in accounts.ROLES:
            self.role.addItem(accounts.role_title(r), r)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("User name"), self.name)
        form.addRow(_("Name"), self.display)
        form.addRow(_("Role"), self.role)
        form.addRow(_("Password"), self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class UsersPage(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("users-page")
        self.workspace, self.runner = window.workspace, window.runner
        self.table = _table([_("User name"), _("Name"), _("Role"), _("Active")], "users-table")
        add = QPushButton(_("New account…"))
        add.setObjectName("user-add")
        add.clicked.connect(self.add_user)
        reset = QPushButton(_("Reset password…"))
        reset.setObjectName("user-reset")
        reset.clicked.connect(self.reset_password)
        # Who may open protected records and how many backups are kept are settings: they are edited
        # in one place, the Settings page built from the registry (domain/settings.py).
        to_settings = QPushButton(_("Access and backup settings…"))
        to_settings.setObjectName("open-settings")
        to_settings.clicked.connect(lambda: window.show_page("settings"))
        bar = QHBoxLayout()
        bar.addWidget(add)
        bar.addWidget(reset)
        bar.addStretch(1)
        bar.addWidget(to_settings)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.usernames: list[str] = []
        self.refresh()

    def refresh(self) -> None:
        sessions = self.workspace.sessions
        self.runner.db(lambda: accounts.list_accounts(sessions), self._show)

    def _show(self, rows: list[accounts.Account]) -> None:
        self.usernames = [a.username for a in rows]
        _fill(
            self.table,
            [
                [a.username, a.display_name, accounts.role_title(a.role), _("Yes") if a.active else _("No")]
                for a in rows
            ],
        )

    def add_user(self) -> None:
        dialog = AddUserDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        ws = self.workspace
        name, role, pw, display = (
            dialog.name.text().strip(),
            dialog.role.currentData(),
            dialog.password.text(),
            dialog.display.text().strip(),
        )
        self.runner.db(
            lambda: accounts.add_account(ws.sessions, ws.actor, name, role, pw, display),
            lambda _a: self.refresh(),
        )

    def reset_password(self) -> None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.usernames):
            return
        name = self.usernames[row]
        dialog = QDialog(self)
        dialog.setWindowTitle(_("Reset password…"))
        form = QFormLayout(dialog)
        pw = QLineEdit()
        pw.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("New password"), pw)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        ws, new = self.workspace, pw.text()
        self.runner.db(
            lambda: accounts.reset_password(ws.sessions, ws.actor, name, new), lambda _r: self.refresh()
        )


class BreakGlassDialog(QDialog):
    """Emergency access to one student's protected records of one kind, with a written reason.

    The students are read, and the access granted, on the DB thread; the dialog stays responsive
    (busy bar, buttons disabled while it works) and shows a refusal beside the form."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("break-glass")
        self.setWindowTitle(_("Break-glass access"))
        self.workspace, self.runner = window.workspace, window.runner
        self.granted: list[access_policy.Grant] | None = None
        self.kind_filter = QComboBox()
        for k in all_kinds():
            if k.sensitive and k.has_field("student_uuid"):
                self.kind_filter.addItem(_(k.title), k.key)
        self.student = QComboBox()
        self.student.setObjectName("break-glass-student")
        self.student.setEditable(True)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("break-glass-reason")
        note = QLabel(_("The reason, your name and the time are logged and shown to the principal."))
        note.setWordWrap(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.error = QLabel()
        self.error.setObjectName("break-glass-error")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(_("Record kind"), self.kind_filter)
        form.addRow(_("Student"), self.student)
        form.addRow(_("Reason"), self.reason)
        form.addRow(note)
        form.addRow(self.busy)
        form.addRow(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.grant)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._load_students()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.buttons.setEnabled(not busy)

    def _load_students(self) -> None:
        if not self.kind_filter.count():
            return
        field = get_kind(self.kind_filter.currentData()).field("student_uuid")
        ws = self.workspace

        def load() -> list[tuple[str, str]]:  # DB thread
            from safetydesk.services import records

            return records.reference_options(ws.sessions, field, limit=5000)

        self._set_busy(True)
        self.runner.db(load, self._show_students, self._failed)

    def _show_students(self, options: list[tuple[str, str]]) -> None:
        self._set_busy(False)
        for uuid, label in options:
            self.student.addItem(label, uuid)

    def grant(self) -> None:
        ws, kind, student, reason = (self.workspace, self.kind_filter.currentData(),
                                     self.student.currentData(), self.reason.toPlainText())
        self.error.clear()
        self._set_busy(True)
        self.runner.db(
            lambda: access_policy.break_glass_for_student(ws.sessions, ws.actor, kind, student, reason),
            self._granted, self._failed)

    def _granted(self, grants: list[access_policy.Grant]) -> None:
        self._set_busy(False)
        self.granted = grants
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, SafetyDeskError):
            self.error.setText(exc.user_message)
        else:
            messages.show_error(self, exc)

    def reject(self) -> None:
        if self.buttons.isEnabled():  # not while the DB thread works for it
            super().reject()
