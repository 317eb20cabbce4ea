"""The generic form for any record kind, built from the registry's fields.

Validation runs in the records service (the same rules for forms, imports and sync); its
per-field messages appear beside the fields (widgets.field_form: the form stays open, keeps every
text, and a message goes once its field is edited). A new record's own date starts at today.
Ctrl+S saves; Esc asks before discarding changes.

UI thread; it never reads the database itself. What it shows besides the editors (the record,
the pickers' choices, the stored photos) is a `FormData` read on the database thread by
`load_form_data`: the list page reads it before it opens the form (so a record is read through
the policy and logged first); a form built without it reads its choices and photos itself and
fills them in when they arrive. Saving runs the record and its attachment changes as ONE
transaction on the database thread (attachments.save_with_attachments).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain import clock
from safetydesk.domain.fields import Field, FieldKind
from safetydesk.domain.registry import RecordKind
from safetydesk.errors import ValidationError
from safetydesk.i18n import _
from safetydesk.services import attachments, records
from safetydesk.services.workspace import Workspace
from safetydesk.ui import messages, shortcuts
from safetydesk.ui.shortcuts import with_keys
from safetydesk.ui.tasks import TaskRunner
from safetydesk.ui.widgets.attachments import AttachmentsBox, load_thumbnails
from safetydesk.ui.widgets.field_editors import FieldEditor, Options
from safetydesk.ui.widgets.field_form import FieldForm
from safetydesk.ui.widgets.screen_fit import resize_within_screen

ERROR_STYLE = "color: #c62828;"
OPTIONS_LIMIT = 5000


@dataclass(frozen=True)
class FormData:
    """What a form shows besides its editors, read on the database thread."""

    record: records.RecordData | None
    options: dict[str, Options]  # reference field attr -> (uuid, label) choices
    attachments: list[attachments.AttachmentInfo] = field(default_factory=list)
    thumbnails: dict[str, QImage] = field(default_factory=dict)


def reference_choices(workspace: Workspace, kind: RecordKind) -> dict[str, Options]:
    """Database thread: the choices of every picker of the kind (one read per referenced table)."""
    by_target: dict[tuple[str, str | None], Options] = {}
    out: dict[str, Options] = {}
    for f in kind.references():
        target = (str(f.kind), f.ref_kind)
        if target not in by_target:
            by_target[target] = records.reference_options(workspace.sessions, f, limit=OPTIONS_LIMIT)
        out[f.attr] = by_target[target]
    return out


def load_form_data(workspace: Workspace, kind: RecordKind, uuid: str | None, *,
                   read_record: bool = True) -> FormData:
    """Database thread: the record (through the policy, logged when sensitive), the pickers'
    choices, the stored attachments and their thumbnails."""
    record = (records.get(workspace.sessions, kind.key, uuid, workspace.actor)
              if uuid and read_record else None)
    stored = attachments.attachments_of(workspace.sessions, workspace.paths, uuid) if uuid else []
    return FormData(record, reference_choices(workspace, kind), stored,
                    load_thumbnails([a for a in stored if a.is_image]))


class RecordForm(QDialog):
    saved = Signal(str)  # uuid
    data_loaded = Signal()  # the choices and photos read for a form built without FormData

    def __init__(self, workspace: Workspace, runner: TaskRunner, kind: RecordKind,
                 record: records.RecordData | None = None, parent: QWidget | None = None,
                 initial: dict[str, Any] | None = None, data: FormData | None = None) -> None:
        super().__init__(parent)
        if record is None and data is not None:
            record = data.record
        self.workspace, self.runner, self.kind, self.record = workspace, runner, kind, record
        self.setObjectName(f"form-{kind.key}")
        title = _("Edit: {kind}", kind=_(kind.title)) if record else _("New: {kind}", kind=_(kind.title))
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self._dirty = False
        self._saving = False

        def options(f: Field) -> Options | None:
            return data.options.get(f.attr, []) if data is not None else None  # None: on its way

        self.fields = FieldForm(kind.fields, options, warnings=kind.hooks.get("warnings"))
        self.fields.edited.connect(self._edited)
        self.editors: dict[str, FieldEditor] = self.fields.editors
        self.error_labels: dict[str, QLabel] = self.fields.messages
        for f in kind.fields:
            if not f.editable:
                self.editors[f.attr].widget.setEnabled(False)
                self.editors[f.attr].widget.setToolTip(_("Set by the workflow buttons, not by editing."))

        self.attachments = AttachmentsBox(runner, self)
        self.fields.layout_.addRow(QLabel(_("Photos and scans")), self.attachments)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.fields)
        self.summary = QLabel()
        self.summary.setObjectName("form-summary")
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setWordWrap(True)
        self.summary.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(with_keys(_("Save"), shortcuts.SAVE))
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
        shortcuts.bind(shortcuts.SAVE, self, self.save)  # once: a second binding would fire neither

        values = dict(record.values) if record else self.new_values(kind)
        values.update(initial or {})
        self.fields.set_values(values)
        self._dirty = bool(initial)
        resize_within_screen(self, 660, min(160 + 56 * len(kind.fields), 760))
        if data is not None:
            self.attachments.set_existing(data.attachments, data.thumbnails)
        else:
            ws, uuid = workspace, record.uuid if record else None
            runner.query(lambda: load_form_data(ws, kind, uuid, read_record=False), self._data_arrived,
                         lambda exc: messages.show_error(self, exc), owner=self, key="data")

    @staticmethod
    def new_values(kind: RecordKind) -> dict[str, Any]:
        """A new record's values: the declared defaults, and the record's own date (the kind's
        date field) today, the school's day in China time. Other dates are left for the person:
        a deadline or a validity date of today would be a guess."""
        values: dict[str, Any] = {f.attr: f.default for f in kind.fields}
        if kind.date_field and values.get(kind.date_field) is None:
            f = kind.field(kind.date_field)
            if f.kind is FieldKind.DATE:
                values[f.attr] = clock.today()
            elif f.kind is FieldKind.DATETIME:
                values[f.attr] = clock.now().replace(second=0, microsecond=0)
        return values

    def _data_arrived(self, data: FormData) -> None:
        for attr, choices in data.options.items():
            self.editors[attr].set_options(choices)
        self.attachments.set_existing(data.attachments, data.thumbnails)
        self.data_loaded.emit()

    def _edited(self, _attr: str) -> None:
        self._dirty = True
        if self.summary.isVisible() and not self.fields.has_errors():
            self.summary.hide()

    def values(self) -> dict[str, Any]:
        return self.fields.values()

    def show_errors(self, errors: dict[str, str], summary: str = "") -> None:
        """Messages beside their fields (the form stays open, every text as typed)."""
        self.fields.show_errors(errors)
        self.summary.setText(summary)
        self.summary.setVisible(bool(summary))

    def save(self) -> None:
        if self._saving:
            return
        self._saving = True
        self.buttons.setEnabled(False)
        values = self.values()
        uuid = self.record.uuid if self.record else None
        ws, key = self.workspace, self.kind.key
        staged, removed = list(self.attachments.staged), list(self.attachments.removed)

        def work() -> records.SaveResult:  # DB thread: the record and its files, one transaction
            return attachments.save_with_attachments(ws.sessions, ws.paths, ws.actor, key, values, uuid,
                                                     add=staged, remove=removed)

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
