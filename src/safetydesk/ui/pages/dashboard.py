"""The home page: what needs doing now, this semester's compliance, hazards in two charts.

The figures are computed on the database thread (services.dashboard.load) and drawn here on the
UI thread; an item about one record opens its list with that record selected (`open_record`),
a compliance card or count opens the records behind it (`open_page`).
Charts are painted with QPainter (QtCharts is not installed).
"""

from __future__ import annotations

import calendar
import math

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.compliance import State, state_label
from safetydesk.domain.registry import get_kind
from safetydesk.i18n import _, current_language, format_date
from safetydesk.services import dashboard, overview
from safetydesk.services.workspace import Workspace
from safetydesk.ui.tasks import TaskRunner
from safetydesk.ui.widgets import reminder_list
from safetydesk.ui.widgets.campaign import DashboardExtras

BADGE_COLOURS = {
    State.OVERDUE: "#c62828",
    State.DUE: "#ef6c00",
    State.NOT_SCHEDULED: "#757575",
    State.DONE: "#2e7d32",
}
SECTIONS = (
    ("incidents", "kind:incident", lambda: _("Incident reports due")),
    ("hazards", "kind:hazard", lambda: _("Hazards overdue or due soon")),
    ("followups", "kind:psych_case", lambda: _("Follow-ups due")),
    ("notices", "kind:rectification_notice", lambda: _("Township notices to answer")),
)
MAX_ITEMS = 8


def badge(state: State) -> QLabel:
    label = QLabel(state_label(state))
    label.setObjectName(f"badge-{state.value}")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet(
        f"background:{BADGE_COLOURS[state]}; color:white; border-radius:4px; padding:2px 8px; font-weight:bold;"
    )
    label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    widest = max(QFontMetrics(label.font()).horizontalAdvance(state_label(s)) for s in State)
    label.setMinimumWidth(widest + 20)
    return label


def month_label(key: str) -> str:
    """A month of the chart ("2026-11") as short as the language writes it: 11月, Nov."""
    if len(key) != 7:
        return key
    month = int(key[5:])
    return f"{month}月" if current_language() == "zh_CN" else calendar.month_abbr[month]


class BarChart(QWidget):
    """A small bar chart: horizontal bars (categories) or columns (months)."""

    def __init__(self, horizontal: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.horizontal = horizontal
        self.data: list[tuple[str, int]] = []
        self.setMinimumHeight(200)

    def set_data(self, data: list[tuple[str, int]]) -> None:
        self.data = list(data)
        if self.horizontal:
            self.setMinimumHeight(max(120, 24 * len(self.data) + 16))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, self.minimumHeight())

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        rect = self.rect().adjusted(6, 6, -6, -6)
        bar = QColor("#1565c0")
        if not self.data or not any(v for _l, v in self.data):
            p.setPen(QColor("#757575"))
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, _("No hazards recorded yet"))
            return
        top = max(v for _l, v in self.data) or 1
        if self.horizontal:
            label_w = max(fm.horizontalAdvance(lbl) for lbl, _v in self.data) + 10
            num_w = fm.horizontalAdvance(str(top)) + 8
            row_h = min(24, rect.height() / len(self.data))
            for i, (lbl, v) in enumerate(self.data):
                y = rect.top() + i * row_h
                p.setPen(self.palette().text().color())
                p.drawText(
                    QRectF(rect.left(), y, label_w - 6, row_h),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    lbl,
                )
                w = (rect.width() - label_w - num_w) * v / top
                p.fillRect(QRectF(rect.left() + label_w, y + 4, w, row_h - 8), bar)
                p.drawText(
                    QRectF(rect.left() + label_w + w + 4, y, num_w, row_h),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    str(v),
                )
            return
        label_h = fm.height() + 4
        chart_h = rect.height() - 2 * label_h
        col_w = rect.width() / len(self.data)
        for i, (_lbl, v) in enumerate(self.data):
            x = rect.left() + i * col_w
            h = chart_h * v / top
            y = rect.top() + label_h + chart_h - h
            p.fillRect(QRectF(x + col_w * 0.2, y, col_w * 0.6, h), bar)
            p.setPen(self.palette().text().color())
            if v:
                p.drawText(QRectF(x, y - label_h, col_w, label_h), Qt.AlignmentFlag.AlignCenter, str(v))
        for box, text in self.month_labels():
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def month_labels(self) -> list[tuple[QRectF, str]]:
        """Where the month names go under the columns: as many as fit without overlapping (every
        second or third when the names are wider than a column), always the newest month."""
        if self.horizontal or not self.data:
            return []
        fm = QFontMetrics(self.font())
        rect = self.rect().adjusted(6, 6, -6, -6)
        label_h = fm.height() + 4
        col_w = rect.width() / len(self.data)
        months = [month_label(lbl) for lbl, _v in self.data]
        widest = max(fm.horizontalAdvance(m) for m in months) + 6
        every = max(1, math.ceil(widest / max(col_w, 1.0)))
        newest = len(self.data) - 1
        return [
            (QRectF(rect.left() + i * col_w + col_w / 2 - widest / 2, rect.bottom() - label_h, widest, label_h),
             months[i])
            for i in range(len(self.data)) if i % every == newest % every
        ]


