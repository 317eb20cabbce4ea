"""The dashboard's seasonal 防溺水 campaign, rules that remind and certificate dates (issue 17).

`DashboardExtras.attach(page)` puts one widget into the dashboard page's grid below the due lists
and the compliance card (the rows below move down one), and `show_data(dashboard)` draws what
services.dashboard.load computed on the database thread: in the campaign's months (a county rule,
default May to September) the campaign's progress first, then the "reminders" and "expiries"
sections. The campaign shows the letter to parents' receipts per class and for the whole school,
the dangerous waters patrolled this month, the six-don'ts lessons of the season and the reminder
before the next holiday. Every line opens the records behind it through the page's `open_page`. UI thread only;
nothing here reads the database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.compliance import State
from safetydesk.i18n import _, format_date
from safetydesk.ui.widgets.reminder_list import DueList, clear, line

CLASS_COLUMNS = 3  # receipts per class: three classes a row fit 1366 px beside the navigation
RATE_COLOURS = {State.DONE: "#2e7d32", State.DUE: "#ef6c00", State.OVERDUE: "#c62828"}


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"


class CampaignBox(QGroupBox):
    """The 防溺水 campaign's progress (domain.drowning_campaign.CampaignProgress)."""

    def __init__(self, open_page: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(_("Drowning prevention campaign"), parent)
        self.setObjectName("drowning-campaign")
        self.open_page = open_page
        self.body = QVBoxLayout(self)

    def show_progress(self, c: Any) -> None:
        clear(self.body)
        self.setTitle(_("Drowning prevention campaign ({start} to {end})", start=format_date(c.start),
                        end=format_date(c.end)))  # fmt: skip
        top = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        top.addLayout(left, 3)
        top.addLayout(right, 2)
        self.body.addLayout(top)
        self._letters(left, c)
        self._work(right, c)

    def _letters(self, lay: QVBoxLayout, c: Any) -> None:
        if c.batch is None:
            lay.addWidget(line(State.OVERDUE, _("Letter to parents"), _("No letter sent home this season yet"),
                               "kind:drowning_letter", None, self.open_page))  # fmt: skip
            return
        state = State.DONE if c.sent and c.returned >= c.sent else State.DUE
        summary = _("{batch}, sent {date}: {returned} of {sent} receipts back ({rate})", batch=c.batch,
                    date=format_date(c.batch_sent_on), returned=c.returned, sent=c.sent, rate=_percent(c.rate))
        lay.addWidget(line(state, _("Receipts of the letter to parents"), summary, "kind:drowning_letter", None,
                           self.open_page))  # fmt: skip
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        for index, cls in enumerate(c.classes):
            cell = QWidget()
            cell.setObjectName("class-receipts")
            h = QHBoxLayout(cell)
            h.setContentsMargins(0, 0, 0, 0)
            name = QLabel(cls.name)
            name.setMinimumWidth(name.fontMetrics().horizontalAdvance("六年级（10）班"))
            h.addWidget(name)
            if cls.letter_sent:
                bar = QProgressBar()
                bar.setRange(0, max(cls.sent, 1))
                bar.setValue(cls.returned)
                bar.setFormat(f"{cls.returned}/{cls.sent}")
                bar.setMaximumHeight(16)
                bar.setStyleSheet(f"QProgressBar::chunk {{ background: {RATE_COLOURS[cls.state]}; }}")
                h.addWidget(bar, 1)
            else:
                missing = QLabel(_("Not sent"))
                missing.setStyleSheet(f"color: {RATE_COLOURS[State.OVERDUE]}; font-weight: bold;")
                h.addWidget(missing, 1)
            grid.addWidget(cell, index // CLASS_COLUMNS, index % CLASS_COLUMNS)
        lay.addLayout(grid)
        lay.addStretch(1)

    def _work(self, lay: QVBoxLayout, c: Any) -> None:
        if c.waters:
            state = State.DONE if c.patrolled_this_month >= c.waters else State.DUE
            detail = _("{done} of {total} patrolled this month", done=c.patrolled_this_month, total=c.waters)
            if c.unpatrolled:
                detail += _("; not yet: {names}", names="、".join(c.unpatrolled))
            if c.signs_missing:
                detail += _("; {n} without warning signs", n=c.signs_missing)
        else:
            state, detail = State.DUE, _("No dangerous waters registered")
        lay.addWidget(line(state, _("Dangerous waters"), detail, "kind:water_patrol", None, self.open_page))
        if c.lessons:
            hours = f"{c.lesson_hours:g}"
            detail = _("{n} held this season ({hours} class hours), the latest on {date}", n=c.lessons,
                       hours=hours, date=format_date(c.last_lesson))  # fmt: skip
        else:
            detail = _("None held this season yet")
        lay.addWidget(line(State.DONE if c.lessons else State.DUE, _("Six-don'ts lessons"), detail,
                           "kind:education_session", None, self.open_page))  # fmt: skip
        for r in c.reminders:
            lay.addWidget(line(r.state, r.title, r.detail, f"kind:{r.kind}", r.record, self.open_page))
        lay.addStretch(1)


class DashboardExtras(QWidget):
    """The campaign in its months (the season's first concern), then the rules that remind and
    the certificate dates side by side."""

    def __init__(self, open_page: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard-reminders")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.rules = DueList(_("Reminders"), "due-reminders", "kind:bullying_case", open_page)
        self.dates = DueList(_("Certificates and review dates"), "due-expiries", "kind:risk_point", open_page)
        self.campaign = CampaignBox(open_page)
        self.campaign.hide()
        grid.addWidget(self.campaign, 0, 0, 1, 2)
        grid.addWidget(self.rules, 1, 0)
        grid.addWidget(self.dates, 1, 1)

    @classmethod
    def attach(cls, page: Any, row: int = 2) -> DashboardExtras:
        """Insert into `page.grid` at `row`, spanning its two columns; what stood at `row` and below
        moves down one row. The lines open pages through `page.open_page`."""
        grid: QGridLayout = page.grid
        moved = []
        for index in reversed(range(grid.count())):
            r, c, rows, cols = grid.getItemPosition(index)
            if r >= row:
                moved.append((grid.takeAt(index), r, c, rows, cols))
        for item, r, c, rows, cols in moved:
            grid.addItem(item, r + 1, c, rows, cols)
        extras = cls(page.open_page.emit, page)
        grid.addWidget(extras, row, 0, 1, 2)
        return extras

    def show_data(self, data: Any) -> None:
        """`data`: services.dashboard.Dashboard."""
        self.rules.show_items(data.section("reminders"))
        self.dates.show_items(data.section("expiries"))
        campaign = getattr(data, "campaign", None)
        self.campaign.setVisible(campaign is not None)
        if campaign is not None:
            self.campaign.show_progress(campaign)

