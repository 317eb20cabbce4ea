"""The incident dialogs for the worst moment: capture, phone report, written report text.

The capture dialog asks only what the first report needs. Once saved it turns into two big next
steps: "Phone report made…" and "首报 PDF" (one click writes the 首报 from the record and opens
it). The report dialog shows the report text in the official structure, editable, and saves it
as PDF or logs it as sent. Database and PDF work run on the window's DB thread (TaskRunner);
the report dialog opens once its draft has been read there (`open_report_dialog`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain import clock
from safetydesk.domain.registry import get_kind
from safetydesk.errors import SafetyDeskError, ValidationError
from safetydesk.i18n import LOCAL_TZ, _, format_datetime
from safetydesk.services import incidents
from safetydesk.services.report_defs import incident_reports
from safetydesk.services.workspace import Workspace
from safetydesk.ui import messages, shortcuts
from safetydesk.ui.shortcuts import with_keys
from safetydesk.ui.tasks import TaskRunner
from safetydesk.ui.widgets.field_form import FieldForm

CAPTURE_FIELDS = (
    "title",
    "summary",
    "place",
    "occurred_at",
    "learned_at",
    "level",
    "sensitive",
    "deaths",
    "injuries",
    "measures",
    "onsite_person",
    "onsite_phone",
)
ERROR_STYLE = "color: #c62828;"
BIG_BUTTON = "QPushButton { font-size: 15px; padding: 10px 18px; }"



def report_type_label(report_type: str) -> str:
    """首报/续报/终报 as the incident report kind's choices name them."""
    choice = get_kind(incidents.REPORT).field("report_type").choice(report_type)
    return _(choice.label) if choice else report_type


def first_report_pdf_label() -> str:
    return _("{report} PDF", report=report_type_label("first"))


def open_file(path: Path, title: str, parent: QWidget | None) -> None:
    """Show a written report in the in-app preview, as the ledgers are (print from there, or
    hand it to the system's viewer, which says so when there is none)."""
    from safetydesk.ui.dialogs.print_preview import show_preview

    show_preview(path, title, parent)


def report_path(workspace: Workspace, title: str) -> Path:
    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", title).strip("_")[:60] or "report"
    folder = workspace.paths.root / "incident-reports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{safe}-{clock.now().astimezone(LOCAL_TZ):%Y%m%d-%H%M%S}.pdf"


def write_and_open(
    workspace: Workspace,
    runner: TaskRunner,
    parent: QWidget,
    title: str,
    body: str,
    to: str,
    period: str = "",
    out: Path | None = None,
    done: Callable[[Path], None] | None = None,
) -> None:
    target = out or report_path(workspace, title)

    def work() -> Path:
        incident_reports.write_report_pdf(workspace, target, title, body, to, period)
        return target

    def ok(path: Path) -> None:
        open_file(path, title, parent)
        if done:
            done(path)

    runner.db(work, ok, lambda exc: messages.show_error(parent, exc))


def first_report_pdf(
    workspace: Workspace,
    runner: TaskRunner,
    parent: QWidget,
    uuid: str,
    done: Callable[[Path], None] | None = None,
) -> None:
    """One click: the 首报 written from the record (or as logged), saved and opened."""

    def work() -> incident_reports.PrintedReport:
        return incident_reports.printed_report(workspace, uuid, "first")

    runner.db(
        work,
        lambda p: write_and_open(workspace, runner, parent, p.title, p.body, p.to, p.period_text, done=done),
        lambda exc: messages.show_error(parent, exc),
    )


def _form(attrs: tuple[str, ...]) -> FieldForm:
    """Editors for some of the incident's fields (required marks, a message under each)."""
    kind = get_kind(incidents.INCIDENT)
    return FieldForm([kind.field(a) for a in attrs], lambda _f: [])


