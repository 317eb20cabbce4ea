"""The one home of helpers shared by tests: real installations in folders, database dumps,
Chinese typing, closing a window once its database thread is idle. (tests/db_thread.py holds the
no-session-on-the-UI-thread guard and `wait_idle`.)"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from safetydesk.paths import DataPaths

SCHOOL = {"code": "4105220001", "name": "安阳县示范小学", "township_code": "410522T01",
          "township_name": "示范镇中心校"}
TOWNSHIP = {"code": "410522T01", "name": "示范镇中心校"}
PASSWORD = "secret-pw-1"


def install(root: Path, req: Any) -> DataPaths:
    """A real installation in `root` from an InitRequest, initialised and closed."""
    from safetydesk.services.installation import initialise

    paths = DataPaths(root)
    initialise(paths, req).close()
    return paths


def make_installation(root: Path, role: str = "school", **fields: Any) -> DataPaths:
    """The demo school's or township's installation (protected by PASSWORD) unless `fields` say
    otherwise."""
    from safetydesk.services.installation import InitRequest

    base = {**(SCHOOL if role == "school" else TOWNSHIP), "admin_password": PASSWORD}
    return install(root, InitRequest(role=role, **{**base, **fields}))


def make_school(root: Path) -> DataPaths:
    return make_installation(root, "school")


def dump(database: Path, *, skip_attempts: bool = False) -> list[str]:
    """A comparable dump of a database file (schema and rows); `skip_attempts` leaves out the
    import_attempt log (a rejected package adds a row there and nothing else)."""
    conn = sqlite3.connect(database)
    try:
        lines = list(conn.iterdump())
    finally:
        conn.close()
    if skip_attempts:
        lines = [ln for ln in lines if not ln.startswith('INSERT INTO "import_attempt"')]
    return lines


def close_window(qtbot: Any, window: Any, timeout: int = 30_000) -> None:
    """Close a main window once its database thread has delivered everything (a result arriving
    after the databases closed would touch a closed session)."""
    from PySide6.QtWidgets import QApplication

    qtbot.waitUntil(window.runner.is_idle, timeout=timeout)
    window.close()
    QApplication.processEvents()


def previews(window: Any) -> list[Path]:
    """The PDFs the app shows in its own preview windows (reports, incident reports)."""
    from safetydesk.ui.dialogs.print_preview import PrintPreviewDialog

    return [d.pdf_path for d in window.findChildren(PrintPreviewDialog)]


def close_previews(qtbot: Any, window: Any) -> None:
    """Close the previews; a temp preview's PDF is deleted on PDFium's thread, waited for here."""
    from safetydesk.ui.dialogs.print_preview import PrintPreviewDialog, pdf_runner

    for d in window.findChildren(PrintPreviewDialog):
        d.done(0)
    qtbot.waitUntil(pdf_runner().is_idle)


def type_chinese(widget, text: str) -> None:
    """Type text the way an input method commits it (QTest handles only Latin-1)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
