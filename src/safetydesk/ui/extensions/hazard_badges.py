"""The number of overdue hazards as a badge on the hazard page's navigation item.

Counted on the database thread once the workspace is loaded, whenever the window announces a
change to hazards, and every ten minutes (deadlines pass while the window stays open).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from safetydesk.services.changes import Changes

if TYPE_CHECKING:
    from safetydesk.ui.main_window import MainWindow

KIND = "hazard"
PAGE_ID = f"kind:{KIND}"
REFRESH_MS = 10 * 60 * 1000


def refresh(window: MainWindow) -> None:
    ws = window.workspace

    def count() -> int:  # DB thread
        from safetydesk.services import hazards

        return hazards.overdue_count(ws.sessions)

    window.runner.db(count, lambda n: window.set_badge(PAGE_ID, n))


def install(window: MainWindow) -> None:
    def on_changed(changes: Changes) -> None:
        if KIND in changes.kinds:
            refresh(window)

    window.changed.connect(on_changed)
    timer = QTimer(window)
    timer.setObjectName("hazard-badge-timer")
    timer.setInterval(REFRESH_MS)
    timer.timeout.connect(lambda: refresh(window))

    def start() -> None:
        timer.start()
        refresh(window)

    window.when_ready(start)