class IncidentCaptureDialog(QDialog):
    """发生事件: the first screen. Emits `saved(uuid)`; then offers the phone report and the 首报."""

    saved = Signal(str)

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.runner = workspace, runner
        self.uuid: str | None = None
        self._saving = False
        self.setObjectName("incident-capture")
        self.setWindowTitle(_("New incident"))
        self.setMinimumWidth(620)

        self.form = _form(CAPTURE_FIELDS)
        now = clock.now().replace(second=0, microsecond=0)
        self.form.editors["occurred_at"].set_value(now)
        self.form.editors["learned_at"].set_value(now)
        self.form.editors["level"].set_value("general")
        hint = QLabel(_("Only what the first report needs. Everything else can follow later. {keys} saves.",
                        keys=shortcuts.SAVE.keys))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.summary = QLabel()
        self.summary.setObjectName("form-summary")
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setWordWrap(True)
        self.summary.hide()
        self.form.edited.connect(self._edited)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(with_keys(_("Save"), shortcuts.SAVE))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        entry = QWidget()
        lay = QVBoxLayout(entry)
        lay.addWidget(hint)
        lay.addWidget(self.form, 1)
        lay.addWidget(self.summary)
        lay.addWidget(self.buttons)

        # After saving: the next steps, one click each.
        self.done_label = QLabel()
        self.done_label.setObjectName("capture-done")
        self.done_label.setWordWrap(True)
        self.done_label.setStyleSheet("font-size: 15px;")
        self.phone_button = QPushButton(_("Phone report made…"))
        self.phone_button.setObjectName("phone-report")
        self.pdf_button = QPushButton(first_report_pdf_label())
        self.pdf_button.setObjectName("first-report-pdf")
        self.edit_button = QPushButton(_("Edit the first report text…"))
        self.close_button = QPushButton(_("Close"))
        for b in (self.phone_button, self.pdf_button):
            b.setStyleSheet(BIG_BUTTON)
        self.phone_button.clicked.connect(self.phone_report)
        self.pdf_button.clicked.connect(self.first_report_pdf)
        self.edit_button.clicked.connect(self.edit_first_report)
        self.close_button.clicked.connect(self.accept)
        after = QWidget()
        alay = QVBoxLayout(after)
        alay.addWidget(self.done_label)
        row = QHBoxLayout()
        row.addWidget(self.phone_button)
        row.addWidget(self.pdf_button)
        alay.addLayout(row)
        row2 = QHBoxLayout()
        row2.addWidget(self.edit_button)
        row2.addStretch(1)
        row2.addWidget(self.close_button)
        alay.addLayout(row2)
        alay.addStretch(1)

        self.pages = QStackedWidget()
        self.pages.addWidget(entry)
        self.pages.addWidget(after)
        outer = QVBoxLayout(self)
        outer.addWidget(self.pages)
        shortcuts.bind(shortcuts.SAVE, self, self.save)
        self.last_pdf: Path | None = None
        self.phone_dialog: PhoneReportDialog | None = None
        self.report_dialog: ReportTextDialog | None = None

    def save(self) -> None:
        if self._saving or self.uuid is not None:
            return
        self._saving = True
        self.buttons.setEnabled(False)
        values, ws = self.form.values(), self.workspace

        def work() -> incidents.IncidentStatus:
            return incidents.status(ws.sessions, incidents.capture(ws.sessions, ws.actor, values))

        self.runner.db(work, self._saved, self._failed)

    def _edited(self, _attr: str) -> None:
        if self.summary.isVisible() and not self.form.has_errors():
            self.summary.hide()

    def _saved(self, st: incidents.IncidentStatus) -> None:
        self._saving = False
        self.uuid = uuid = st.uuid
        lines = [_("Saved. Reports due:")]
        if st.deadlines.phone:
            lines.append(_("Phone report by {time}", time=format_datetime(st.deadlines.phone)))
        lines.append(_("Written report by {time}", time=format_datetime(st.deadlines.written)))
        self.done_label.setText("<br>".join(lines))
        self.pages.setCurrentIndex(1)
        self.pdf_button.setFocus()
        self.saved.emit(uuid)

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc.field_errors)
            self.summary.setText(exc.user_message)
            self.summary.show()
        else:
            messages.show_error(self, exc)

    def reject(self) -> None:
        """Esc or Cancel: typed facts are not thrown away without asking (nothing saved yet)."""
        typed = any(self.form.values().get(a) for a in ("title", "summary", "place", "measures"))
        if self.uuid is None and typed and not messages.confirm(self, _("Discard the changes you made?")):
            return
        super().reject()

    def phone_report(self) -> PhoneReportDialog | None:
        if self.uuid is None:
            return None
        self.phone_dialog = PhoneReportDialog(self.workspace, self.runner, self.uuid, self)
        self.phone_dialog.saved.connect(lambda: self.saved.emit(self.uuid or ""))
        self.phone_dialog.open()
        return self.phone_dialog

    def first_report_pdf(self) -> None:
        if self.uuid is not None:
            first_report_pdf(self.workspace, self.runner, self, self.uuid, self._pdf_written)

    def _pdf_written(self, path: Path) -> None:
        self.last_pdf = path
        self.done_label.setText(self.done_label.text() + "<br>" + _("PDF saved: {path}", path=str(path)))

    def edit_first_report(self) -> None:
        """Read the 首报 draft on the DB thread, then open it for editing."""
        if self.uuid is None:
            return

        def opened(dialog: ReportTextDialog) -> None:
            self.report_dialog = dialog
            dialog.saved.connect(lambda: self.saved.emit(self.uuid or ""))

        open_report_dialog(self.workspace, self.runner, self.uuid, "first", self, opened)


