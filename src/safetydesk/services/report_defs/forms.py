"""The official record forms of the school's daily work (issue 7), one record per page: the drill
record (应急疏散演练记录表), the safety education activity record, the parent meeting record
(家长会记录表, one meeting: attendance, agenda, safety notice, parents' views), the home visit record
and the psychological counselling case record. Each prints the record's own date on the date line
and the people who sign it. Masking and the shared layout are _form_base's. Runs on a worker thread.
"""

from __future__ import annotations

from safetydesk.domain.fields import Field, FieldKind
from safetydesk.domain.registry import get_kind
from safetydesk.i18n import N_, _
from safetydesk.models.org import Student
from safetydesk.reports.pdf_ledger import display_text
from safetydesk.reports.record_form_pdf import FormSection, ItemTable, RecordForm
from safetydesk.services import records, report_privacy
from safetydesk.services.report_catalog import ReportRequest
from safetydesk.services.report_defs._form_base import (
    PAGE,
    FormDef,
    Row,
    attachments,
    field_rows,
    generic_form,
    register_forms,
    text,
)
from safetydesk.services.workspace import Workspace


def _name(row: Row, attr: str) -> str:
    return str(row.shown.get(attr) or "")


def _drill_form(ws: Workspace, fd: FormDef, row: Row, req: ReportRequest) -> RecordForm:
    form = generic_form(ws, fd, row, req)
    return RecordForm(
        fields=form.fields,
        heading=form.heading,
        attachments=form.attachments,
        signatures=(
            (N_("Recorded by"), _name(row, "recorder_uuid")),
            (N_("Commander"), _name(row, "commander_uuid")),
            N_("Person in charge"),
        ),
        signed_on=row.raw.get("held_on"),
    )


def _education_form(ws: Workspace, fd: FormDef, row: Row, req: ReportRequest) -> RecordForm:
    return RecordForm(
        fields=field_rows(fd, row),
        heading=_name(row, "topic"),
        attachments=attachments(ws, fd.kind, row.uuid),
        signatures=((N_("Taught by"), _name(row, "teacher_uuid")), N_("Recorded by"), N_("Person in charge")),
        signed_on=row.raw.get("held_on"),
    )


def _attendance(row: Row) -> str:
    expected, attended = row.raw.get("expected"), row.raw.get("attended")
    if expected and attended is not None:
        rate = f"{100 * attended / expected:.1f}%"
        return _(
            "{expected} expected, {attended} present ({rate} attendance)",
            expected=expected,
            attended=attended,
            rate=rate,
        )
    if attended is not None:
        return _("{attended} present", attended=attended)
    return _("To be confirmed")


MEETING_SECTIONS = ("agenda", "safety_notice", "opinions")


def _meeting_form(ws: Workspace, fd: FormDef, row: Row, req: ReportRequest) -> RecordForm:
    """One meeting on one page: its facts, the attendance, then agenda, safety notice and the
    parents' views as paragraphs (not as columns one character wide)."""
    kind = get_kind(fd.kind)
    fields = field_rows(fd, row, skip=("expected", "attended", *MEETING_SECTIONS))
    fields.append((_("Attendance"), _attendance(row)))
    sections = [
        FormSection(_(kind.field(a).label), text(kind.field(a), row) or _("None"))
        for a in MEETING_SECTIONS
    ]
    return RecordForm(
        fields=fields,
        heading=_name(row, "topic"),
        sections=sections,
        attachments=attachments(ws, fd.kind, row.uuid),
        signatures=((N_("Host"), _name(row, "host_uuid")), N_("Recorded by"), N_("Person in charge")),
        signed_on=row.raw.get("held_on"),
    )


GUARDIAN_PHONE = Field("guardian_phone", N_("Guardian's phone"), FieldKind.TEXT, width=12)


