"""The township console (issue 12, point 4): the dashboard of a township centre.

Tabs: the school-by-mechanism matrix (each cell opens the records behind it, filtered to that
school), the reporting table (DHIS2-style reporting rates), the registers of 重大 hazards and
较大-and-above incidents, each school's rates per semester, and the notices (整改通知书/督办单)
with the township's actions (ui/pages/console_notices.py). Every figure is computed per school on
the database thread (services.console) and only drawn here, on the UI thread; a tab reloads when
it is shown after a change. At a school the dashboard stays services.dashboard's page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from safetydesk.i18n import _, format_date
from safetydesk.services import console, county_rules
from safetydesk.services.workspace import Workspace
from safetydesk.ui.pages.console_notices import NoticesTab, RegistersTab, read_only_table
from safetydesk.ui.tasks import TaskRunner
from safetydesk.ui.widgets.column_fit import ColumnFit

CELL_COLOURS = {console.GREEN: "#c8e6c9", console.AMBER: "#ffe0b2", console.RED: "#ef9a9a",
                console.GREY: "#eeeeee"}
CODE_ROLE = Qt.ItemDataRole.UserRole + 1
PERCENT_ROLE = Qt.ItemDataRole.UserRole + 3
SYNC_PAGE = "sync"
FIXED_COLUMNS = 2  # school, type
RATE_COLOURS = ((90.0, console.GREEN), (60.0, console.AMBER), (0.0, console.RED))


def coloured(text: str, colour: str, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setBackground(QBrush(QColor(CELL_COLOURS[colour])))
    item.setForeground(QBrush(QColor("#212121")))
    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    item.setData(Qt.ItemDataRole.UserRole, colour)
    if tip:
        item.setToolTip(tip)
    return item


class MatrixTab(QWidget):
    """One row per trusted school, one coloured cell per mechanism; Enter or a click on a cell
    opens that school's records of that kind."""

    loaded = Signal()
    open_cell = Signal(str, str, str)  # record kind to open ("": the packages), school code, school name

    def __init__(self, parent: QWidget | None = None, legend: str | None = None) -> None:
        """`legend`: the line under the table (default: the township's, whose cells open records)."""
        super().__init__(parent)
        self.data: console.Matrix | None = None
        self.caption = QLabel(_("Loading…"))
        self.caption.setObjectName("matrix-caption")
        self.table = read_only_table("console-matrix")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        headers = [_("School"), _("Type")] + [_(title) for _k, title, _kind in console.COLUMNS]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        # each mechanism as wide as its text, the room left shared among them (Stretch cut the
        # hazards cell short at 1366×768)
        self.fit = ColumnFit(self.table, flexible=range(FIXED_COLUMNS, len(headers)))
        self.table.cellClicked.connect(self._activated)
        self.table.cellActivated.connect(self._activated)
        legend = QLabel(legend or _("Green: in order · Amber: to do · Red: overdue or missing · Grey: nothing "
                                    "required. Click a cell (or press Enter) to open the records behind it."))
        legend.setWordWrap(True)
        legend.setStyleSheet("color: #555;")
        lay = QVBoxLayout(self)
        lay.addWidget(self.caption)
        lay.addWidget(self.table, 1)
        lay.addWidget(legend)

    def show_data(self, data: console.Matrix) -> None:
        self.data = data
        self.caption.setText(_("{n} schools · {semester} · as of {date}", n=len(data.rows),
                               semester=data.semester_label, date=format_date(data.as_of)))
        self.table.setRowCount(len(data.rows))
        for r, row in enumerate(data.rows):
            name = QTableWidgetItem(row.name)
            name.setData(CODE_ROLE, row.code)
            name.setToolTip(row.code)
            self.table.setItem(r, 0, name)
            self.table.setItem(r, 1, QTableWidgetItem(row.school_type))
            for c, cell in enumerate(row.cells):
                item = coloured(cell.text, cell.colour, cell.tip)
                item.setData(CODE_ROLE, row.code)
                self.table.setItem(r, FIXED_COLUMNS + c, item)
        self.fit.refit()
        if not data.rows:
            self.caption.setText(_("No trusted school yet: enrol one under Data exchange (trust its identity file)."))
        self.loaded.emit()

    def cell(self, code: str, key: str) -> QTableWidgetItem | None:
        """The cell of school `code` in column `key` (tests, screenshots)."""
        col = FIXED_COLUMNS + [k for k, _t, _kind in console.COLUMNS].index(key)
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is not None and item.data(CODE_ROLE) == code:
                return self.table.item(r, col)
        return None

    def _activated(self, row: int, column: int) -> None:
        if self.data is None or column < FIXED_COLUMNS or row >= len(self.data.rows):
            return
        school = self.data.rows[row]
        cell = school.cells[column - FIXED_COLUMNS]
        self.open_cell.emit(cell.kind or console.COLUMNS[column - FIXED_COLUMNS][2], school.code, school.name)


