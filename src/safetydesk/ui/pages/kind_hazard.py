"""The hazard page: the generic list plus the workflow (grade, 五定, rectify, verify, 销号,
report to the township, 督办). A step's button is enabled only when the selected hazard allows
it; each step asks for the hazard fields the move names (hazard_flow.Move.fields) with the same
editors as every form (widgets.field_editors), reads the staff list on the database thread
before its dialog opens, and runs the move (with its photo) as one transaction on the database
thread. A refused step (WorkflowError) shows its message and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from safetydesk.domain import clock, hazard_flow
from safetydesk.domain.fields import Field, FieldKind
from safetydesk.domain.registry import RecordKind
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _
from safetydesk.services import hazards, records
from safetydesk.services.changes import Changes
from safetydesk.services.workspace import Workspace
from safetydesk.ui import messages
from safetydesk.ui.pages import register_kind_page
from safetydesk.ui.pages.record_list import RecordListPage
from safetydesk.ui.tasks import TaskRunner
from safetydesk.ui.widgets.field_editors import FieldEditor, Options, make_editor


class MoveDialog(QDialog):
    """Asks for one workflow step's fields, prefilled from the hazard; `params()` reads them."""

    def __init__(
        self,
        kind: RecordKind,
        code: str,
        values: dict[str, Any],
        staff: Options,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.code = code
        move = hazard_flow.MOVES[code]
        self.setObjectName(f"move-{code}")
        self.setWindowTitle(_(move.label))
        self.editors: dict[str, FieldEditor] = {}
        self.widgets: dict[str, QWidget] = {}
        form = QFormLayout(self)
        heading = QLabel(f"<b>{values.get('location') or ''}</b> — {values.get('description') or ''}")
        heading.setWordWrap(True)
        form.addRow(heading)
        if code == "assign" and values.get("grade") == "major":
            note = QLabel(
                _(
                    "A major hazard needs the full 五定 plan: person, measures, funds and "
                    "their source, deadline, interim controls or emergency plan."
                )
            )
            note.setWordWrap(True)
            note.setStyleSheet("color: #b71c1c;")
            form.addRow(note)

        def options(f: Field) -> Options:
            if code == "verify" and f.attr == "verifier_uuid":  # not the person who rectified
                return [(u, n) for u, n in staff if u != values.get("rectified_by_uuid")]
            return staff

        for attr in move.fields:
            f = kind.field(attr)
            editor = make_editor(f, lambda: None, options)
            editor.set_value(self._default(f, values))
            editor.widget.setObjectName(attr)
            if f.help:
                editor.widget.setToolTip(_(f.help))
            self.editors[attr] = editor
            self.widgets[attr] = editor.widget
            form.addRow(_(f.label), editor.widget)
        self.photo = ""
        if code == "request_verification":
            self.photo_button = QPushButton(_("Photo after rectification…"))
            self.photo_button.setObjectName("after-photo")
            self.photo_button.clicked.connect(lambda: self.choose_photo())
            form.addRow(self.photo_button)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(_("Optional: a note for the history"))
        form.addRow(_("Note"), self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

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


class HazardPage(RecordListPage):
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
        super().__init__(workspace, runner, kind, settings, parent)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Workflow:")))
        for code, move in hazard_flow.MOVES.items():
            b = QPushButton(_(move.label))
            b.setObjectName(f"move-{code}")
            b.clicked.connect(lambda _c=False, c=code: self.open_move(c))
            b.setEnabled(False)
            self.move_buttons[code] = b
            row.addWidget(b)
        row.addStretch(1)
        self.detail = QLabel()
        self.detail.setObjectName("hazard-detail")
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setWordWrap(True)
        lay = self.layout()
        lay.insertLayout(2, row)
        lay.insertWidget(3, self.detail)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self.update_moves())
        self.update_moves()

    def after_load(self) -> None:
        if hasattr(self, "detail"):
            self.update_moves()

    def update_moves(self) -> None:
        record = self.selected()
        allowed = set(hazard_flow.allowed_moves(record.values)) if record else set()
        for code, b in self.move_buttons.items():
            b.setEnabled(code in allowed)
        self.detail.setText(self._detail_html(record) if record else "")

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
        parts = [swatch + f"<b>{hazard_flow.state_label(v.get('status') or hazard_flow.REGISTERED)}</b>"]
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
        return " · ".join(parts)

    def open_move(self, code: str) -> None:
        """Read the staff list on the DB thread, then ask for the step's details."""
        record = self.selected()
        if record is None or not self.move_buttons[code].isEnabled():
            return
        sessions = self.workspace.sessions
        self.runner.query(lambda: hazards.staff_options(sessions),
                          lambda staff: self._show_move(record, code, staff),
                          lambda exc: messages.show_error(self, exc), owner=self, key="move")

    def _show_move(self, record: records.RecordData, code: str, staff: Options) -> MoveDialog:
        dialog = MoveDialog(self.kind, code, dict(record.values), staff, self)
        dialog.accepted.connect(
            lambda: self.run_move(
                record.uuid, code, dialog.params(), dialog.reason.text().strip(), photo=dialog.photo
            )
        )
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
    ) -> None:
        """The move and its photo: one use-case, one transaction, on the DB thread."""
        ws = self.workspace

        def done(result: records.SaveResult) -> None:
            self.last_error = ""
            self.refresh(select=uuid)
            self.changed.emit(result.changes or Changes.of(self.kind.key))
            self.status(_("{step}: done", step=_(hazard_flow.MOVES[code].label)))
            if on_done:
                on_done()

        def work() -> records.SaveResult:
            return hazards.move(ws.sessions, ws.actor, uuid, code, params, reason=reason or None,
                                photo=Path(photo) if photo else None, paths=ws.paths)

        self.runner.db(work, done, self._refused)

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