class PhoneReportDialog(QDialog):
    """When the phone report was made and to whom."""

    saved = Signal()

    def __init__(self, workspace: Workspace, runner: TaskRunner, uuid: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace, self.runner, self.uuid = workspace, runner, uuid
        self.setObjectName("phone-report-dialog")
        self.setWindowTitle(_("Phone report"))
        self.form = _form(("phone_reported_at", "phone_reported_to"))
        self.form.editors["phone_reported_at"].set_value(clock.now().replace(second=0, microsecond=0))
        self.form.editors["phone_reported_to"].set_value(_(incidents.DEFAULT_RECEIVER))
        self.summary = QLabel()
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.form)
        lay.addWidget(self.summary)
        lay.addWidget(buttons)
        shortcuts.bind(shortcuts.SAVE, self, self.save)

    def save(self) -> None:
        v, ws, uuid = self.form.values(), self.workspace, self.uuid
        self.runner.db(
            lambda: incidents.log_phone_report(
                ws.sessions, ws.actor, uuid, v["phone_reported_at"], v["phone_reported_to"] or ""
            ),
            self._saved,
            self._failed,
        )

    def _saved(self, _changes: Any) -> None:
        self.saved.emit()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, SafetyDeskError):
            messages.show_error(self, exc)
            return
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc.field_errors)
        self.summary.setText(exc.user_message)
        self.summary.show()


class ReportTextDialog(QDialog):
    """A written report's text, prefilled in the official structure and editable, then PDF/sent."""

    saved = Signal()

    def __init__(
        self,
        workspace: Workspace,
        runner: TaskRunner,
        uuid: str,
        d: incidents.ReportDraft,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace, self.runner, self.uuid, self.report_type = workspace, runner, uuid, d.report_type
        self.setObjectName("report-text-dialog")
        self.setWindowTitle(report_type_label(d.report_type))
        self.resize(760, 640)
        self.number = d.number
        self.title_edit = QLineEdit(d.title)
        self.title_edit.setObjectName("report-title")
        self.to_edit = QLineEdit(_(incidents.DEFAULT_RECEIVER))
        self.to_edit.setObjectName("report-to")
        self.body = QPlainTextEdit(d.body)
        self.body.setObjectName("report-body")
        form = QFormLayout()
        form.addRow(_("Title"), self.title_edit)
        form.addRow(_("To"), self.to_edit)
        self.pdf_button = QPushButton(_("Save PDF and open"))
        self.pdf_button.setObjectName("save-pdf")
        self.sent_button = QPushButton(_("Record as sent now"))
        self.sent_button.setObjectName("record-sent")
        close = QPushButton(_("Close"))
        self.pdf_button.clicked.connect(self.save_pdf)
        self.sent_button.clicked.connect(self.record_sent)
        close.clicked.connect(self.accept)
        self.status = QLabel()
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.pdf_button)
        row.addWidget(self.sent_button)
        row.addStretch(1)
        row.addWidget(close)
        lay = QVBoxLayout(self)
        hint = QLabel(
            _(
                "Edit the text as needed; print it from the preview. "
                "Report facts quickly; report causes carefully."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        lay.addWidget(hint)
        lay.addLayout(form)
        lay.addWidget(self.body, 1)
        lay.addWidget(self.status)
        lay.addLayout(row)
        self.last_pdf: Path | None = None

    def save_pdf(self) -> None:
        write_and_open(
            self.workspace,
            self.runner,
            self,
            self.title_edit.text(),
            self.body.toPlainText(),
            self.to_edit.text(),
            done=self._written,
        )

    def _written(self, path: Path) -> None:
        self.last_pdf = path
        self.status.setText(_("PDF saved: {path}", path=str(path)))

    def record_sent(self) -> None:
        ws, uuid, kind, body = self.workspace, self.uuid, self.report_type, self.body.toPlainText()
        to, number = self.to_edit.text(), self.number

        def done(_r: Any) -> None:
            self.sent_button.setEnabled(False)
            self.status.setText(_("Recorded as sent at {time}.", time=format_datetime(clock.now())))
            self.saved.emit()

        self.runner.db(
            lambda: incidents.log_written_report(
                ws.sessions, ws.actor, uuid, kind, body, receiver=to, number=number
            ),
            done,
            lambda exc: messages.show_error(self, exc),
        )


def open_report_dialog(
    workspace: Workspace,
    runner: TaskRunner,
    uuid: str,
    report_type: str,
    parent: QWidget,
    opened: Callable[[ReportTextDialog], None] | None = None,
    number: int | None = None,
) -> None:
    """Read the report's draft on the DB thread, then open the dialog (and hand it to `opened`)."""
    ws = workspace

    def show(d: incidents.ReportDraft) -> None:
        dialog = ReportTextDialog(ws, runner, uuid, d, parent)
        if opened is not None:
            opened(dialog)
        dialog.open()

    runner.query(
        lambda: incidents.draft(ws.sessions, uuid, report_type, number, ws.info.org_name),
        show,
        lambda exc: messages.show_error(parent, exc),
        owner=parent,
        key=f"report-{report_type}",
    )
