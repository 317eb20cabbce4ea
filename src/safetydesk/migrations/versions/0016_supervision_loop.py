"""supervision loop (issue 12): a notice's items, the school's answer per item, the township's
review of a reply, a 督办单's link to the overdue notice; a trusted school's type

- rectification_item (township-owned, addressed like its notice): 问题 / 依据 / 整改要求, optionally
  pointing at a school hazard. Each notice's old free text becomes its item No. 1 (problem =
  the whole old text, nothing lost). The item's uuid is derived from the notice's uuid, so the
  school and the township, each migrating its own copy of the notice, make the same item.
- rectification_answer (school-owned): the reply's measures, completion and date per item.
- rectification_review (township-owned): accepted, or sent back with a reason.
- rectification_notice: `items` moves to rectification_item; `escalates_uuid` (a 督办单 names
  the overdue notice it escalates); `school_code` is required: a notice with none is addressed
  to the school whose name it carries (at a township, among the trusted schools), at a school
  to the school itself.
- rectification_reply.items_measures becomes optional (the answers carry the items).
- trusted_peer.school_type: the kind of school, from its identity file (kindergarten rules
  differ); NULL for a township or an older identity file.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import uuid as uuid_mod

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# uuid5 namespace of migrated items: the same notice gives the same item at every installation.
ITEM_NAMESPACE = uuid_mod.UUID("5d7c1f0e-6b8a-4c47-9a35-1f2e0c9b7a64")

SYNC_COLUMNS = (
    ("uuid", sa.String(length=36), False),
    ("owner", sa.String(length=32), False),
    ("row_version", sa.Integer(), False),
    ("created_at", sa.DateTime(), False),
    ("created_by", sa.String(length=64), False),
    ("updated_at", sa.DateTime(), False),
    ("updated_by", sa.String(length=64), False),
    ("deleted_at", sa.DateTime(), True),
)


def migrated_item_uuid(notice_uuid: str) -> str:
    return str(uuid_mod.uuid5(ITEM_NAMESPACE, f"{notice_uuid}/item/1"))


def _sync_columns() -> list[sa.Column]:
    return [sa.Column(name, type_, nullable=nullable) for name, type_, nullable in SYNC_COLUMNS]


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.uuid"], name=op.f(f"fk_{table}_{column}_{target}"))


def _create_tables() -> None:
    op.create_table(
        "rectification_item",
        sa.Column("notice_uuid", sa.String(length=36), nullable=False),
        sa.Column("school_code", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("problem", sa.String(length=20000), nullable=False),
        sa.Column("basis", sa.String(length=200), nullable=True),
        sa.Column("requirement", sa.String(length=500), nullable=True),
        sa.Column("hazard_uuid", sa.String(length=36), nullable=True),
        *_sync_columns(),
        _fk("rectification_item", "notice_uuid", "rectification_notice"),
        _fk("rectification_item", "hazard_uuid", "hazard"),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_rectification_item")),
    )
    with op.batch_alter_table("rectification_item", schema=None) as batch_op:
        for column in ("notice_uuid", "school_code", "hazard_uuid"):
            batch_op.create_index(batch_op.f(f"ix_rectification_item_{column}"), [column], unique=False)

    op.create_table(
        "rectification_answer",
        sa.Column("reply_uuid", sa.String(length=36), nullable=False),
        sa.Column("item_uuid", sa.String(length=36), nullable=False),
        sa.Column("measures", sa.String(length=500), nullable=False),
        sa.Column("completion", sa.String(length=32), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        *_sync_columns(),
        _fk("rectification_answer", "reply_uuid", "rectification_reply"),
        _fk("rectification_answer", "item_uuid", "rectification_item"),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_rectification_answer")),
    )
    with op.batch_alter_table("rectification_answer", schema=None) as batch_op:
        for column in ("reply_uuid", "item_uuid"):
            batch_op.create_index(batch_op.f(f"ix_rectification_answer_{column}"), [column], unique=False)

    op.create_table(
        "rectification_review",
        sa.Column("reply_uuid", sa.String(length=36), nullable=False),
        sa.Column("notice_uuid", sa.String(length=36), nullable=False),
        sa.Column("school_code", sa.String(length=32), nullable=False),
        sa.Column("decision", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("reviewed_by", sa.String(length=50), nullable=True),
        *_sync_columns(),
        _fk("rectification_review", "reply_uuid", "rectification_reply"),
        _fk("rectification_review", "notice_uuid", "rectification_notice"),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_rectification_review")),
    )
    with op.batch_alter_table("rectification_review", schema=None) as batch_op:
        for column in ("reply_uuid", "notice_uuid", "school_code", "decision", "reviewed_on"):
            batch_op.create_index(batch_op.f(f"ix_rectification_review_{column}"), [column], unique=False)


def _address_notices(conn: sa.Connection) -> None:
    """Every notice names its school (see the module docstring)."""
    inst = conn.execute(sa.text("SELECT role, org_code FROM installation WHERE id = 1")).first()
    if inst is None:
        return
    role, own = inst
    blank = "(school_code IS NULL OR school_code = '')"
    if role == "township":
        conn.execute(sa.text(
            f"UPDATE rectification_notice SET school_code = (SELECT p.org_code FROM trusted_peer p "
            f"WHERE p.org_name = rectification_notice.school_name AND p.role = 'school' "
            f"ORDER BY p.org_code LIMIT 1) WHERE {blank}"
        ))  # fmt: skip
    conn.execute(sa.text(f"UPDATE rectification_notice SET school_code = :own WHERE {blank}"), {"own": own})


def _items_from_text(conn: sa.Connection) -> None:
    notices = conn.execute(sa.text(
        "SELECT uuid, owner, school_code, items, created_at, created_by, updated_at, updated_by, deleted_at "
        "FROM rectification_notice"
    )).all()  # fmt: skip
    for n in notices:
        text = (n.items or "").strip() or "—"
        item = migrated_item_uuid(n.uuid)
        conn.execute(
            sa.text(
                "INSERT INTO rectification_item (uuid, owner, row_version, created_at, created_by, updated_at, "
                "updated_by, deleted_at, notice_uuid, school_code, number, problem) VALUES (:uuid, :owner, 1, "
                ":created_at, :created_by, :updated_at, :updated_by, :deleted_at, :notice, :school, 1, :problem)"
            ),
            {"uuid": item, "owner": n.owner, "created_at": n.created_at, "created_by": n.created_by,
             "updated_at": n.updated_at, "updated_by": n.updated_by, "deleted_at": n.deleted_at,
             "notice": n.uuid, "school": n.school_code, "problem": text},
        )  # fmt: skip
        if n.deleted_at is None:  # the search index (services/search.py: rowid = 60 bits of the uuid)
            rowid = int(item.replace("-", "")[:15], 16)
            conn.execute(
                sa.text("INSERT INTO record_fts (rowid, body, kind, uuid) VALUES (:r, :b, :k, :u)"),
                {"r": rowid, "b": text, "k": "rectification_item", "u": item},
            )


def upgrade() -> None:
    conn = op.get_bind()
    with op.batch_alter_table("trusted_peer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("school_type", sa.String(length=16), nullable=True))
    _create_tables()
    _address_notices(conn)
    _items_from_text(conn)
    with op.batch_alter_table("rectification_notice", schema=None) as batch_op:
        batch_op.alter_column("school_code", existing_type=sa.String(length=32), nullable=False)
        batch_op.drop_column("items")
        batch_op.add_column(sa.Column("escalates_uuid", sa.String(length=36), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_rectification_notice_escalates_uuid_rectification_notice"),
            "rectification_notice",
            ["escalates_uuid"],
            ["uuid"],
        )
        batch_op.create_index(
            batch_op.f("ix_rectification_notice_escalates_uuid"), ["escalates_uuid"], unique=False
        )
    with op.batch_alter_table("rectification_reply", schema=None) as batch_op:
        batch_op.alter_column("items_measures", existing_type=sa.Text(), nullable=True)


def downgrade() -> None:
    conn = op.get_bind()
    with op.batch_alter_table("rectification_reply", schema=None) as batch_op:
        batch_op.alter_column("items_measures", existing_type=sa.Text(), nullable=False)
    with op.batch_alter_table("rectification_notice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rectification_notice_escalates_uuid"))
        batch_op.drop_constraint(
            batch_op.f("fk_rectification_notice_escalates_uuid_rectification_notice"), type_="foreignkey"
        )
        batch_op.drop_column("escalates_uuid")
        batch_op.add_column(sa.Column("items", sa.Text(), nullable=False, server_default=""))
        batch_op.alter_column("school_code", existing_type=sa.String(length=32), nullable=True)
    items: dict[str, list[str]] = {}
    for notice, number, problem, basis, requirement in conn.execute(sa.text(
        "SELECT notice_uuid, number, problem, basis, requirement FROM rectification_item "
        "WHERE deleted_at IS NULL ORDER BY notice_uuid, number"
    )):  # fmt: skip
        parts = [problem, f"（{basis}）" if basis else "", f" → {requirement}" if requirement else ""]
        items.setdefault(notice, []).append(f"{number}. " + "".join(parts))
    for notice, lines in items.items():
        conn.execute(sa.text("UPDATE rectification_notice SET items = :t WHERE uuid = :u"),
                     {"t": "\n".join(lines), "u": notice})  # fmt: skip
    conn.execute(sa.text(
        "DELETE FROM record_fts WHERE kind IN ('rectification_item', 'rectification_answer', "
        "'rectification_review')"
    ))  # fmt: skip
    for table in ("rectification_review", "rectification_answer", "rectification_item"):
        op.drop_table(table)
    with op.batch_alter_table("trusted_peer", schema=None) as batch_op:
        batch_op.drop_column("school_type")
