"""A titled box of dashboard lines: a coloured state badge, the text, a link to the records behind it.

Used by the dashboard's rules that remind and certificate dates (ui/widgets/campaign.py). It only
draws data computed on the database thread (services.dashboard.load); UI thread.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from safetydesk.domain.compliance import State
from safetydesk.i18n import _

MAX_LINES = 8


def badge(state: State) -> QLabel:
    from safetydesk.ui.pages.dashboard import badge as page_badge  # the dashboard's own, one look

    return page_badge(state)


class WrappingLabel(QLabel):
    """A word-wrapped label that asks for the height its text needs at its present width.

    Layouts inside a scroll area do not pass height-for-width down through nested grids, so a
    long line would be cut to one row; setting the minimum height on each resize keeps it whole.
    QLabel answers heightForWidth no lower than its minimum height, so that minimum is lifted while
    asking: else a height set while the label was narrow (the window's first layout) would stay."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        before = self.minimumHeight()
        self.setMinimumHeight(0)
        needed = self.heightForWidth(event.size().width())
        self.setMinimumHeight(needed if needed > 0 else before)
        if self.minimumHeight() != before:
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.width() > 0 and self.minimumHeight() > 0:
            hint.setHeight(self.minimumHeight())  # not the few-words-a-line guess of QLabel
        return hint


def line(state: State, title: str, detail: str, page: str, record: str | None,
         open_page: Callable[[str], None]) -> QWidget:
    """One line: badge, "title — detail" as a link that opens `page` (the record's uuid is kept
    on the link as the property "record", as the dashboard's own lines do)."""
    row = QWidget()
    row.setObjectName("due-item")
    row.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    h = QHBoxLayout(row)
    h.setContentsMargins(0, 0, 0, 0)
    h.addWidget(badge(state), 0, Qt.AlignmentFlag.AlignTop)
    text = f"{title} — {detail}" if detail else title
    link = WrappingLabel(
        f'<a href="{html.escape(page)}" style="color:palette(text); text-decoration:none">{html.escape(text)}</a>'
    )
    link.setObjectName("due-link")
    link.setWordWrap(True)
    link.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    link.setTextFormat(Qt.TextFormat.RichText)
    link.setTextInteractionFlags(
        Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
    )
    link.setProperty("record", record)
    link.setProperty("page", page)
    link.setToolTip(_("Open this record") if record else _("Open the records behind it"))
    link.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Maximum)  # tall as its text, no more
    link.linkActivated.connect(open_page)
    h.addWidget(link, 1, Qt.AlignmentFlag.AlignTop)
    return row


def clear(layout: QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget():
            item.widget().deleteLater()
        elif item.layout():
            clear(item.layout())  # type: ignore[arg-type]


class DueList(QGroupBox):
    """A box of lines, most urgent first, at most MAX_LINES and a "more" link."""

    def __init__(self, title: str, name: str, empty_page: str, open_page: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setObjectName(name)
        self.empty_page, self.open_page = empty_page, open_page
        self.lines = QVBoxLayout(self)

    def show_items(self, items: Sequence[object]) -> None:
        """`items`: services.dashboard.DueItem (state, title, detail, page, record)."""
        clear(self.lines)
        if not items:
            self.lines.addWidget(line(State.DONE, _("Nothing due"), "", self.empty_page, None, self.open_page))
        for item in items[:MAX_LINES]:
            self.lines.addWidget(line(item.state, item.title, item.detail, item.page,  # type: ignore[attr-defined]
                                      item.record, self.open_page))  # type: ignore[attr-defined]
        if len(items) > MAX_LINES:
            more = QPushButton(_("{n} more…", n=len(items) - MAX_LINES))
            more.setObjectName("more")
            more.setFlat(True)
            more.setStyleSheet("text-align: left;")
            page = items[MAX_LINES].page  # type: ignore[attr-defined]
            more.clicked.connect(lambda _c=False, p=page: self.open_page(p))
            self.lines.addWidget(more)
        self.lines.addStretch(1)
