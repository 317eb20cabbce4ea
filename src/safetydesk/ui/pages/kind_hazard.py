"""The hazard page: the generic list plus the workflow (grade, 五定, rectify, verify, 销号,
report to the township, 督办). A step's button is enabled only when the selected hazard allows
it; each step asks for the hazard fields the move names (hazard_flow.Move.fields) with the same
editors as every form (widgets.field_editors), reads the staff list on the database thread
before its dialog opens, and runs the move (with its photo) as one transaction on the database
thread. A step's dialog stays open, every text kept, until its step is done: a missing field
is marked beside it, a refused step (WorkflowError) says why in the dialog, and nothing changes.
The panel names the selected hazard and shows only the steps it allows, following the selection.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain import clock, hazard_flow
from safetydesk.domain.fields import Field, FieldKind
from safetydesk.domain.registry import RecordKind
from safetydesk.errors import SafetyDeskError, ValidationError
from safetydesk.i18n import _, format_date
from safetydesk.services import hazards, records
from safetydesk.services.changes import Changes
from safetydesk.services.workspace import Workspace
from safetydesk.ui import messages
from safetydesk.ui.pages import register_kind_page
from safetydesk.ui.pages.record_list import RecordListPage
from safetydesk.ui.tasks import TaskRunner
from safetydesk.ui.widgets.field_editors import FieldEditor, Options
from safetydesk.ui.widgets.field_form import FieldForm
from safetydesk.ui.widgets.flow_layout import FlowLayout


class MoveDialog(QDialog):
    """Asks for one workflow step's fields, prefilled from the hazard; `params()` reads them.

    OK does not close it: `submit` checks the fields the step needs (marked *), then hands the
    step to `run` (the page runs it on the database thread). The dialog closes when the step was
    done (`done_ok`) and stays open, every text kept, when it was refused (`refused`)."""

    def __init__(
        self,
        kind: RecordKind,
        code: str,
        values: dict[str, Any],
        staff: Options,
        parent: QWidget | None = None,
        run: Callable[[MoveDialog], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.code, self.values, self.run = code, values, run
        self.running = False
        move = hazard_flow.MOVES[code]
        self.setObjectName(f"move-{code}")
        self.setWindowTitle(_(move.label))
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        heading = QLabel(f"<b>{html.escape(str(values.get('location') or ''))}</b> — "
                         f"{html.escape(str(values.get('description') or ''))}")
        heading.setObjectName("move-heading")
        heading.setWordWrap(True)
        lay.addWidget(heading)
        if code == "assign" and values.get("grade") == "major":
            note = QLabel(
                _(
                    "A major hazard needs the full 五定 plan: person, measures, funds and "
                    "their source, deadline, interim controls or emergency plan."
                )
            )
            note.setWordWrap(True)
            note.setStyleSheet("color: #b71c1c;")
            lay.addWidget(note)

        def options(f: Field) -> Options:
            if code == "verify" and f.attr == "verifier_uuid":  # not the person who rectified
                return [(u, n) for u, n in staff if u != values.get("rectified_by_uuid")]
            return staff

        self.required = hazard_flow.required_fields(code, values)
        self.form = FieldForm([kind.field(a) for a in move.fields], options, required=self.required,
                              name_prefix="")
        self.editors: dict[str, FieldEditor] = self.form.editors
        self.widgets: dict[str, QWidget] = {a: e.widget for a, e in self.editors.items()}
        for attr, editor in self.editors.items():
            editor.set_value(self._default(kind.field(attr), values))
        self.form.clear_errors()
        lay.addWidget(self.form)
        extra = QFormLayout()
        self.photo = ""
        if code == "request_verification":
            self.photo_button = QPushButton(_("Photo after rectification…"))
            self.photo_button.setObjectName("after-photo")
            self.photo_button.clicked.connect(lambda: self.choose_photo())
            extra.addRow(self.photo_button)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(_("Optional: a note for the history"))
        extra.addRow(_("Note"), self.reason)
        lay.addLayout(extra)
        self.refusal = QLabel()
        self.refusal.setObjectName("move-refusal")
        self.refusal.setStyleSheet("color: #c62828;")
        self.refusal.setWordWrap(True)
        self.refusal.hide()
        lay.addWidget(self.refusal)
        self.form.edited.connect(lambda _a: self._hide_refusal())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)

    @staticmethod
    def _default(f: Field, values: dict[str, Any]) -> Any:
        current = values.get(f.attr)
        if current not in (None, ""):
            return current
        if f.attr == "rectified_by_uuid":  # usually the person responsible does the work
            return values.get("responsible_uuid")
        if f.kind is FieldKind.DATE:
            return clock.today()
        return current

    def choose_photo(self, path: str | None = None) -> None:
        if not path:
            path, _f = QFileDialog.getOpenFileName(
                self, _("Choose a photo"), "", _("Images (*.jpg *.jpeg *.png)")
            )
        if path:
            self.photo = path
            self.photo_button.setText(_("Photo: {name}", name=path.replace("\\", "/").rsplit("/", 1)[-1]))

    def params(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for attr, editor in self.editors.items():
            value = editor.value()
            if isinstance(value, str):
                value = value.strip() or None
            out[attr] = value
        return out

    def missing(self) -> dict[str, str]:
        """Messages for the fields this step needs and does not have (or that hold a bad date)."""
        out = {}
        params = self.params()
        for attr in self.required:
            if params.get(attr) in (None, ""):
                out[attr] = _("Enter {label}: this step needs it.", label=_(self.editors[attr].field.label))
        for attr, value in params.items():
            if isinstance(value, str) and self.editors[attr].field.kind in (FieldKind.DATE, FieldKind.DATETIME):
                out[attr] = _("“{text}” is not a date. Type it like 2026-12-01.", text=value)
        return out

    def submit(self) -> None:
        """OK: check, then run the step; the dialog stays open until it is done."""
        if self.running:
            return
        missing = self.missing()
        if missing:
            self.form.show_errors(missing)
            return
        if self.run is None:
            self.accept()
            return
        self.running = True
        self.buttons.setEnabled(False)
        self.run(self)

    def done_ok(self) -> None:
        self.running = False
        self.buttons.setEnabled(True)
        self.accept()

    def refused(self, message: str) -> None:
        """The service said no: say why here; the dialog and every text stay."""
        self.running = False
        self.buttons.setEnabled(True)
        self.refusal.setText(message)
        self.refusal.show()

    def _hide_refusal(self) -> None:
        if not self.running:
            self.refusal.hide()


class HazardPage(RecordListPage):
    """The hazard list with its workflow: the panel names the selected hazard and shows only
    the steps it allows now (the buttons follow the selection, never the previous one)."""

    def __init__(
        self,
        workspace: Workspace,
        runner: TaskRunner,
        kind: RecordKind,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        self.move_buttons: dict[str, QPushButton] = {}
        self.last_error = ""
        self.move_dialog: MoveDialog | None = None
        super().__init__(workspace, runner, kind, settings, parent)
        panel = QFrame()
        panel.setObjectName("hazard-panel")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        self.detail = QLabel()
        self.detail.setObjectName("hazard-detail")
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setWordWrap(True)
        row = self.moves_row = FlowLayout()  # kept: Qt calls back into it
        self.next_label = QLabel(_("Next step:"))
        row.addWidget(self.next_label)
        for code, move in hazard_flow.MOVES.items():
            b = QPushButton(_(move.label))
            b.setObjectName(f"move-{code}")
            b.clicked.connect(lambda _c=False, c=code: self.open_move(c))
            b.setEnabled(False)
            b.hide()
            self.move_buttons[code] = b
            row.addWidget(b)
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(8, 6, 8, 6)
        inner.addWidget(self.detail)
        inner.addLayout(row)
        lay = self.layout()
        lay.insertWidget(3, panel)
        self.update_moves()

    def after_load(self) -> None:
        if hasattr(self, "detail"):
            self.update_moves()

    def on_selection(self, record: records.RecordData | None) -> None:
        if hasattr(self, "detail"):
            self.update_moves()

    def update_moves(self) -> None:
        record = self.selected()
        allowed = set(hazard_flow.allowed_moves(record.values)) if record else set()
        for code, b in self.move_buttons.items():
            b.setEnabled(code in allowed)
            b.setVisible(code in allowed)
        self.next_label.setVisible(bool(allowed))
        if record is None:
            self.detail.setText(_("Select a hazard: its state and next steps appear here."))
        else:
            self.detail.setText(self._detail_html(record))

    def _detail_html(self, record: records.RecordData) -> str:
        v = record.values
        colour_field = self.kind.field("risk_colour")
        choice = colour_field.choice(v.get("risk_colour")) or self.kind.field("grade").choice(v.get("grade"))
        swatch = (
            (
                f"<span style='background:{choice.colour}; color:white; padding:2px 8px;'>"
                f"&nbsp;{_(choice.label)}&nbsp;</span> "
            )
            if choice and choice.colour
            else ""
        )
        description = str(v.get("description") or "")
        if len(description) > 60:
            description = description[:59] + "…"
        name = (f"<b>{html.escape(str(v.get('location') or ''))}</b> — {html.escape(description)}"
                f" ({format_date(v.get('found_on'))})")
        parts = [name, swatch + f"<b>{hazard_flow.state_label(v.get('status') or hazard_flow.REGISTERED)}</b>"]
        if hazard_flow.is_overdue(v):
            late = _("Past its deadline")  # outside the f-string, where the extractor sees it
            parts.append(f"<span style='color:#c62828'><b>{late}</b></span>")
        elif hazard_flow.is_due_soon(v):
            soon = _("Due soon")
            parts.append(f"<span style='color:#ef6c00'>{soon}</span>")
        if v.get("supervised_on"):
            parts.append(_("Under supervision (督办)"))
        if v.get("escalated_to_township"):
            parts.append(_("Reported to the township"))
        if v.get("grade") == "major" and (missing := hazard_flow.missing_five_fixed(v)):
            parts.append(_("五定 plan missing: {missing}", missing="、".join(missing)))
        if (v.get("status") or "") == hazard_flow.CLOSED:
            parts.append(_("Struck off: nothing more to do."))
        return " · ".join(parts)

    def open_move(self, code: str) -> None:
        """Read the staff list on the DB thread, then ask for the step's details (for the hazard
        selected when the button was clicked)."""
        record = self.selected()
        if record is None or not self.move_buttons[code].isEnabled():
            return
        sessions = self.workspace.sessions
        self.runner.query(lambda: hazards.staff_options(sessions),
                          lambda staff: self._show_move(record, code, staff),
                          lambda exc: messages.show_error(self, exc), owner=self, key="move")

    def _show_move(self, record: records.RecordData, code: str, staff: Options) -> MoveDialog:
        def run(dialog: MoveDialog) -> None:
            self.run_move(record.uuid, code, dialog.params(), dialog.reason.text().strip(),
                          photo=dialog.photo, dialog=dialog)

        dialog = MoveDialog(self.kind, code, dict(record.values), staff, self, run=run)
        self.move_dialog = dialog
        dialog.open()
        return dialog

    def run_move(
        self,
        uuid: str,
        code: str,
        params: dict[str, Any],
        reason: str = "",
        on_done: Callable[[], None] | None = None,
        photo: str = "",
        dialog: MoveDialog | None = None,
    ) -> None:
        """The move and its photo: one use-case, one transaction, on the DB thread. A refusal is
        shown in `dialog` (which stays open) or, without one, in a message box."""
        ws = self.workspace

        def done(result: records.SaveResult) -> None:
            self.last_error = ""
            if dialog is not None:
                dialog.done_ok()
            self.refresh(select=uuid)
            self.changed.emit(result.changes or Changes.of(self.kind.key))
            self.status(_("{step}: done", step=_(hazard_flow.MOVES[code].label)))
            if on_done:
                on_done()

        def refused(exc: BaseException) -> None:
            if dialog is not None and isinstance(exc, SafetyDeskError):
                self.last_error = exc.user_message
                if isinstance(exc, ValidationError) and exc.field_errors:
                    dialog.form.show_errors(exc.field_errors)
                dialog.refused(exc.user_message)
                return
            if dialog is not None:
                dialog.refused("")
            self._refused(exc)

        def work() -> records.SaveResult:
            return hazards.move(ws.sessions, ws.actor, uuid, code, params, reason=reason or None,
                                photo=Path(photo) if photo else None, paths=ws.paths)

        self.runner.db(work, done, refused)

    def _refused(self, exc: BaseException) -> None:
        if not isinstance(exc, SafetyDeskError):
            messages.show_error(self, exc)
            return
        self.last_error = exc.user_message
        box = QMessageBox(
            QMessageBox.Icon.Warning, _("SafetyDesk"), exc.user_message, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("workflow-refusal")
        box.open()  # not exec(): the page stays responsive (and testable)


register_kind_page("hazard", HazardPage)
