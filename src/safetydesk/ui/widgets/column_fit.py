"""Table columns as wide as their text, and the spare width shared out: QHeaderView's Stretch
mode gives every column the same width whatever it holds, which cut the county matrix's hazard
cells ("2 项逾期 · 重大隐患 1") to "2 项逾期 · 重…" at 1366×768 while short cells had room to spare.
Too narrow a window gets a horizontal scroll bar instead of cut text. UI thread only."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableWidget

PADDING = 12  # room beyond a cell's own size hint, so text does not touch the grid line


class ColumnFit(QObject):
    """Keeps `table`'s columns fitted: each at least its widest text (header included), and the
    width left over spread over the `flexible` columns. Call refit() after the rows change; a
    resize of the table shares the spare width again without measuring the rows again (a county
    matrix has hundreds). The user may still drag a column wider or narrower until then."""

    def __init__(self, table: QTableWidget, flexible: Sequence[int]) -> None:
        super().__init__(table)
        self.table = table
        self.flexible = tuple(flexible)
        self._needed: list[int] = []
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(False)
        table.viewport().installEventFilter(self)

    def needed(self, column: int) -> int:
        """The width column's widest text needs (its header's too)."""
        header = self.table.horizontalHeader()
        return max(header.sectionSizeFromContents(column).width(), self.table.sizeHintForColumn(column) + PADDING)

    def refit(self) -> None:
        """Measure every column again (after the rows changed), then lay them out."""
        self._needed = [self.needed(c) for c in range(self.table.columnCount())]
        self._lay_out()

    def _lay_out(self) -> None:
        if len(self._needed) != self.table.columnCount():  # not measured yet
            self.refit()
            return
        widths = list(self._needed)
        spare = self.table.viewport().width() - sum(widths)
        flexible = [c for c in self.flexible if c < len(widths)]
        if spare > 0 and flexible:
            share, rest = divmod(spare, len(flexible))
            for i, c in enumerate(flexible):
                widths[c] += share + (1 if i < rest else 0)
        for c, width in enumerate(widths):
            self.table.setColumnWidth(c, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._lay_out()
        return False
