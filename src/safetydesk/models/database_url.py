"""Where an installation's database is: the SQLite file in its data folder, or a PostgreSQL
database named in the data folder's `database.url` (township and county hubs only, issue 16.5).

Imports nothing heavy (no SQLAlchemy, no psycopg): the window's first step (services.workspace)
asks it which engine to read the identity with. Any thread.

The file holds a libpq URL *without a password*: `postgresql://USER@HOST[:PORT]/DB`. The password
comes the way libpq finds it (~/.pgpass, PGPASSWORD, PGSERVICE...), never from our files, so a
copy of the data folder does not carry the database password (docs/postgresql.md).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _

URL_FILE = "database.url"
SCHEMES = ("postgresql", "postgres")
# The key an engine carries in its execution options: the data folder's SQLite path, which names
# the installation in per-database process state (services.data_key) whatever the engine.
DATABASE_KEY_OPTION = "safetydesk_database"


def url_file(root: Path) -> Path:
    return Path(root) / URL_FILE


def read_url(root: Path) -> str | None:
    """The PostgreSQL URL recorded for the data folder `root`, or None (a SQLite installation)."""
    try:
        text = url_file(root).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return text or None


def is_postgresql(database: Path) -> bool:
    """True when the installation whose SQLite path would be `database` keeps its data in
    PostgreSQL (callers that hold only `DataPaths.database` ask this)."""
    return read_url(Path(database).parent) is not None


def check_url(url: str) -> str:
    """A URL fit for `--database`/`--join`, normalised; SafetyDeskError saying what to fix."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise SafetyDeskError(_("The database must be given as postgresql://USER@HOST/DATABASE "
                                "(got {url}).", url=url))
    if parts.password is not None:
        raise SafetyDeskError(_("Do not put the database password in the address: SafetyDesk "
                                "would have to store it in a file. Put it in ~/.pgpass (or the "
                                "PGPASSWORD environment variable) and give "
                                "postgresql://USER@HOST/DATABASE."))
    if not parts.path.strip("/"):
        raise SafetyDeskError(_("The database address names no database: give "
                                "postgresql://USER@HOST/DATABASE."))
    return "postgresql://" + url.split("://", 1)[1]


def write_url(root: Path, url: str) -> None:
    """Record the URL (private file, written atomically)."""
    from safetydesk import file_modes

    path = url_file(root)
    tmp = path.with_name(path.name + ".tmp")
    file_modes.create_private_file(tmp)
    tmp.write_text(check_url(url) + "\n", encoding="utf-8")
    os.replace(tmp, path)


WORKSTATION_FILE = "workstation.id"


def workstation_id(root: Path) -> str:
    """This data folder's own name among the workstations sharing one PostgreSQL database
    (created on first use; random, so two copies made by `connect` never share it)."""
    import secrets

    path = Path(root) / WORKSTATION_FILE
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        value = secrets.token_hex(8)
        path.write_text(value + "\n", encoding="ascii")
        return value


def sqlalchemy_url(url: str) -> str:
    """The same address for SQLAlchemy with the psycopg 3 driver."""
    return "postgresql+psycopg://" + check_url(url).split("://", 1)[1]
