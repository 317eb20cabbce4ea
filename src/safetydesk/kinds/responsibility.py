"""The responsibility system (domain.md §10): mechanism 1 (安全责任) and mechanism 12 (责任追究).

Mechanism 1: who holds which post's safety duties (一岗双责), the safety responsibility letters
signed each semester, and the 六落实 self-check. Mechanism 12: accountability measures, the
四个不放过 check of an incident, and the assessment score the school received.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.registry import RecordKind, register
from safetydesk.i18n import N_, _
from safetydesk.kinds._shared import order_error, record_ref, staff_ref
from safetydesk.models.base import Base, SyncedRecord

ACCOUNTABILITY_MEASURES = choices(
    ("admonition_talk", N_("Admonition talk")),
    ("reassignment", N_("Reassignment")),
    ("interview", N_("Formal interview")),
    ("circulated_criticism", N_("Criticism circulated")),
    ("other", N_("Other")),
)


# --- responsibility assignment --------------------------------------------------------------------


class ResponsibilityAssignment(SyncedRecord, Base):
    __tablename__ = "responsibility_assignment"

    post: Mapped[str] = mapped_column(String(50))
    person_uuid: Mapped[str] = staff_ref(nullable=False)
    duties: Mapped[str] = mapped_column(Text)
    dual_duty: Mapped[bool] = mapped_column(default=True)
    assigned_on: Mapped[date | None] = mapped_column(default=None, index=True)


RESPONSIBILITY_ASSIGNMENT = register(
    RecordKind(
        key="responsibility_assignment",
        title=N_("Responsibility assignments"),
        mechanism=1,
        model=ResponsibilityAssignment,
        title_field="post",
        date_field="assigned_on",
        fields=(
            Field("post", N_("Post"), FieldKind.TEXT, required=True, max_length=50, width=16),
            Field("person_uuid", N_("Person responsible"), FieldKind.STAFF, required=True, width=10),
            Field(
                "duties",
                N_("Duties"),
                FieldKind.LONG_TEXT,
                required=True,
                in_table=False,
                max_length=5000,
                width=40,
            ),
            Field("dual_duty", N_("One post, two responsibilities"), FieldKind.BOOL, default=True, width=8),
            Field("assigned_on", N_("Assigned on"), FieldKind.DATE, width=11),
        ),
    )
)


# --- responsibility letter ------------------------------------------------------------------------


class ResponsibilityLetter(SyncedRecord, Base):
    __tablename__ = "responsibility_letter"

    title: Mapped[str] = mapped_column(String(100))
    semester: Mapped[str | None] = mapped_column(String(30), default=None, index=True)
    signer_uuid: Mapped[str] = staff_ref(nullable=False)
    counterpart: Mapped[str] = mapped_column(String(50))
    signed_on: Mapped[date] = mapped_column(index=True)
    term_start: Mapped[date | None] = mapped_column(default=None)
    term_end: Mapped[date | None] = mapped_column(default=None)
    targets: Mapped[str | None] = mapped_column(Text, default=None)


def _validate_letter(values: Mapping[str, Any]) -> dict[str, str]:
    return order_error(values, "term_start", "term_end", _("The term cannot end before it starts."))


RESPONSIBILITY_LETTER = register(
    RecordKind(
        key="responsibility_letter",
        title=N_("Safety responsibility letters"),
        mechanism=1,
        model=ResponsibilityLetter,
        title_field="title",
        date_field="signed_on",
        validate=_validate_letter,
        fields=(
            Field("title", N_("Title"), FieldKind.TEXT, required=True, max_length=100, width=24),
            Field("semester", N_("Semester"), FieldKind.TEXT, max_length=30, filter=True, width=14),
            Field("signer_uuid", N_("Signatory"), FieldKind.STAFF, required=True, width=10),
            Field("counterpart", N_("Other party"), FieldKind.TEXT, required=True, max_length=50, width=10),
            Field("signed_on", N_("Date signed"), FieldKind.DATE, required=True, width=11),
            Field("term_start", N_("Term starts"), FieldKind.DATE, width=11),
            Field("term_end", N_("Term ends"), FieldKind.DATE, width=11),
            Field(
                "targets",
                N_("Targets and accident-control indicators"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=5000,
                width=40,
            ),
        ),
    )
)


# --- 六落实 self-check ------------------------------------------------------------------------------

SIX_ITEMS = (
    ("organisation", N_("Organisation in place"), N_("Organisation: note")),
    ("personnel", N_("Personnel in place"), N_("Personnel: note")),
    ("duties", N_("Duties in place"), N_("Duties: note")),
    ("funds", N_("Funds in place"), N_("Funds: note")),
    ("premises", N_("Premises in place"), N_("Premises: note")),
    ("equipment", N_("Equipment in place"), N_("Equipment: note")),
)


class SixCheck(SyncedRecord, Base):
    __tablename__ = "six_check"

    checked_on: Mapped[date] = mapped_column(index=True)
    checked_by_uuid: Mapped[str | None] = staff_ref()
    organisation_ok: Mapped[bool] = mapped_column(default=False)
    organisation_note: Mapped[str | None] = mapped_column(String(200), default=None)
    personnel_ok: Mapped[bool] = mapped_column(default=False)
    personnel_note: Mapped[str | None] = mapped_column(String(200), default=None)
    duties_ok: Mapped[bool] = mapped_column(default=False)
    duties_note: Mapped[str | None] = mapped_column(String(200), default=None)
    funds_ok: Mapped[bool] = mapped_column(default=False)
    funds_note: Mapped[str | None] = mapped_column(String(200), default=None)
    premises_ok: Mapped[bool] = mapped_column(default=False)
    premises_note: Mapped[str | None] = mapped_column(String(200), default=None)
    equipment_ok: Mapped[bool] = mapped_column(default=False)
    equipment_note: Mapped[str | None] = mapped_column(String(200), default=None)


def _six_fields() -> tuple[Field, ...]:
    out: list[Field] = []
    for attr, ok_label, note_label in SIX_ITEMS:
        out.append(Field(f"{attr}_ok", ok_label, FieldKind.BOOL, default=False, width=6))
        out.append(
            Field(f"{attr}_note", note_label, FieldKind.TEXT, max_length=200, in_table=False, width=20)
        )
    return tuple(out)


SIX_CHECK = register(
    RecordKind(
        key="six_check",
        title=N_("Six-in-place self-checks"),
        mechanism=1,
        model=SixCheck,
        title_field="checked_on",
        date_field="checked_on",
        fields=(
            Field("checked_on", N_("Date checked"), FieldKind.DATE, required=True, width=11),
            Field("checked_by_uuid", N_("Checked by"), FieldKind.STAFF, width=10),
            *_six_fields(),
        ),
    )
)


# --- accountability record (mechanism 12) ---------------------------------------------------------


class AccountabilityRecord(SyncedRecord, Base):
    __tablename__ = "accountability_record"

    person_name: Mapped[str] = mapped_column(String(50))
    person_uuid: Mapped[str | None] = staff_ref()
    measure: Mapped[str] = mapped_column(String(32), index=True)
    basis: Mapped[str] = mapped_column(Text)
    decided_on: Mapped[date] = mapped_column(index=True)
    incident_uuid: Mapped[str | None] = record_ref("incident")


ACCOUNTABILITY_RECORD = register(
    RecordKind(
        key="accountability_record",
        title=N_("Accountability records"),
        mechanism=12,
        model=AccountabilityRecord,
        title_field="person_name",
        date_field="decided_on",
        fields=(
            Field(
                "person_name",
                N_("Person held accountable"),
                FieldKind.TEXT,
                required=True,
                max_length=50,
                width=10,
            ),
            Field("person_uuid", N_("Staff member"), FieldKind.STAFF, in_table=False, width=10),
            Field(
                "measure",
                N_("Accountability measure"),
                FieldKind.CHOICE,
                required=True,
                choices=ACCOUNTABILITY_MEASURES,
                filter=True,
                width=10,
            ),
            Field(
                "basis",
                N_("Basis"),
                FieldKind.LONG_TEXT,
                required=True,
                in_table=False,
                max_length=5000,
                width=40,
            ),
            Field("decided_on", N_("Date"), FieldKind.DATE, required=True, width=11),
            Field("incident_uuid", N_("Incident"), FieldKind.RECORD, ref_kind="incident", width=20),
        ),
    )
)


# --- 四个不放过 ------------------------------------------------------------------------------------


class FourNotCheck(SyncedRecord, Base):
    __tablename__ = "four_not_check"

    incident_uuid: Mapped[str] = record_ref("incident", nullable=False)
    checked_on: Mapped[date] = mapped_column(index=True)
    checked_by_uuid: Mapped[str | None] = staff_ref()
    cause_found: Mapped[bool] = mapped_column(default=False)
    cause_evidence: Mapped[str | None] = mapped_column(Text, default=None)
    cause_on: Mapped[date | None] = mapped_column(default=None)
    responsible_handled: Mapped[bool] = mapped_column(default=False)
    responsible_evidence: Mapped[str | None] = mapped_column(Text, default=None)
    responsible_on: Mapped[date | None] = mapped_column(default=None)
    measures_done: Mapped[bool] = mapped_column(default=False)
    measures_evidence: Mapped[str | None] = mapped_column(Text, default=None)
    measures_on: Mapped[date | None] = mapped_column(default=None)
    people_educated: Mapped[bool] = mapped_column(default=False)
    educated_evidence: Mapped[str | None] = mapped_column(Text, default=None)
    educated_on: Mapped[date | None] = mapped_column(default=None)


FOUR_NOT_CHECK = register(
    RecordKind(
        key="four_not_check",
        title=N_("Four-not-let-go checks"),
        mechanism=12,
        model=FourNotCheck,
        title_field="checked_on",
        date_field="checked_on",
        fields=(
            Field(
                "incident_uuid",
                N_("Incident"),
                FieldKind.RECORD,
                required=True,
                ref_kind="incident",
                width=20,
            ),
            Field("checked_on", N_("Date checked"), FieldKind.DATE, required=True, width=11),
            Field("checked_by_uuid", N_("Checked by"), FieldKind.STAFF, width=10),
            Field("cause_found", N_("Cause established"), FieldKind.BOOL, default=False, width=6),
            Field(
                "cause_evidence",
                N_("Cause: evidence"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=2000,
                width=30,
            ),
            Field("cause_on", N_("Cause: date"), FieldKind.DATE, in_table=False, width=11),
            Field(
                "responsible_handled",
                N_("Those responsible dealt with"),
                FieldKind.BOOL,
                default=False,
                width=6,
            ),
            Field(
                "responsible_evidence",
                N_("Those responsible: evidence"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=2000,
                width=30,
            ),
            Field("responsible_on", N_("Those responsible: date"), FieldKind.DATE, in_table=False, width=11),
            Field(
                "measures_done", N_("Corrective measures carried out"), FieldKind.BOOL, default=False, width=6
            ),
            Field(
                "measures_evidence",
                N_("Corrective measures: evidence"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=2000,
                width=30,
            ),
            Field("measures_on", N_("Corrective measures: date"), FieldKind.DATE, in_table=False, width=11),
            Field("people_educated", N_("People concerned educated"), FieldKind.BOOL, default=False, width=6),
            Field(
                "educated_evidence",
                N_("Education: evidence"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=2000,
                width=30,
            ),
            Field("educated_on", N_("Education: date"), FieldKind.DATE, in_table=False, width=11),
        ),
    )
)


# --- assessment score -----------------------------------------------------------------------------


class AssessmentScore(SyncedRecord, Base):
    __tablename__ = "assessment_score"

    period: Mapped[str] = mapped_column(String(30), index=True)
    score: Mapped[float] = mapped_column(Float)
    assessor: Mapped[str] = mapped_column(String(100))
    assessed_on: Mapped[date | None] = mapped_column(default=None, index=True)
    items: Mapped[str | None] = mapped_column(Text, default=None)


ASSESSMENT_SCORE = register(
    RecordKind(
        key="assessment_score",
        title=N_("Assessment scores"),
        mechanism=12,
        model=AssessmentScore,
        title_field="period",
        date_field="assessed_on",
        fields=(
            Field(
                "period",
                N_("Assessment period"),
                FieldKind.TEXT,
                required=True,
                max_length=30,
                filter=True,
                width=14,
            ),
            Field(
                "score", N_("Score"), FieldKind.DECIMAL, required=True, min_value=0, max_value=100, width=6
            ),
            Field("assessor", N_("Assessed by"), FieldKind.TEXT, required=True, max_length=100, width=16),
            Field("assessed_on", N_("Date assessed"), FieldKind.DATE, width=11),
            Field(
                "items", N_("Scores by item"), FieldKind.LONG_TEXT, in_table=False, max_length=5000, width=40
            ),
        ),
    )
)
