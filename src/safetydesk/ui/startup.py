"""Start-up steps shared by the application (ui.app) and `safetydesk selftest` (ui.selftest).

UI thread; the work itself runs on the DB thread through the TaskRunner. Kept apart from ui.app so
that the selftest, timed by the start-up benchmark, does not import what only the application
needs (file logging, the message boxes of the sign-in sequence).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop

from safetydesk.ui.tasks import TaskRunner


def wait_for(runner: TaskRunner, fn: Callable[[], Any]) -> Any:
    """Run `fn` on the DB thread and wait for its result with the event loop running (UI thread:
    windows keep painting). Raises what `fn` raised."""
    loop = QEventLoop()
    outcome: list[tuple[bool, Any]] = []

    def done(ok: bool, value: Any) -> None:
        outcome.append((ok, value))
        loop.quit()

    runner.db(fn, lambda v: done(True, v), lambda e: done(False, e))
    if not outcome:
        loop.exec()
    ok, value = outcome[0]
    if not ok:
        raise value
    return value


def install_access_policy(runner: TaskRunner) -> None:
    """The role policy for this process, installed first thing on the DB thread (every read of a
    protected record goes through it); the UI thread does not wait for the import."""

    def install() -> None:  # DB thread
        from safetydesk.services import access_policy

        access_policy.install()

    runner.db(install)
