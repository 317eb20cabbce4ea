"""The official forms and ledgers beyond hazards and incidents (issue 7), each as PDF and Excel.

A ledger (台账) prints the period's records as one table; a form about one record (per_record)
prints each record from a new page as a label | value table, or only the record named by
`--record`. Sensitive forms mask names unless the request says otherwise; home-visit forms
always hide the middle of phone numbers (domain.md §5, §11). Reading goes through the records
service with the acting person, so the access policy decides who may print restricted forms.
Runs on a worker thread (rendering is CPU and file work).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from safetydesk.domain import clock
from safetydesk.domain.compliance import state_label
from safetydesk.domain.fields import SCHOOL_ATTR, Field, FieldKind
from safetydesk.domain.mechanisms import MECHANISMS
from safetydesk.domain.registry import RecordKind, all_kinds, get_kind
from safetydesk.domain.semester import current_or_next, semester
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import N_, _, format_date
from safetydesk.models.org import Attachment, Student
from safetydesk.reports.excel_ledger import write_ledger_xlsx
from safetydesk.reports.layout import ReportMeta, WithSignatures, build_pdf, escape, report_styles
from safetydesk.reports.masking import mask_name, mask_phone
from safetydesk.reports.pdf_ledger import display_text, ledger_table, write_ledger_pdf
from safetydesk.reports.record_form_pdf import FormSection, ItemTable, RecordForm, write_record_forms
from safetydesk.services import dashboard, ledgers, records, schools
from safetydesk.services.progress import ProgressSink
from safetydesk.services.report_catalog import ReportRequest, ReportSpec, register_report
from safetydesk.services.settings import semester_calendar
from safetydesk.services.workspace import Workspace

_PHONE = re.compile(r"(?<!\d)(?:\+86)?1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")
_PAGE = 500


@dataclass
class Row:
    uuid: str
    raw: dict[str, Any]
    shown: dict[str, Any]  # display values (references named, choices translated; dates stay dates)


@dataclass(frozen=True)
class FormDef:
    name: str
    title: str  # N_()-marked official title
    kind: str
    per_record: bool = False
    columns: tuple[str, ...] = ()  # ledger/Excel columns; empty: the kind's exported fields
    names: tuple[str, ...] = ()  # attrs holding names, masked unless request.mask_names is False
    phones: tuple[str, ...] = ()  # attrs holding phone numbers, always partly hidden
    landscape: bool = True
    build: Callable[[Workspace, FormDef, Row, ReportRequest], RecordForm] | None = None
    signatures: tuple[Any, ...] | None = None
    extra_rows: Callable[[Workspace, list[Row]], None] | None = None  # add computed display values
    extra_fields: tuple[Field, ...] = field(default_factory=tuple)


# --- reading ---------------------------------------------------------------------------------


def _query(fd: FormDef, req: ReportRequest) -> records.ListQuery:
    kind = get_kind(fd.kind)
    return records.ListQuery(
        kind=fd.kind,
        date_from=req.date_from,
        date_to=req.date_to,
        semester=req.semester,
        sort=kind.date_field,
        school=req.school,
    )


def _load(ws: Workspace, fd: FormDef, req: ReportRequest) -> list[Row]:
    kind = get_kind(fd.kind)
    if req.record:
        try:
            found = [records.get(ws.sessions, fd.kind, req.record, ws.actor)]
        except SafetyDeskError:
            raise SafetyDeskError(
                _("No {kind} record has the ID {id}.", kind=_(kind.title), id=req.record)
            ) from None
        if found[0].deleted:
            found = []
    else:
        found, offset, q = [], 0, _query(fd, req)
        while page := records.fetch_page(ws.sessions, q, offset, _PAGE, ws.actor):
            found += page
            offset += len(page)
    labels = records.reference_labels(ws.sessions, kind, found)
    names = schools.school_names(ws.sessions)
    rows = [
        Row(
            r.uuid,
            {**r.values, SCHOOL_ATTR: schools.row_school(kind, r.owner, r.values)},
            {f.attr: records.display_value(f, r.values.get(f.attr), labels) for f in kind.fields}
            | {SCHOOL_ATTR: names.get(code := schools.row_school(kind, r.owner, r.values), code)},
        )
        for r in found
    ]
    if fd.extra_rows is not None:
        fd.extra_rows(ws, rows)
    for row in rows:
        _mask(fd, row, req)
    return rows


def _mask_text(value: Any) -> Any:
    if isinstance(value, str):
        return _PHONE.sub(lambda m: mask_phone(m.group(0)), value)
    return value


def _mask(fd: FormDef, row: Row, req: ReportRequest) -> None:
    if req.mask_names:
        for attr in fd.names:
            if isinstance(row.shown.get(attr), str):
                row.shown[attr] = mask_name(row.shown[attr])
    for attr in fd.phones:
        row.shown[attr] = mask_phone(row.shown.get(attr)) if row.shown.get(attr) else row.shown.get(attr)
    if fd.phones:  # a form that hides phones hides them in its running text too
        for attr, value in row.shown.items():
            row.shown[attr] = _mask_text(value)


def _attachments(ws: Workspace, kind: str, uuid: str) -> list[str]:
    with ws.sessions() as s:
        stmt = (
            select(Attachment.filename, Attachment.caption)
            .where(
                Attachment.record_kind == kind,
                Attachment.record_uuid == uuid,
                Attachment.deleted_at.is_(None),
            )
            .order_by(Attachment.created_at)
        )
        return [f"{name}（{cap}）" if cap else name for name, cap in s.execute(stmt)]


# --- shared pieces ---------------------------------------------------------------------------


def _columns(fd: FormDef) -> tuple[Field, ...]:
    kind = get_kind(fd.kind)
    base = tuple(kind.field(a) for a in fd.columns) if fd.columns else kind.exported_fields
    return base + fd.extra_fields


def _all_fields(fd: FormDef) -> tuple[Field, ...]:
    return get_kind(fd.kind).fields + fd.extra_fields


def _meta(ws: Workspace, fd: FormDef, req: ReportRequest, *, landscape: bool, rows: Sequence[Row] = (),
          ledger: bool = True) -> ReportMeta:
    period = "" if req.record else ledgers.period_text(ws, _query(fd, req))
    school = req.school
    found = {r.raw[SCHOOL_ATTR] for r in rows}
    if not school and not ledger and len(found) == 1:
        school = found.pop()  # forms all about one school are headed with its name
    extra = {} if fd.signatures is None else {"signatures": fd.signatures}
    return ledgers.report_meta(ws, school, title=_(fd.title), ledger=ledger, period_text=period,
                               landscape=landscape, **extra)


def _text(f: Field, row: Row) -> str:
    return display_text(f, row.shown.get(f.attr))


def _field_rows(fd: FormDef, row: Row, skip: Sequence[str] = ()) -> list[tuple[str, str]]:
    return [(_(f.label), _text(f, row)) for f in _all_fields(fd) if f.attr not in skip]


def _generic_form(ws: Workspace, fd: FormDef, row: Row, req: ReportRequest) -> RecordForm:
    kind = get_kind(fd.kind)
    title_field = kind.title_field
    heading = (
        _text(kind.field(title_field), row)
        if title_field and kind.field(title_field).kind is FieldKind.TEXT
        else ""
    )
    return RecordForm(
        fields=_field_rows(fd, row), heading=heading, attachments=_attachments(ws, fd.kind, row.uuid)
    )


def _progress(progress: ProgressSink, total: int) -> Callable[[int], None]:
    return lambda n: progress.report(n, total)


def _renderer(fd: FormDef) -> Callable[[Workspace, ReportRequest, ProgressSink], int]:
    def render(ws: Workspace, req: ReportRequest, progress: ProgressSink) -> int:
        rows = _load(ws, fd, req)
        cancelled = lambda: progress.cancelled  # noqa: E731
        if req.fmt == "xlsx":
            meta = _meta(ws, fd, req, landscape=True)
            return write_ledger_xlsx(
                req.out, meta, _columns(fd), [r.shown for r in rows],
                progress=_progress(progress, len(rows)), cancelled=cancelled,
            )  # fmt: skip
        if fd.per_record:
            meta = _meta(ws, fd, req, landscape=False, rows=rows, ledger=False)
            build = fd.build or _generic_form
            forms: Iterator[RecordForm] = (build(ws, fd, r, req) for r in rows)
            return write_record_forms(
                req.out, meta, forms, progress=_progress(progress, len(rows)), cancelled=cancelled
            )
        meta = _meta(ws, fd, req, landscape=fd.landscape)
        return write_ledger_pdf(
            req.out, meta, _columns(fd), [r.shown for r in rows],
            progress=_progress(progress, len(rows)), cancelled=cancelled,
        )  # fmt: skip

    return render


# --- specific forms --------------------------------------------------------------------------


def _drill_form(ws: Workspace, fd: FormDef, row: Row, req: ReportRequest) -> RecordForm:
    form = _generic_form(ws, fd, row, req)
    recorder = str(row.shown.get("recorder_uuid") or "")
    commander = str(row.shown.get("commander_uuid") or "")
    return RecordForm(
        fields=form.fields,
        heading=form.heading,
        attachments=form.attachments,
        signatures=((N_("Recorded by"), recorder), (N_("Commander"), commander), N_("Person in charge")),
    )


def _add_guardian_phone(ws: Workspace, rows: list[Row]) -> None:
    students = {r.raw.get("student_uuid") for r in rows if r.raw.get("student_uuid")}
    phones: dict[str, str] = {}
    if students:
        with ws.sessions() as s:
            stmt = select(Student.uuid, Student.guardian_phone).where(Student.uuid.in_(list(students)))
            phones = {u: p or "" for u, p in s.execute(stmt)}
    for r in rows:
        r.shown["guardian_phone"] = phones.get(r.raw.get("student_uuid") or "", "")


_GUARDIAN_PHONE = Field("guardian_phone", N_("Guardian's phone"), FieldKind.TEXT)


def _home_visit_form(ws: Workspace, fd: FormDef, row: Row, req: ReportRequest) -> RecordForm:
    form = _generic_form(ws, fd, row, req)
    teacher = str(row.shown.get("teacher_uuid") or "")
    return RecordForm(
        fields=form.fields,
        attachments=form.attachments,
        signatures=((N_("Visiting teacher"), teacher), N_("Parent or guardian"), N_("Person in charge")),
    )


def _followups(ws: Workspace, rows: list[Row]) -> None:
    """Each case's follow-up entries, oldest first, as display rows under `_followups`."""
    if not rows:
        return
    kind = get_kind("psych_followup")
    found, offset = [], 0
    q = records.ListQuery(kind="psych_followup", sort="followed_on")
    while page := records.fetch_page(ws.sessions, q, offset, _PAGE, ws.actor):
        found += page
        offset += len(page)
    labels = records.reference_labels(ws.sessions, kind, found)
    by_case: dict[str, list[list[str]]] = {}
    for f in found:
        cells = [display_text(kind.field(a), records.display_value(kind.field(a), f.values.get(a), labels))
                 for a in ("followed_on", "counsellor_uuid", "content", "next_on")]  # fmt: skip
        by_case.setdefault(f.values.get("case_uuid") or "", []).append(cells)
    for r in rows:
        r.shown["_followups"] = by_case.get(r.uuid, [])


