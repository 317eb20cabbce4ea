"""human serials (隐患编号 YH-2026-0007 ...) for the kinds printed forms cite; incident: category,
the person who reports and their phone, what a 续报 and a 终报 say; incident_report: channel

Existing rows get their serials here, numbered per owner, per kind and per year of creation (China
Standard Time), in order of creation: the same numbers the owner's installation gives them, so a
township that holds a school's rows agrees with the school. The serial leads each record's search
text (services.search indexes the kind's searchable fields in order, the serial first), so the
search index entries of the ordinary kinds are brought up to date here too.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

SERIAL_TABLES = {"inspection": "JC", "hazard": "YH", "psych_case": "XL", "bullying_case": "QL", "incident": "SJ"}
INDEXED = {"inspection", "hazard", "incident"}  # the protected kinds are never in the search index
CST = timedelta(hours=8)  # China Standard Time has no daylight saving

INCIDENT_TEXTS = (
    "verified_facts",
    "progress",
    "cause_conclusion",
    "handling_result",
    "accountability",
    "aftermath",
    "rectification",
)


def _year(created_at: object) -> int:
    if isinstance(created_at, datetime):
        moment = created_at
    else:
        moment = datetime.fromisoformat(str(created_at).replace("T", " ")[:26])
    if moment.tzinfo is not None:
        moment = moment.replace(tzinfo=None) - (moment.utcoffset() or timedelta())
    return (moment + CST).year


def _doc_id(uuid: str) -> int:
    """services.search.doc_id: the index row of a record."""
    return int(uuid.replace("-", "")[:15], 16)


def _backfill(table: str, prefix: str) -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(f'SELECT uuid, owner, created_at, deleted_at FROM "{table}" ORDER BY owner, created_at, uuid')
    ).fetchall()
    counters: dict[tuple[str, int], int] = defaultdict(int)
    for uuid, owner, created_at, deleted_at in rows:
        year = _year(created_at)
        counters[(owner, year)] += 1
        serial = f"{prefix}-{year:04d}-{counters[(owner, year)]:04d}"
        conn.execute(sa.text(f'UPDATE "{table}" SET serial = :s WHERE uuid = :u'), {"s": serial, "u": uuid})
        if table in INDEXED and deleted_at is None:
            _index_serial(conn, table, uuid, serial)


def _index_serial(conn: sa.Connection, table: str, uuid: str, serial: str) -> None:
    rowid = _doc_id(uuid)
    body = conn.execute(sa.text("SELECT body FROM record_fts WHERE rowid = :r"), {"r": rowid}).scalar()
    conn.execute(sa.text("DELETE FROM record_fts WHERE rowid = :r"), {"r": rowid})
    conn.execute(
        sa.text("INSERT INTO record_fts (rowid, body, kind, uuid) VALUES (:r, :b, :k, :u)"),
        {"r": rowid, "b": "\n".join(p for p in (serial, body) if p), "k": table, "u": uuid},
    )


def upgrade() -> None:
    for table, prefix in SERIAL_TABLES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("serial", sa.String(length=24), nullable=True))
            batch_op.create_index(batch_op.f(f"ix_{table}_serial"), ["serial"], unique=False)
        _backfill(table, prefix)
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.add_column(sa.Column("category", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("reporter_uuid", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("reporter_phone", sa.String(length=40), nullable=True))
        for name in INCIDENT_TEXTS:
            batch_op.add_column(sa.Column(name, sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f("ix_incident_category"), ["category"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_incident_reporter_uuid_staff_member"), "staff_member", ["reporter_uuid"], ["uuid"]
        )
    with op.batch_alter_table("incident_report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("channel", sa.String(length=32), nullable=True))
    op.execute("UPDATE incident_report SET channel = 'written' WHERE channel IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("incident_report", schema=None) as batch_op:
        batch_op.drop_column("channel")
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_incident_reporter_uuid_staff_member"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_incident_category"))
        for name in reversed(INCIDENT_TEXTS):
            batch_op.drop_column(name)
        batch_op.drop_column("reporter_phone")
        batch_op.drop_column("reporter_uuid")
        batch_op.drop_column("category")
    for table in reversed(list(SERIAL_TABLES)):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_serial"))
            batch_op.drop_column("serial")