class DashboardPage(QWidget):
    open_page = Signal(str)
    open_record = Signal(str, str)  # page id, record uuid

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.runner = workspace, runner
        self.setObjectName("page-dashboard")
        self.data: dashboard.Dashboard | None = None
        self.header = QLabel()
        self.header.setObjectName("dashboard-header")
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        font = self.header.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.header.setFont(font)
        self.subheader = QLabel()
        self.subheader.setObjectName("dashboard-subheader")
        self.county_rules = QLabel()  # the version of the county's rules followed (issue 16.3)
        self.county_rules.setObjectName("dashboard-county-rules")
        self.county_rules.setTextFormat(Qt.TextFormat.PlainText)
        self.county_rules.setWordWrap(True)  # a declined set adds a sentence (services/county_key.py)

        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1)
        self.due_boxes: dict[str, QVBoxLayout] = {}
        for index, (key, page, title) in enumerate(SECTIONS):
            box = QGroupBox(title())
            box.setObjectName(f"due-{key}")
            inner = QVBoxLayout(box)
            self.due_boxes[key] = inner
            if key == "notices":  # the township's notices: under the others, the whole width
                self.grid.addWidget(box, 2, 0, 1, 2)
            else:
                self.grid.addWidget(box, index // 2, index % 2)
            del page
        self.compliance_box = QGroupBox(_("This semester's compliance"))
        self.compliance_box.setObjectName("compliance")
        self.compliance_layout = QVBoxLayout(self.compliance_box)
        self.grid.addWidget(self.compliance_box, 1, 1)
        self.category_chart = BarChart(horizontal=True)
        self.category_chart.setObjectName("chart-category")
        self.month_chart = BarChart(horizontal=False)
        self.month_chart.setObjectName("chart-month")
        for row, (title, chart) in enumerate(
            ((_("Hazards by category"), self.category_chart), (_("Hazards by month"), self.month_chart))
        ):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(chart)
            self.grid.addWidget(box, 3, row)
        self.counts_box = QGroupBox(_("Records this semester"))
        self.counts_box.setObjectName("record-counts")
        self.counts_grid = QGridLayout(self.counts_box)
        self.grid.addWidget(self.counts_box, 4, 0, 1, 2)
        self.extras = DashboardExtras.attach(self)  # reminders and the 防溺水 campaign (issue 17)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)
        lay = QVBoxLayout(self)
        lay.addWidget(self.header)
        lay.addWidget(self.subheader)
        lay.addWidget(self.county_rules)
        lay.addWidget(scroll, 1)
        self.header.setText(workspace.info.org_name)
        self.subheader.setText(_("Loading…"))
        self.refresh()

    def refresh(self) -> None:
        """Recompute on the database thread; the page updates when the newest figures arrive
        (a refresh while one is on its way supersedes it)."""
        sessions, school_type = self.workspace.sessions, self.workspace.info.school_type
        self.runner.query(
            lambda: (dashboard.load(sessions, school_type), overview.kind_counts(sessions)[1]),
            lambda result: self.show_data(*result),
            owner=self,
            key="figures",
        )

    def show_data(self, data: dashboard.Dashboard, counts: list[overview.KindCount] | None = None) -> None:
        self.data = data
        self.header.setText(self.workspace.info.org_name)
        self.subheader.setText(
            _("Today is {date}", date=format_date(data.today)) + " · " + data.semester_label
        )
        self.county_rules.setText(data.county_rules)
        for key, page, _title in SECTIONS:
            self._fill_section(self.due_boxes[key], data.section(key), page)
        self._fill_compliance(data)
        self.extras.show_data(data)
        self.category_chart.set_data(data.hazards_by_category)
        self.month_chart.set_data(data.hazards_by_month)
        if counts is not None:
            self._fill_counts(counts)

    def _fill_counts(self, counts: list[overview.KindCount]) -> None:
        """Every kind's records this semester (or in all, for kinds without a date), each opening its list."""
        while self.counts_grid.count():
            item = self.counts_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for index, c in enumerate(counts):
            title = _(get_kind(c.kind).title)
            n = c.this_semester if get_kind(c.kind).date_field else c.total
            button = QPushButton(_("{kind}: {n}", kind=title, n=n))
            button.setObjectName(f"open-{c.kind}")
            button.setFlat(True)
            button.setStyleSheet("text-align: left; padding: 1px 4px;")
            button.clicked.connect(lambda _c=False, k=c.kind: self.open_page.emit(f"kind:{k}"))
            self.counts_grid.addWidget(button, index // 4, index % 4)

    @staticmethod
    def _clear(layout: QVBoxLayout) -> None:
        reminder_list.clear(layout)

    def _row(self, state: State, title: str, detail: str, page: str, record: str | None) -> QWidget:
        """One due line (the same line the reminder boxes show): an item about one record selects it."""
        return reminder_list.line(state, title, detail, page, record,
                                  lambda _href, p=page, r=record: self.open_item(p, r))

    def open_item(self, page: str, record: str | None) -> None:
        """An item about one record selects it in its list; others open the list."""
        if record:
            self.open_record.emit(page, record)
        else:
            self.open_page.emit(page)

    def _fill_section(self, layout: QVBoxLayout, items: list[dashboard.DueItem], page: str) -> None:
        self._clear(layout)
        if not items:
            layout.addWidget(self._row(State.DONE, _("Nothing due"), "", page, None))
        for item in items[:MAX_ITEMS]:
            layout.addWidget(self._row(item.state, item.title, item.detail, item.page, item.record))
        if len(items) > MAX_ITEMS:
            more = QPushButton(_("{n} more…", n=len(items) - MAX_ITEMS))
            more.setFlat(True)
            more.setStyleSheet("text-align: left;")
            more.clicked.connect(lambda _c=False, p=items[MAX_ITEMS].page: self.open_page.emit(p))
            layout.addWidget(more)
        layout.addStretch(1)

    def _fill_compliance(self, data: dashboard.Dashboard) -> None:
        self._clear(self.compliance_layout)
        for item in data.compliance:
            self.compliance_layout.addWidget(
                self._row(item.state, _(item.title), item.detail, f"kind:{item.kind}", None)
            )
        self.compliance_layout.addStretch(1)
