"""One table model for every record kind: ids and a row cache, pages fetched on demand.

Sorting, filtering and search happen in SQL (services.records); only the rows the view asks for
are loaded. Pages are small (100 rows, a few ms), so fetchMore runs on the UI thread like
Anki's browser table does; writes always go through the TaskRunner.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from safetydesk.domain.fields import Field, FieldKind
from safetydesk.domain.registry import RecordKind
from safetydesk.i18n import _, format_date, format_datetime
from safetydesk.services import records
from safetydesk.services.workspace import Workspace

PAGE_SIZE = 100
UUID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def cell_text(f: Field, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"


class RecordTableModel(QAbstractTableModel):
    def __init__(self, workspace: Workspace, kind: RecordKind) -> None:
        super().__init__()
        self.workspace, self.kind = workspace, kind
        self.query = records.ListQuery(kind=kind.key)
        self.columns: list[Field] = list(kind.table_fields)
        self._rows: list[records.RecordData] = []
        self._labels: dict[str, str] = {}
        self._total = 0

    # --- loading -----------------------------------------------------------------------------
    def reload(self) -> None:
        self.beginResetModel()
        self._total = records.count(self.workspace.sessions, self.query, self.workspace.actor)
        self._rows = []
        self._labels = {}
        self._rows = self._fetch(PAGE_SIZE)
        self.endResetModel()

    def _fetch(self, n: int) -> list[records.RecordData]:
        page = records.fetch_page(self.workspace.sessions, self.query, len(self._rows), n,
                                  self.workspace.actor)
        self._labels.update(records.reference_labels(self.workspace.sessions, self.kind, page))
        return page

    def total(self) -> int:
        return self._total

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        page = records.fetch_page(self.workspace.sessions, self.query, len(self._rows), PAGE_SIZE,
                                  self.workspace.actor)
        if not page:
            self._total = len(self._rows)
            return
        self._labels.update(records.reference_labels(self.workspace.sessions, self.kind, page))
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def set_columns(self, columns: list[Field]) -> None:
        self.beginResetModel()
        self.columns = columns
        self.endResetModel()

    # --- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return _(self.columns[section].label)
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        f = self.columns[index.column()]
        value = row.values.get(f.attr)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(f, records.display_value(f, value, self._labels))
        if role == Qt.ItemDataRole.ToolTipRole and f.kind is FieldKind.LONG_TEXT:
            return str(value or "")
        if role == Qt.ItemDataRole.BackgroundRole and f.kind is FieldKind.CHOICE:
            c = f.choice(value)
            if c and c.colour:
                colour = QColor(c.colour)
                colour.setAlpha(70)
                return QBrush(colour)
        if role == UUID_ROLE:
            return row.uuid
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(self.columns):
            self.query.sort = self.columns[column].attr
            self.query.descending = order == Qt.SortOrder.DescendingOrder
            self.reload()

    def record_at(self, row: int) -> records.RecordData | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, uuid: str) -> int:
        for i, r in enumerate(self._rows):
            if r.uuid == uuid:
                return i
        return -1
