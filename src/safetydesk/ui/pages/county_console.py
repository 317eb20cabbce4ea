"""The county console (issue 16.4): the dashboard of a county bureau (县教育局安全股), the township
console one level up.

Tabs: the township centres (their schools, how many show red, their major hazards and serious
incidents, their reporting to the county; Enter or a double-click on a township shows its
schools), the schools at a glance (the township console's matrix, for every school or one
township's), the county-wide registers of 重大隐患 and of 较大-and-above incidents, and the
schools' reporting to their townships. The 通报 button opens the print dialog on the county
bulletin. Every figure is computed per school or per township on the database thread
(services.county, services.county_tables) and only drawn here, on the UI thread; a tab reloads
when it is shown after a change. A county holds no school's records, so nothing here opens one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetydesk.i18n import _
from safetydesk.services import county, county_tables
from safetydesk.services.workspace import Workspace
from safetydesk.ui.pages.console_notices import read_only_table
from safetydesk.ui.pages.township_console import MatrixTab, TabLoads, coloured, console_tabs, page_header
from safetydesk.ui.tasks import TaskRunner

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
BULLETIN_PAGE = "report:county-bulletin"  # the print dialog, started on the county's 通报


def fill(table: QTableWidget, data: county_tables.Table) -> None:
    """Draw a county table: its columns' titles, its rows' text, red/green where the row says."""
    table.clear()
    table.setColumnCount(len(data.columns))
    table.setHorizontalHeaderLabels([_(title) for _key, title, _w in data.columns])
    table.setRowCount(len(data.rows))
    for r, row in enumerate(data.rows):
        colours = row.get("_colours", {})
        for c, (key, _title, _w) in enumerate(data.columns):
            text = str(row.get(key, ""))
            item = coloured(text, colours[key]) if key in colours else QTableWidgetItem(text)
            item.setToolTip(text)
            if "code" in row:
                item.setData(CODE_ROLE, row["code"])
            table.setItem(r, c, item)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)


class TableTab(QWidget):
    """One or more county tables, one under the other, each with its caption."""

    loaded = Signal()

    def __init__(self, names: tuple[str, ...], hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tables: dict[str, QTableWidget] = {}
        self.captions: dict[str, QLabel] = {}
        lay = QVBoxLayout(self)
        for name in names:
            caption = QLabel(_("Loading…"))
            table = read_only_table(f"county-{name}")
            self.tables[name], self.captions[name] = table, caption
            lay.addWidget(caption)
            lay.addWidget(table, 1)
        if hint:
            label = QLabel(hint)
            label.setWordWrap(True)
            label.setStyleSheet("color: #555;")
            lay.addWidget(label)

    def show_data(self, data: dict[str, county_tables.Table]) -> None:
        for name, table in data.items():
            fill(self.tables[name], table)
            self.captions[name].setText(f"<b>{table.title}</b>（{len(table.rows)}）")
        self.loaded.emit()


class CountyConsolePage(QWidget):
    """The county's dashboard; `opener(page_id)` is the window's show_page."""

    kinds_shown = None  # every imported package may change what it shows

    def __init__(self, workspace: Workspace, runner: TaskRunner, opener: Callable[[str], QWidget],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.runner, self.opener = workspace, runner, opener
        self.setObjectName("page-county-console")
        header = page_header(workspace.info.org_name)
        self.print_button = QPushButton(_("Print the county bulletin…"))
        self.print_button.setObjectName("county-bulletin")
        self.print_button.clicked.connect(self.print_bulletin)
        top = QHBoxLayout()
        top.addWidget(header, 1)
        top.addWidget(self.print_button)
        # The version of the county rules published here, and the schools not reporting it yet.
        self.rules = QLabel()
        self.rules.setObjectName("county-console-rules")
        self.rules.setWordWrap(True)
        self.rules.setTextFormat(Qt.TextFormat.PlainText)

        self.townships = TableTab(("townships",), _("Double-click a township centre (or press Enter) to see its "
                                                    "schools."))
        self.townships.tables["townships"].activated.connect(self._township_activated)
        self.township_filter = QComboBox()
        self.township_filter.setObjectName("county-township-filter")
        self.township_filter.addItem(_("All township centres"), None)
        self.township_filter.currentIndexChanged.connect(lambda _i: self._reload_schools())
        self.matrix = MatrixTab(legend=_("Green: in order · Amber: to do · Red: overdue or missing · Grey: nothing "
                                         "required. As each township centre last reported its schools."))
        schools = QWidget()
        schools_lay = QVBoxLayout(schools)
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel(_("Township centre")))
        filter_row.addWidget(self.township_filter)
        filter_row.addStretch(1)
        schools_lay.addLayout(filter_row)
        schools_lay.addWidget(self.matrix, 1)
        self.schools = schools
        self.registers = TableTab(("hazards", "incidents"))
        self.timeliness = TableTab(("timeliness",))
        self.tabs = console_tabs(self, "county-tabs", (
            (self.townships, _("Township centres")), (self.schools, _("Schools at a glance")),
            (self.registers, _("Registers")), (self.timeliness, _("Reporting"))))
        self.loads = TabLoads(self.tabs, self._load_tab)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.rules)
        lay.addWidget(self.tabs, 1)
        self.refresh()

    def refresh(self) -> None:
        """Data changed (a package imported, rules published): reload the rules line and the tab
        shown now, the others when shown."""
        ws = self.workspace
        self.runner.query(lambda: county_tables.rules_line(ws.sessions), self.rules.setText, owner=self.rules,
                          key="county-rules-line")
        self.loads.reload()

    def _township(self) -> str | None:
        data = self.township_filter.currentData()
        return str(data) if data else None

    def _load_tab(self, tab: QWidget) -> None:
        ws = self.workspace
        loaders: dict[QWidget, tuple[Callable[[], Any], Callable[[Any], None]]] = {
            self.townships: (lambda: {"townships": county_tables.townships_table(ws.sessions)}, self._show_townships),
            self.registers: (lambda: dict(zip(("hazards", "incidents"), county_tables.register_tables(ws.sessions),
                                              strict=True)), self.registers.show_data),
            self.timeliness: (lambda: {"timeliness": county_tables.timeliness_table(ws.sessions)},
                              self.timeliness.show_data),
        }  # fmt: skip
        if tab in loaders:
            fn, show = loaders[tab]
            self.runner.query(fn, show, owner=tab, key="county-console")
        elif tab is self.schools:
            self._reload_schools()

    def _show_townships(self, data: dict[str, county_tables.Table]) -> None:
        self.townships.show_data(data)
        current = self._township()
        self.township_filter.blockSignals(True)
        self.township_filter.clear()
        self.township_filter.addItem(_("All township centres"), None)
        for row in data["townships"].rows:
            self.township_filter.addItem(row["township"], row["code"])
        found = self.township_filter.findData(current) if current else 0
        self.township_filter.setCurrentIndex(max(found, 0))
        self.township_filter.blockSignals(False)

    def _reload_schools(self) -> None:
        township, ws = self._township(), self.workspace
        self.runner.query(lambda: county.matrix(ws.sessions, township), self.matrix.show_data, owner=self.matrix,
                          key="county-matrix")

    def _township_activated(self, index: Any) -> None:
        item = self.townships.tables["townships"].item(index.row(), 0)
        code = item.data(CODE_ROLE) if item is not None else None
        if code is None:
            return
        found = self.township_filter.findData(code)
        if found < 0:
            self.township_filter.addItem(item.text(), code)
            found = self.township_filter.findData(code)
        self.tabs.setCurrentWidget(self.schools)
        self.township_filter.setCurrentIndex(found)  # reloads the matrix for that township

    def print_bulletin(self) -> None:
        from safetydesk.ui.extensions.reports_menu import open_reports

        window = self.window()
        open_reports(window, BULLETIN_PAGE)  # type: ignore[arg-type]
