"""Mechanism 11 (督导检查): the township's inspections of schools, its rectification notices
(整改通知书 / 督办单) with their items, the school's reply (整改报告) with an answer per item, and
the township's review of a reply (accepted, or sent back with a reason).

Township rows (inspections, notices, items, reviews) travel down to the one school their
`school_code` names (sync/export.py routes by that field, and a school's importer refuses a row
addressed to another school), so the children of a notice carry the school's code too. School
rows (replies and their answers) travel up. Nobody edits the other side's rows: a reply points at
the notice and its items, a review points at the reply. services/supervision.py writes them;
domain/supervision.py derives each notice's state (open, answered, sent back, accepted, escalated).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.registry import RecordKind, register
from safetydesk.i18n import N_, _
from safetydesk.kinds._shared import (
    SUPERVISION_METHODS,
    order_error,
    record_ref,
    staff_ref,
)
from safetydesk.models.base import Base, SyncedRecord

NOTICE_TYPES = choices(
    ("rectification", N_("Rectification notice")),
    ("supervision_order", N_("Supervision order")),
)

REPLY_COMPLETION = choices(
    ("all_done", N_("All rectified")),
    ("partly_done", N_("Partly rectified, with a plan for the rest")),
    ("in_progress", N_("Rectification in progress")),
)

ANSWER_COMPLETION = choices(
    ("done", N_("Rectified")),
    ("in_progress", N_("Rectification in progress")),
    ("planned", N_("Planned, with a deadline")),
)

REVIEW_DECISIONS = choices(
    ("accepted", N_("Accepted"), "#388e3c"),
    ("sent_back", N_("Sent back"), "#d32f2f"),
)


# --- supervision inspection -----------------------------------------------------------------------


class SupervisionInspection(SyncedRecord, Base):
    __tablename__ = "supervision_inspection"

    inspected_on: Mapped[date] = mapped_column(index=True)
    method: Mapped[str] = mapped_column(String(32), index=True)
    four_nots_two_directs: Mapped[bool] = mapped_column(default=False)
    school_code: Mapped[str | None] = mapped_column(String(32), default=None, index=True)
    school_name: Mapped[str] = mapped_column(String(100))
    team: Mapped[str | None] = mapped_column(String(200), default=None)
    findings: Mapped[str | None] = mapped_column(Text, default=None)


SUPERVISION_INSPECTION = register(
    RecordKind(
        key="supervision_inspection",
        title=N_("Supervision inspections"),
        mechanism=11,
        model=SupervisionInspection,
        title_field="school_name",
        date_field="inspected_on",
        owner_role="township",
        fields=(
            Field("inspected_on", N_("Date of inspection"), FieldKind.DATE, required=True, width=11),
            Field(
                "method",
                N_("Method"),
                FieldKind.CHOICE,
                required=True,
                choices=SUPERVISION_METHODS,
                filter=True,
                width=8,
            ),
            Field(
                "four_nots_two_directs",
                N_("Four nots and two directs"),
                FieldKind.BOOL,
                default=False,
                width=6,
            ),
            Field("school_code", N_("School code"), FieldKind.TEXT, max_length=32, in_table=False, width=12),
            Field(
                "school_name", N_("School inspected"), FieldKind.TEXT, required=True, max_length=100, width=18
            ),
            Field("team", N_("Inspection team"), FieldKind.TEXT, max_length=200, width=20),
            Field(
                "findings", N_("Findings"), FieldKind.LONG_TEXT, in_table=False, max_length=10_000, width=40
            ),
        ),
    )
)


# --- rectification notice -------------------------------------------------------------------------


class RectificationNotice(SyncedRecord, Base):
    __tablename__ = "rectification_notice"

    doc_number: Mapped[str] = mapped_column(String(50))
    notice_type: Mapped[str] = mapped_column(String(32), default="rectification")
    school_code: Mapped[str] = mapped_column(String(32), index=True)
    school_name: Mapped[str] = mapped_column(String(100))
    inspected_on: Mapped[date | None] = mapped_column(default=None)
    team: Mapped[str | None] = mapped_column(String(200), default=None)
    method: Mapped[str | None] = mapped_column(String(32), default=None)
    deadline: Mapped[date] = mapped_column(index=True)
    reply_method: Mapped[str | None] = mapped_column(String(100), default=None)
    issued_by: Mapped[str] = mapped_column(String(100))
    issued_on: Mapped[date] = mapped_column(index=True)
    signed_by: Mapped[str | None] = mapped_column(String(50), default=None)
    escalates_uuid: Mapped[str | None] = record_ref("rectification_notice")


def _notice_field() -> Field:
    """The notice an item, a reply or a review belongs to."""
    return Field("notice_uuid", N_("Rectification notice"), FieldKind.RECORD, required=True,
                 ref_kind="rectification_notice", width=18)  # fmt: skip


def _school_code_field() -> Field:
    """The addressee school's code: a township row travels down to this school only (sync.md)."""
    return Field("school_code", N_("School code"), FieldKind.TEXT, required=True, max_length=32, in_table=False,
                 width=12)  # fmt: skip


