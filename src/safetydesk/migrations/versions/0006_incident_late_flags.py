"""incident: late flags set when a report is logged (they stay, whatever is edited later)

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone_late", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("incident_report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("late", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("incident_report", schema=None) as batch_op:
        batch_op.drop_column("late")
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_column("phone_late")