def _psych_form(ws: Workspace, fd: FormDef, row: Row, req: ReportRequest) -> RecordForm:
    kind = get_kind("psych_followup")
    items = ItemTable(
        _("Follow-up entries"),
        [_(kind.field(a).label) for a in ("followed_on", "counsellor_uuid", "content", "next_on")],
        row.shown.get("_followups") or [],
        widths=(1.2, 1, 4, 1.2),
    )
    extra = [_("Names on this form are masked to protect the student's privacy.")] if req.mask_names else []
    return RecordForm(
        fields=_field_rows(fd, row),
        items=[items],
        attachments=_attachments(ws, fd.kind, row.uuid),
        extra=extra,
        signatures=(N_("Counsellor"), N_("Reviewed by"), N_("Person in charge")),
    )


LETTER_SUBJECT = N_(
    "The principal is the first person responsible for the school's safety work. {signer} is directly "
    "responsible for safety within their post ({post}) and carries out safety duties together with their "
    "other duties (one post, two responsibilities)."
)
LETTER_TARGETS = N_(
    "No accident causing death or serious injury for which the school is responsible; no fire, food "
    "poisoning, traffic, drowning or bullying incident caused by negligence; hazards found are reported "
    "at once and rectified within the deadline."
)
LETTER_DUTIES = N_(
    "Give safety education in the class as planned and record it; check the classroom, equipment and "
    "students' routes every day; take part in drills and count students at the assembly point; keep "
    "in touch with parents and pay attention to left-behind and special-group students; report any "
    "incident at once, truthfully and within the time limits."
)
LETTER_ASSESSMENT = N_(
    "Safety work is assessed every semester and counts in annual appraisal, merit awards and promotion. "
    "Those who meet the targets are commended; those who do not cannot be rated excellent that year."
)
LETTER_ACCOUNTABILITY = N_(
    "Where an accident results from neglect of these duties, those responsible are held to account "
    "according to the regulations (admonition talk, reassignment and further measures); where a crime is "
    "involved, the case is handed to the judicial authorities."
)
LETTER_EFFECT = N_(
    "This letter takes effect on {start} and remains in force until {end}. It is made in two copies; "
    "each party keeps one."
)