class ReportingTab(QWidget):
    """Reporting rates per school in the manner of DHIS2: packages and incident reports."""

    loaded = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel(_("Loading…"))
        self.table = read_only_table("console-reporting")
        headers = [_("School"), _("Packages expected"), _("Received"), _("On time"), _("Reporting rate"),
                   _("Missing package numbers"), _("Last signed"), _("General: within 60 min"),
                   _("Serious+: phoned within 20 min"), _("Serious+: written within 40 min")]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.horizontalHeader().setMinimumSectionSize(60)
        note = QLabel(_("One package a month is expected; a month's package is on time when signed at the "
                        "school within the month, received late within {days} days after it. Incidents: on time over "
                        "reports due this semester.", days=console.GRACE_DAYS))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        lay = QVBoxLayout(self)
        lay.addWidget(self.caption)
        lay.addWidget(self.table, 1)
        lay.addWidget(note)

    def show_data(self, result: tuple[str, list[console.ReportingRow]]) -> None:
        label, rows = result
        self.caption.setText(label)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            rate = f"{row.received * 100 / row.expected:.0f}%" if row.expected else "—"
            colour = (console.GREY if not row.expected else console.GREEN if row.received == row.expected
                      else console.AMBER if row.received else console.RED)
            missing = "、".join(str(n) for n in row.missing)
            cells: list[QTableWidgetItem] = [
                QTableWidgetItem(row.name), QTableWidgetItem(str(row.expected)), QTableWidgetItem(str(row.received)),
                QTableWidgetItem(str(row.on_time)), coloured(rate, colour),
                coloured(missing or _("none"), console.RED if missing else console.GREEN),
                QTableWidgetItem(format_date(row.last_signed) if row.last_signed else _("none")),
            ]
            for t in (row.general_60, row.phone_20, row.written_40):
                c = console.GREY if not t.due else console.GREEN if t.on_time == t.due else console.RED
                cells.append(coloured(t.text, c))
            for c, item in enumerate(cells):
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, c, item)
        self.loaded.emit()


class BarDelegate(QStyledItemDelegate):
    """A rate cell: a bar as long as the rate across the cell's background, the figure on top."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        value = index.data(PERCENT_ROLE)
        if value is None:
            super().paint(painter, option, index)
            return
        rect = option.rect.adjusted(2, 3, -2, -3)
        painter.save()
        painter.fillRect(option.rect, QColor("#fafafa"))
        bar = QRectF(rect.left(), rect.top(), rect.width() * min(float(value), 100.0) / 100.0, rect.height())
        painter.fillRect(bar, QColor(CELL_COLOURS[index.data(Qt.ItemDataRole.UserRole)]))
        painter.setPen(QColor("#212121"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, index.data(Qt.ItemDataRole.DisplayRole))
        painter.restore()


class TrendsTab(QWidget):
    """Each school's rates per semester (the 通报's rates), one rate at a time."""

    loaded = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: console.Trends | None = None
        self.rate_box = QComboBox()
        self.rate_box.setObjectName("trend-rate")
        from safetydesk.domain.township_rates import RATE_KEYS, RATE_TITLES

        for key in RATE_KEYS:
            self.rate_box.addItem(_(RATE_TITLES[key]), key)
        self.rate_box.currentIndexChanged.connect(lambda _i: self._fill())
        self.table = read_only_table("console-trends")
        self.table.setItemDelegate(BarDelegate(self.table))
        top = QHBoxLayout()
        rate_label = QLabel(_("&Rate:"))
        rate_label.setBuddy(self.rate_box)
        top.addWidget(rate_label)
        top.addWidget(self.rate_box)
        top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        note = QLabel(_("Each school's own done over required, per semester (the current one up to today); "
                        "“—”: nothing was required."))
        note.setStyleSheet("color: #555;")
        note.setWordWrap(True)
        lay.addWidget(note)

    def show_data(self, data: console.Trends) -> None:
        self.data = data
        self._fill()
        self.loaded.emit()

    def _fill(self) -> None:
        data, key = self.data, self.rate_box.currentData()
        if data is None:
            return
        self.table.clear()
        self.table.setColumnCount(1 + len(data.semesters))
        self.table.setHorizontalHeaderLabels([_("School")] + [label for _k, label in data.semesters])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setRowCount(len(data.schools))
        for r, (code, name) in enumerate(data.schools):
            self.table.setItem(r, 0, QTableWidgetItem(name))
            for c, (sem, _label) in enumerate(data.semesters):
                value = data.values.get((code, sem), {}).get(key)
                if value is None:
                    self.table.setItem(r, c + 1, coloured("—", console.GREY))
                    continue
                colour = next(col for floor, col in RATE_COLOURS if value >= floor)
                item = coloured(f"{value:g}%", colour)
                item.setData(PERCENT_ROLE, value)
                self.table.setItem(r, c + 1, item)


def page_header(text: str) -> QLabel:
    """The console's heading: the organisation's name, large and bold."""
    header = QLabel(text)
    header.setObjectName("dashboard-header")
    font = header.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    header.setFont(font)
    return header


def console_tabs(page: QWidget, name: str, tabs: tuple[tuple[QWidget, str], ...]) -> QTabWidget:
    """A console's tabs, Alt+1, Alt+2... switching to them while the page has the focus."""
    widget = QTabWidget()
    widget.setObjectName(name)
    for tab, title in tabs:
        widget.addTab(tab, title)
    for n in range(widget.count()):
        sc = QShortcut(QKeySequence(f"Alt+{n + 1}"), page, activated=lambda i=n: widget.setCurrentIndex(i))
        sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    return widget


