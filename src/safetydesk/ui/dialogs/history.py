"""A record's history: who changed which field, when."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from safetydesk.domain.registry import RecordKind
from safetydesk.i18n import _, format_datetime
from safetydesk.services.records import HistoryEntry


def _action_label(action: str) -> str:
    labels = {"create": _("Created"), "update": _("Changed"), "delete": _("Deleted"),
              "restore": _("Restored"), "move": _("Status changed")}
    return labels.get(action, action)


def describe_changes(kind: RecordKind, changes: dict) -> str:
    parts = []
    for attr, pair in changes.items():
        label = _(kind.field(attr).label) if kind.has_field(attr) else attr
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        parts.append(f"{label}: {old if old not in (None, '') else '—'} → {new if new not in (None, '') else '—'}")
    return "\n".join(parts)


class HistoryDialog(QDialog):
    def __init__(self, kind: RecordKind, entries: list[HistoryEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("History of this record"))
        self.resize(720, 420)
        table = QTableWidget(len(entries), 4)
        table.setObjectName("history-table")
        table.setHorizontalHeaderLabels([_("Time"), _("By"), _("Action"), _("Changes")])
        for i, e in enumerate(entries):
            cells = [format_datetime(e.at), e.by, _action_label(e.action),
                     describe_changes(kind, e.changes) + (f"\n{_('Reason')}: {e.reason}" if e.reason else "")]
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