def _validate_notice(values: Mapping[str, Any]) -> dict[str, str]:
    return order_error(
        values, "issued_on", "deadline", _("The deadline cannot be before the notice was issued.")
    ) | order_error(
        values, "inspected_on", "issued_on", _("A notice cannot be issued before the inspection it follows.")
    )


RECTIFICATION_NOTICE = register(
    RecordKind(
        key="rectification_notice",
        title=N_("Rectification notices"),
        mechanism=11,
        model=RectificationNotice,
        title_field="doc_number",
        date_field="issued_on",
        owner_role="township",
        validate=_validate_notice,
        fields=(
            Field(
                "doc_number", N_("Document number"), FieldKind.TEXT, required=True, max_length=50, width=18
            ),
            Field(
                "notice_type",
                N_("Type of notice"),
                FieldKind.CHOICE,
                required=True,
                choices=NOTICE_TYPES,
                filter=True,
                default="rectification",
                width=10,
            ),
            _school_code_field(),
            Field(
                "school_name", N_("School inspected"), FieldKind.TEXT, required=True, max_length=100, width=18
            ),
            Field("inspected_on", N_("Date of inspection"), FieldKind.DATE, in_table=False, width=11),
            Field("team", N_("Inspection team"), FieldKind.TEXT, max_length=200, in_table=False, width=20),
            Field(
                "method", N_("Method"), FieldKind.CHOICE, choices=SUPERVISION_METHODS, in_table=False, width=8
            ),
            Field("deadline", N_("Deadline"), FieldKind.DATE, required=True, width=11),
            Field(
                "reply_method", N_("How to reply"), FieldKind.TEXT, max_length=100, in_table=False, width=16
            ),
            Field("issued_by", N_("Issued by"), FieldKind.TEXT, required=True, max_length=100, width=14),
            Field("issued_on", N_("Date issued"), FieldKind.DATE, required=True, width=11),
            Field("signed_by", N_("Signed for by"), FieldKind.TEXT, max_length=50, width=8),
            Field(
                "escalates_uuid",
                N_("Escalates the overdue notice"),
                FieldKind.RECORD,
                ref_kind="rectification_notice",
                in_table=False,
                editable=False,
                width=18,
            ),
        ),
    )
)


# --- the notice's items (问题 / 依据 / 整改要求) ----------------------------------------------------


class RectificationItem(SyncedRecord, Base):
    __tablename__ = "rectification_item"

    notice_uuid: Mapped[str] = record_ref("rectification_notice", nullable=False)
    school_code: Mapped[str] = mapped_column(String(32), index=True)
    number: Mapped[int] = mapped_column(Integer, default=1)
    problem: Mapped[str] = mapped_column(String(20_000))  # a migrated notice's whole old text
    basis: Mapped[str | None] = mapped_column(String(200), default=None)
    requirement: Mapped[str | None] = mapped_column(String(500), default=None)
    hazard_uuid: Mapped[str | None] = record_ref("hazard")


RECTIFICATION_ITEM = register(
    RecordKind(
        key="rectification_item",
        title=N_("Items of rectification notices"),
        mechanism=11,
        model=RectificationItem,
        title_field="problem",
        owner_role="township",
        default_sort="number",
        fields=(
            _notice_field(),
            _school_code_field(),
            Field("number", N_("No."), FieldKind.INT, required=True, min_value=1, max_value=999, width=5),
            Field("problem", N_("Problem"), FieldKind.TEXT, required=True, max_length=20_000, width=36),
            Field("basis", N_("Basis"), FieldKind.TEXT, max_length=200, width=20),
            Field("requirement", N_("Rectification requirement"), FieldKind.TEXT, max_length=500, width=30),
            Field("hazard_uuid", N_("The school's hazard"), FieldKind.RECORD, ref_kind="hazard", width=16),
        ),
    )
)


# --- rectification reply (整改报告) ----------------------------------------------------------------


