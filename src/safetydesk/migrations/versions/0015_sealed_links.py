"""sensitive records: the columns linking them to a student, a class or a teacher are sealed to
the data key (services.field_crypto), so the database can no longer check them as foreign keys

The values are sealed by the application at the next sign-in (field_crypto.seal_existing), not
here: a migration runs before anyone has signed in, and sealing needs only the public key, which
the application checks first.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# table -> (column, referred table) of each foreign key dropped
SEALED_LINKS = {
    "special_group_student": (
        ("student_uuid", "student"),
        ("class_uuid", "school_class"),
        ("pairing_teacher_uuid", "staff_member"),
    ),
    "psych_case": (("student_uuid", "student"), ("class_uuid", "school_class")),
    "psych_followup": (("counsellor_uuid", "staff_member"),),
    "guardian_condition": (("student_uuid", "student"), ("class_uuid", "school_class")),
}


def upgrade() -> None:
    for table, links in SEALED_LINKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, referred in links:
                batch_op.drop_constraint(f"fk_{table}_{column}_{referred}", type_="foreignkey")


def downgrade() -> None:
    for table, links in SEALED_LINKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, referred in links:
                batch_op.create_foreign_key(
                    f"fk_{table}_{column}_{referred}", referred, [column], ["uuid"]
                )