def _add_guardian_phone(ws: Workspace, rows: list[Row], req: ReportRequest) -> None:
    from sqlalchemy import select

    students = {r.raw.get("student_uuid") for r in rows if r.raw.get("student_uuid")}
    phones: dict[str, str] = {}
    if students:
        with ws.sessions() as s:
            stmt = select(Student.uuid, Student.guardian_phone).where(Student.uuid.in_(list(students)))
            phones = {u: p or "" for u, p in s.execute(stmt)}
    for r in rows:
        r.shown["guardian_phone"] = phones.get(r.raw.get("student_uuid") or "", "")


def _home_visit_form(ws: Workspace, fd: FormDef, row: Row, req: ReportRequest) -> RecordForm:
    form = generic_form(ws, fd, row, req)
    return RecordForm(
        fields=form.fields,
        attachments=form.attachments,
        signatures=(
            (N_("Visiting teacher"), _name(row, "teacher_uuid")),
            N_("Parent or guardian"),
            N_("Person in charge"),
        ),
        signed_on=row.raw.get("visited_on"),
    )


FOLLOWUP_COLUMNS = ("followed_on", "counsellor_uuid", "content", "next_on")


def _followups(ws: Workspace, rows: list[Row], req: ReportRequest) -> None:
    """Each case's follow-up entries, oldest first, as display rows under `_followups`."""
    if not rows:
        return
    kind = get_kind("psych_followup")
    found, offset = [], 0
    q = records.ListQuery(kind="psych_followup", sort="followed_on")
    while page := records.fetch_page(ws.sessions, q, offset, PAGE, ws.actor):
        found += page
        offset += len(page)
    labels = records.reference_labels(ws.sessions, kind, found)
    by_case: dict[str, list[list[str]]] = {}
    for f in found:
        cells = [display_text(kind.field(a), records.display_value(kind.field(a), f.values.get(a), labels))
                 for a in FOLLOWUP_COLUMNS]  # fmt: skip
        by_case.setdefault(f.values.get("case_uuid") or "", []).append(cells)
    for r in rows:
        entries = by_case.get(r.uuid, [])
        if req.mask_names:
            names = [str(r.shown.get("student_uuid") or "")]
            entries = [[report_privacy.mask_text(cell, names) for cell in cells] for cells in entries]
        r.shown["_followups"] = entries


def _psych_form(ws: Workspace, fd: FormDef, row: Row, req: ReportRequest) -> RecordForm:
    kind = get_kind("psych_followup")
    items = ItemTable(
        _("Follow-up entries"),
        [_(kind.field(a).label) for a in FOLLOWUP_COLUMNS],
        row.shown.get("_followups") or [],
        widths=(1.2, 1, 4, 1.2),
    )
    extra = [_("Names on this form are masked to protect the student's privacy.")] if req.mask_names else []
    return RecordForm(
        fields=field_rows(fd, row),
        items=[items],
        attachments=attachments(ws, fd.kind, row.uuid),
        extra=extra,
        signatures=(N_("Counsellor"), N_("Reviewed by"), N_("Person in charge")),
    )


FORMS: tuple[FormDef, ...] = (
    FormDef(
        "drill-record", N_("Emergency evacuation drill record"), "drill", per_record=True, build=_drill_form
    ),
    FormDef(
        "education-record",
        N_("Safety education activity record"),
        "education_session",
        per_record=True,
        build=_education_form,
    ),
    FormDef(
        "parent-meeting-record",
        N_("Parent meeting record"),
        "parent_meeting",
        per_record=True,
        build=_meeting_form,
    ),
    FormDef(
        "home-visit-record",
        N_("Home visit record"),
        "home_visit",
        per_record=True,
        build=_home_visit_form,
        extra_rows=_add_guardian_phone,
        extra_fields=(GUARDIAN_PHONE,),
    ),
    FormDef(
        "psych-case-record",
        N_("Psychological counselling case record"),
        "psych_case",
        per_record=True,
        build=_psych_form,
        extra_rows=_followups,
    ),
)

register_forms(FORMS)
