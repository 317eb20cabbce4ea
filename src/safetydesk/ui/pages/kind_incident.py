"""The incidents page: the generic list plus each incident's reporting timeliness and the actions
of the notice's mechanisms 8-10 and 12 (phone report, 首报/续报/终报, response checklist, public
opinion, 四个不放过, accountability).

Every read runs on the DB thread through the TaskRunner like the generic list's: the table's
pages bring each incident's timeliness with them, the selected incident's status line arrives
after it, and each dialog opens once what it shows (a report draft, the response steps, the
media contact) has been read. Every save runs on the DB thread too.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QBrush, QColor, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain import incident_clock as ic
from safetydesk.domain.fields import PHONE_PATTERN
from safetydesk.domain.registry import get_kind
from safetydesk.errors import SafetyDeskError, WorkflowError
from safetydesk.i18n import _, format_datetime
from safetydesk.services import incidents, records
from safetydesk.services.changes import Changes
from safetydesk.services.workspace import Workspace
from safetydesk.ui import messages
from safetydesk.ui.dialogs.incident_capture import (
    IncidentCaptureDialog,
    PhoneReportDialog,
    ReportTextDialog,
    first_report_pdf,
    first_report_pdf_label,
    open_report_dialog,
    report_type_label,
)
from safetydesk.ui.pages import register_kind_page
from safetydesk.ui.pages.record_list import RecordListPage
from safetydesk.ui.record_form import FormData, RecordForm, load_form_data, reference_choices
from safetydesk.ui.record_table import RecordTableModel
from safetydesk.ui.tasks import TaskRunner
from safetydesk.ui.widgets.field_editors import Options, make_editor
from safetydesk.ui.widgets.flow_layout import FlowLayout

TIMELINESS_COLOURS = {
    ic.Timeliness.ON_TIME: "#c8e6c9",
    ic.Timeliness.LATE: "#ffcc80",
    ic.Timeliness.MISSING: "#ef9a9a",
    ic.Timeliness.PENDING: "#fff59d",
}


def _statuses(workspace: Workspace, rows: list[records.RecordData]) -> dict[str, Any]:
    """DB thread: each row's reporting status, loaded with its page."""
    return dict(incidents.statuses(workspace.sessions, [r.uuid for r in rows]))


class IncidentTableModel(RecordTableModel):
    """The generic model plus a last column: the incident's reporting timeliness."""

    extra_loader = staticmethod(_statuses)

    @property
    def statuses(self) -> dict[str, incidents.IncidentStatus]:
        return self.extra

    def base_column_count(self) -> int:
        return len(self.columns) + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            section == len(self.columns)
            and orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
        ):
            return _("Reporting")
        return super().headerData(section, orientation, role)

    def timeliness_text(self, st: incidents.IncidentStatus) -> str:
        parts = []
        if st.deadlines.phone is not None:
            parts.append(_("phone: {t}", t=incidents.timeliness_label(st.phone)))
            parts.append(_("written: {t}", t=incidents.timeliness_label(st.written)))
        else:
            parts.append(incidents.timeliness_label(st.written))
        return "；".join(parts)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == len(self.columns):
            row = self._rows[index.row()]
            st = self.statuses.get(row.uuid)
            if st is None:
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return self.timeliness_text(st)
            if role == Qt.ItemDataRole.BackgroundRole and st.overall in TIMELINESS_COLOURS:
                return QBrush(QColor(TIMELINESS_COLOURS[st.overall]))
            return None
        return super().data(index, role)


class IncidentForm(RecordForm):
    """The full incident form; saves through the incident service (a reason when the clock's
    facts change after a report)."""

    def save(self) -> None:
        self._save_with(None)

    def _save_with(self, reason: str | None) -> None:
        if self._saving or self.record is None:
            return
        self._saving = True
        self.buttons.setEnabled(False)
        values, uuid, ws = self.values(), self.record.uuid, self.workspace
        staged, removed = list(self.attachments.staged), list(self.attachments.removed)
        self.runner.db(
            lambda: incidents.update_incident(ws.sessions, ws.actor, uuid, values, reason,
                                              paths=ws.paths, add=staged, remove=removed),
            lambda _c: self._saved(records.SaveResult(uuid, Changes.of(incidents.INCIDENT))),
            lambda exc: self._maybe_reason(exc, reason),
        )

    def _maybe_reason(self, exc: BaseException, reason: str | None) -> None:
        if isinstance(exc, WorkflowError) and reason is None:
            self._saving = False
            self.buttons.setEnabled(True)
            text, ok = QInputDialog.getText(self, _("Reason for the change"), exc.user_message)
            if ok and text.strip():
                self._save_with(text.strip())
            return
        self._failed(exc)


