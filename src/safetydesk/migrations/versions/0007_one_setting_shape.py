"""setting: one stored shape, {"v": value}, for every key (the settings registry reads only that)

`backup.keep` was stored as {"n": 10} and `access.class_teacher_sensitive` as {"enabled": true};
every other key already used {"v": ...}. Idempotent: a row already in the new shape is left alone.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

OLD_SHAPES = {"backup.keep": "n", "access.class_teacher_sensitive": "enabled"}


def _reshape(to_registry: bool) -> None:
    conn = op.get_bind()
    for key, legacy in OLD_SHAPES.items():
        source, target = (legacy, "v") if to_registry else ("v", legacy)
        row = conn.execute(sa.text("SELECT value FROM setting WHERE key = :k"), {"k": key}).first()
        if row is None:
            continue
        value = json.loads(row[0]) if isinstance(row[0], str) else row[0]
        if not isinstance(value, dict) or source not in value:
            continue
        conn.execute(
            sa.text("UPDATE setting SET value = :v WHERE key = :k"),
            {"k": key, "v": json.dumps({target: value[source]})},
        )


def upgrade() -> None:
    _reshape(to_registry=True)


def downgrade() -> None:
    _reshape(to_registry=False)
