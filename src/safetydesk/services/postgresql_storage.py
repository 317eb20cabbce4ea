"""Open or create a hub's PostgreSQL database (issue 16.5): the PostgreSQL half of
services.storage, which keeps the SQLite file checks.

A hub on PostgreSQL keeps its data folder (keys/, attachments/, logs, window settings) and names
its database in `database.url` there. The server does what the SQLite checks do for a file
(integrity, durability); here we only reach it, refuse a database written by a newer version,
and migrate under an advisory lock (models.migrate), all in one transaction: PostgreSQL's DDL is
transactional, so a failed upgrade leaves the schema as it was. DB thread or command thread.
"""

from __future__ import annotations

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from safetydesk.errors import StorageError
from safetydesk.i18n import _
from safetydesk.models import database_url, migrate
from safetydesk.models.db import make_pg_engine
from safetydesk.paths import DataPaths


def _unreachable(url: str, exc: Exception) -> StorageError:
    detail = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc).strip() else ""
    return StorageError(_("The PostgreSQL database {url} cannot be reached ({detail}). Check that "
                          "the server is running and that the password is in ~/.pgpass (or "
                          "PGPASSWORD); see docs/postgresql.md.", url=url, detail=detail))


def connect(paths: DataPaths, url: str) -> Engine:
    """An engine on `url` for the data folder `paths`, checked by connecting once."""
    engine = make_pg_engine(url, paths.database)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        engine.dispose()
        raise _unreachable(url, exc) from exc
    return engine


def open_engine(paths: DataPaths, url: str, *, migrate_schema: bool = True) -> Engine:
    engine = connect(paths, url)
    try:
        current = migrate.current_revision(engine)
        if current is None:
            raise StorageError(_("The PostgreSQL database {url} holds no SafetyDesk installation. "
                                 "Create one with 'safetydesk init township|county --database'.",
                                 url=url))
        if current not in migrate.known_revisions():
            raise StorageError(_("This database was written by a newer SafetyDesk (schema {rev}). "
                                 "Install the newer version to open it.", rev=current))
        if migrate_schema and current != migrate.head_revision():
            migrate.upgrade(engine)
            widen_sealed_columns(engine)
    except Exception:
        engine.dispose()
        raise
    return engine


def create_engine_at_head(paths: DataPaths, url: str) -> Engine:
    """A new installation in an empty PostgreSQL database: migrate to head, then record the URL
    in the data folder. A database that already holds tables is refused (join it instead)."""
    url = database_url.check_url(url)
    engine = connect(paths, url)
    try:
        with engine.connect() as conn:
            used = conn.execute(text(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
            )).scalar()
        if used:
            raise StorageError(_("The PostgreSQL database {url} is not empty. Give a new, empty "
                                 "database, or connect this workstation to the existing "
                                 "installation with 'safetydesk connect'.", url=url))
        migrate.upgrade(engine)
        widen_sealed_columns(engine)
        database_url.write_url(paths.root, url)
    except Exception:
        engine.dispose()
        raise
    return engine


def _sealed_columns(engine: Engine) -> set[tuple[str, str]]:
    """(table, column) of every column that may hold a sealed value (services.field_crypto)."""
    import safetydesk.kinds  # noqa: F401  (every record kind registered)
    from safetydesk.domain.registry import all_kinds
    from safetydesk.services import field_crypto
    from safetydesk.sync import codec

    with Session(engine) as s:
        kinds = [*all_kinds(), *codec.wire_kinds(s).values()]
    found = {(k.model.__tablename__, k.model.__table__.c[a].name) for k in kinds for a in field_crypto.protected_attrs(k)}
    return found | {("attachment", a) for a in field_crypto.ATTACHMENT_SEALED}


def widen_sealed_columns(engine: Engine) -> None:
    """Sealed values are far longer than the text they hide, and unlike SQLite, PostgreSQL holds
    a VARCHAR(n) to its length: every column that may hold one becomes TEXT (after every
    migration, so columns added later are covered). Idempotent; one transaction."""
    wanted = _sealed_columns(engine)
    with engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": migrate.MIGRATION_LOCK})
        bounded = conn.execute(text(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND data_type = 'character varying' AND character_maximum_length IS NOT NULL"
        )).all()
        for table, column in bounded:
            if (table, column) in wanted:
                conn.execute(text(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE text'))
