"""Mechanism 11 (督导检查): the township's inspections of schools, its rectification notices
(整改通知书 / 督办单), and the school's reply (整改报告) to a notice.

Inspections and notices are created by the township and travel down to the school; the reply is
created by the school and travels up.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import String, Text
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
    school_code: Mapped[str | None] = mapped_column(String(32), default=None, index=True)
    school_name: Mapped[str] = mapped_column(String(100))
    inspected_on: Mapped[date | None] = mapped_column(default=None)
    team: Mapped[str | None] = mapped_column(String(200), default=None)
    method: Mapped[str | None] = mapped_column(String(32), default=None)
    items: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date] = mapped_column(index=True)
    reply_method: Mapped[str | None] = mapped_column(String(100), default=None)
    issued_by: Mapped[str] = mapped_column(String(100))
    issued_on: Mapped[date] = mapped_column(index=True)
    signed_by: Mapped[str | None] = mapped_column(String(50), default=None)


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
            Field("school_code", N_("School code"), FieldKind.TEXT, max_length=32, in_table=False, width=12),
            Field(
                "school_name", N_("School inspected"), FieldKind.TEXT, required=True, max_length=100, width=18
            ),
            Field("inspected_on", N_("Date of inspection"), FieldKind.DATE, in_table=False, width=11),
            Field("team", N_("Inspection team"), FieldKind.TEXT, max_length=200, in_table=False, width=20),
            Field(
                "method", N_("Method"), FieldKind.CHOICE, choices=SUPERVISION_METHODS, in_table=False, width=8
            ),
            Field(
                "items",
                N_("Problems and requirements"),
                FieldKind.LONG_TEXT,
                required=True,
                in_table=False,
                max_length=20_000,
                width=40,
            ),
            Field("deadline", N_("Deadline"), FieldKind.DATE, required=True, width=11),
            Field(
                "reply_method", N_("How to reply"), FieldKind.TEXT, max_length=100, in_table=False, width=16
            ),
            Field("issued_by", N_("Issued by"), FieldKind.TEXT, required=True, max_length=100, width=14),
            Field("issued_on", N_("Date issued"), FieldKind.DATE, required=True, width=11),
            Field("signed_by", N_("Signed for by"), FieldKind.TEXT, max_length=50, width=8),
        ),
    )
)


# --- rectification reply (整改报告) ----------------------------------------------------------------


class RectificationReply(SyncedRecord, Base):
    __tablename__ = "rectification_reply"

    notice_uuid: Mapped[str] = record_ref("rectification_notice", nullable=False)
    items_measures: Mapped[str] = mapped_column(Text)
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
            Field(
                "notice_uuid",
                N_("Rectification notice"),
                FieldKind.RECORD,
                required=True,
                ref_kind="rectification_notice",
                width=18,
            ),
            Field(
                "items_measures",
                N_("Item by item: problem, measures, completion"),
                FieldKind.LONG_TEXT,
                required=True,
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
