"""One table model for every record kind: ids and a row cache, pages fetched on demand.

Sorting, filtering and search happen in SQL (services.records); only the rows the view asks for
are loaded, 100 at a time. Every read runs on the runner's database thread (TaskRunner.query,
key "rows"): `reload()` counts and loads the first page, `fetchMore()` (the view scrolled to the
end) loads the next one. A reload supersedes whatever page is still on its way, so a quick
sort-then-search shows only the newest answer. Until a reload's answer arrives the model keeps
showing the rows it had (no flicker); `loaded` is emitted when it arrives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from safetydesk.domain.fields import Field, FieldKind
from safetydesk.domain.organisation import SCHOOL
from safetydesk.domain.registry import RecordKind, get_kind
from safetydesk.i18n import _, format_date, format_datetime
from safetydesk.services import records, schools
from safetydesk.services.workspace import Workspace
from safetydesk.ui.tasks import TaskRunner

PAGE_SIZE = 100
UUID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex
# Extra facts per page beyond the rows (e.g. incidents' timeliness), read on the DB thread.
ExtraLoader = Callable[[Workspace, list[records.RecordData]], dict[str, Any]]


@dataclass(frozen=True)
class Page:
    """What one read brings back (built on the database thread, plain data)."""

    rows: list[records.RecordData]
    labels: dict[str, str]
    total: int | None = None  # counted on a reload only
    extra: dict[str, Any] = field(default_factory=dict)
    schools: dict[str, str] = field(default_factory=dict)  # at a township: row uuid -> school name


def load_page(workspace: Workspace, q: records.ListQuery, offset: int, limit: int, *,
              count: bool, extra: ExtraLoader | None = None) -> Page:
    """Database thread: one page of the query with the names its references show."""
    total = records.count(workspace.sessions, q, workspace.actor) if count else None
    rows = records.fetch_page(workspace.sessions, q, offset, limit, workspace.actor)
    labels = records.reference_labels(workspace.sessions, get_kind(q.kind), rows) if rows else {}
    more = extra(workspace, rows) if extra is not None and rows else {}
    return Page(rows, labels, total, more, row_schools(workspace, q.kind, rows))


def row_schools(workspace: Workspace, kind_key: str, rows: list[records.RecordData]) -> dict[str, str]:
    """Database thread: at a township, the name of each row's school (its owner, or the school a
    township row is addressed to); nothing at a school."""
    if workspace.info.role == SCHOOL or not rows:
        return {}
    kind, names = get_kind(kind_key), schools.school_names(workspace.sessions)
    return {r.uuid: names.get(code, code) for r in rows
            if (code := schools.row_school(kind, r.owner, r.values))}


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
    loaded = Signal()  # a reload's answer is shown (total, first page)
    load_failed = Signal(object)  # the exception of a refused or failed read

    extra_loader: ExtraLoader | None = None

    def __init__(self, workspace: Workspace, kind: RecordKind, runner: TaskRunner) -> None:
        super().__init__()
        self.workspace, self.kind, self.runner = workspace, kind, runner
        self.query = records.ListQuery(kind=kind.key)
        self.columns: list[Field] = list(kind.table_fields)
        self._rows: list[records.RecordData] = []
        self._labels: dict[str, str] = {}
        self.extra: dict[str, Any] = {}
        self.schools: dict[str, str] = {}
        # At a township every list has a 学校 column (the last logical one; the page shows it first).
        self.show_school = workspace.info.role != SCHOOL
        self._total = 0
        self._loading = False
        self._fetching = False

    # --- loading (answers arrive on the UI thread) ----------------------------------------------
    def reload(self) -> None:
        """Count and load the first page on the DB thread; the rows shown change when it arrives."""
        self._loading, self._fetching = True, False
        ws, q, extra = self.workspace, self.query.copy(), type(self).extra_loader
        self.runner.query(lambda: load_page(ws, q, 0, PAGE_SIZE, count=True, extra=extra),
                          self._reloaded, self._failed, owner=self, key="rows")

    def _reloaded(self, page: Page) -> None:
        self.beginResetModel()
        self._rows = list(page.rows)
        self._labels = dict(page.labels)
        self.extra = dict(page.extra)
        self.schools = dict(page.schools)
        self._total = page.total or 0
        self._loading = False
        self.endResetModel()
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self._loading = self._fetching = False
        self.load_failed.emit(exc)

    def is_loading(self) -> bool:
        return self._loading

    def total(self) -> int:
        return self._total

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return (not parent.isValid() and not self._loading and not self._fetching
                and len(self._rows) < self._total)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        ws, q, offset, extra = self.workspace, self.query.copy(), len(self._rows), type(self).extra_loader
        # Same key as reload: a reload meanwhile supersedes this page.
        self.runner.query(lambda: load_page(ws, q, offset, PAGE_SIZE, count=False, extra=extra),
                          lambda page: self._appended(offset, page), self._failed, owner=self, key="rows")

    def _appended(self, offset: int, page: Page) -> None:
        self._fetching = False
        if offset != len(self._rows):
            return
        if not page.rows:
            self._total = len(self._rows)  # rows were deleted meanwhile
            return
        self._labels.update(page.labels)
        self.extra.update(page.extra)
        self.schools.update(page.schools)
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page.rows) - 1)
        self._rows.extend(page.rows)
        self.endInsertRows()

    def set_columns(self, columns: list[Field]) -> None:
        self.beginResetModel()
        self.columns = columns
        self.endResetModel()

    # --- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def base_column_count(self) -> int:
        """The columns before the 学校 column: the fields shown (subclasses add their own)."""
        return len(self.columns)

    def school_column(self) -> int:
        """The logical index of the 学校 column, or -1 (at a school)."""
        return self.base_column_count() if self.show_school else -1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.base_column_count() + (1 if self.show_school else 0)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if section == self.school_column() and orientation == Qt.Orientation.Horizontal:
            return _("School") if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return _(self.columns[section].label)
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if index.column() == self.school_column():
            if role == Qt.ItemDataRole.DisplayRole:
                return self.schools.get(row.uuid, "")
            return row.uuid if role == UUID_ROLE else None
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