@dataclass(frozen=True)
class ChecklistData:
    """What the response checklist shows, read on the DB thread."""

    steps: list[incidents.StepInfo]
    people: dict[str, str | None]  # step uuid -> who did it
    options: dict[str, Options]


def load_checklist(workspace: Workspace, uuid: str) -> ChecklistData:
    """DB thread: the six steps, who did each, and the pickers' choices."""
    steps = incidents.response_steps(workspace.sessions, uuid)
    people = {
        s.uuid: records.get(workspace.sessions, incidents.STEP, s.uuid).values.get("person_uuid")
        for s in steps
        if s.uuid
    }
    return ChecklistData(steps, people, reference_choices(workspace, get_kind(incidents.STEP)))


class ResponseChecklistDialog(QDialog):
    """Notice §8: the six response steps, each with time and person."""

    def __init__(self, page: IncidentPage, uuid: str, data: ChecklistData) -> None:
        super().__init__(page)
        self.page, self.uuid = page, uuid
        self.setObjectName("response-checklist")
        self.setWindowTitle(_("Response checklist"))
        self.resize(820, 360)
        kind = get_kind(incidents.STEP)

        def options(f: Any) -> Options:
            return data.options.get(f.attr, [])

        grid = QGridLayout()
        for col, attr in enumerate(("step", "done_at", "person_uuid", "note")):
            grid.addWidget(QLabel(f"<b>{_(kind.field(attr).label)}</b>"), 0, col)
        self.rows: dict[str, tuple[Any, Any, QLineEdit, QLabel]] = {}
        for i, step in enumerate(data.steps, 1):
            mark = "✔ " if step.done_at else "☐ "
            label = QLabel(mark + step.label)
            when = make_editor(kind.field("done_at"), lambda: None, options)
            who = make_editor(kind.field("person_uuid"), lambda: None, options)
            when.set_value(step.done_at)
            if step.uuid:
                who.set_value(data.people.get(step.uuid))
            note = QLineEdit(step.note)
            save = QPushButton(_("Done now") if not step.done_at else _("Save"))
            save.setObjectName(f"step-{step.step}")
            save.clicked.connect(lambda _c=False, s=step.step: self.save_step(s))
            for col, w in enumerate((label, when.widget, who.widget, note, save)):
                grid.addWidget(w, i, col)
            self.rows[step.step] = (when, who, note, label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(grid)
        lay.addStretch(1)
        lay.addWidget(buttons)

    def save_step(self, step: str) -> None:
        when, who, note, label = self.rows[step]
        ws, uuid = self.page.workspace, self.uuid
        at, person, text = when.value(), who.value(), note.text()

        def done(changes: Changes) -> None:
            label.setText("✔ " + label.text().lstrip("☐✔ "))
            self.page.changed.emit(changes)

        self.page.runner.db(
            lambda: incidents.log_step(ws.sessions, ws.actor, uuid, step, at, person, text),
            done,
            lambda exc: messages.show_error(self, exc),
        )


class MediaContactDialog(QDialog):
    """The school's designated media contact (notice §10), kept in the settings. The phone
    refuses letters; a refusal is shown in the dialog, which stays open."""

    def __init__(self, page: IncidentPage, current: dict[str, str]) -> None:
        super().__init__(page)
        self.page = page
        self.setObjectName("media-contact")
        self.setWindowTitle(_("Designated media contact"))
        self.name = QLineEdit(current["name"])
        self.name.setObjectName("media-name")
        self.phone = QLineEdit(current["phone"])
        self.phone.setObjectName("media-phone")
        self.phone.setValidator(QRegularExpressionValidator(QRegularExpression(PHONE_PATTERN), self.phone))
        self.phone.setPlaceholderText(_("e.g. 0372-5123456 or 13812345678"))
        self.error = QLabel()
        self.error.setObjectName("media-error")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.error.hide()
        for edit in (self.name, self.phone):
            edit.textEdited.connect(lambda _t: self.error.hide())
        form = QFormLayout(self)
        form.addRow(
            QLabel(_("The person who receives journalists and answers public opinion for the school."))
        )
        form.addRow(_("Name"), self.name)
        form.addRow(_("Phone"), self.phone)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        ws, name, phone = self.page.workspace, self.name.text(), self.phone.text()
        self.page.runner.db(
            lambda: incidents.set_media_contact(ws.sessions, name, phone, ws.actor),
            lambda _r: self.accept(),
            self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, SafetyDeskError):
            self.error.setText(exc.user_message)
            self.error.show()
        else:
            messages.show_error(self, exc)


class IncidentPage(RecordListPage):
    model_class = IncidentTableModel

    def __init__(
        self,
        workspace: Workspace,
        runner: TaskRunner,
        kind: Any,
        settings: Any,
        parent: QWidget | None = None,
    ) -> None:
        self.model: IncidentTableModel
        super().__init__(workspace, runner, kind, settings, parent)
        self.dialogs: list[QDialog] = []

        self.phone_button = QPushButton(_("Phone report…"))
        self.phone_button.setObjectName("phone-report")
        self.report_button = QPushButton(_("Written report ▾"))
        self.report_button.setObjectName("written-report")
        menu = QMenu(self.report_button)
        menu.addAction(first_report_pdf_label(), self.first_pdf)
        for report_type in ("first", "followup", "final"):
            menu.addAction(report_type_label(report_type) + "…", lambda t=report_type: self.write_report(t))
        self.report_button.setMenu(menu)
        self.steps_button = QPushButton(_("Response checklist…"))
        self.opinion_button = QPushButton(_("Public opinion ▾"))
        omenu = QMenu(self.opinion_button)
        omenu.addAction(
            _("New public-opinion event for this incident…"), lambda: self.linked_form(incidents.OPINION)
        )
        omenu.addAction(_("All public-opinion events"), lambda: self.show_kind(incidents.OPINION))
        omenu.addAction(_("Designated media contact…"), self.media_contact)
        self.opinion_button.setMenu(omenu)
        self.four_not_button = QPushButton(_("Four-not-let-go (四个不放过)…"))
        self.accountability_button = QPushButton(_("Accountability ▾"))
        amenu = QMenu(self.accountability_button)
        amenu.addAction(
            _("New accountability record for this incident…"),
            lambda: self.linked_form(incidents.ACCOUNTABILITY),
        )
        amenu.addAction(_("All accountability records"), lambda: self.show_kind(incidents.ACCOUNTABILITY))
        self.accountability_button.setMenu(amenu)
        self.phone_button.clicked.connect(self.phone_report)
        self.steps_button.clicked.connect(self.response_checklist)
        self.four_not_button.clicked.connect(self.four_not)
        self.status_label = QLabel()
        self.status_label.setObjectName("incident-status")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        row = self.actions_row2 = FlowLayout()  # kept: Qt calls back into it
        for b in (
            self.phone_button,
            self.report_button,
            self.steps_button,
            self.opinion_button,
            self.four_not_button,
            self.accountability_button,
        ):
            row.addWidget(b)
        panel = QFrame()
        panel.setObjectName("incident-panel")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(8, 6, 8, 6)
        inner.addWidget(self.status_label)
        inner.addLayout(row)
        lay = self.layout()
        lay.insertWidget(3, panel)
        self.show_status()

    @property
    def kinds_shown(self) -> frozenset[str]:
        """The incidents and what their reporting column and status line are made of."""
        return super().kinds_shown | {incidents.REPORT, incidents.STEP}

    def on_selection(self, record: records.RecordData | None) -> None:
        self.show_status()

    # --- list ------------------------------------------------------------------------------------
    def after_load(self) -> None:
        """The rows arrived (the selected incident kept): its status line follows it."""
        self._place_reporting_column()
        self.show_status()

    def _restore_columns(self) -> None:
        super()._restore_columns()
        self.table.setColumnWidth(len(self.model.columns), 200)
        self._place_reporting_column()

    def _place_reporting_column(self) -> None:
        """Show the timeliness right after the title, where it is seen without scrolling."""
        header = self.table.horizontalHeader()
        logical = len(self.model.columns)
        want = 2 if self.model.school_column() >= 0 else 1  # after the 学校 column at a township
        if isinstance(self.model, IncidentTableModel) and header.visualIndex(logical) not in (-1, want):
            header.moveSection(header.visualIndex(logical), want)

    def show_status(self) -> None:
        """Enable the actions for the selection and read its reporting status on the DB thread."""
        if not hasattr(self, "status_label"):
            return
        record = self.selected()
        enabled = record is not None
        for b in (
            self.phone_button,
            self.report_button,
            self.steps_button,
            self.four_not_button,
            self.opinion_button,
            self.accountability_button,
        ):
            b.setEnabled(enabled)
        if record is None:
            self.runner.forget(self, "status")
            self.status_label.setText(_("Select an incident: its reporting deadlines and actions appear here."))
            return
        self.status_label.setText(self._name_html(record))
        sessions, uuid = self.workspace.sessions, record.uuid
        self.runner.query(lambda: incidents.status(sessions, uuid), self._show_status,
                          lambda exc: self.status_label.setText(getattr(exc, "user_message", "")),
                          owner=self, key="status")

    def _show_status(self, st: incidents.IncidentStatus) -> None:
        record = self.selected()
        if record is None or record.uuid != st.uuid:
            return
        lines = []
        if st.deadlines.phone is not None:
            phone = (
                _("made {time} to {to}", time=format_datetime(st.phone_at), to=st.phone_to or "")
                if st.phone_at
                else ""
            )
            lines.append(
                _(
                    "Phone first report due {due}: {state} {detail}",
                    due=format_datetime(st.deadlines.phone),
                    state=incidents.timeliness_label(st.phone),
                    detail=phone,
                )
            )
        lines.append(
            _(
                "Written report due {due}: {state}",
                due=format_datetime(st.deadlines.written),
                state=incidents.timeliness_label(st.written),
            )
        )
        for r in st.reports:
            name = incidents.report_title("", r.report_type, r.number)  # 首报, 续报（二）, 终报: as printed
            lines.append(
                _("{name} sent {time} to {to}", name=name, time=format_datetime(r.sent_at), to=r.receiver)
            )
        self.phone_button.setEnabled(st.phone_at is None)
        self.status_label.setText(self._name_html(record) + "<br>" + "<br>".join(html.escape(x) for x in lines))

    def _name_html(self, record: records.RecordData) -> str:
        v = record.values
        return (f"<b>{html.escape(str(v.get('title') or ''))}</b> — "
                f"{html.escape(format_datetime(v.get('occurred_at')))} · {html.escape(str(v.get('place') or ''))}")

    def select_incident(self, uuid: str) -> bool:
        """Select the incident (see RecordListPage.select_record)."""
        return self.select_record(uuid)

    def _uuid(self) -> str | None:
        record = self.selected()
        return record.uuid if record else None

    def _track(self, dialog: QDialog) -> QDialog:
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _r, d=dialog: self.dialogs.remove(d) if d in self.dialogs else None)
        dialog.open()
        return dialog

    def _changed(self, *kinds: str, select: str | None = None) -> None:
        self.refresh(select=select)
        self.changed.emit(Changes.of(*kinds))

    # --- actions ---------------------------------------------------------------------------------
    def new_record(self) -> Any:
        dialog = IncidentCaptureDialog(self.workspace, self.runner, self)
        dialog.saved.connect(lambda uuid: self._changed(incidents.INCIDENT, select=uuid))
        return self._track(dialog)

    def _open_form(self, record: records.RecordData | None, data: FormData | None = None) -> Any:
        if record is None:
            return self.new_record()
        form = IncidentForm(self.workspace, self.runner, self.kind, record, self, data=data)
        for attr in incidents.WORKFLOW_FIELDS:
            form.editors[attr].widget.setEnabled(False)
            form.editors[attr].widget.setToolTip(_("Set with the “Phone report…” button."))
        form.saved.connect(self._after_save)
        self.open_forms.append(form)
        form.finished.connect(lambda _r, f=form: self.open_forms.remove(f) if f in self.open_forms else None)
        form.open()
        return form

    def open_due(self, uuid: str, kind: str) -> Any:
        """From the banner: select the incident and open the dialog for the report that is due
        (the phone report at once; the written report once its draft is read)."""
        self.select_incident(uuid)
        return self.phone_report(uuid) if kind == "phone" else self.write_report("first", uuid)

    def phone_report(self, uuid: str | None = None) -> Any:
        uuid = uuid or self._uuid()
        if uuid is None:
            return None
        dialog = PhoneReportDialog(self.workspace, self.runner, uuid, self)
        dialog.saved.connect(lambda: self._changed(incidents.INCIDENT))
        return self._track(dialog)

    def write_report(self, report_type: str, uuid: str | None = None) -> None:
        """Read the report's draft on the DB thread, then open it (tracked in `dialogs`)."""
        uuid = uuid or self._uuid()
        if uuid is None:
            return

        def opened(dialog: ReportTextDialog) -> None:
            dialog.saved.connect(lambda: self._changed(incidents.INCIDENT, incidents.REPORT))
            self.dialogs.append(dialog)
            dialog.finished.connect(lambda _r, d=dialog: self.dialogs.remove(d) if d in self.dialogs else None)

        open_report_dialog(self.workspace, self.runner, uuid, report_type, self, opened)

    def first_pdf(self) -> None:
        uuid = self._uuid()
        if uuid:
            first_report_pdf(
                self.workspace,
                self.runner,
                self,
                uuid,
                lambda p: self.status(_("PDF saved: {path}", path=str(p))),
            )

    def _open_after(self, work: Any, show: Any, key: str) -> None:
        """Read on the DB thread, then build the dialog and track it."""
        self.runner.query(work, lambda result: self._track(show(result)),
                          lambda exc: messages.show_error(self, exc), owner=self, key=key)

    def response_checklist(self) -> None:
        uuid = self._uuid()
        if uuid:
            ws = self.workspace
            self._open_after(lambda: load_checklist(ws, uuid),
                             lambda data: ResponseChecklistDialog(self, uuid, data), "checklist")

    def four_not(self) -> None:
        """The 四个不放过 check of the selected incident: the latest one, or a new one."""
        uuid = self._uuid()
        if uuid is None:
            return
        ws, kind = self.workspace, get_kind(incidents.FOUR_NOT)

        def work() -> FormData:
            existing = incidents.four_not_check(ws.sessions, uuid)
            return load_form_data(ws, kind, existing.uuid if existing else None)

        def show(data: FormData) -> RecordForm:
            initial = None if data.record else incidents.four_not_defaults(uuid)
            form = RecordForm(ws, self.runner, kind, None, self, initial=initial, data=data)
            form.saved.connect(lambda _u: self.changed.emit(Changes.of(incidents.FOUR_NOT)))
            return form

        self._open_after(work, show, "four-not")

    def linked_form(self, kind_key: str) -> None:
        """A new public-opinion event or accountability record linked to the selected incident."""
        uuid = self._uuid()
        if uuid is None:
            return
        ws, kind = self.workspace, get_kind(kind_key)

        def work() -> tuple[FormData, dict[str, str] | None]:
            contact = incidents.media_contact(ws.sessions) if kind_key == incidents.OPINION else None
            return load_form_data(ws, kind, None), contact

        def show(result: tuple[FormData, dict[str, str] | None]) -> RecordForm:
            data, contact = result
            initial: dict[str, Any] = {"incident_uuid": uuid}
            if contact is not None:
                initial["spokesperson"] = contact["name"] or None
            form = RecordForm(ws, self.runner, kind, None, self, initial=initial, data=data)
            form.saved.connect(lambda _u: self.changed.emit(Changes.of(kind_key)))
            return form

        self._open_after(work, show, f"linked-{kind_key}")

    def show_kind(self, kind_key: str) -> None:
        window = self.window()
        if hasattr(window, "show_page"):
            window.show_page(f"kind:{kind_key}")

    def media_contact(self) -> None:
        sessions = self.workspace.sessions
        self._open_after(lambda: incidents.media_contact(sessions), lambda c: MediaContactDialog(self, c),
                         "media-contact")


register_kind_page(incidents.INCIDENT, IncidentPage)
