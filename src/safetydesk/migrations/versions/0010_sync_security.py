"""sync security (issue 13): search entries keyed by kind and full UUID

Revision ID: 0010
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Search: an index entry was keyed by 60 bits of its record's UUID, so a row from another
    # organisation (any kind) whose UUID shared them replaced it. Keys now name kind and full UUID;
    # the FTS rowid is the key's id. Existing entries are moved to their new keys.
    op.execute(
        "CREATE TABLE record_fts_key (id INTEGER PRIMARY KEY AUTOINCREMENT, kind VARCHAR(40) NOT NULL, "
        "uuid VARCHAR(36) NOT NULL, CONSTRAINT uq_record_fts_key UNIQUE (kind, uuid))"
    )
    op.execute("INSERT INTO record_fts_key (kind, uuid) SELECT DISTINCT kind, uuid FROM record_fts")
    op.execute(
        "CREATE TEMP TABLE record_fts_move AS SELECT k.id AS id, f.body AS body, f.kind AS kind, "
        "f.uuid AS uuid FROM record_fts f JOIN record_fts_key k ON k.kind = f.kind AND k.uuid = f.uuid"
    )
    op.execute("DELETE FROM record_fts")
    op.execute("INSERT INTO record_fts (rowid, body, kind, uuid) SELECT id, body, kind, uuid FROM record_fts_move")
    op.execute("DROP TABLE record_fts_move")


def downgrade() -> None:
    op.execute("DROP TABLE record_fts_key")