class TabLoads:
    """A console's tabs loaded when shown: after a change the tab shown reloads at once, the
    others when next shown. `load(tab)` starts loading one tab (on the runner)."""

    def __init__(self, tabs: QTabWidget, load: Callable[[QWidget], None]) -> None:
        self.tabs, self._load = tabs, load
        self._stale = {i: True for i in range(tabs.count())}
        tabs.currentChanged.connect(lambda _i: self.load_current())

    def invalidate(self, fresh: QWidget | None = None) -> None:
        """Every tab is stale but `fresh` (a tab that made the change and shows it already)."""
        self._stale = dict.fromkeys(self._stale, True)
        if fresh is not None:
            self._stale[self.tabs.indexOf(fresh)] = False

    def reload(self) -> None:
        self.invalidate()
        self.load_current()

    def load_current(self) -> None:
        index = self.tabs.currentIndex()
        if not self._stale.get(index):
            return
        self._stale[index] = False
        self._load(self.tabs.widget(index))


class ConsolePage(QWidget):
    """The township's dashboard. `opener(page_id)` is the window's show_page (the typed window
    API): a cell opens a record list page and narrows it to one school through its set_school."""

    changed = Signal(object)  # Changes made from the notices tab
    kinds_shown = None  # every change may move a cell

    def __init__(self, workspace: Workspace, runner: TaskRunner, opener: Callable[[str], QWidget],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.runner, self.opener = workspace, runner, opener
        self.setObjectName("page-console")
        header = page_header(workspace.info.org_name)
        # Which version of the county's rules the township follows, and the schools still on an
        # older one (issue 16.3; from what each school's packages report).
        self.county_rules = QLabel()
        self.county_rules.setObjectName("console-county-rules")
        self.county_rules.setWordWrap(True)
        self.county_rules.setTextFormat(Qt.TextFormat.PlainText)
        self.matrix = MatrixTab()
        self.reporting = ReportingTab()
        self.registers = RegistersTab(workspace, runner, self._open_record)
        self.trends = TrendsTab()
        self.notices = NoticesTab(workspace, runner)
        self.notices.changed.connect(self._notices_changed)
        self.tabs = console_tabs(self, "console-tabs", (
            (self.matrix, _("Schools at a glance")), (self.reporting, _("Reporting rates")),
            (self.registers, _("Registers")), (self.trends, _("Trends by semester")),
            (self.notices, _("Rectification notices"))))
        self.matrix.open_cell.connect(self.open_cell)
        self.loads = TabLoads(self.tabs, self._load_tab)
        lay = QVBoxLayout(self)
        lay.addWidget(header)
        lay.addWidget(self.county_rules)
        lay.addWidget(self.tabs, 1)
        self.refresh()

    def refresh(self) -> None:
        """Data changed: reload the tab shown now, the others when they are next shown."""
        self.loads.reload()
        sessions = self.workspace.sessions
        self.runner.query(lambda: county_rules.console_line(sessions), self.county_rules.setText,
                          owner=self, key="county-rules")

    def _load_tab(self, tab: QWidget) -> None:
        ws = self.workspace
        loaders: dict[QWidget, tuple[Callable[[], Any], Callable[[Any], None]]] = {
            self.matrix: (lambda: console.matrix(ws.sessions), self.matrix.show_data),
            self.reporting: (lambda: console.reporting(ws.sessions), self.reporting.show_data),
            self.trends: (lambda: console.trends(ws.sessions), self.trends.show_data),
        }
        if tab in loaders:
            fn, show = loaders[tab]
            self.runner.query(fn, show, owner=tab, key="console")
        elif tab is self.registers:
            self.registers.reload()
        elif tab is self.notices:
            self.notices.reload()

    def _notices_changed(self, changes: object) -> None:
        self.loads.invalidate(fresh=self.notices)
        self.changed.emit(changes)

    def open_cell(self, kind: str, code: str, name: str) -> None:
        """Open the records behind a cell: that kind's list, narrowed to the school ("": the
        packages, on the exchange page)."""
        if not kind:
            self.opener(SYNC_PAGE)
            return
        page = self.opener(f"kind:{kind}")
        set_school = getattr(page, "set_school", None)
        if callable(set_school):
            set_school(code, name)

    def _open_record(self, kind: str, uuid: str, code: str, name: str) -> None:
        page = self.opener(f"kind:{kind}")
        set_school = getattr(page, "set_school", None)
        if callable(set_school):
            set_school(code, name)
        open_record = getattr(page, "open_record", None)
        if callable(open_record):
            open_record(uuid)
