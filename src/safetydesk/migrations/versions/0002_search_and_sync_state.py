"""search index and sync state

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 13:08:36.912395
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Chinese substring search: one trigram index over every kind's non-sensitive text fields.
    # SQLite: FTS5 with the trigram tokenizer. PostgreSQL (a hub, issue 16.5): a plain table with
    # the same columns and a pg_trgm GIN index on the text (services/search_postgresql.py).
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE TABLE record_fts (rowid BIGINT PRIMARY KEY, body TEXT NOT NULL, "
            "kind VARCHAR(40) NOT NULL, uuid VARCHAR(36) NOT NULL)"
        )
        op.execute("CREATE INDEX ix_record_fts_body_trgm ON record_fts USING gin (body gin_trgm_ops)")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE record_fts USING fts5(body, kind UNINDEXED, uuid UNINDEXED, tokenize='trigram')"
        )
    op.create_table(
        "import_attempt",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("sender_code", sa.String(length=32), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=True),
        sa.Column("message", sa.String(length=1000), nullable=True),
        sa.Column("alarm", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_attempt")),
    )
    op.create_table(
        "imported_package",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sender_code", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("manifest_sha256", sa.String(length=64), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.String(length=64), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_package")),
        sa.UniqueConstraint("sender_code", "seq", name=op.f("uq_imported_package_sender_code")),
    )
    op.create_table(
        "outgoing_stream",
        sa.Column("recipient_code", sa.String(length=32), nullable=False),
        sa.Column("next_seq", sa.Integer(), nullable=False),
        sa.Column("acknowledged_seq", sa.Integer(), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.Column("last_manifest_sha256", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("recipient_code", name=op.f("pk_outgoing_stream")),
    )
    op.create_table(
        "sent_package",
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("recipient_code", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("manifest_sha256", sa.String(length=64), nullable=False),
        sa.Column("row_counts", sa.JSON(), nullable=False),
        sa.Column("receipt_imported_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("package_id", name=op.f("pk_sent_package")),
        sa.UniqueConstraint("recipient_code", "seq", name=op.f("uq_sent_package_recipient_code")),
    )
    op.create_table(
        "trusted_peer",
        sa.Column("org_code", sa.String(length=32), nullable=False),
        sa.Column("org_name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("sign_public_key", sa.String(length=100), nullable=False),
        sa.Column("enc_public_key", sa.String(length=100), nullable=False),
        sa.Column("fingerprint", sa.String(length=40), nullable=False),
        sa.Column("trusted_at", sa.DateTime(), nullable=False),
        sa.Column("trusted_by", sa.String(length=64), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("org_code", name=op.f("pk_trusted_peer")),
        sa.UniqueConstraint("key_id", name=op.f("uq_trusted_peer_key_id")),
    )


def downgrade() -> None:
    op.execute("DROP TABLE record_fts")
    op.drop_table("trusted_peer")
    op.drop_table("sent_package")
    op.drop_table("outgoing_stream")
    op.drop_table("imported_package")
    op.drop_table("import_attempt")
