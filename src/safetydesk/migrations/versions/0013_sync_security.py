"""sync security (issue 13): search entries keyed by kind and full UUID; streams bound to keys;
referrals sent and withdrawn; audit anchors held for and by other organisations

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
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

    # Streams: a stream is bound to the key at its sending end (sync.md), so a reinstalled school
    # trusted again with a new key starts a new epoch at number 1 instead of looking like a
    # replay. Existing rows belong to the key trusted today.
    with op.batch_alter_table("imported_package", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sender_key_id", sa.String(length=32), nullable=False, server_default=""))
        batch_op.drop_constraint("uq_imported_package_sender_code", type_="unique")
        batch_op.create_unique_constraint(
            "uq_imported_package_sender_code", ["sender_code", "sender_key_id", "seq"]
        )
    with op.batch_alter_table("sent_package", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recipient_key_id", sa.String(length=32), nullable=False, server_default=""))
        batch_op.drop_constraint("uq_sent_package_recipient_code", type_="unique")
        batch_op.create_unique_constraint(
            "uq_sent_package_recipient_code", ["recipient_code", "recipient_key_id", "seq"]
        )
    with op.batch_alter_table("outgoing_stream", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recipient_key_id", sa.String(length=32), nullable=False, server_default=""))
    for table, column, code in (
        ("imported_package", "sender_key_id", "sender_code"),
        ("sent_package", "recipient_key_id", "recipient_code"),
        ("outgoing_stream", "recipient_key_id", "recipient_code"),
    ):
        op.execute(
            f"UPDATE {table} SET {column} = COALESCE((SELECT key_id FROM trusted_peer "
            f"WHERE trusted_peer.org_code = {table}.{code}), '')"
        )


    # Withdrawn referrals: what the school sent (so a withdrawal can follow) and what a township
    # dropped (so a late copy of the referral is not taken in again).
    op.create_table(
        "referral_sent",
        sa.Column("recipient_code", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("recipient_code", "kind", "uuid", name=op.f("pk_referral_sent")),
    )
    op.create_table(
        "withdrawn_record",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "uuid", name=op.f("pk_withdrawn_record")),
    )
    op.create_table(
        "audit_anchor",
        sa.Column("chain_owner", sa.String(length=32), nullable=False),
        sa.Column("holder", sa.String(length=32), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("entry", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("chain_owner", "holder", name=op.f("pk_audit_anchor")),
    )


def downgrade() -> None:
    op.drop_table("audit_anchor")
    op.drop_table("withdrawn_record")
    op.drop_table("referral_sent")
    with op.batch_alter_table("outgoing_stream", schema=None) as batch_op:
        batch_op.drop_column("recipient_key_id")
    with op.batch_alter_table("sent_package", schema=None) as batch_op:
        batch_op.drop_constraint("uq_sent_package_recipient_code", type_="unique")
        batch_op.create_unique_constraint("uq_sent_package_recipient_code", ["recipient_code", "seq"])
        batch_op.drop_column("recipient_key_id")
    with op.batch_alter_table("imported_package", schema=None) as batch_op:
        batch_op.drop_constraint("uq_imported_package_sender_code", type_="unique")
        batch_op.create_unique_constraint("uq_imported_package_sender_code", ["sender_code", "seq"])
        batch_op.drop_column("sender_key_id")
    op.execute("DROP TABLE record_fts_key")
