"""Every table filled at the first record-kinds revision survives the upgrade to head intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import MetaData

from safetydesk.models import migrate
from safetydesk.models.db import make_engine
from safetydesk.paths import DataPaths
from safetydesk.services.storage import open_storage

SKIP = {"alembic_version"}


def _value(column, refs: dict[str, str]):
    if column.foreign_keys:
        return refs[next(iter(column.foreign_keys)).column.table.name]
    name = type(column.type).__name__.lower()
    if "int" in name:
        return 1
    if "bool" in name:
        return 0
    if "float" in name or "numeric" in name:
        return 1.5
    if "datetime" in name:
        return "2026-09-01 08:00:00.000000"
    if "date" in name:
        return "2026-09-01"
    if "json" in name:
        return "{}"
    return f"旧数据-{column.name}"


def test_rows_of_every_table_survive_upgrade_from_0003(tmp_path: Path) -> None:
    db = tmp_path / "safetydesk.sqlite3"
    engine = make_engine(db)
    migrate.upgrade(engine, "0003")
    meta = MetaData()
    meta.reflect(engine)
    refs: dict[str, str] = {}
    expected: dict[str, dict[str, object]] = {}
    engine.dispose()
    raw = sqlite3.connect(db)
    with raw:
        for table in meta.sorted_tables:
            if table.name in SKIP or table.name.startswith("record_fts"):
                continue
            row = {}
            for column in table.columns:
                if column.primary_key and "int" in type(column.type).__name__.lower():
                    row[column.name] = 1
                elif column.name == "uuid":
                    row[column.name] = f"00000000-0000-4000-8000-{len(refs):012d}"
                else:
                    row[column.name] = _value(column, refs)
            cols = ", ".join(f'"{c}"' for c in row)
            raw.execute(f'INSERT INTO "{table.name}" ({cols}) VALUES ({", ".join("?" * len(row))})',
                        list(row.values()))
            if "uuid" in row:
                refs[table.name] = row["uuid"]
            expected[table.name] = row
    raw.close()

    storage = open_storage(DataPaths(tmp_path))  # backs up, then upgrades to head
    storage.close()
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        for name, row in expected.items():
            got = conn.execute(f'SELECT * FROM "{name}"').fetchall()
            assert len(got) == 1, name
            present = set(got[0].keys())  # sqlite3.Row: `in` would test the values
            for column, value in row.items():
                if column in present:
                    assert str(got[0][column]) == str(value) or got[0][column] == value, (name, column)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
