"""Hides the pages of facilities a school does not have (school buses, a canteen) from the navigation.

The navigation is built from the kind catalogue before the database is read; once the workspace is
loaded, and again after any change (the Settings page announces its saves), the school's facility
settings are read on the database thread (services.reminders.hidden_kinds) and the window hides
those kinds' pages (their records are kept; a township hides nothing). A county bureau's window
hides the pages of every kind a school or a township writes: it holds none of their records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from safetydesk.services.changes import Changes

if TYPE_CHECKING:
    from safetydesk.ui.main_window import MainWindow


def refresh(window: MainWindow) -> None:
    ws = window.workspace
    if ws.info.role == "county":  # a county bureau holds no school's or township's records
        from safetydesk.domain.registry import all_kinds

        window.set_pages_hidden(f"kind:{k.key}" for k in all_kinds() if k.owner_role in ("school", "township"))
        return

    def hidden() -> frozenset[str]:  # DB thread
        from safetydesk.services import reminders

        return reminders.hidden_kinds(ws.sessions)

    window.runner.query(hidden, lambda kinds: window.set_pages_hidden(f"kind:{k}" for k in kinds),
                        owner=window, key="facilities")


def install(window: MainWindow) -> None:
    def on_changed(_changes: Changes) -> None:
        refresh(window)

    window.changed.connect(on_changed)
    window.when_ready(lambda: refresh(window))
