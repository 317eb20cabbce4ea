"""Helpers shared by tests: real installations in folders, database dumps, Chinese typing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from safetydesk.paths import DataPaths

SCHOOL = {"code": "4105220001", "name": "安阳县示范小学", "township_code": "410522T01",
          "township_name": "示范镇中心校"}
PASSWORD = "secret-pw-1"


def make_school(root: Path) -> DataPaths:
    from safetydesk.services.installation import SCHOOL as ROLE
    from safetydesk.services.installation import InitRequest, initialise

    paths = DataPaths(root)
    initialise(paths, InitRequest(role=ROLE, admin_password=PASSWORD, **SCHOOL)).close()
    return paths


def dump(database: Path) -> list[str]:
    """A comparable dump of a database file (schema and rows)."""
    conn = sqlite3.connect(database)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def type_chinese(widget, text: str) -> None:
    """Type text the way an input method commits it (QTest handles only Latin-1)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
