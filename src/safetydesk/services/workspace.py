"""An opened installation as the UI and commands use it: storage, identity, the acting person.

Opening comes in two steps so the window can appear before the database layer is loaded (half a
second of SQLAlchemy, 48 ORM models, argon2 and cryptography on a school PC):

- `prepare_workspace` (any thread, a few milliseconds): the identity, read with the standard
  library's sqlite3 in read-only mode. Enough for the sign-in and the window's title.
- `load_workspace` / `load_for_window` (the DB thread in the GUI): SQLAlchemy, the record kinds,
  field encryption; opens the database (backing up and migrating when its schema is behind).

`open_workspace` does both at once for commands and tests. This module imports no database code
at import time; `Workspace.sessions` raises `WorkspaceNotLoaded` until the load is done.
"""

from __future__ import annotations

import importlib
import sqlite3
from typing import TYPE_CHECKING

from safetydesk.domain.organisation import InstallationInfo
from safetydesk.models import raw_db
from safetydesk.paths import DataPaths
from safetydesk.services.changes import Actor

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from safetydesk.services.storage import Storage

# What the window's pages and extensions call first: imported on the DB thread by
# load_for_window, so the UI thread finds them loaded instead of pausing to import them.
WINDOW_SERVICES = (
    "safetydesk.services.access_policy",
    "safetydesk.services.accounts",
    "safetydesk.services.audit",
    "safetydesk.services.backup",
    "safetydesk.services.dashboard",
    "safetydesk.services.hazards",
    "safetydesk.services.incidents",
    "safetydesk.services.overview",
    "safetydesk.services.records",
)


class WorkspaceNotLoaded(RuntimeError):
    """A database call before `load_workspace` finished: a bug (queue it on the DB thread)."""


class Workspace:
    """The installation one window or command works on.

    `info`, `paths` and `actor` are plain data, usable on any thread at once. `storage` and
    `sessions` exist once loaded; they are set on the DB thread and read by work queued after the
    load on that same thread (TaskRunner runs its jobs in order), or by the UI once told."""

    def __init__(self, paths: DataPaths, info: InstallationInfo, actor: Actor,
                 storage: Storage | None = None) -> None:
        self.paths = paths
        self.info = info
        self.actor = actor
        self._storage = storage

    @property
    def loaded(self) -> bool:
        return self._storage is not None

    @property
    def storage(self) -> Storage:
        if self._storage is None:
            raise WorkspaceNotLoaded("the database is not loaded yet; queue the work after load_workspace")
        return self._storage

    @property
    def sessions(self) -> sessionmaker[Session]:
        return self.storage.sessions

    def close(self) -> None:
        if self._storage is not None:
            self._storage.close()


def read_identity(paths: DataPaths) -> InstallationInfo | None:
    """Who the installation is, read-only with stdlib sqlite3 (no SQLAlchemy). None when the file
    cannot be read this way (missing, damaged, locked, a schema without these columns): the full
    open then explains what is wrong."""
    if not paths.is_initialised():
        return None
    try:
        # A hub on PostgreSQL: the same reads over a raw psycopg connection (models.raw_db).
        conn = raw_db.connect_pg(paths.database, timeout=2) or sqlite3.connect(
            f"{paths.database.as_uri()}?mode=ro", uri=True, timeout=2)
        try:
            row = conn.execute("SELECT role, org_code, org_name, township_code, township_name, is_demo "
                               "FROM installation WHERE id = 1").fetchone()
            if row is None:
                return None
            school_type = conn.execute("SELECT school_type FROM organisation WHERE code = ?",
                                       (row[1],)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return InstallationInfo(row[0], row[1], row[2], row[3], row[4], bool(row[5]),
                            school_type[0] if school_type else None)


def prepare_workspace(paths: DataPaths, username: str = "admin", role: str = "admin") -> Workspace | None:
    """A workspace that knows who it is but has not opened its database (any thread, cheap).
    None when the identity cannot be read cheaply: use open_workspace (on the DB thread)."""
    info = read_identity(paths)
    if info is None:
        return None
    return Workspace(paths, info, Actor(username=username, org_code=info.org_code, role=role))


def _open(paths: DataPaths) -> tuple[Storage, InstallationInfo]:
    # Every record kind registered; sensitive text sealed before anything writes.
    import safetydesk.kinds
    import safetydesk.services.field_crypto  # noqa: F401
    from safetydesk.services.installation import installation_info
    from safetydesk.services.storage import open_storage

    storage = open_storage(paths)
    try:
        return storage, installation_info(storage.sessions)
    except Exception:
        storage.close()
        raise


def load_workspace(ws: Workspace) -> Workspace:
    """Open the database of a prepared workspace (DB thread): checks, backs up and migrates as
    open_storage does, then reads the identity again through the ORM (a migration may change it)."""
    if not ws.loaded:
        storage, ws.info = _open(ws.paths)
        ws._storage = storage
    return ws


def load_for_window(ws: Workspace) -> Workspace:
    """The window's load (DB thread): the database and the services the first pages call, so that
    nothing heavy is imported on the UI thread afterwards. (The application installs the access
    policy once per process, before it queues this; see ui.app.)"""
    load_workspace(ws)
    for name in WINDOW_SERVICES:
        importlib.import_module(name)
    return ws


def open_workspace(paths: DataPaths, username: str = "admin", role: str = "admin") -> Workspace:
    """Open in one go (commands, tests): the identity and the database, loaded."""
    storage, info = _open(paths)
    return Workspace(paths, info, Actor(username=username, org_code=info.org_code, role=role), storage)
