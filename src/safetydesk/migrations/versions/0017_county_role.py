"""county role (issue 16): a township's county bureau; what a county holds per school

- installation.county_code / county_name: at a township, the county bureau (县教育局安全股) it
  reports to; NULL until set (`init township --county-code`, `identity --county-code`).
- county_school: at a county, one row per school of its townships, replaced by the township's
  newest upward package (models/county.py, sync/upward.py).

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("installation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("county_code", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("county_name", sa.String(length=100), nullable=True))
    op.create_table(
        "county_school",
        sa.Column("school_code", sa.String(length=32), nullable=False),
        sa.Column("township_code", sa.String(length=32), nullable=False),
        sa.Column("school_name", sa.String(length=100), nullable=False),
        sa.Column("school_type", sa.String(length=16), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.JSON(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("school_code", name=op.f("pk_county_school")),
    )
    with op.batch_alter_table("county_school", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_county_school_township_code"), ["township_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("county_school", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_county_school_township_code"))
    op.drop_table("county_school")
    with op.batch_alter_table("installation", schema=None) as batch_op:
        batch_op.drop_column("county_name")
        batch_op.drop_column("county_code")
