"""A record's history: who changed which field, when."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from safetydesk.domain.fields import Field, FieldKind
from safetydesk.domain.registry import RecordKind
from safetydesk.i18n import _, format_date, format_datetime
from safetydesk.services.records import HistoryEntry

_REFERENCES = frozenset({FieldKind.STAFF, FieldKind.CLASS, FieldKind.STUDENT, FieldKind.RECORD})


def _action_label(action: str) -> str:
    labels = {"create": _("Created"), "update": _("Changed"), "delete": _("Deleted"),
              "restore": _("Restored"), "move": _("Status changed")}
    return labels.get(action, action)


def _shown(f: Field | None, value: Any, labels: Mapping[str, str]) -> str:
    """A stored value as the rest of the program shows it (dates one way, choices by label, a
    person or record by its name, never its uuid)."""
    if value in (None, ""):
        return "—"
    if f is None:
        return str(value)
    if f.kind in _REFERENCES:
        return labels.get(str(value)) or _("(removed)")
    try:
        if f.kind is FieldKind.DATE:
            return format_date(date.fromisoformat(str(value)[:10]))
        if f.kind is FieldKind.DATETIME:
            return format_datetime(datetime.fromisoformat(str(value)))
    except ValueError:
        return str(value)
    if f.kind is FieldKind.BOOL:
        return _("Yes") if value else _("No")
    if f.kind is FieldKind.CHOICE and (choice := f.choice(str(value))) is not None:
        return _(choice.label)
    return str(value)


def describe_changes(kind: RecordKind, changes: dict, labels: Mapping[str, str] | None = None) -> str:
    parts = []
    for attr, pair in changes.items():
        f = kind.field(attr) if kind.has_field(attr) else None
        label = _(f.label) if f else attr
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        parts.append(f"{label}: {_shown(f, old, labels or {})} → {_shown(f, new, labels or {})}")
    return "\n".join(parts)


class HistoryDialog(QDialog):
    def __init__(self, kind: RecordKind, entries: list[HistoryEntry], parent: QWidget | None = None,
                 labels: Mapping[str, str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("History of this record"))
        self.setObjectName("history-dialog")
        self.resize(720, 420)
        table = QTableWidget(len(entries), 4)
        table.setObjectName("history-table")
        table.setHorizontalHeaderLabels([_("Time"), _("By"), _("Action"), _("Changes")])
        for i, e in enumerate(entries):
            cells = [format_datetime(e.at), e.by, _action_label(e.action),
                     describe_changes(kind, e.changes, labels) + (f"\n{_('Reason')}: {e.reason}" if e.reason else "")]
            for j, text in enumerate(cells):
                table.setItem(i, j, QTableWidgetItem(text))
        table.resizeColumnsToContents()
        table.resizeRowsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(table)
        lay.addWidget(buttons)
        self.table = table
