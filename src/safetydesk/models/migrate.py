"""Schema revisions with Alembic, run in-process against an installation's engine.

Every start asks "is this database at the newest revision?". Answering that with Alembic means
importing it (about half a second), so the revision chain is read from the version files' own
`revision` / `down_revision` lines and Alembic is imported only when an upgrade is due.
tests/unit/test_storage.py checks that this reading agrees with Alembic's.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
_REVISION = re.compile(r"""^revision\s*(?::\s*str\s*)?=\s*['"]([^'"]+)['"]""", re.M)
_DOWN = re.compile(r"""^down_revision\s*(?::[^=]*)?=\s*(None|['"]([^'"]+)['"])""", re.M)


def alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", str(MIGRATIONS_DIR / "versions"))
    return cfg


@cache
def revision_graph() -> dict[str, str | None]:
    """revision -> down_revision, read from the version files."""
    graph: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev and down:
            graph[rev.group(1)] = down.group(2)
    return graph


def head_revision() -> str:
    graph = revision_graph()
    heads = set(graph) - {d for d in graph.values() if d}
    if len(heads) != 1:
        raise RuntimeError(f"migrations must form one line, found heads {sorted(heads)}")
    return heads.pop()


def known_revisions() -> set[str]:
    return set(revision_graph())


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            exists = conn.execute(text("SELECT to_regclass('alembic_version')")).scalar()
        else:
            exists = conn.execute(text(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")).first()
        if not exists:
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade in one transaction. SQLite rebuilds a table to alter it (batch mode), which foreign
    keys would refuse while rows point at it: they are off during the upgrade (the pragma only
    works outside a transaction), and the result is checked before commit."""
    from alembic import command

    cfg = alembic_config()
    if engine.dialect.name == "postgresql":
        _upgrade_postgresql(engine, cfg, revision)
        return
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"upgrade to {revision} broke references: {broken[:5]}")
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


# Any constant: two workstations starting a new version at once upgrade one after the other.
MIGRATION_LOCK = 0x5AFE_D35C_0000_0001


def _upgrade_postgresql(engine: Engine, cfg: Any, revision: str) -> None:
    """PostgreSQL alters tables in place and its DDL is transactional: one transaction, under an
    advisory lock so a second workstation waits and then finds the schema already at head."""
    from alembic import command

    with engine.connect() as conn, conn.begin():
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.execute(text(_DEFERRABLE_FOREIGN_KEYS))


# The importer checks references at commit (sync.import_lock), as SQLite's defer_foreign_keys
# does: every foreign key, whichever migration made it, may be deferred.
_DEFERRABLE_FOREIGN_KEYS = """
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT CAST(conrelid AS regclass) AS t, conname FROM pg_constraint
           WHERE contype = 'f' AND NOT condeferrable
             AND connamespace = CAST(current_schema() AS regnamespace) LOOP
    EXECUTE 'ALTER TABLE ' || r.t || ' ALTER CONSTRAINT ' || quote_ident(r.conname)
         || ' DEFERRABLE INITIALLY IMMEDIATE';
  END LOOP;
END $$
"""
