"""The generic form for any record kind, built from the registry's fields.

Validation runs in the records service (the same rules for forms, imports and sync); its
per-field messages appear beside the fields. Ctrl+S saves; Esc asks before discarding changes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.fields import Field
from safetydesk.domain.registry import RecordKind
from safetydesk.errors import ValidationError
from safetydesk.i18n import _
from safetydesk.services import attachments, records
from safetydesk.services.workspace import Workspace
from safetydesk.ui import messages
from safetydesk.ui.tasks import TaskRunner
from safetydesk.ui.widgets.attachments import AttachmentsBox
from safetydesk.ui.widgets.field_editors import FieldEditor, make_editor

ERROR_STYLE = "color: #c62828;"


class RecordForm(QDialog):
    saved = Signal(str)  # uuid

    def __init__(self, workspace: Workspace, runner: TaskRunner, kind: RecordKind,
                 record: records.RecordData | None = None, parent: QWidget | None = None,
                 initial: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.runner, self.kind, self.record = workspace, runner, kind, record
        self.setObjectName(f"form-{kind.key}")
        title = _("Edit: {kind}", kind=_(kind.title)) if record else _("New: {kind}", kind=_(kind.title))
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self._dirty = False
        self._saving = False
        self.editors: dict[str, FieldEditor] = {}
        self.error_labels: dict[str, QLabel] = {}

        inner = QWidget()
        form = QFormLayout(inner)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        options_cache: dict[tuple[str, str | None], list[tuple[str, str]]] = {}

        def options(f: Field) -> list[tuple[str, str]]:
            key = (str(f.kind), f.ref_kind)
            if key not in options_cache:
                options_cache[key] = records.reference_options(workspace.sessions, f, limit=5000)
            return options_cache[key]

        for f in kind.fields:
            editor = make_editor(f, self._mark_dirty, options)
            editor.widget.setObjectName(f"field-{f.attr}")
            if not f.editable:
                editor.widget.setEnabled(False)
                editor.widget.setToolTip(_("Set by the workflow buttons, not by editing."))
            label = QLabel(self._label_text(f))
            label.setBuddy(editor.widget)
            if f.help:
                editor.widget.setToolTip(_(f.help))
            error = QLabel()
            error.setObjectName(f"error-{f.attr}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(2)
            lay.addWidget(editor.widget)
            lay.addWidget(error)
            form.addRow(label, box)
            self.editors[f.attr] = editor
            self.error_labels[f.attr] = error

        existing = (attachments.attachments_of(workspace.sessions, workspace.paths, record.uuid)
                    if record else [])
        self.attachments = AttachmentsBox(existing, self)
        form.addRow(QLabel(_("Photos and scans")), self.attachments)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.summary = QLabel()
        self.summary.setObjectName("form-summary")
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setWordWrap(True)
        self.summary.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save (Ctrl+S)"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        hint = QLabel(_("Fields marked * are required."))
        hint.setStyleSheet("color: #666;")
        layout.addWidget(hint)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save)

        values = dict(record.values) if record else {f.attr: f.default for f in kind.fields}
        values.update(initial or {})
        for attr, editor in self.editors.items():
            editor.set_value(values.get(attr))
        self._dirty = bool(initial)
        self.resize(640, min(160 + 56 * len(kind.fields), 760))

    @staticmethod
    def _label_text(f: Field) -> str:
        text = _(f.label)
        return f"{text} <span style='color:#c62828'>*</span>" if f.required else text

    def _mark_dirty(self) -> None:
        self._dirty = True

    def values(self) -> dict[str, Any]:
        return {attr: editor.value() for attr, editor in self.editors.items()}

    def show_errors(self, errors: dict[str, str], summary: str = "") -> None:
        for attr, label in self.error_labels.items():
            message = errors.get(attr, "")
            label.setText(message)
            label.setVisible(bool(message))
        self.summary.setText(summary)
        self.summary.setVisible(bool(summary))
        for attr in self.editors:
            if attr in errors:
                self.editors[attr].widget.setFocus()
                break

    def save(self) -> None:
        if self._saving:
            return
        self._saving = True
        self.buttons.setEnabled(False)
        values = self.values()
        uuid = self.record.uuid if self.record else None
        ws, key = self.workspace, self.kind.key
        staged, removed = list(self.attachments.staged), list(self.attachments.removed)

        def work() -> records.SaveResult:  # DB thread
            result = records.save(ws.sessions, ws.actor, key, values, uuid)
            for path in staged:
                attachments.attach(ws.sessions, ws.paths, ws.actor, key, result.uuid, path)
            for attachment_uuid in removed:
                attachments.detach(ws.sessions, ws.actor, attachment_uuid)
            return result

        self.runner.db(work, self._saved, self._failed)

    def _saved(self, result: records.SaveResult) -> None:
        self._saving = False
        self.buttons.setEnabled(True)
        self._dirty = False
        self.saved.emit(result.uuid)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.show_errors(exc.field_errors, exc.user_message)
        else:
            messages.show_error(self, exc)

    def reject(self) -> None:
        self._dirty = self._dirty or self.attachments.has_changes()
        if self._dirty and not messages.confirm(self, _("Discard the changes you made?")):
            return
        self._dirty = False
        super().reject()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.reject()
            return
        super().keyPressEvent(event)
