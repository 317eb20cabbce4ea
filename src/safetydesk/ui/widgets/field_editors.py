"""One editor widget per field kind, all with the same small interface: value(), set_value(),
and a `changed` notification. Built from the registry's Field metadata (napari's preferences
dialog idea: no hand-written form per record kind); every form, workflow step dialog and
checklist takes its editors from `make_editor`. Dates and times use the one date editor
(widgets.date_edit); a phone field (Field.phone) refuses letters as they are typed.

UI thread only. A reference picker's choices are read on the database thread by whoever builds
the editor: `options(field)` returns them, or None when they are still on their way; then
`FieldEditor.set_options()` fills them in later and a value set meanwhile is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QDoubleValidator, QIntValidator, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from safetydesk.domain.fields import PHONE_PATTERN, REFERENCE_KINDS, Field, FieldKind
from safetydesk.i18n import _
from safetydesk.ui.widgets.date_edit import DateEdit, DateTimeEdit

Options = list[tuple[str, str]]  # (uuid, label) of a reference picker
OptionsFor = Callable[[Field], Options | None]


ERROR_STYLE = "border: 1px solid #c62828;"


class FieldEditor:
    """Adapter around a widget: read and write the field's Python value, outline it when a
    message concerns it (`mark`)."""

    def __init__(self, field: Field, widget: QWidget, getter: Callable[[], Any],
                 setter: Callable[[Any], None],
                 options_setter: Callable[[Options], None] | None = None,
                 outline: QWidget | None = None) -> None:
        self.field, self.widget = field, widget
        self._get, self._set, self._set_options = getter, setter, options_setter
        self._outline = outline or widget

    def value(self) -> Any:
        return self._get()

    def set_value(self, value: Any) -> None:
        self._set(value)

    def set_options(self, options: Options) -> None:
        """A reference picker's choices, arrived from the database thread (others ignore it)."""
        if self._set_options is not None:
            self._set_options(options)

    def mark(self, wrong: bool) -> None:
        """Outline the editor in red while a message about it stands."""
        self._outline.setProperty("wrong", wrong)
        if isinstance(self._outline, DateEdit) and not wrong and self._outline.property("invalid"):
            return  # it still holds text that is not a date: keep that outline
        self._outline.setStyleSheet(ERROR_STYLE if wrong else "")


def _text(f: Field, on_change: Callable[[], None]) -> FieldEditor:
    w = QLineEdit()
    if f.text_limit:
        w.setMaxLength(f.text_limit)
    if f.phone:  # letters are refused as they are typed (the service checks the same pattern)
        w.setValidator(QRegularExpressionValidator(QRegularExpression(PHONE_PATTERN), w))
        w.setPlaceholderText(_("e.g. 0372-5123456 or 13812345678"))
    w.textChanged.connect(on_change)
    return FieldEditor(f, w, lambda: w.text(), lambda v: w.setText("" if v is None else str(v)))


def _long_text(f: Field, on_change: Callable[[], None]) -> FieldEditor:
    w = QPlainTextEdit()
    w.setTabChangesFocus(True)
    w.setMinimumHeight(64)
    w.setMaximumHeight(110)
    w.textChanged.connect(on_change)
    return FieldEditor(f, w, lambda: w.toPlainText(),
                       lambda v: w.setPlainText("" if v is None else str(v)))


def _number(f: Field, on_change: Callable[[], None]) -> FieldEditor:
    w = QLineEdit()
    w.setMaximumWidth(160)
    w.setValidator(QIntValidator(w) if f.kind is FieldKind.INT else QDoubleValidator(w))
    w.textChanged.connect(on_change)

    def setter(v: Any) -> None:
        if v is None:
            w.setText("")
        elif isinstance(v, float) and v.is_integer():
            w.setText(str(int(v)))
        else:
            w.setText(str(v))

    return FieldEditor(f, w, lambda: w.text().strip(), setter)


def _date(f: Field, on_change: Callable[[], None]) -> FieldEditor:
    w = DateEdit(optional=not f.required)
    w.edited.connect(on_change)
    return FieldEditor(f, w, w.value, lambda v: w.set_date(v or None))