def _letter_duties(ws: Workspace, signer_uuid: str | None) -> tuple[str, str]:
    """The signer's post and duties from their responsibility assignment, if one is recorded."""
    if not signer_uuid:
        return "", ""
    q = records.ListQuery(kind="responsibility_assignment", filters={"person_uuid": signer_uuid})
    page = records.fetch_page(ws.sessions, q, 0, 1, ws.actor)
    if not page:
        return "", ""
    return str(page[0].values.get("post") or ""), str(page[0].values.get("duties") or "")


def _letter_form(ws: Workspace, fd: FormDef, row: Row, req: ReportRequest) -> RecordForm:
    signer = str(row.shown.get("signer_uuid") or "")
    post, duties = _letter_duties(ws, row.raw.get("signer_uuid"))
    start = row.raw.get("term_start") or row.raw.get("signed_on")
    end = row.raw.get("term_end")
    sections = [
        FormSection(
            _("1. Responsible parties"), _(LETTER_SUBJECT, signer=signer or "____", post=post or "____")
        ),
        FormSection(
            _("2. Work targets and accident-control indicators"),
            str(row.raw.get("targets") or "") or _(LETTER_TARGETS),
        ),
        FormSection(_("3. Duties"), duties or _(LETTER_DUTIES)),
        FormSection(_("4. Assessment, rewards and penalties"), _(LETTER_ASSESSMENT)),
        FormSection(_("5. Accountability"), _(LETTER_ACCOUNTABILITY)),
        FormSection(
            _("6. Effective dates"),
            _(LETTER_EFFECT, start=format_date(start) or "____", end=format_date(end) or "____"),
        ),
    ]
    fields = _field_rows(fd, row, skip=("targets",))
    return RecordForm(
        fields=fields,
        heading=str(row.shown.get("title") or ""),
        sections=sections,
        signatures=(
            (N_("Party A (school), person in charge"), ""),
            (N_("Party B (signatory)"), signer),
        ),
        signed_on=row.raw.get("signed_on"),
    )


