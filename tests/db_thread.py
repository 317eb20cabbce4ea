"""The UI thread never opens a database session: a guard every UI test runs under.

A SQLAlchemy pool listener (`checkout`, i.e. every time any engine hands out a connection, which
is what opening a session and running its first statement does) notes the thread; so does a
wrapper of `sqlite3.connect` for the services that open the file directly (backups, integrity
checks). During a UI test (one that uses `qtbot`), a checkout on the main thread is a violation
when

- code of `safetydesk.ui` is on the call stack (a widget, page, model or dialog read the
  database itself instead of going through TaskRunner.query/db), or
- Qt widgets created by the test are alive and the test's own code did it outside
  `allow_test_db_access()` (the explicit, greppable way for a test to prepare data or check what
  was saved by calling services directly on the main thread).

A direct `sqlite3.connect` counts only with safetydesk.ui code on the stack (a test comparing
database dumps reads the file itself, not through the app).

The test then fails after its body with the stack of each offending checkout. Tests that wait
for background results use `wait_idle(qtbot, runner)` (or `qtbot.waitUntil`), never sleeps.
"""

from __future__ import annotations

import gc
import sqlite3
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from sqlalchemy import event
from sqlalchemy.pool import Pool

import safetydesk.ui

UI_DIR = str(Path(safetydesk.ui.__file__).resolve().parent) + "/"

@dataclass
class Violation:
    where: str  # "" for test code, else the ui module (relative to safetydesk/ui/)
    stack: str


@dataclass
class _Guard:
    armed: bool = False
    allowed: int = 0  # depth of allow_test_db_access()
    baseline: set[int] = field(default_factory=set)
    violations: list[Violation] = field(default_factory=list)


_guard = _Guard()


def _widget_ids() -> set[int]:
    """The C++ addresses of every live widget.

    `allWidgets()` hands back raw pointers that PySide wraps one by one. Wrapping allocates, an
    allocation may start a cyclic collection, and a collected wrapper that owns a window deletes
    its child widgets, whose pointers are still waiting in that list: a segfault (seen in full
    suite runs, never in a folder alone). No collection runs while the list is wrapped."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return set()
    import shiboken6

    collecting = gc.isenabled()
    gc.disable()
    try:
        return {shiboken6.getCppPointer(w)[0] for w in QApplication.allWidgets()}
    finally:
        if collecting:
            gc.enable()


def _ui_module(frame: FrameType | None) -> str | None:
    """The innermost safetydesk.ui module on the stack (relative path), or None."""
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith(UI_DIR):
            return name[len(UI_DIR):]
        frame = frame.f_back
    return None


def _on_checkout(_dbapi: Any, _record: Any, _proxy: Any) -> None:
    if not _guard.armed or threading.current_thread() is not threading.main_thread():
        return
    frame = sys._getframe(1)
    where = _ui_module(frame)
    if where is None:
        if _guard.allowed or not (_widget_ids() - _guard.baseline):
            return
        where = ""
    stack = "".join(traceback.format_stack(frame, limit=40))
    _guard.violations.append(Violation(where, stack))


event.listen(Pool, "checkout", _on_checkout)

_sqlite_connect = sqlite3.connect


def _connect(*args: Any, **kwargs: Any) -> Any:
    if _guard.armed and threading.current_thread() is threading.main_thread():
        frame = sys._getframe(1)
        where = _ui_module(frame)
        if where is not None and "sqlalchemy" not in frame.f_code.co_filename:  # the pool reports those
            _guard.violations.append(Violation(where, "".join(traceback.format_stack(frame, limit=40))))
    return _sqlite_connect(*args, **kwargs)


sqlite3.connect = _connect


@contextmanager
def allow_test_db_access() -> Iterator[None]:
    """The test's own code (not a widget) uses the database on the main thread: preparing data
    or checking what was saved. Reads made by safetydesk.ui code inside it still fail."""
    _guard.allowed += 1
    try:
        yield
    finally:
        _guard.allowed -= 1


def wait_idle(qtbot: Any, runner: Any, timeout: int = 15_000) -> None:
    """Wait until the runner delivered everything queued (results arrive on the UI thread)."""
    qtbot.waitUntil(runner.is_idle, timeout=timeout)


def arm() -> None:
    _guard.armed = True
    _guard.allowed = 0
    _guard.baseline = _widget_ids()
    _guard.violations = []


def disarm() -> list[Violation]:
    _guard.armed = False
    found, _guard.violations = _guard.violations, []
    return found


def take_violations() -> list[Violation]:
    found, _guard.violations = _guard.violations, []
    return found


def report(found: list[Violation]) -> str:
    head = (f"The UI thread opened a database connection {len(found)} time(s) while widgets were "
            "live. Widgets read through TaskRunner.query (tests: allow_test_db_access()).")
    parts = [head]
    for v in found[:3]:
        parts.append(f"--- from {'safetydesk/ui/' + v.where if v.where else 'test code'}:\n{v.stack}")
    return "\n".join(parts)
