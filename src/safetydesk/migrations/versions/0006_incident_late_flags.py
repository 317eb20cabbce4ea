"""incident: late flags set when a report is logged (they stay, whatever is edited later);
四个不放过: a date for each of the four items

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

FOUR_NOT_DATES = ("cause_on", "responsible_on", "measures_on", "educated_on")


def upgrade() -> None:
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone_late", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("incident_report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("late", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("four_not_check", schema=None) as batch_op:
        for name in FOUR_NOT_DATES:
            batch_op.add_column(sa.Column(name, sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("four_not_check", schema=None) as batch_op:
        for name in reversed(FOUR_NOT_DATES):
            batch_op.drop_column(name)
    with op.batch_alter_table("incident_report", schema=None) as batch_op:
        batch_op.drop_column("late")
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_column("phone_late")