def _datetime(f: Field, on_change: Callable[[], None]) -> FieldEditor:
    w = DateTimeEdit(optional=not f.required)
    w.edited.connect(on_change)
    return FieldEditor(f, w, w.value, w.set_value, outline=w.date_edit)


def _bool(f: Field, on_change: Callable[[], None]) -> FieldEditor:
    w = QCheckBox()
    w.toggled.connect(on_change)
    return FieldEditor(f, w, lambda: w.isChecked(), lambda v: w.setChecked(bool(v)))


def _choice(f: Field, on_change: Callable[[], None]) -> FieldEditor:
    w = QComboBox()
    w.addItem("", None)
    for c in f.choices:
        w.addItem(_(c.label), c.code)
    w.currentIndexChanged.connect(on_change)

    def setter(v: Any) -> None:
        i = w.findData(v)
        w.setCurrentIndex(i if i >= 0 else 0)

    return FieldEditor(f, w, lambda: w.currentData(), setter)


def _multi_choice(f: Field, on_change: Callable[[], None]) -> FieldEditor:
    w = QListWidget()
    w.setMaximumHeight(min(24 * len(f.choices) + 6, 140))
    for c in f.choices:
        item = QListWidgetItem(_(c.label))
        item.setData(Qt.ItemDataRole.UserRole, c.code)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        w.addItem(item)
    w.itemChanged.connect(lambda _item: on_change())

    def getter() -> str:
        return ",".join(w.item(i).data(Qt.ItemDataRole.UserRole) for i in range(w.count())
                        if w.item(i).checkState() == Qt.CheckState.Checked)

    def setter(v: Any) -> None:
        codes = set(str(v or "").split(","))
        for i in range(w.count()):
            item = w.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in codes
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    return FieldEditor(f, w, getter, setter)


class ReferencePicker(QComboBox):
    """A searchable picker: type any part of a name, choose from the filtered list.

    Built with its choices, or with None while they are read; a value set before they arrive
    is kept and chosen once they do."""

    def __init__(self, options: Options | None) -> None:
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItem("", None)
        self._wanted: str | None = None  # a value set while the choices are not known yet
        self._known = options is not None
        for uuid, label in options or ():
            self.addItem(label, uuid)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self.setMinimumWidth(180)

    def uuid(self) -> str | None:
        if not self._known:
            return self._wanted
        text = self.currentText().strip()
        if not text:
            return None
        i = self.findText(text, Qt.MatchFlag.MatchExactly)
        if i >= 0:
            return self.itemData(i)
        return "?"  # typed text matching nothing: validation says "choose an entry from the list"

    def set_uuid(self, uuid: str | None) -> None:
        if not self._known:
            self._wanted = uuid
            return
        i = self.findData(uuid) if uuid else 0
        self.setCurrentIndex(max(i, 0))

    def set_options(self, options: Options) -> None:
        """Replace the choices, keeping the chosen value (no change signal: nothing was edited)."""
        keep = self.uuid()
        self.blockSignals(True)
        try:
            self.clear()
            self.addItem("", None)
            for uuid, label in options:
                self.addItem(label, uuid)
            self._known = True
            self._wanted = None
            self.set_uuid(keep if keep != "?" else None)
        finally:
            self.blockSignals(False)


def _reference(f: Field, on_change: Callable[[], None], options: OptionsFor) -> FieldEditor:
    w = ReferencePicker(options(f))
    w.currentTextChanged.connect(on_change)
    return FieldEditor(f, w, w.uuid, w.set_uuid, w.set_options)


def make_editor(f: Field, on_change: Callable[[], None], options: OptionsFor) -> FieldEditor:
    if f.kind in REFERENCE_KINDS:
        return _reference(f, on_change, options)
    factory = {
        FieldKind.TEXT: _text, FieldKind.LONG_TEXT: _long_text, FieldKind.INT: _number,
        FieldKind.DECIMAL: _number, FieldKind.DATE: _date, FieldKind.DATETIME: _datetime,
        FieldKind.BOOL: _bool, FieldKind.CHOICE: _choice, FieldKind.MULTI_CHOICE: _multi_choice,
    }[f.kind]
    return factory(f, on_change)