def _numbered(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _notice_form(ws: Workspace, fd: FormDef, row: Row, req: ReportRequest) -> RecordForm:
    from safetydesk.services import supervision

    items = supervision.notice(ws.sessions, row.uuid, _form_day(row.raw.get("issued_on"))).items
    hazard = _("The school's hazard")
    table = ItemTable(
        _("Problems and requirements"),
        [_("No."), _("Problem"), _("Basis"), _("Rectification requirement")],
        [[str(i.number), i.problem + (f"（{hazard}：{i.hazard_label}）" if i.hazard_label else ""), i.basis,
          i.requirement] for i in items],
        widths=(0.7, 5, 3, 5),
    )  # fmt: skip
    return RecordForm(
        fields=_field_rows(fd, row),
        heading=str(row.shown.get("doc_number") or ""),
        items=[table],
        attachments=_attachments(ws, fd.kind, row.uuid),
        signatures=(
            (N_("Issued by"), str(row.shown.get("issued_by") or "")),
            (N_("Signed for by"), str(row.shown.get("signed_by") or "")),
        ),
        signed_on=row.raw.get("issued_on"),
    )


def _form_day(day: Any) -> Any:
    """Read a form's notice as of today, or as of the form's own date when that is later."""
    today = clock.today()
    return max(day, today) if day else today


def reply_items(text: str) -> list[list[str]]:
    """ "隐患1：围墙裂缝 → 设警戒线 → 拆除重建中" lines as [n, problem, measures, completion]."""
    out = []
    for i, line in enumerate(_numbered(text), 1):
        parts = [p.strip() for p in re.split(r"\s*(?:→|->)\s*", line)]
        parts = [*parts, "", ""][:3] if len(parts) <= 3 else [parts[0], parts[1], " → ".join(parts[2:])]
        out.append([str(i), *parts])
    return out


def _answer_rows(ws: Workspace, row: Row) -> tuple[list[list[str]], list[str]]:
    """The reply's answers as [n, problem, measures, completion], and the township's review."""
    from safetydesk.domain import supervision as loop
    from safetydesk.services import supervision

    notice = supervision.notice(ws.sessions, row.raw["notice_uuid"], _form_day(row.raw.get("replied_on")))
    reply = next((r for r in notice.replies if r.uuid == row.uuid), None)
    if reply is None or not reply.answers:
        return reply_items(str(row.shown.get("items_measures") or "")), []
    items = {i.uuid: i for i in notice.items}
    completion = get_kind("rectification_answer").field("completion")
    rows = []
    for a in reply.answers:
        item = items.get(a.item_uuid)
        done = " ".join(p for p in (display_text(completion, a.completion), format_date(a.done_on)) if p)
        rows.append([str(item.number) if item else "", item.problem if item else "", a.measures, done])
    extra = []
    if reply.review is not None:
        decision = loop.ACCEPTED if reply.review.decision == loop.DECISION_ACCEPTED else loop.SENT_BACK
        extra.append(_("Township review ({date}): {decision}. {reason}", date=format_date(reply.review.reviewed_on),
                       decision=loop.state_label(decision), reason=reply.review.reason).rstrip(" ."))
    return rows, extra


def _reply_form(ws: Workspace, fd: FormDef, row: Row, req: ReportRequest) -> RecordForm:
    answers, review = _answer_rows(ws, row)
    table = ItemTable(
        _("Item by item"),
        [_("No."), _("Problem"), _("Measures taken"), _("Completion")],
        answers,
        widths=(0.7, 4, 4, 3),
    )
    replied_by = str(row.shown.get("replied_by_uuid") or "")
    return RecordForm(
        fields=_field_rows(fd, row, skip=("items_measures",)),
        items=[table],
        attachments=_attachments(ws, fd.kind, row.uuid),
        extra=review,
        signatures=((N_("Replied by"), replied_by), N_("Person in charge")),
        signed_on=row.raw.get("replied_on"),
    )


# --- the semester summary ----------------------------------------------------------------------

_SUMMARY_COLUMNS = (
    Field("mechanism", N_("Mechanism"), FieldKind.TEXT, width=14),
    Field("kinds", N_("Records this semester"), FieldKind.LONG_TEXT, width=46),
    Field("total", N_("Total"), FieldKind.INT, width=6),
)
_COMPLIANCE_COLUMNS = (
    Field("item", N_("Requirement"), FieldKind.TEXT, width=16),
    Field("detail", N_("Held and required"), FieldKind.TEXT, width=34),
    Field("state", N_("State"), FieldKind.TEXT, width=10),
)


def _summary_rows(ws: Workspace, sem_key: str, progress: ProgressSink, school: str | None = None
                  ) -> list[dict[str, Any]]:
    by_mech: dict[int, list[tuple[RecordKind, int]]] = {}
    kinds = [k for k in all_kinds() if k.date_field and k.mechanism]
    for index, kind in enumerate(kinds, 1):
        q = records.ListQuery(kind=kind.key, semester=sem_key, school=school)
        n = records.count(ws.sessions, q, ws.actor) if _may_list(ws, kind) else 0
        by_mech.setdefault(kind.mechanism, []).append((kind, n))
        progress.report(index, len(kinds) + 1)
    rows = []
    for m in MECHANISMS:
        entries = by_mech.get(m.number, [])
        rows.append({
            "mechanism": f"{m.number}. {_(m.title)}",
            "kinds": "；".join(_("{kind}: {n}", kind=_(k.title), n=n) for k, n in entries) or _("None"),
            "total": sum(n for _k, n in entries),
        })  # fmt: skip
    return rows


def _may_list(ws: Workspace, kind: RecordKind) -> bool:
    from safetydesk.services import policy

    try:
        policy.current().check(ws.actor, kind, "list")
    except SafetyDeskError:
        return False
    return True


def _render_summary(ws: Workspace, req: ReportRequest, progress: ProgressSink) -> int:
    if not ws.info.is_school and not req.school:
        # a township's schools are never added together: its summary is one row per school
        from safetydesk.services.report_defs import township_reports

        return township_reports.render_summary(ws, req, progress)
    cal = semester_calendar(ws.sessions)
    today = clock.today()
    sem = semester(req.semester, cal) if req.semester else current_or_next(today, cal)
    rows = _summary_rows(ws, sem.key, progress, req.school)
    if ws.info.is_school:
        items = dashboard.compute_compliance(ws.sessions, ws.info.school_type, today=today, sem_key=sem.key)
    else:
        from safetydesk.services import status

        items = status.compliance_of(ws.sessions, req.school or "", today, sem.key)
    comp_rows = [{"item": _(c.title), "detail": c.detail, "state": state_label(c.state)} for c in items]
    title = N_("Semester safety work summary")
    meta = ledgers.report_meta(ws, req.school, title=_(title), ledger=False, period_text=sem.label,
                               landscape=False)
    total = sum(r["total"] for r in rows)
    cancelled = lambda: progress.cancelled  # noqa: E731
    if req.fmt == "xlsx":
        write_ledger_xlsx(
            req.out, meta, _SUMMARY_COLUMNS, rows,
            extra_sheets={_("Compliance"): (_COMPLIANCE_COLUMNS, comp_rows)}, cancelled=cancelled,
        )  # fmt: skip
    else:
        styles = report_styles()
        counts, _n = ledger_table(meta, _SUMMARY_COLUMNS, rows, cancelled=cancelled)
        comp, _m = ledger_table(meta, _COMPLIANCE_COLUMNS, comp_rows, cancelled=cancelled)
        from reportlab.platypus import Paragraph

        intro = _(
            "{total} records of safety work were made in {semester} ({start} to {end}).",
            total=total,
            semester=sem.label,
            start=format_date(sem.start),
            end=format_date(sem.end),
        )
        if not total:
            intro += " " + _("No records in this period")
        story = [
            Paragraph(escape(intro), styles["body"]),
            Paragraph(escape(_("Records by mechanism")), styles["heading"]),
            counts,
            Paragraph(escape(_("Compliance this semester")), styles["heading"]),
            WithSignatures(meta, comp),
        ]
        build_pdf(req.out, meta, story, cancelled=cancelled, signatures=False)
    progress.report(1, 1)
    return total


# --- the catalogue ---------------------------------------------------------------------------

FORMS: tuple[FormDef, ...] = (
    FormDef("safety-check-record", N_("Safety inspection record"), "inspection"),
    FormDef(
        "drill-record", N_("Emergency evacuation drill record"), "drill", per_record=True, build=_drill_form
    ),
    FormDef("education-record", N_("Safety education activity record"), "education_session"),
    FormDef("parent-meeting-record", N_("Parent meeting record"), "parent_meeting"),
    FormDef(
        "home-visit-record",
        N_("Home visit record"),
        "home_visit",
        per_record=True,
        build=_home_visit_form,
        phones=("guardian_phone",),
        extra_rows=_add_guardian_phone,
        extra_fields=(_GUARDIAN_PHONE,),
    ),
    FormDef(
        "psych-case-record",
        N_("Psychological counselling case record"),
        "psych_case",
        per_record=True,
        build=_psych_form,
        names=("student_uuid",),
        extra_rows=_followups,
    ),
    FormDef(
        "special-group-ledger",
        N_("Special-group student ledger"),
        "special_group_student",
        names=("student_uuid", "guardian"),
        phones=("guardian_phone",),
    ),
    FormDef("dispute-ledger", N_("Conflict and dispute screening and resolution ledger"), "dispute_case"),
    FormDef("bullying-ledger", N_("School bullying screening ledger"), "bullying_case"),
    FormDef(
        "responsibility-letter",
        N_("Safety responsibility letter"),
        "responsibility_letter",
        per_record=True,
        build=_letter_form,
    ),
    FormDef(
        "rectification-notice",
        N_("Rectification notice"),
        "rectification_notice",
        per_record=True,
        build=_notice_form,
    ),
    FormDef(
        "rectification-reply",
        N_("Rectification report"),
        "rectification_reply",
        per_record=True,
        build=_reply_form,
    ),
)

for _fd in FORMS:
    register_report(
        ReportSpec(
            name=_fd.name,
            title=_fd.title,
            render=_renderer(_fd),
            per_record=_fd.per_record,
            kinds=(_fd.kind,),
        )
    )

register_report(
    ReportSpec(
        name="semester-summary",
        title=N_("Semester safety work summary"),
        render=_render_summary,
        kinds=tuple(k.key for k in all_kinds() if k.date_field and k.mechanism),
    )
)
