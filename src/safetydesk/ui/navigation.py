"""The navigation tree: the dashboard first, then the twelve mechanisms grouped for newcomers.

Built from the generated kind catalogue (domain/kind_catalogue.py), not the registry, so that it
can be shown before the record kinds and their ORM models are loaded. UI thread.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from safetydesk.domain.kind_catalogue import kinds_of
from safetydesk.domain.mechanisms import NAV_GROUPS, SHARED, mechanism
from safetydesk.i18n import _

PAGE_ROLE = Qt.ItemDataRole.UserRole + 1
DASHBOARD = "dashboard"


def page_ids_in_order() -> list[tuple[str, str]]:
    """(page id, title) for every page the navigation offers, in display order."""
    out = [(DASHBOARD, _("Dashboard"))]
    for group in NAV_GROUPS:
        for number in group.mechanisms:
            for kind in kinds_of(number):
                out.append((f"kind:{kind.key}", _(kind.title)))
    return out


class Navigation(QTreeWidget):
    page_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setHeaderHidden(True)
        self.setMinimumWidth(210)
        self.setMaximumWidth(300)
        self._items: dict[str, QTreeWidgetItem] = {}
        home = QTreeWidgetItem([_("Dashboard")])
        home.setData(0, PAGE_ROLE, DASHBOARD)
        self.addTopLevelItem(home)
        self._items[DASHBOARD] = home
        bold = QFont(self.font())
        bold.setBold(True)
        for group in NAV_GROUPS:
            g = QTreeWidgetItem([_(group.title)])
            g.setFont(0, bold)
            g.setFlags(g.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.addTopLevelItem(g)
            for number in group.mechanisms:
                m = mechanism(number)
                for kind in kinds_of(number):
                    item = QTreeWidgetItem([_(kind.title)])
                    item.setData(0, PAGE_ROLE, f"kind:{kind.key}")
                    tip = _(m.title) if m else _("Shared records")
                    item.setToolTip(0, f"{number}. {tip}" if number != SHARED else tip)
                    g.addChild(item)
                    self._items[f"kind:{kind.key}"] = item
            g.setExpanded(True)
        self.currentItemChanged.connect(self._changed)

    def _changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if current is not None and current.data(0, PAGE_ROLE):
            self.page_requested.emit(current.data(0, PAGE_ROLE))

    def select(self, page_id: str) -> None:
        item = self._items.get(page_id)
        if item is not None:
            self.setCurrentItem(item)

    def set_badge(self, page_id: str, count: int) -> None:
        """Show a count after a page's title (e.g. overdue hazards)."""
        item = self._items.get(page_id)
        if item is None:
            return
        base = item.data(0, Qt.ItemDataRole.UserRole + 2) or item.text(0)
        item.setData(0, Qt.ItemDataRole.UserRole + 2, base)
        item.setText(0, f"{base}  ({count})" if count else base)
        item.setForeground(0, Qt.GlobalColor.red if count else Qt.GlobalColor.black)

    def add_item(self, page_id: str, title: str, group_title: str | None = None) -> None:
        """Add a page that is not a record kind (audit log, received packages...) to a group,
        creating the group at the end when it does not exist yet."""
        group = None
        if group_title:
            for i in range(self.topLevelItemCount()):
                if self.topLevelItem(i).text(0) == group_title:
                    group = self.topLevelItem(i)
            if group is None:
                group = QTreeWidgetItem([group_title])
                bold = QFont(self.font())
                bold.setBold(True)
                group.setFont(0, bold)
                group.setFlags(group.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                self.addTopLevelItem(group)
                group.setExpanded(True)
        item = QTreeWidgetItem([title])
        item.setData(0, PAGE_ROLE, page_id)
        if group is None:
            self.addTopLevelItem(item)
        else:
            group.addChild(item)
        self._items[page_id] = item

    def page_ids(self) -> list[str]:
        return list(self._items)

    def set_hidden(self, page_ids: Iterable[str]) -> None:
        """Hide these pages (the kinds of facilities a school does not have: school buses, a
        canteen), showing every other page again; applied once the settings are read."""
        hidden = set(page_ids)
        for page_id, item in self._items.items():
            item.setHidden(page_id in hidden)
        for i in range(self.topLevelItemCount()):  # a group left with no page is hidden too
            group = self.topLevelItem(i)
            if group.childCount():
                group.setHidden(all(group.child(j).isHidden() for j in range(group.childCount())))
