"""Editors for some fields of a record kind, laid out as a form that never loses typing.

Every form, workflow step and incident dialog builds its fields here, so they all behave alike:
a required field's label carries a red *, each field has its message line under it, a message
outlines its field, the first field in error gets the focus, and a message goes away as soon as
its field is edited (the person is fixing it). A kind may also declare warnings (hook
"warnings": values -> {attr: message}), shown in amber as the person types; they do not block
saving (实到 > 应到 at a parent meeting: perhaps grandparents came too).

The dialogs using it stay open when saving fails: they hand the service's ValidationError to
`show_errors` and keep every text as typed. UI thread only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from safetydesk.domain.fields import Field
from safetydesk.i18n import _
from safetydesk.ui.widgets.field_editors import FieldEditor, OptionsFor, make_editor

ERROR_COLOUR = "#c62828"
WARNING_COLOUR = "#e65100"
Warnings = Callable[[Mapping[str, Any]], dict[str, str]]


def label_text(text: str, required: bool) -> str:
    """A field label, with the red * of a required field."""
    return f"{text} <span style='color:{ERROR_COLOUR}'>*</span>" if required else text


class FieldForm(QWidget):
    """Label, editor and message line for each field; `edited(attr)` on every change."""

    edited = Signal(str)

    def __init__(self, fields: Iterable[Field], options: OptionsFor, parent: QWidget | None = None, *,
                 required: Iterable[str] | None = None, warnings: Warnings | None = None,
                 name_prefix: str = "field-") -> None:
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.editors: dict[str, FieldEditor] = {}
        self.labels: dict[str, QLabel] = {}
        self.messages: dict[str, QLabel] = {}
        self._errors: dict[str, str] = {}
        self._warnings = warnings
        wanted = set(required) if required is not None else None
        for f in fields:
            needed = f.required if wanted is None else f.attr in wanted
            editor = make_editor(f, lambda *_args, a=f.attr: self._edited(a), options)
            editor.widget.setObjectName(f"{name_prefix}{f.attr}")
            if f.help:
                editor.widget.setToolTip(_(f.help))
            label = QLabel(label_text(_(f.label), needed))
            label.setObjectName(f"label-{f.attr}")
            label.setBuddy(editor.widget)
            message = QLabel()
            message.setObjectName(f"error-{f.attr}")
            message.setWordWrap(True)
            message.hide()
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(2)
            lay.addWidget(editor.widget)
            lay.addWidget(message)
            self.layout_.addRow(label, box)
            self.editors[f.attr], self.labels[f.attr], self.messages[f.attr] = editor, label, message

    # --- values --------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {attr: editor.value() for attr, editor in self.editors.items()}

    def set_values(self, values: Mapping[str, Any]) -> None:
        for attr, editor in self.editors.items():
            if attr in values:
                editor.set_value(values[attr])
        self._errors.clear()
        self._show()

    # --- messages ------------------------------------------------------------------------------
    def show_errors(self, errors: Mapping[str, str], focus: bool = True) -> None:
        """Messages beside the fields they name (others are the caller's to show); the first
        field in error gets the focus. Every text stays as typed."""
        self._errors = {a: m for a, m in errors.items() if a in self.editors}
        self._show()
        if focus:
            for attr in self.editors:
                if attr in self._errors:
                    self.editors[attr].widget.setFocus()
                    break

    def clear_errors(self) -> None:
        self._errors.clear()
        self._show()

    def has_errors(self) -> bool:
        return bool(self._errors)

    def _edited(self, attr: str) -> None:
        if self._errors.pop(attr, None) is not None or self._warnings is not None:
            self._show()
        self.edited.emit(attr)

    def _show(self) -> None:
        warnings = self._warnings(self.values()) if self._warnings is not None else {}
        for attr, label in self.messages.items():
            error, warning = self._errors.get(attr, ""), warnings.get(attr, "")
            text = error or warning
            label.setText(text)
            label.setStyleSheet(f"color: {ERROR_COLOUR if error else WARNING_COLOUR};")
            label.setVisible(bool(text))
            self.editors[attr].mark(bool(error))
