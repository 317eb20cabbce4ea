"""The one home of helpers shared by tests: real installations in folders, database dumps,
Chinese typing, closing a window once its database thread is idle. (tests/db_thread.py holds the
no-session-on-the-UI-thread guard and `wait_idle`.)"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sqlite3
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from safetydesk.models import database_url
from safetydesk.paths import DataPaths

SCHOOL = {"code": "4105220001", "name": "安阳县示范小学", "township_code": "410522T01",
          "township_name": "示范镇中心校"}
TOWNSHIP = {"code": "410522T01", "name": "示范镇中心校"}
PASSWORD = "secret-pw-1"


# The hub suite runs on both engines (issue 16.7): with `--hub-engine postgresql` (or this
# variable) every township and county made here gets a fresh database on the server named by
# SAFETYDESK_TEST_PG_URL (a maintenance URL such as postgresql://sd@127.0.0.1:5432/postgres).
HUB_ENGINE_ENV = "SAFETYDESK_TEST_HUB_ENGINE"
PG_URL_ENV = "SAFETYDESK_TEST_PG_URL"


def hub_engine() -> str:
    return os.environ.get(HUB_ENGINE_ENV, "sqlite")


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(os.environ[PG_URL_ENV], autocommit=True) as conn:
        conn.execute(sql)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, "", ""))


def new_pg_database() -> str:
    """A fresh, empty database on the test server; its postgresql:// URL."""
    name = f"sd_{uuid.uuid4().hex[:20]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    return _with_database(os.environ[PG_URL_ENV], name)


def install(root: Path, req: Any) -> DataPaths:
    """A real installation in `root` from an InitRequest, initialised and closed. A hub goes to
    PostgreSQL when the hub suite runs on that engine."""
    from safetydesk.services.installation import initialise

    if req.role != "school" and hub_engine() == "postgresql" and req.database_url is None:
        req = dataclasses.replace(req, database_url=new_pg_database())
    paths = DataPaths(root)
    initialise(paths, req).close()
    return paths


def copy_installations(source: Path, target: Path) -> None:
    """Copy a folder of installations (a test template); an installation in PostgreSQL gets its
    own copy of the database (CREATE DATABASE ... TEMPLATE), so copies never share rows."""
    shutil.copytree(source, target)
    for url_file in sorted(target.rglob(database_url.URL_FILE)):
        old = database_url.read_url(url_file.parent)
        assert old is not None
        name = f"sd_{uuid.uuid4().hex[:20]}"
        _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{urlsplit(old).path.strip("/")}"')
        url_file.write_text(_with_database(old, name) + "\n", encoding="utf-8")


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
    url = database_url.read_url(Path(database).parent)
    if url is not None:
        lines = _dump_postgresql(url)
    else:
        conn = sqlite3.connect(database)
        try:
            lines = list(conn.iterdump())
        finally:
            conn.close()
    if skip_attempts:
        lines = [ln for ln in lines if not ln.startswith('INSERT INTO "import_attempt"')]
    return lines


def _dump_postgresql(url: str) -> list[str]:
    """Every table's columns and rows, sorted, in the shape of an SQLite dump's INSERT lines."""
    import psycopg

    lines: list[str] = []
    with psycopg.connect(url) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "ORDER BY table_name")]
        for table in tables:
            cols = [r[0] for r in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "ORDER BY ordinal_position", (table,))]
            lines.append(f'CREATE TABLE "{table}" ({", ".join(cols)})')
            rows = [f'INSERT INTO "{table}" VALUES{tuple(r)!r}' for r in conn.execute(f'SELECT * FROM "{table}"')]
            lines.extend(sorted(rows))
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