class RectificationReply(SyncedRecord, Base):
    __tablename__ = "rectification_reply"

    notice_uuid: Mapped[str] = record_ref("rectification_notice", nullable=False)
    items_measures: Mapped[str | None] = mapped_column(Text, default=None)
    completion: Mapped[str] = mapped_column(String(32), index=True)
    replied_on: Mapped[date] = mapped_column(index=True)
    replied_by_uuid: Mapped[str | None] = staff_ref()


RECTIFICATION_REPLY = register(
    RecordKind(
        key="rectification_reply",
        title=N_("Rectification reports"),
        mechanism=11,
        model=RectificationReply,
        title_field="replied_on",
        date_field="replied_on",
        fields=(
            _notice_field(),
            Field(
                "items_measures",
                N_("Item by item: problem, measures, completion"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=20_000,
                width=40,
            ),
            Field(
                "completion",
                N_("Completion"),
                FieldKind.CHOICE,
                required=True,
                choices=REPLY_COMPLETION,
                filter=True,
                width=12,
            ),
            Field("replied_on", N_("Date of reply"), FieldKind.DATE, required=True, width=11),
            Field("replied_by_uuid", N_("Replied by"), FieldKind.STAFF, width=10),
        ),
    )
)


# --- the reply's answer to each item ----------------------------------------------------------------


class RectificationAnswer(SyncedRecord, Base):
    __tablename__ = "rectification_answer"

    reply_uuid: Mapped[str] = record_ref("rectification_reply", nullable=False)
    item_uuid: Mapped[str] = record_ref("rectification_item", nullable=False)
    measures: Mapped[str] = mapped_column(String(500))
    completion: Mapped[str] = mapped_column(String(32), default="done")
    done_on: Mapped[date | None] = mapped_column(default=None)


RECTIFICATION_ANSWER = register(
    RecordKind(
        key="rectification_answer",
        title=N_("Answers to notice items"),
        mechanism=11,
        model=RectificationAnswer,
        title_field="measures",
        fields=(
            Field(
                "reply_uuid",
                N_("Rectification report"),
                FieldKind.RECORD,
                required=True,
                ref_kind="rectification_reply",
                width=12,
            ),
            Field(
                "item_uuid",
                N_("Item of the notice"),
                FieldKind.RECORD,
                required=True,
                ref_kind="rectification_item",
                width=24,
            ),
            Field("measures", N_("Measures taken"), FieldKind.TEXT, required=True, max_length=500, width=36),
            Field(
                "completion",
                N_("Completion"),
                FieldKind.CHOICE,
                required=True,
                choices=ANSWER_COMPLETION,
                default="done",
                width=10,
            ),
            Field("done_on", N_("Date completed"), FieldKind.DATE, width=11),
        ),
    )
)


# --- the township's review of a reply -------------------------------------------------------------


class RectificationReview(SyncedRecord, Base):
    __tablename__ = "rectification_review"

    reply_uuid: Mapped[str] = record_ref("rectification_reply", nullable=False)
    notice_uuid: Mapped[str] = record_ref("rectification_notice", nullable=False)
    school_code: Mapped[str] = mapped_column(String(32), index=True)
    decision: Mapped[str] = mapped_column(String(32), index=True)
    reason: Mapped[str | None] = mapped_column(String(500), default=None)
    reviewed_on: Mapped[date] = mapped_column(index=True)
    reviewed_by: Mapped[str | None] = mapped_column(String(50), default=None)


def _validate_review(values: Mapping[str, Any]) -> dict[str, str]:
    if values.get("decision") == "sent_back" and not str(values.get("reason") or "").strip():
        return {"reason": _("Say why the report is sent back, so the school knows what to do.")}
    return {}


RECTIFICATION_REVIEW = register(
    RecordKind(
        key="rectification_review",
        title=N_("Reviews of rectification reports"),
        mechanism=11,
        model=RectificationReview,
        title_field="reviewed_on",
        date_field="reviewed_on",
        status_field="decision",
        owner_role="township",
        validate=_validate_review,
        fields=(
            Field(
                "reply_uuid",
                N_("Rectification report"),
                FieldKind.RECORD,
                required=True,
                ref_kind="rectification_reply",
                width=12,
            ),
            _notice_field(),
            _school_code_field(),
            Field(
                "decision",
                N_("Decision"),
                FieldKind.CHOICE,
                required=True,
                choices=REVIEW_DECISIONS,
                filter=True,
                width=8,
            ),
            Field("reason", N_("Reason for sending back"), FieldKind.TEXT, max_length=500, width=30),
            Field("reviewed_on", N_("Date reviewed"), FieldKind.DATE, required=True, width=11),
            Field("reviewed_by", N_("Reviewed by"), FieldKind.TEXT, max_length=50, width=8),
        ),
    )
)
