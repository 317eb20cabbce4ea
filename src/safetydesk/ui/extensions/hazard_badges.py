"""The number of overdue hazards as a badge on the hazard page's navigation item.

Counted on the database thread when the window opens, whenever a page reports a change to
hazards, and every ten minutes (deadlines pass while the window stays open).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer

from safetydesk.services import hazards
from safetydesk.services.changes import Changes

PAGE_ID = "kind:hazard"
REFRESH_MS = 10 * 60 * 1000


def refresh(window: Any) -> None:
    sessions = window.workspace.sessions
    window.runner.db(lambda: hazards.overdue_count(sessions), lambda n: window.nav.set_badge(PAGE_ID, n))


def install(window: Any) -> None:
    original = window.on_changes

    def on_changes(changes: Changes) -> None:
        original(changes)
        if "hazard" in changes.kinds:
            refresh(window)

    # Pages connect their `changed` signal to window.on_changes when they are built (after
    # extensions are installed), so they reach this wrapper.
    window.on_changes = on_changes
    timer = QTimer(window)
    timer.setInterval(REFRESH_MS)
    timer.timeout.connect(lambda: refresh(window))
    timer.start()
    window.hazard_badge_timer = timer
    refresh(window)
