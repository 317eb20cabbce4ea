"""record kinds of the twelve mechanisms

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 13:18:48.952210
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessment_score",
        sa.Column("period", sa.String(length=30), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("assessor", sa.String(length=100), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=True),
        sa.Column("items", sa.Text(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_assessment_score")),
    )
    with op.batch_alter_table("assessment_score", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_score_assessed_on"), ["assessed_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_score_period"), ["period"], unique=False)

    op.create_table(
        "bullying_case",
        sa.Column("found_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("place_and_time", sa.String(length=200), nullable=True),
        sa.Column("students_involved", sa.String(length=200), nullable=False),
        sa.Column("behaviour", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("investigation_start", sa.Date(), nullable=True),
        sa.Column("investigation_end", sa.Date(), nullable=True),
        sa.Column("conclusion", sa.String(length=32), nullable=True),
        sa.Column("handling", sa.String(length=32), nullable=True),
        sa.Column("parents_informed", sa.Boolean(), nullable=False),
        sa.Column("review", sa.Text(), nullable=True),
        sa.Column("revisit_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("referred_to_township", sa.Boolean(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_bullying_case")),
    )
    with op.batch_alter_table("bullying_case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bullying_case_behaviour"), ["behaviour"], unique=False)
        batch_op.create_index(batch_op.f("ix_bullying_case_found_on"), ["found_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_bullying_case_status"), ["status"], unique=False)

    op.create_table(
        "bullying_survey",
        sa.Column("surveyed_on", sa.Date(), nullable=False),
        sa.Column("scope", sa.String(length=100), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=True),
        sa.Column("respondents", sa.Integer(), nullable=True),
        sa.Column("cases_found", sa.Integer(), nullable=True),
        sa.Column("findings", sa.Text(), nullable=True),
        sa.Column("follow_up", sa.Text(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_bullying_survey")),
    )
    with op.batch_alter_table("bullying_survey", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bullying_survey_surveyed_on"), ["surveyed_on"], unique=False)

    op.create_table(
        "checklist_template",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("frequency", sa.String(length=32), nullable=True),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_checklist_template")),
    )
    op.create_table(
        "emergency_plan",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("plan_type", sa.String(length=32), nullable=False),
        sa.Column("version", sa.String(length=20), nullable=True),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("approved_by", sa.String(length=50), nullable=True),
        sa.Column("next_review_on", sa.Date(), nullable=True),
        sa.Column("file_note", sa.String(length=200), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_emergency_plan")),
    )
    with op.batch_alter_table("emergency_plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_emergency_plan_approved_on"), ["approved_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_emergency_plan_next_review_on"), ["next_review_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_emergency_plan_plan_type"), ["plan_type"], unique=False)

    op.create_table(
        "incident",
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("sensitive", sa.Boolean(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("learned_at", sa.DateTime(), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("info_source", sa.String(length=100), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("cause_nature", sa.Text(), nullable=True),
        sa.Column("deaths", sa.Integer(), nullable=True),
        sa.Column("injuries", sa.Integer(), nullable=True),
        sa.Column("property_loss", sa.String(length=100), nullable=True),
        sa.Column("scope", sa.String(length=200), nullable=True),
        sa.Column("trend", sa.String(length=200), nullable=True),
        sa.Column("measures", sa.Text(), nullable=True),
        sa.Column("requests", sa.Text(), nullable=True),
        sa.Column("onsite_person", sa.String(length=50), nullable=True),
        sa.Column("onsite_phone", sa.String(length=40), nullable=True),
        sa.Column("phone_reported_at", sa.DateTime(), nullable=True),
        sa.Column("phone_reported_to", sa.String(length=50), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_incident")),
    )
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_level"), ["level"], unique=False)
        batch_op.create_index(batch_op.f("ix_incident_occurred_at"), ["occurred_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_incident_status"), ["status"], unique=False)

    op.create_table(
        "parent_lecture",
        sa.Column("series", sa.String(length=32), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("speaker", sa.String(length=50), nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("attendance", sa.Integer(), nullable=True),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_parent_lecture")),
    )
    with op.batch_alter_table("parent_lecture", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_parent_lecture_held_on"), ["held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_parent_lecture_series"), ["series"], unique=False)

    op.create_table(
        "rectification_notice",
        sa.Column("doc_number", sa.String(length=50), nullable=False),
        sa.Column("notice_type", sa.String(length=32), nullable=False),
        sa.Column("school_code", sa.String(length=32), nullable=True),
        sa.Column("school_name", sa.String(length=100), nullable=False),
        sa.Column("inspected_on", sa.Date(), nullable=True),
        sa.Column("team", sa.String(length=200), nullable=True),
        sa.Column("method", sa.String(length=32), nullable=True),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("reply_method", sa.String(length=100), nullable=True),
        sa.Column("issued_by", sa.String(length=100), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("signed_by", sa.String(length=50), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_rectification_notice")),
    )
    with op.batch_alter_table("rectification_notice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rectification_notice_deadline"), ["deadline"], unique=False)
        batch_op.create_index(batch_op.f("ix_rectification_notice_issued_on"), ["issued_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_rectification_notice_school_code"), ["school_code"], unique=False
        )

    op.create_table(
        "supervision_inspection",
        sa.Column("inspected_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("four_nots_two_directs", sa.Boolean(), nullable=False),
        sa.Column("school_code", sa.String(length=32), nullable=True),
        sa.Column("school_name", sa.String(length=100), nullable=False),
        sa.Column("team", sa.String(length=200), nullable=True),
        sa.Column("findings", sa.Text(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_supervision_inspection")),
    )
    with op.batch_alter_table("supervision_inspection", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supervision_inspection_inspected_on"), ["inspected_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_supervision_inspection_method"), ["method"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_supervision_inspection_school_code"), ["school_code"], unique=False
        )

    op.create_table(
        "accountability_record",
        sa.Column("person_name", sa.String(length=50), nullable=False),
        sa.Column("person_uuid", sa.String(length=36), nullable=True),
        sa.Column("measure", sa.String(length=32), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("incident_uuid", sa.String(length=36), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_uuid"], ["incident.uuid"], name=op.f("fk_accountability_record_incident_uuid_incident")
        ),
        sa.ForeignKeyConstraint(
            ["person_uuid"],
            ["staff_member.uuid"],
            name=op.f("fk_accountability_record_person_uuid_staff_member"),
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_accountability_record")),
    )
    with op.batch_alter_table("accountability_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accountability_record_decided_on"), ["decided_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_accountability_record_incident_uuid"), ["incident_uuid"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_accountability_record_measure"), ["measure"], unique=False)

    op.create_table(
        "dispute_case",
        sa.Column("found_on", sa.Date(), nullable=False),
        sa.Column("reporter_uuid", sa.String(length=36), nullable=True),
        sa.Column("parties", sa.String(length=200), nullable=False),
        sa.Column("dispute_type", sa.String(length=32), nullable=False),
        sa.Column("demands", sa.Text(), nullable=True),
        sa.Column("risk_level", sa.String(length=32), nullable=True),
        sa.Column("leader_uuid", sa.String(length=36), nullable=True),
        sa.Column("measures", sa.Text(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("revisit_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["leader_uuid"], ["staff_member.uuid"], name=op.f("fk_dispute_case_leader_uuid_staff_member")
        ),
        sa.ForeignKeyConstraint(
            ["reporter_uuid"], ["staff_member.uuid"], name=op.f("fk_dispute_case_reporter_uuid_staff_member")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_dispute_case")),
    )
    with op.batch_alter_table("dispute_case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dispute_case_dispute_type"), ["dispute_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_dispute_case_found_on"), ["found_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_dispute_case_status"), ["status"], unique=False)

    op.create_table(
        "drill",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("drill_type", sa.String(length=32), nullable=False),
        sa.Column("mode", sa.String(length=32), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("commander_uuid", sa.String(length=36), nullable=True),
        sa.Column("signal", sa.String(length=100), nullable=True),
        sa.Column("route", sa.String(length=200), nullable=True),
        sa.Column("assembly_point", sa.String(length=100), nullable=True),
        sa.Column("classes", sa.Integer(), nullable=True),
        sa.Column("participants", sa.Integer(), nullable=True),
        sa.Column("evacuation_seconds", sa.Integer(), nullable=True),
        sa.Column("headcount_reported", sa.Boolean(), nullable=False),
        sa.Column("problems", sa.Text(), nullable=True),
        sa.Column("evaluation", sa.Text(), nullable=True),
        sa.Column("recorder_uuid", sa.String(length=36), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["commander_uuid"], ["staff_member.uuid"], name=op.f("fk_drill_commander_uuid_staff_member")
        ),
        sa.ForeignKeyConstraint(
            ["recorder_uuid"], ["staff_member.uuid"], name=op.f("fk_drill_recorder_uuid_staff_member")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_drill")),
    )
    with op.batch_alter_table("drill", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_drill_drill_type"), ["drill_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_drill_held_on"), ["held_on"], unique=False)

    op.create_table(
        "education_session",
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("classes", sa.String(length=200), nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("module", sa.String(length=32), nullable=False),
        sa.Column("form", sa.String(length=32), nullable=True),
        sa.Column("hours", sa.Float(), nullable=True),
        sa.Column("teacher_uuid", sa.String(length=36), nullable=True),
        sa.Column("attendance", sa.Integer(), nullable=True),
        sa.Column("materials", sa.Text(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["teacher_uuid"],
            ["staff_member.uuid"],
            name=op.f("fk_education_session_teacher_uuid_staff_member"),
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_education_session")),
    )
    with op.batch_alter_table("education_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_education_session_held_on"), ["held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_education_session_module"), ["module"], unique=False)

    op.create_table(
        "four_not_check",
        sa.Column("incident_uuid", sa.String(length=36), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("checked_by_uuid", sa.String(length=36), nullable=True),
        sa.Column("cause_found", sa.Boolean(), nullable=False),
        sa.Column("cause_evidence", sa.Text(), nullable=True),
        sa.Column("responsible_handled", sa.Boolean(), nullable=False),
        sa.Column("responsible_evidence", sa.Text(), nullable=True),
        sa.Column("measures_done", sa.Boolean(), nullable=False),
        sa.Column("measures_evidence", sa.Text(), nullable=True),
        sa.Column("people_educated", sa.Boolean(), nullable=False),
        sa.Column("educated_evidence", sa.Text(), nullable=True),
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
            name=op.f("fk_four_not_check_checked_by_uuid_staff_member"),
        ),
        sa.ForeignKeyConstraint(
            ["incident_uuid"], ["incident.uuid"], name=op.f("fk_four_not_check_incident_uuid_incident")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_four_not_check")),
    )
    with op.batch_alter_table("four_not_check", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_four_not_check_checked_on"), ["checked_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_four_not_check_incident_uuid"), ["incident_uuid"], unique=False)

    op.create_table(
        "incident_report",
        sa.Column("incident_uuid", sa.String(length=36), nullable=False),
        sa.Column("report_type", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("receiver", sa.String(length=50), nullable=False),
        sa.Column("sent_by_uuid", sa.String(length=36), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_uuid"], ["incident.uuid"], name=op.f("fk_incident_report_incident_uuid_incident")
        ),
        sa.ForeignKeyConstraint(
            ["sent_by_uuid"], ["staff_member.uuid"], name=op.f("fk_incident_report_sent_by_uuid_staff_member")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_incident_report")),
    )
    with op.batch_alter_table("incident_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_report_incident_uuid"), ["incident_uuid"], unique=False)
        batch_op.create_index(batch_op.f("ix_incident_report_report_type"), ["report_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_incident_report_sent_at"), ["sent_at"], unique=False)

    op.create_table(
        "incident_response_step",
        sa.Column("incident_uuid", sa.String(length=36), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=False),
        sa.Column("person_uuid", sa.String(length=36), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_uuid"],
            ["incident.uuid"],
            name=op.f("fk_incident_response_step_incident_uuid_incident"),
        ),
        sa.ForeignKeyConstraint(
            ["person_uuid"],
            ["staff_member.uuid"],
            name=op.f("fk_incident_response_step_person_uuid_staff_member"),
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_incident_response_step")),
    )
    with op.batch_alter_table("incident_response_step", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_response_step_done_at"), ["done_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_incident_response_step_incident_uuid"), ["incident_uuid"], unique=False
        )

    op.create_table(
        "inspection",
        sa.Column("template_key", sa.String(length=64), nullable=True),
        sa.Column("template_name", sa.String(length=100), nullable=False),
        sa.Column("template_version", sa.Integer(), nullable=True),
        sa.Column("inspected_on", sa.Date(), nullable=False),
        sa.Column("inspector_uuid", sa.String(length=36), nullable=False),
        sa.Column("check_type", sa.String(length=32), nullable=False),
        sa.Column("results", sa.Text(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["inspector_uuid"], ["staff_member.uuid"], name=op.f("fk_inspection_inspector_uuid_staff_member")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_inspection")),
    )
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_inspected_on"), ["inspected_on"], unique=False)

    op.create_table(
        "opinion_event",
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("incident_uuid", sa.String(length=36), nullable=True),
        sa.Column("found_at", sa.DateTime(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("spokesperson", sa.String(length=50), nullable=True),
        sa.Column("clarification", sa.Text(), nullable=True),
        sa.Column("legal_action", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_uuid"], ["incident.uuid"], name=op.f("fk_opinion_event_incident_uuid_incident")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_opinion_event")),
    )
    with op.batch_alter_table("opinion_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_opinion_event_channel"), ["channel"], unique=False)
        batch_op.create_index(batch_op.f("ix_opinion_event_found_at"), ["found_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_opinion_event_incident_uuid"), ["incident_uuid"], unique=False)
        batch_op.create_index(batch_op.f("ix_opinion_event_status"), ["status"], unique=False)

    op.create_table(
        "parent_meeting",
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("classes", sa.String(length=200), nullable=True),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("host_uuid", sa.String(length=36), nullable=True),
        sa.Column("expected", sa.Integer(), nullable=True),
        sa.Column("attended", sa.Integer(), nullable=True),
        sa.Column("agenda", sa.Text(), nullable=True),
        sa.Column("safety_notice", sa.Text(), nullable=True),
        sa.Column("opinions", sa.Text(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["host_uuid"], ["staff_member.uuid"], name=op.f("fk_parent_meeting_host_uuid_staff_member")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_parent_meeting")),
    )
    with op.batch_alter_table("parent_meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_parent_meeting_held_on"), ["held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_parent_meeting_scope"), ["scope"], unique=False)

    op.create_table(
        "parent_open_day",
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("theme", sa.String(length=100), nullable=False),
        sa.Column("classes", sa.String(length=200), nullable=True),
        sa.Column("host_uuid", sa.String(length=36), nullable=True),
        sa.Column("activities", sa.Text(), nullable=True),
        sa.Column("parents_attended", sa.Integer(), nullable=True),
        sa.Column("feedback", sa.Text(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["host_uuid"], ["staff_member.uuid"], name=op.f("fk_parent_open_day_host_uuid_staff_member")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_parent_open_day")),
    )
    with op.batch_alter_table("parent_open_day", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_parent_open_day_held_on"), ["held_on"], unique=False)

    op.create_table(
        "rectification_reply",
        sa.Column("notice_uuid", sa.String(length=36), nullable=False),
        sa.Column("items_measures", sa.Text(), nullable=False),
        sa.Column("completion", sa.String(length=32), nullable=False),
        sa.Column("replied_on", sa.Date(), nullable=False),
        sa.Column("replied_by_uuid", sa.String(length=36), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["notice_uuid"],
            ["rectification_notice.uuid"],
            name=op.f("fk_rectification_reply_notice_uuid_rectification_notice"),
        ),
        sa.ForeignKeyConstraint(
            ["replied_by_uuid"],
            ["staff_member.uuid"],
            name=op.f("fk_rectification_reply_replied_by_uuid_staff_member"),
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_rectification_reply")),
    )
    with op.batch_alter_table("rectification_reply", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rectification_reply_completion"), ["completion"], unique=False)
        batch_op.create_index(batch_op.f("ix_rectification_reply_notice_uuid"), ["notice_uuid"], unique=False)
        batch_op.create_index(batch_op.f("ix_rectification_reply_replied_on"), ["replied_on"], unique=False)

    op.create_table(
        "responsibility_assignment",
        sa.Column("post", sa.String(length=50), nullable=False),
        sa.Column("person_uuid", sa.String(length=36), nullable=False),
        sa.Column("duties", sa.Text(), nullable=False),
        sa.Column("dual_duty", sa.Boolean(), nullable=False),
        sa.Column("assigned_on", sa.Date(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_uuid"],
            ["staff_member.uuid"],
            name=op.f("fk_responsibility_assignment_person_uuid_staff_member"),
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_responsibility_assignment")),
    )
    with op.batch_alter_table("responsibility_assignment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_responsibility_assignment_assigned_on"), ["assigned_on"], unique=False
        )

    op.create_table(
        "responsibility_letter",
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("semester", sa.String(length=30), nullable=True),
        sa.Column("signer_uuid", sa.String(length=36), nullable=False),
        sa.Column("counterpart", sa.String(length=50), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("term_start", sa.Date(), nullable=True),
        sa.Column("term_end", sa.Date(), nullable=True),
        sa.Column("targets", sa.Text(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["signer_uuid"],
            ["staff_member.uuid"],
            name=op.f("fk_responsibility_letter_signer_uuid_staff_member"),
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_responsibility_letter")),
    )
    with op.batch_alter_table("responsibility_letter", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_responsibility_letter_semester"), ["semester"], unique=False)
        batch_op.create_index(batch_op.f("ix_responsibility_letter_signed_on"), ["signed_on"], unique=False)

    op.create_table(
        "six_check",
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("checked_by_uuid", sa.String(length=36), nullable=True),
        sa.Column("organisation_ok", sa.Boolean(), nullable=False),
        sa.Column("organisation_note", sa.String(length=200), nullable=True),
        sa.Column("personnel_ok", sa.Boolean(), nullable=False),
        sa.Column("personnel_note", sa.String(length=200), nullable=True),
        sa.Column("duties_ok", sa.Boolean(), nullable=False),
        sa.Column("duties_note", sa.String(length=200), nullable=True),
        sa.Column("funds_ok", sa.Boolean(), nullable=False),
        sa.Column("funds_note", sa.String(length=200), nullable=True),
        sa.Column("premises_ok", sa.Boolean(), nullable=False),
        sa.Column("premises_note", sa.String(length=200), nullable=True),
        sa.Column("equipment_ok", sa.Boolean(), nullable=False),
        sa.Column("equipment_note", sa.String(length=200), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["checked_by_uuid"], ["staff_member.uuid"], name=op.f("fk_six_check_checked_by_uuid_staff_member")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_six_check")),
    )
    with op.batch_alter_table("six_check", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_six_check_checked_on"), ["checked_on"], unique=False)

    op.create_table(
        "hazard",
        sa.Column("found_on", sa.Date(), nullable=False),
        sa.Column("check_type", sa.String(length=32), nullable=True),
        sa.Column("inspector_uuid", sa.String(length=36), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("location", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("grade", sa.String(length=32), nullable=False),
        sa.Column("risk_colour", sa.String(length=32), nullable=True),
        sa.Column("measures", sa.Text(), nullable=True),
        sa.Column("responsible_uuid", sa.String(length=36), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("funds_amount", sa.Float(), nullable=True),
        sa.Column("funds_source", sa.String(length=100), nullable=True),
        sa.Column("interim_controls", sa.Text(), nullable=True),
        sa.Column("warning_set", sa.Boolean(), nullable=False),
        sa.Column("escalated_to_township", sa.Boolean(), nullable=False),
        sa.Column("escalated_on", sa.Date(), nullable=True),
        sa.Column("rectified_by_uuid", sa.String(length=36), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("result", sa.String(length=500), nullable=True),
        sa.Column("verifier_uuid", sa.String(length=36), nullable=True),
        sa.Column("verified_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("inspection_uuid", sa.String(length=36), nullable=True),
        sa.Column("notice_uuid", sa.String(length=36), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["inspection_uuid"], ["inspection.uuid"], name=op.f("fk_hazard_inspection_uuid_inspection")
        ),
        sa.ForeignKeyConstraint(
            ["inspector_uuid"], ["staff_member.uuid"], name=op.f("fk_hazard_inspector_uuid_staff_member")
        ),
        sa.ForeignKeyConstraint(
            ["notice_uuid"],
            ["rectification_notice.uuid"],
            name=op.f("fk_hazard_notice_uuid_rectification_notice"),
        ),
        sa.ForeignKeyConstraint(
            ["rectified_by_uuid"],
            ["staff_member.uuid"],
            name=op.f("fk_hazard_rectified_by_uuid_staff_member"),
        ),
        sa.ForeignKeyConstraint(
            ["responsible_uuid"], ["staff_member.uuid"], name=op.f("fk_hazard_responsible_uuid_staff_member")
        ),
        sa.ForeignKeyConstraint(
            ["verifier_uuid"], ["staff_member.uuid"], name=op.f("fk_hazard_verifier_uuid_staff_member")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_hazard")),
    )
    with op.batch_alter_table("hazard", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hazard_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_hazard_deadline"), ["deadline"], unique=False)
        batch_op.create_index(batch_op.f("ix_hazard_found_on"), ["found_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_hazard_grade"), ["grade"], unique=False)
        batch_op.create_index(batch_op.f("ix_hazard_inspection_uuid"), ["inspection_uuid"], unique=False)
        batch_op.create_index(batch_op.f("ix_hazard_notice_uuid"), ["notice_uuid"], unique=False)
        batch_op.create_index(batch_op.f("ix_hazard_status"), ["status"], unique=False)

    op.create_table(
        "guardian_condition",
        sa.Column("student_uuid", sa.String(length=36), nullable=False),
        sa.Column("class_uuid", sa.String(length=36), nullable=True),
        sa.Column("condition_type", sa.String(length=32), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("reported_by", sa.String(length=50), nullable=True),
        sa.Column("measures", sa.Text(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["class_uuid"], ["school_class.uuid"], name=op.f("fk_guardian_condition_class_uuid_school_class")
        ),
        sa.ForeignKeyConstraint(
            ["student_uuid"], ["student.uuid"], name=op.f("fk_guardian_condition_student_uuid_student")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_guardian_condition")),
    )
    with op.batch_alter_table("guardian_condition", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guardian_condition_class_uuid"), ["class_uuid"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_guardian_condition_condition_type"), ["condition_type"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_guardian_condition_reported_on"), ["reported_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_guardian_condition_student_uuid"), ["student_uuid"], unique=False
        )

    op.create_table(
        "guardian_contact",
        sa.Column("student_uuid", sa.String(length=36), nullable=False),
        sa.Column("class_uuid", sa.String(length=36), nullable=True),
        sa.Column("contacted_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=True),
        sa.Column("guardian", sa.String(length=50), nullable=True),
        sa.Column("contacted_by_uuid", sa.String(length=36), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("feedback", sa.Text(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["class_uuid"], ["school_class.uuid"], name=op.f("fk_guardian_contact_class_uuid_school_class")
        ),
        sa.ForeignKeyConstraint(
            ["contacted_by_uuid"],
            ["staff_member.uuid"],
            name=op.f("fk_guardian_contact_contacted_by_uuid_staff_member"),
        ),
        sa.ForeignKeyConstraint(
            ["student_uuid"], ["student.uuid"], name=op.f("fk_guardian_contact_student_uuid_student")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_guardian_contact")),
    )
    with op.batch_alter_table("guardian_contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guardian_contact_class_uuid"), ["class_uuid"], unique=False)
        batch_op.create_index(batch_op.f("ix_guardian_contact_contacted_on"), ["contacted_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_guardian_contact_student_uuid"), ["student_uuid"], unique=False)

    op.create_table(
        "home_visit",
        sa.Column("student_uuid", sa.String(length=36), nullable=False),
        sa.Column("class_uuid", sa.String(length=36), nullable=True),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("period", sa.String(length=32), nullable=True),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("teacher_uuid", sa.String(length=36), nullable=False),
        sa.Column("family_member_met", sa.String(length=50), nullable=True),
        sa.Column("family_situation", sa.Text(), nullable=True),
        sa.Column("purpose", sa.String(length=200), nullable=True),
        sa.Column("school_performance", sa.Text(), nullable=True),
        sa.Column("home_performance", sa.Text(), nullable=True),
        sa.Column("parents_opinion", sa.Text(), nullable=True),
        sa.Column("problems", sa.Text(), nullable=True),
        sa.Column("measures", sa.Text(), nullable=True),
        sa.Column("next_follow_up", sa.Date(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["class_uuid"], ["school_class.uuid"], name=op.f("fk_home_visit_class_uuid_school_class")
        ),
        sa.ForeignKeyConstraint(
            ["student_uuid"], ["student.uuid"], name=op.f("fk_home_visit_student_uuid_student")
        ),
        sa.ForeignKeyConstraint(
            ["teacher_uuid"], ["staff_member.uuid"], name=op.f("fk_home_visit_teacher_uuid_staff_member")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_home_visit")),
    )
    with op.batch_alter_table("home_visit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_home_visit_class_uuid"), ["class_uuid"], unique=False)
        batch_op.create_index(batch_op.f("ix_home_visit_method"), ["method"], unique=False)
        batch_op.create_index(batch_op.f("ix_home_visit_student_uuid"), ["student_uuid"], unique=False)
        batch_op.create_index(batch_op.f("ix_home_visit_visited_on"), ["visited_on"], unique=False)

    op.create_table(
        "psych_case",
        sa.Column("student_uuid", sa.String(length=36), nullable=False),
        sa.Column("class_uuid", sa.String(length=36), nullable=True),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("risk_level", sa.String(length=32), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("assessment", sa.Text(), nullable=True),
        sa.Column("intervention", sa.Text(), nullable=True),
        sa.Column("parent_informed_at", sa.DateTime(), nullable=True),
        sa.Column("parent_informed_how", sa.String(length=100), nullable=True),
        sa.Column("referral", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("referred_to_township", sa.Boolean(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["class_uuid"], ["school_class.uuid"], name=op.f("fk_psych_case_class_uuid_school_class")
        ),
        sa.ForeignKeyConstraint(
            ["student_uuid"], ["student.uuid"], name=op.f("fk_psych_case_student_uuid_student")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_psych_case")),
    )
    with op.batch_alter_table("psych_case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_psych_case_class_uuid"), ["class_uuid"], unique=False)
        batch_op.create_index(batch_op.f("ix_psych_case_opened_on"), ["opened_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_psych_case_risk_level"), ["risk_level"], unique=False)
        batch_op.create_index(batch_op.f("ix_psych_case_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_psych_case_student_uuid"), ["student_uuid"], unique=False)

    op.create_table(
        "special_group_student",
        sa.Column("student_uuid", sa.String(length=36), nullable=False),
        sa.Column("class_uuid", sa.String(length=36), nullable=True),
        sa.Column("group", sa.String(length=32), nullable=False),
        sa.Column("guardian", sa.String(length=50), nullable=True),
        sa.Column("guardian_phone", sa.String(length=40), nullable=True),
        sa.Column("parents_workplace", sa.String(length=100), nullable=True),
        sa.Column("pairing_teacher_uuid", sa.String(length=36), nullable=True),
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
            ["class_uuid"],
            ["school_class.uuid"],
            name=op.f("fk_special_group_student_class_uuid_school_class"),
        ),
        sa.ForeignKeyConstraint(
            ["pairing_teacher_uuid"],
            ["staff_member.uuid"],
            name=op.f("fk_special_group_student_pairing_teacher_uuid_staff_member"),
        ),
        sa.ForeignKeyConstraint(
            ["student_uuid"], ["student.uuid"], name=op.f("fk_special_group_student_student_uuid_student")
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_special_group_student")),
    )
    with op.batch_alter_table("special_group_student", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_special_group_student_class_uuid"), ["class_uuid"], unique=False)
        batch_op.create_index(batch_op.f("ix_special_group_student_group"), ["group"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_special_group_student_registered_on"), ["registered_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_special_group_student_student_uuid"), ["student_uuid"], unique=False
        )

    op.create_table(
        "psych_followup",
        sa.Column("case_uuid", sa.String(length=36), nullable=False),
        sa.Column("followed_on", sa.Date(), nullable=False),
        sa.Column("counsellor_uuid", sa.String(length=36), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("next_on", sa.Date(), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=32), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_uuid"], ["psych_case.uuid"], name=op.f("fk_psych_followup_case_uuid_psych_case")
        ),
        sa.ForeignKeyConstraint(
            ["counsellor_uuid"],
            ["staff_member.uuid"],
            name=op.f("fk_psych_followup_counsellor_uuid_staff_member"),
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_psych_followup")),
    )
    with op.batch_alter_table("psych_followup", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_psych_followup_case_uuid"), ["case_uuid"], unique=False)
        batch_op.create_index(batch_op.f("ix_psych_followup_followed_on"), ["followed_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("psych_followup", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_psych_followup_followed_on"))
        batch_op.drop_index(batch_op.f("ix_psych_followup_case_uuid"))

    op.drop_table("psych_followup")
    with op.batch_alter_table("special_group_student", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_special_group_student_student_uuid"))
        batch_op.drop_index(batch_op.f("ix_special_group_student_registered_on"))
        batch_op.drop_index(batch_op.f("ix_special_group_student_group"))
        batch_op.drop_index(batch_op.f("ix_special_group_student_class_uuid"))

    op.drop_table("special_group_student")
    with op.batch_alter_table("psych_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_psych_case_student_uuid"))
        batch_op.drop_index(batch_op.f("ix_psych_case_status"))
        batch_op.drop_index(batch_op.f("ix_psych_case_risk_level"))
        batch_op.drop_index(batch_op.f("ix_psych_case_opened_on"))
        batch_op.drop_index(batch_op.f("ix_psych_case_class_uuid"))

    op.drop_table("psych_case")
    with op.batch_alter_table("home_visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_home_visit_visited_on"))
        batch_op.drop_index(batch_op.f("ix_home_visit_student_uuid"))
        batch_op.drop_index(batch_op.f("ix_home_visit_method"))
        batch_op.drop_index(batch_op.f("ix_home_visit_class_uuid"))

    op.drop_table("home_visit")
    with op.batch_alter_table("guardian_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guardian_contact_student_uuid"))
        batch_op.drop_index(batch_op.f("ix_guardian_contact_contacted_on"))
        batch_op.drop_index(batch_op.f("ix_guardian_contact_class_uuid"))

    op.drop_table("guardian_contact")
    with op.batch_alter_table("guardian_condition", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guardian_condition_student_uuid"))
        batch_op.drop_index(batch_op.f("ix_guardian_condition_reported_on"))
        batch_op.drop_index(batch_op.f("ix_guardian_condition_condition_type"))
        batch_op.drop_index(batch_op.f("ix_guardian_condition_class_uuid"))

    op.drop_table("guardian_condition")
    with op.batch_alter_table("hazard", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hazard_status"))
        batch_op.drop_index(batch_op.f("ix_hazard_notice_uuid"))
        batch_op.drop_index(batch_op.f("ix_hazard_inspection_uuid"))
        batch_op.drop_index(batch_op.f("ix_hazard_grade"))
        batch_op.drop_index(batch_op.f("ix_hazard_found_on"))
        batch_op.drop_index(batch_op.f("ix_hazard_deadline"))
        batch_op.drop_index(batch_op.f("ix_hazard_category"))

    op.drop_table("hazard")
    with op.batch_alter_table("six_check", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_six_check_checked_on"))

    op.drop_table("six_check")
    with op.batch_alter_table("responsibility_letter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_responsibility_letter_signed_on"))
        batch_op.drop_index(batch_op.f("ix_responsibility_letter_semester"))

    op.drop_table("responsibility_letter")
    with op.batch_alter_table("responsibility_assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_responsibility_assignment_assigned_on"))

    op.drop_table("responsibility_assignment")
    with op.batch_alter_table("rectification_reply", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rectification_reply_replied_on"))
        batch_op.drop_index(batch_op.f("ix_rectification_reply_notice_uuid"))
        batch_op.drop_index(batch_op.f("ix_rectification_reply_completion"))

    op.drop_table("rectification_reply")
    with op.batch_alter_table("parent_open_day", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parent_open_day_held_on"))

    op.drop_table("parent_open_day")
    with op.batch_alter_table("parent_meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parent_meeting_scope"))
        batch_op.drop_index(batch_op.f("ix_parent_meeting_held_on"))

    op.drop_table("parent_meeting")
    with op.batch_alter_table("opinion_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_opinion_event_status"))
        batch_op.drop_index(batch_op.f("ix_opinion_event_incident_uuid"))
        batch_op.drop_index(batch_op.f("ix_opinion_event_found_at"))
        batch_op.drop_index(batch_op.f("ix_opinion_event_channel"))

    op.drop_table("opinion_event")
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_inspected_on"))

    op.drop_table("inspection")
    with op.batch_alter_table("incident_response_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_response_step_incident_uuid"))
        batch_op.drop_index(batch_op.f("ix_incident_response_step_done_at"))

    op.drop_table("incident_response_step")
    with op.batch_alter_table("incident_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_report_sent_at"))
        batch_op.drop_index(batch_op.f("ix_incident_report_report_type"))
        batch_op.drop_index(batch_op.f("ix_incident_report_incident_uuid"))

    op.drop_table("incident_report")
    with op.batch_alter_table("four_not_check", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_four_not_check_incident_uuid"))
        batch_op.drop_index(batch_op.f("ix_four_not_check_checked_on"))

    op.drop_table("four_not_check")
    with op.batch_alter_table("education_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_education_session_module"))
        batch_op.drop_index(batch_op.f("ix_education_session_held_on"))

    op.drop_table("education_session")
    with op.batch_alter_table("drill", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drill_held_on"))
        batch_op.drop_index(batch_op.f("ix_drill_drill_type"))

    op.drop_table("drill")
    with op.batch_alter_table("dispute_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispute_case_status"))
        batch_op.drop_index(batch_op.f("ix_dispute_case_found_on"))
        batch_op.drop_index(batch_op.f("ix_dispute_case_dispute_type"))

    op.drop_table("dispute_case")
    with op.batch_alter_table("accountability_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accountability_record_measure"))
        batch_op.drop_index(batch_op.f("ix_accountability_record_incident_uuid"))
        batch_op.drop_index(batch_op.f("ix_accountability_record_decided_on"))

    op.drop_table("accountability_record")
    with op.batch_alter_table("supervision_inspection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supervision_inspection_school_code"))
        batch_op.drop_index(batch_op.f("ix_supervision_inspection_method"))
        batch_op.drop_index(batch_op.f("ix_supervision_inspection_inspected_on"))

    op.drop_table("supervision_inspection")
    with op.batch_alter_table("rectification_notice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rectification_notice_school_code"))
        batch_op.drop_index(batch_op.f("ix_rectification_notice_issued_on"))
        batch_op.drop_index(batch_op.f("ix_rectification_notice_deadline"))

    op.drop_table("rectification_notice")
    with op.batch_alter_table("parent_lecture", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parent_lecture_series"))
        batch_op.drop_index(batch_op.f("ix_parent_lecture_held_on"))

    op.drop_table("parent_lecture")
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_status"))
        batch_op.drop_index(batch_op.f("ix_incident_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_incident_level"))

    op.drop_table("incident")
    with op.batch_alter_table("emergency_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_emergency_plan_plan_type"))
        batch_op.drop_index(batch_op.f("ix_emergency_plan_next_review_on"))
        batch_op.drop_index(batch_op.f("ix_emergency_plan_approved_on"))

    op.drop_table("emergency_plan")
    op.drop_table("checklist_template")
    with op.batch_alter_table("bullying_survey", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bullying_survey_surveyed_on"))

    op.drop_table("bullying_survey")
    with op.batch_alter_table("bullying_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bullying_case_status"))
        batch_op.drop_index(batch_op.f("ix_bullying_case_found_on"))
        batch_op.drop_index(batch_op.f("ix_bullying_case_behaviour"))

    op.drop_table("bullying_case")
    with op.batch_alter_table("assessment_score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_score_period"))
        batch_op.drop_index(batch_op.f("ix_assessment_score_assessed_on"))

    op.drop_table("assessment_score")
