"""Editors made from a setting's declaration (napari's preferences dialog: metadata becomes widgets).

`make_editor(var)` returns a SettingEditor for any SettingVar of domain/settings.py: a spin box for
a number, a check box for yes/no, and for a value of parts one sub-editor per part (spin boxes,
text lines, or month + day). Every editor reads and shows the JSON value the registry stores and
outlines the parts a validation message names. UI thread only; no database here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from safetydesk.domain.settings import SettingType, SettingVar
from safetydesk.i18n import _

ERROR_STYLE = "border: 1px solid #c62828;"
TEXT_WIDTH = 280


def _object_name(key: str) -> str:
    return "setting-" + key.replace(".", "-").replace("_", "-")


class MonthDay(QWidget):
    """A month and a day (a bound of the semester calendar)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.month = QSpinBox(minimum=1, maximum=12)
        self.month.setObjectName(f"{name}-month")
        self.month.setSuffix(_(" month"))
        self.day = QSpinBox(minimum=1, maximum=31)
        self.day.setObjectName(f"{name}-day")
        self.day.setSuffix(_(" day"))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.month)
        lay.addWidget(self.day)
        lay.addStretch(1)

    def value(self) -> list[int]:
        return [self.month.value(), self.day.value()]

    def set_value(self, md: Any) -> None:
        self.month.setValue(int(md[0]))
        self.day.setValue(int(md[1]))


def _spin(var: SettingVar, name: str) -> QSpinBox:
    spin = QSpinBox(minimum=var.minimum, maximum=var.maximum)
    spin.setObjectName(name)
    if var.unit:
        spin.setSuffix(_(var.unit))
    return spin


class SettingEditor(QWidget):
    """One setting's editor. `parts` maps a part to its widget (empty for a single value)."""

    def __init__(self, var: SettingVar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.var = var
        self.setObjectName(_object_name(var.key))
        self.parts: dict[str, QWidget] = {}
        self.single: QWidget | None = None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        if var.type is SettingType.INT:
            self.single = _spin(var, f"{self.objectName()}-value")
            lay.addWidget(self.single)
            lay.addStretch(1)
        elif var.type is SettingType.BOOL:
            self.single = QCheckBox(_(var.label))
            self.single.setObjectName(f"{self.objectName()}-value")
            lay.addWidget(self.single)
        else:
            inner = QWidget()
            form = QFormLayout(inner)
            form.setContentsMargins(0, 0, 0, 0)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
            for part in var.parts:
                name = f"{self.objectName()}-{part.key.replace('_', '-')}"
                widget: QWidget
                if var.type is SettingType.INT_PARTS:
                    widget = _spin(var, name)
                elif var.type is SettingType.TEXT_PARTS:
                    widget = QLineEdit()
                    widget.setObjectName(name)
                    widget.setMaxLength(var.max_length)
                    widget.setMinimumWidth(TEXT_WIDTH)
                else:
                    widget = MonthDay(name)
                self.parts[part.key] = widget
                form.addRow(_(part.label), widget)
            lay.addWidget(inner)
            lay.addStretch(1)

    def value(self) -> Any:
        if isinstance(self.single, QSpinBox):
            return self.single.value()
        if isinstance(self.single, QCheckBox):
            return self.single.isChecked()
        return {part: _read(widget) for part, widget in self.parts.items()}

    def set_value(self, value: Any) -> None:
        if isinstance(self.single, QSpinBox):
            self.single.setValue(int(value))
        elif isinstance(self.single, QCheckBox):
            self.single.setChecked(bool(value))
        elif isinstance(value, Mapping):
            for part, widget in self.parts.items():
                _write(widget, value.get(part))

    def mark(self, errors: Mapping[str, str]) -> None:
        """Outline the widgets a message names (field keys `key` or `key.part`); tooltips say why."""
        targets = {self.var.field_key(p): w for p, w in self.parts.items()}
        if self.single is not None:
            targets[self.var.key] = self.single
        for where, widget in targets.items():
            message = errors.get(where, "")
            boxes = widget.findChildren(QSpinBox) if isinstance(widget, MonthDay) else [widget]
            for box in boxes:
                box.setStyleSheet(f"{type(box).__name__} {{ {ERROR_STYLE} }}" if message else "")
            widget.setToolTip(message)


def _read(widget: QWidget) -> Any:
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QLineEdit):
        return widget.text()
    assert isinstance(widget, MonthDay)
    return widget.value()


def _write(widget: QWidget, value: Any) -> None:
    if isinstance(widget, QSpinBox):
        widget.setValue(int(value or 0))
    elif isinstance(widget, QLineEdit):
        widget.setText("" if value is None else str(value))
    elif isinstance(widget, MonthDay) and value:
        widget.set_value(value)


def make_editor(var: SettingVar, parent: QWidget | None = None) -> SettingEditor:
    return SettingEditor(var, parent)
