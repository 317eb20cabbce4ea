"""people and access: audit log (append-only), key wraps, break-glass grants

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("org_code", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("record_uuid", sa.String(length=36), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_action"), "audit_log", ["action"], unique=False)
    op.create_index(op.f("ix_audit_log_kind"), "audit_log", ["kind"], unique=False)
    op.create_table(
        "key_wrap",
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("kdf", sa.String(length=200), nullable=False),
        sa.Column("wrapped", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_key_wrap")),
    )
    op.create_table(
        "break_glass_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("record_uuid", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("seen_by_principal", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_break_glass_grant")),
    )
    op.create_index(op.f("ix_break_glass_grant_username"), "break_glass_grant", ["username"], unique=False)
    # Triggers last: a compacted copy (VACUUM INTO) lists triggers after indexes, and backups
    # must dump exactly like the original.
    if op.get_bind().dialect.name == "postgresql":  # a hub on PostgreSQL (issue 16.5)
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$"
        )
        for name, event, each in (("no_update", "UPDATE", "ROW"), ("no_delete", "DELETE", "ROW"),
                                  ("no_truncate", "TRUNCATE", "STATEMENT")):
            op.execute(
                f"CREATE TRIGGER audit_log_{name} BEFORE {event} ON audit_log "
                f"FOR EACH {each} EXECUTE FUNCTION audit_log_append_only()"
            )
        return
    op.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_break_glass_grant_username"), table_name="break_glass_grant")
    op.drop_table("break_glass_grant")
    op.drop_table("key_wrap")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE audit_log")  # its triggers go with it
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
        return
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    op.drop_index(op.f("ix_audit_log_kind"), table_name="audit_log")
    op.drop_index(op.f("ix_audit_log_action"), table_name="audit_log")
    op.drop_table("audit_log")
