"""beyond the notice (issue 17, phase 1): drowning prevention, school buses, campus security,
canteen food safety, major hazard reports and the risk register, the township's meetings and
assessment sheets (new tables); education_session.theme (the special topic of a session)

Revision ID: 0012
Revises: 0007
Create Date: 2026-12-01 15:42:57.979564
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessment_sheet",
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("school_code", sa.String(length=32), nullable=True),
        sa.Column("school_name", sa.String(length=100), nullable=False),
        sa.Column("period", sa.String(length=30), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("assessors", sa.String(length=200), nullable=True),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("full_marks", sa.Float(), nullable=False),
        sa.Column("total_score", sa.Float(), nullable=False),
        sa.Column("grade", sa.String(length=32), nullable=True),
        sa.Column("remarks", sa.Text(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_assessment_sheet")),
    )
    with op.batch_alter_table("assessment_sheet", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_sheet_assessed_on"), ["assessed_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_sheet_period"), ["period"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_sheet_school_code"), ["school_code"], unique=False)

    op.create_table(
        "school_bus",
        sa.Column("plate", sa.String(length=20), nullable=False),
        sa.Column("bus_type", sa.String(length=32), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("operator", sa.String(length=100), nullable=True),
        sa.Column("sign_no", sa.String(length=50), nullable=True),
        sa.Column("sign_issued_on", sa.Date(), nullable=True),
        sa.Column("sign_valid_until", sa.Date(), nullable=True),
        sa.Column("last_inspection_on", sa.Date(), nullable=True),
        sa.Column("next_inspection_on", sa.Date(), nullable=True),
        sa.Column("insurance_until", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_school_bus")),
    )
    with op.batch_alter_table("school_bus", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_school_bus_insurance_until"), ["insurance_until"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_school_bus_next_inspection_on"), ["next_inspection_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_school_bus_sign_valid_until"), ["sign_valid_until"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_school_bus_status"), ["status"], unique=False)

    op.create_table(
        "security_guard",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("post", sa.String(length=32), nullable=False),
        sa.Column("employer", sa.String(length=100), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("certificate_no", sa.String(length=50), nullable=True),
        sa.Column("certificate_issued_on", sa.Date(), nullable=True),
        sa.Column("certificate_valid_until", sa.Date(), nullable=True),
        sa.Column("trained_on", sa.Date(), nullable=True),
        sa.Column("on_duty", sa.Boolean(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_security_guard")),
    )
    with op.batch_alter_table("security_guard", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_security_guard_certificate_valid_until"), ["certificate_valid_until"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_security_guard_post"), ["post"], unique=False)
        batch_op.create_index(batch_op.f("ix_security_guard_started_on"), ["started_on"], unique=False)

    op.create_table(
        "township_meeting",
        sa.Column("meeting_type", sa.String(length=32), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=True),
        sa.Column("chair", sa.String(length=50), nullable=True),
        sa.Column("attendees", sa.String(length=500), nullable=True),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.Column("decisions", sa.Text(), nullable=True),
        sa.Column("follow_up_by", sa.Date(), nullable=True),
        sa.Column("recorder", sa.String(length=50), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_township_meeting")),
    )
    with op.batch_alter_table("township_meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_township_meeting_held_on"), ["held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_township_meeting_meeting_type"), ["meeting_type"], unique=False)

    op.create_table(
        "bus_driver",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("bus_uuid", sa.String(length=36), nullable=True),
        sa.Column("licence_class", sa.String(length=32), nullable=False),
        sa.Column("licence_first_issued", sa.Date(), nullable=True),
        sa.Column("licence_valid_until", sa.Date(), nullable=True),
        sa.Column("qualified_on", sa.Date(), nullable=False),
        sa.Column("qualification_valid_until", sa.Date(), nullable=True),
        sa.Column("clean_record", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["bus_uuid"], ["school_bus.uuid"], name=op.f("fk_bus_driver_bus_uuid_school_bus")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_bus_driver")),
    )
    with op.batch_alter_table("bus_driver", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bus_driver_bus_uuid"), ["bus_uuid"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_bus_driver_licence_valid_until"), ["licence_valid_until"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_bus_driver_qualification_valid_until"), ["qualification_valid_until"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_bus_driver_qualified_on"), ["qualified_on"], unique=False)

    op.create_table(
        "bus_escort",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("staff_uuid", sa.String(length=36), nullable=True),
        sa.Column("bus_uuid", sa.String(length=36), nullable=True),
        sa.Column("appointed_on", sa.Date(), nullable=False),
        sa.Column("trained_on", sa.Date(), nullable=True),
        sa.Column("duties_briefed", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["bus_uuid"], ["school_bus.uuid"], name=op.f("fk_bus_escort_bus_uuid_school_bus")
        ),
        sa.ForeignKeyConstraint(
            ["staff_uuid"], ["staff_member.uuid"], name=op.f("fk_bus_escort_staff_uuid_staff_member")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_bus_escort")),
    )
    with op.batch_alter_table("bus_escort", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bus_escort_appointed_on"), ["appointed_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_bus_escort_bus_uuid"), ["bus_uuid"], unique=False)

    op.create_table(
        "canteen_staff_health",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("post", sa.String(length=32), nullable=False),
        sa.Column("staff_uuid", sa.String(length=36), nullable=True),
        sa.Column("certificate_no", sa.String(length=50), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("issued_by", sa.String(length=100), nullable=True),
        sa.Column("on_duty", sa.Boolean(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["staff_uuid"],
            ["staff_member.uuid"],
            name=op.f("fk_canteen_staff_health_staff_uuid_staff_member"),
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_canteen_staff_health")),
    )
    with op.batch_alter_table("canteen_staff_health", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_canteen_staff_health_issued_on"), ["issued_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_canteen_staff_health_post"), ["post"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_canteen_staff_health_valid_until"), ["valid_until"], unique=False
        )

    op.create_table(
        "food_sample",
        sa.Column("meal", sa.String(length=32), nullable=False),
        sa.Column("dish", sa.String(length=100), nullable=False),
        sa.Column("weight_g", sa.Float(), nullable=False),
        sa.Column("sampled_at", sa.DateTime(), nullable=False),
        sa.Column("kept_until", sa.DateTime(), nullable=False),
        sa.Column("storage", sa.String(length=100), nullable=True),
        sa.Column("sampled_by_uuid", sa.String(length=36), nullable=False),
        sa.Column("checked_by_uuid", sa.String(length=36), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["checked_by_uuid"],
            ["staff_member.uuid"],
            name=op.f("fk_food_sample_checked_by_uuid_staff_member"),
        ),
        sa.ForeignKeyConstraint(
            ["sampled_by_uuid"],
            ["staff_member.uuid"],
            name=op.f("fk_food_sample_sampled_by_uuid_staff_member"),
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_food_sample")),
    )
    with op.batch_alter_table("food_sample", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_food_sample_meal"), ["meal"], unique=False)
        batch_op.create_index(batch_op.f("ix_food_sample_sampled_at"), ["sampled_at"], unique=False)

    op.create_table(
        "food_supplier",
        sa.Column("supplier", sa.String(length=100), nullable=False),
        sa.Column("supplies", sa.String(length=100), nullable=True),
        sa.Column("licence_type", sa.String(length=32), nullable=False),
        sa.Column("licence_no", sa.String(length=50), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("checked_by_uuid", sa.String(length=36), nullable=True),
        sa.Column("contract_until", sa.Date(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["checked_by_uuid"],
            ["staff_member.uuid"],
            name=op.f("fk_food_supplier_checked_by_uuid_staff_member"),
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_food_supplier")),
    )
    with op.batch_alter_table("food_supplier", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_food_supplier_checked_on"), ["checked_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_food_supplier_licence_type"), ["licence_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_food_supplier_valid_until"), ["valid_until"], unique=False)

    op.create_table(
        "guard_duty",
        sa.Column("duty_on", sa.Date(), nullable=False),
        sa.Column("period", sa.String(length=32), nullable=False),
        sa.Column("post", sa.String(length=100), nullable=False),
        sa.Column("staff_uuid", sa.String(length=36), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("police_present", sa.Boolean(), nullable=False),
        sa.Column("others", sa.String(length=200), nullable=True),
        sa.Column("situation", sa.String(length=500), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["staff_uuid"], ["staff_member.uuid"], name=op.f("fk_guard_duty_staff_uuid_staff_member")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_guard_duty")),
    )
    with op.batch_alter_table("guard_duty", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guard_duty_duty_on"), ["duty_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_guard_duty_period"), ["period"], unique=False)

    op.create_table(
        "meal_accompany",
        sa.Column("accompanied_on", sa.Date(), nullable=False),
        sa.Column("meal", sa.String(length=32), nullable=False),
        sa.Column("leader_uuid", sa.String(length=36), nullable=False),
        sa.Column("dishes", sa.String(length=200), nullable=True),
        sa.Column("rating", sa.String(length=32), nullable=True),
        sa.Column("hygiene_ok", sa.Boolean(), nullable=False),
        sa.Column("remarks", sa.String(length=500), nullable=True),
        sa.Column("handling", sa.Text(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["leader_uuid"], ["staff_member.uuid"], name=op.f("fk_meal_accompany_leader_uuid_staff_member")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_meal_accompany")),
    )
    with op.batch_alter_table("meal_accompany", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meal_accompany_accompanied_on"), ["accompanied_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_meal_accompany_meal"), ["meal"], unique=False)

    op.create_table(
        "risk_point",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("location", sa.String(length=100), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("hazard_factors", sa.String(length=300), nullable=True),
        sa.Column("possible_accidents", sa.String(length=200), nullable=True),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("control_tier", sa.String(length=32), nullable=True),
        sa.Column("measures", sa.String(length=500), nullable=False),
        sa.Column("responsible_uuid", sa.String(length=36), nullable=False),
        sa.Column("identified_on", sa.Date(), nullable=False),
        sa.Column("next_review_on", sa.Date(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["responsible_uuid"],
            ["staff_member.uuid"],
            name=op.f("fk_risk_point_responsible_uuid_staff_member"),
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_risk_point")),
    )
    with op.batch_alter_table("risk_point", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_point_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_risk_point_identified_on"), ["identified_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_risk_point_level"), ["level"], unique=False)
        batch_op.create_index(batch_op.f("ix_risk_point_next_review_on"), ["next_review_on"], unique=False)

    op.create_table(
        "security_system_test",
        sa.Column("tested_on", sa.Date(), nullable=False),
        sa.Column("system", sa.String(length=32), nullable=False),
        sa.Column("location", sa.String(length=100), nullable=False),
        sa.Column("result", sa.String(length=32), nullable=False),
        sa.Column("linked_to_police", sa.Boolean(), nullable=False),
        sa.Column("cameras", sa.Integer(), nullable=True),
        sa.Column("cameras_working", sa.Integer(), nullable=True),
        sa.Column("retention_days", sa.Integer(), nullable=True),
        sa.Column("tested_by_uuid", sa.String(length=36), nullable=True),
        sa.Column("maintainer", sa.String(length=100), nullable=True),
        sa.Column("problems", sa.String(length=500), nullable=True),
        sa.Column("next_test_on", sa.Date(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tested_by_uuid"],
            ["staff_member.uuid"],
            name=op.f("fk_security_system_test_tested_by_uuid_staff_member"),
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_security_system_test")),
    )
    with op.batch_alter_table("security_system_test", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_security_system_test_next_test_on"), ["next_test_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_security_system_test_result"), ["result"], unique=False)
        batch_op.create_index(batch_op.f("ix_security_system_test_system"), ["system"], unique=False)
        batch_op.create_index(batch_op.f("ix_security_system_test_tested_on"), ["tested_on"], unique=False)

    op.create_table(
        "visitor_log",
        sa.Column("time_in", sa.DateTime(), nullable=False),
        sa.Column("time_out", sa.DateTime(), nullable=True),
        sa.Column("visitor_name", sa.String(length=50), nullable=True),
        sa.Column("visitor_unit", sa.String(length=100), nullable=True),
        sa.Column("party_size", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=200), nullable=False),
        sa.Column("host_uuid", sa.String(length=36), nullable=True),
        sa.Column("id_checked", sa.Boolean(), nullable=False),
        sa.Column("vehicle", sa.String(length=20), nullable=True),
        sa.Column("registered_by_uuid", sa.String(length=36), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["host_uuid"], ["staff_member.uuid"], name=op.f("fk_visitor_log_host_uuid_staff_member")
        ),
        sa.ForeignKeyConstraint(
            ["registered_by_uuid"],
            ["staff_member.uuid"],
            name=op.f("fk_visitor_log_registered_by_uuid_staff_member"),
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_visitor_log")),
    )
    with op.batch_alter_table("visitor_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visitor_log_time_in"), ["time_in"], unique=False)

    op.create_table(
        "water_area",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("water_type", sa.String(length=32), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("distance_m", sa.Integer(), nullable=True),
        sa.Column("risk_level", sa.String(length=32), nullable=False),
        sa.Column("signs_in_place", sa.Boolean(), nullable=False),
        sa.Column("fence_in_place", sa.Boolean(), nullable=False),
        sa.Column("rescue_equipment", sa.Boolean(), nullable=False),
        sa.Column("responsible_uuid", sa.String(length=36), nullable=True),
        sa.Column("local_contact", sa.String(length=100), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["responsible_uuid"],
            ["staff_member.uuid"],
            name=op.f("fk_water_area_responsible_uuid_staff_member"),
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_water_area")),
    )
    with op.batch_alter_table("water_area", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_water_area_registered_on"), ["registered_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_water_area_risk_level"), ["risk_level"], unique=False)
        batch_op.create_index(batch_op.f("ix_water_area_water_type"), ["water_type"], unique=False)

    op.create_table(
        "bus_departure_check",
        sa.Column("bus_uuid", sa.String(length=36), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("trip", sa.String(length=32), nullable=False),
        sa.Column("driver_uuid", sa.String(length=36), nullable=True),
        sa.Column("brakes_ok", sa.Boolean(), nullable=False),
        sa.Column("steering_ok", sa.Boolean(), nullable=False),
        sa.Column("lights_ok", sa.Boolean(), nullable=False),
        sa.Column("tyres_ok", sa.Boolean(), nullable=False),
        sa.Column("safety_door_ok", sa.Boolean(), nullable=False),
        sa.Column("seats_ok", sa.Boolean(), nullable=False),
        sa.Column("seat_belts_ok", sa.Boolean(), nullable=False),
        sa.Column("fit_to_depart", sa.Boolean(), nullable=False),
        sa.Column("problems", sa.String(length=200), nullable=True),
        sa.Column("confirmed_by_uuid", sa.String(length=36), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["bus_uuid"], ["school_bus.uuid"], name=op.f("fk_bus_departure_check_bus_uuid_school_bus")
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by_uuid"],
            ["staff_member.uuid"],
            name=op.f("fk_bus_departure_check_confirmed_by_uuid_staff_member"),
        ),
        sa.ForeignKeyConstraint(
            ["driver_uuid"], ["bus_driver.uuid"], name=op.f("fk_bus_departure_check_driver_uuid_bus_driver")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_bus_departure_check")),
    )
    with op.batch_alter_table("bus_departure_check", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bus_departure_check_bus_uuid"), ["bus_uuid"], unique=False)
        batch_op.create_index(batch_op.f("ix_bus_departure_check_checked_on"), ["checked_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_bus_departure_check_driver_uuid"), ["driver_uuid"], unique=False)

    op.create_table(
        "bus_route",
        sa.Column("route_name", sa.String(length=100), nullable=False),
        sa.Column("bus_uuid", sa.String(length=36), nullable=False),
        sa.Column("driver_uuid", sa.String(length=36), nullable=True),
        sa.Column("escort_uuid", sa.String(length=36), nullable=True),
        sa.Column("stops", sa.String(length=500), nullable=False),
        sa.Column("times", sa.String(length=100), nullable=True),
        sa.Column("pupils", sa.Integer(), nullable=False),
        sa.Column("classes", sa.String(length=200), nullable=True),
        sa.Column("roster_checked_on", sa.Date(), nullable=False),
        sa.Column("roster_kept", sa.String(length=100), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["bus_uuid"], ["school_bus.uuid"], name=op.f("fk_bus_route_bus_uuid_school_bus")
        ),
        sa.ForeignKeyConstraint(
            ["driver_uuid"], ["bus_driver.uuid"], name=op.f("fk_bus_route_driver_uuid_bus_driver")
        ),
        sa.ForeignKeyConstraint(
            ["escort_uuid"], ["bus_escort.uuid"], name=op.f("fk_bus_route_escort_uuid_bus_escort")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_bus_route")),
    )
    with op.batch_alter_table("bus_route", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bus_route_bus_uuid"), ["bus_uuid"], unique=False)
        batch_op.create_index(batch_op.f("ix_bus_route_driver_uuid"), ["driver_uuid"], unique=False)
        batch_op.create_index(batch_op.f("ix_bus_route_escort_uuid"), ["escort_uuid"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_bus_route_roster_checked_on"), ["roster_checked_on"], unique=False
        )

    op.create_table(
        "drowning_letter",
        sa.Column("batch", sa.String(length=100), nullable=False),
        sa.Column("occasion", sa.String(length=32), nullable=False),
        sa.Column("class_uuid", sa.String(length=36), nullable=False),
        sa.Column("teacher_uuid", sa.String(length=36), nullable=True),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("sent_count", sa.Integer(), nullable=False),
        sa.Column("returned_count", sa.Integer(), nullable=False),
        sa.Column("receipts_due", sa.Date(), nullable=True),
        sa.Column("not_returned_follow_up", sa.Text(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["class_uuid"], ["school_class.uuid"], name=op.f("fk_drowning_letter_class_uuid_school_class")
        ),
        sa.ForeignKeyConstraint(
            ["teacher_uuid"], ["staff_member.uuid"], name=op.f("fk_drowning_letter_teacher_uuid_staff_member")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_drowning_letter")),
    )
    with op.batch_alter_table("drowning_letter", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_drowning_letter_class_uuid"), ["class_uuid"], unique=False)
        batch_op.create_index(batch_op.f("ix_drowning_letter_occasion"), ["occasion"], unique=False)
        batch_op.create_index(batch_op.f("ix_drowning_letter_sent_on"), ["sent_on"], unique=False)

    op.create_table(
        "closed_campus_check",
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("checked_by_uuid", sa.String(length=36), nullable=True),
        sa.Column("gate_closed", sa.Boolean(), nullable=False),
        sa.Column("walls_intact", sa.Boolean(), nullable=False),
        sa.Column("visitors_registered", sa.Boolean(), nullable=False),
        sa.Column("gate_watched", sa.Boolean(), nullable=False),
        sa.Column("defence_gear", sa.Boolean(), nullable=False),
        sa.Column("pickup_handover", sa.Boolean(), nullable=False),
        sa.Column("problems", sa.String(length=500), nullable=True),
        sa.Column("measures", sa.Text(), nullable=True),
        sa.Column("hazard_uuid", sa.String(length=36), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["checked_by_uuid"],
            ["staff_member.uuid"],
            name=op.f("fk_closed_campus_check_checked_by_uuid_staff_member"),
        ),
        sa.ForeignKeyConstraint(
            ["hazard_uuid"], ["hazard.uuid"], name=op.f("fk_closed_campus_check_hazard_uuid_hazard")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_closed_campus_check")),
    )
    with op.batch_alter_table("closed_campus_check", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_closed_campus_check_checked_on"), ["checked_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_closed_campus_check_hazard_uuid"), ["hazard_uuid"], unique=False)

    op.create_table(
        "major_hazard_report",
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("hazard_uuid", sa.String(length=36), nullable=False),
        sa.Column("report_no", sa.String(length=50), nullable=True),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("reported_to", sa.String(length=100), nullable=False),
        sa.Column("current_state", sa.Text(), nullable=False),
        sa.Column("causes", sa.Text(), nullable=False),
        sa.Column("severity", sa.Text(), nullable=False),
        sa.Column("difficulty", sa.Text(), nullable=True),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("safety_measures", sa.Text(), nullable=True),
        sa.Column("funds_amount", sa.Float(), nullable=True),
        sa.Column("funds_source", sa.String(length=100), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("responsible_uuid", sa.String(length=36), nullable=True),
        sa.Column("reporter_uuid", sa.String(length=36), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["hazard_uuid"], ["hazard.uuid"], name=op.f("fk_major_hazard_report_hazard_uuid_hazard")
        ),
        sa.ForeignKeyConstraint(
            ["reporter_uuid"],
            ["staff_member.uuid"],
            name=op.f("fk_major_hazard_report_reporter_uuid_staff_member"),
        ),
        sa.ForeignKeyConstraint(
            ["responsible_uuid"],
            ["staff_member.uuid"],
            name=op.f("fk_major_hazard_report_responsible_uuid_staff_member"),
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_major_hazard_report")),
    )
    with op.batch_alter_table("major_hazard_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_major_hazard_report_deadline"), ["deadline"], unique=False)
        batch_op.create_index(batch_op.f("ix_major_hazard_report_hazard_uuid"), ["hazard_uuid"], unique=False)
        batch_op.create_index(batch_op.f("ix_major_hazard_report_reported_on"), ["reported_on"], unique=False)

    op.create_table(
        "water_patrol",
        sa.Column("area_uuid", sa.String(length=36), nullable=False),
        sa.Column("patrolled_on", sa.Date(), nullable=False),
        sa.Column("patroller_uuid", sa.String(length=36), nullable=False),
        sa.Column("companions", sa.String(length=100), nullable=True),
        sa.Column("signs_ok", sa.Boolean(), nullable=False),
        sa.Column("students_seen", sa.Boolean(), nullable=False),
        sa.Column("findings", sa.String(length=500), nullable=False),
        sa.Column("measures", sa.String(length=500), nullable=True),
        sa.Column("hazard_uuid", sa.String(length=36), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["area_uuid"], ["water_area.uuid"], name=op.f("fk_water_patrol_area_uuid_water_area")
        ),
        sa.ForeignKeyConstraint(
            ["hazard_uuid"], ["hazard.uuid"], name=op.f("fk_water_patrol_hazard_uuid_hazard")
        ),
        sa.ForeignKeyConstraint(
            ["patroller_uuid"],
            ["staff_member.uuid"],
            name=op.f("fk_water_patrol_patroller_uuid_staff_member"),
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_water_patrol")),
    )
    with op.batch_alter_table("water_patrol", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_water_patrol_area_uuid"), ["area_uuid"], unique=False)
        batch_op.create_index(batch_op.f("ix_water_patrol_hazard_uuid"), ["hazard_uuid"], unique=False)
        batch_op.create_index(batch_op.f("ix_water_patrol_patrolled_on"), ["patrolled_on"], unique=False)

    with op.batch_alter_table("education_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("theme", sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_education_session_theme"), ["theme"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("education_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_education_session_theme"))
        batch_op.drop_column("theme")

    with op.batch_alter_table("water_patrol", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_water_patrol_patrolled_on"))
        batch_op.drop_index(batch_op.f("ix_water_patrol_hazard_uuid"))
        batch_op.drop_index(batch_op.f("ix_water_patrol_area_uuid"))

    op.drop_table("water_patrol")
    with op.batch_alter_table("major_hazard_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_major_hazard_report_reported_on"))
        batch_op.drop_index(batch_op.f("ix_major_hazard_report_hazard_uuid"))
        batch_op.drop_index(batch_op.f("ix_major_hazard_report_deadline"))

    op.drop_table("major_hazard_report")
    with op.batch_alter_table("closed_campus_check", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_closed_campus_check_hazard_uuid"))
        batch_op.drop_index(batch_op.f("ix_closed_campus_check_checked_on"))

    op.drop_table("closed_campus_check")
    with op.batch_alter_table("drowning_letter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drowning_letter_sent_on"))
        batch_op.drop_index(batch_op.f("ix_drowning_letter_occasion"))
        batch_op.drop_index(batch_op.f("ix_drowning_letter_class_uuid"))

    op.drop_table("drowning_letter")
    with op.batch_alter_table("bus_route", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bus_route_roster_checked_on"))
        batch_op.drop_index(batch_op.f("ix_bus_route_escort_uuid"))
        batch_op.drop_index(batch_op.f("ix_bus_route_driver_uuid"))
        batch_op.drop_index(batch_op.f("ix_bus_route_bus_uuid"))

    op.drop_table("bus_route")
    with op.batch_alter_table("bus_departure_check", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bus_departure_check_driver_uuid"))
        batch_op.drop_index(batch_op.f("ix_bus_departure_check_checked_on"))
        batch_op.drop_index(batch_op.f("ix_bus_departure_check_bus_uuid"))

    op.drop_table("bus_departure_check")
    with op.batch_alter_table("water_area", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_water_area_water_type"))
        batch_op.drop_index(batch_op.f("ix_water_area_risk_level"))
        batch_op.drop_index(batch_op.f("ix_water_area_registered_on"))

    op.drop_table("water_area")
    with op.batch_alter_table("visitor_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visitor_log_time_in"))

    op.drop_table("visitor_log")
    with op.batch_alter_table("security_system_test", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_security_system_test_tested_on"))
        batch_op.drop_index(batch_op.f("ix_security_system_test_system"))
        batch_op.drop_index(batch_op.f("ix_security_system_test_result"))
        batch_op.drop_index(batch_op.f("ix_security_system_test_next_test_on"))

    op.drop_table("security_system_test")
    with op.batch_alter_table("risk_point", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_point_next_review_on"))
        batch_op.drop_index(batch_op.f("ix_risk_point_level"))
        batch_op.drop_index(batch_op.f("ix_risk_point_identified_on"))
        batch_op.drop_index(batch_op.f("ix_risk_point_category"))

    op.drop_table("risk_point")
    with op.batch_alter_table("meal_accompany", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meal_accompany_meal"))
        batch_op.drop_index(batch_op.f("ix_meal_accompany_accompanied_on"))

    op.drop_table("meal_accompany")
    with op.batch_alter_table("guard_duty", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guard_duty_period"))
        batch_op.drop_index(batch_op.f("ix_guard_duty_duty_on"))

    op.drop_table("guard_duty")
    with op.batch_alter_table("food_supplier", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_food_supplier_valid_until"))
        batch_op.drop_index(batch_op.f("ix_food_supplier_licence_type"))
        batch_op.drop_index(batch_op.f("ix_food_supplier_checked_on"))

    op.drop_table("food_supplier")
    with op.batch_alter_table("food_sample", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_food_sample_sampled_at"))
        batch_op.drop_index(batch_op.f("ix_food_sample_meal"))

    op.drop_table("food_sample")
    with op.batch_alter_table("canteen_staff_health", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_canteen_staff_health_valid_until"))
        batch_op.drop_index(batch_op.f("ix_canteen_staff_health_post"))
        batch_op.drop_index(batch_op.f("ix_canteen_staff_health_issued_on"))

    op.drop_table("canteen_staff_health")
    with op.batch_alter_table("bus_escort", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bus_escort_bus_uuid"))
        batch_op.drop_index(batch_op.f("ix_bus_escort_appointed_on"))

    op.drop_table("bus_escort")
    with op.batch_alter_table("bus_driver", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bus_driver_qualified_on"))
        batch_op.drop_index(batch_op.f("ix_bus_driver_qualification_valid_until"))
        batch_op.drop_index(batch_op.f("ix_bus_driver_licence_valid_until"))
        batch_op.drop_index(batch_op.f("ix_bus_driver_bus_uuid"))

    op.drop_table("bus_driver")
    with op.batch_alter_table("township_meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_township_meeting_meeting_type"))
        batch_op.drop_index(batch_op.f("ix_township_meeting_held_on"))

    op.drop_table("township_meeting")
    with op.batch_alter_table("security_guard", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_security_guard_started_on"))
        batch_op.drop_index(batch_op.f("ix_security_guard_post"))
        batch_op.drop_index(batch_op.f("ix_security_guard_certificate_valid_until"))

    op.drop_table("security_guard")
    with op.batch_alter_table("school_bus", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_school_bus_status"))
        batch_op.drop_index(batch_op.f("ix_school_bus_sign_valid_until"))
        batch_op.drop_index(batch_op.f("ix_school_bus_next_inspection_on"))
        batch_op.drop_index(batch_op.f("ix_school_bus_insurance_until"))

    op.drop_table("school_bus")
    with op.batch_alter_table("assessment_sheet", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_sheet_school_code"))
        batch_op.drop_index(batch_op.f("ix_assessment_sheet_period"))
        batch_op.drop_index(batch_op.f("ix_assessment_sheet_assessed_on"))

    op.drop_table("assessment_sheet")
