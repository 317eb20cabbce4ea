"""The machinery of official forms (issue 7): a form about one record, or a ledger of a period.

A per-record form prints each record from a new page as a label | value table (then a form's own
sections, item tables and signatures), or only the record named by `--record`; its header names
no period (it is about one record, not "all records up to today"). Names and phone numbers are
masked unless the request shows names (services.report_privacy); the record's serial heads the
form. Reading goes through the records service with the acting person, so the access policy
decides who may print restricted forms. Runs on a worker thread (CPU and file work).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select

from safetydesk.domain.fields import SCHOOL_ATTR, Field, FieldKind
from safetydesk.domain.registry import get_kind
from safetydesk.domain.serials import SERIAL_ATTR
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _
from safetydesk.models.org import Attachment
from safetydesk.reports.excel_ledger import write_ledger_xlsx
from safetydesk.reports.layout import ReportMeta
from safetydesk.reports.pdf_ledger import display_text, write_ledger_pdf
from safetydesk.reports.record_form_pdf import RecordForm, write_record_forms
from safetydesk.services import ledger_columns, ledgers, records, report_privacy, schools
from safetydesk.services.progress import ProgressSink
from safetydesk.services.report_catalog import ReportRequest, ReportSpec, register_report
from safetydesk.services.workspace import Workspace

PAGE = 500


@dataclass
class Row:
    uuid: str
    raw: dict[str, Any]
    shown: dict[str, Any]  # display values (references named, choices translated; dates stay dates)


Builder = Callable[[Workspace, "FormDef", Row, ReportRequest], RecordForm]


@dataclass(frozen=True)
class FormDef:
    name: str
    title: str  # N_()-marked official title
    kind: str
    per_record: bool = False
    landscape: bool = True
    build: Builder | None = None
    extra_rows: Callable[[Workspace, list[Row], ReportRequest], None] | None = None  # computed values
    extra_fields: tuple[Field, ...] = ()
    skip: tuple[str, ...] = ()  # fields the form prints elsewhere (a section, a signature)
    aliases: tuple[str, ...] = ()


# --- reading ---------------------------------------------------------------------------------


def query(fd: FormDef, req: ReportRequest) -> records.ListQuery:
    kind = get_kind(fd.kind)
    return records.ListQuery(
        kind=fd.kind, date_from=req.date_from, date_to=req.date_to, semester=req.semester,
        sort=kind.date_field, school=req.school,
    )  # fmt: skip


def load(ws: Workspace, fd: FormDef, req: ReportRequest) -> list[Row]:
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
        found, offset, q = [], 0, query(fd, req)
        while page := records.fetch_page(ws.sessions, q, offset, PAGE, ws.actor):
            found += page
            offset += len(page)
    labels = records.reference_labels(ws.sessions, kind, found, mask_names=req.mask_names)
    names = schools.school_names(ws.sessions)
    rows = []
    for r in found:  # each row knows its school: a township's ledger of all schools prints it
        code = schools.row_school(kind, r.owner, r.values)
        shown = {f.attr: records.display_value(f, r.values.get(f.attr), labels) for f in kind.fields}
        rows.append(Row(r.uuid, {**r.values, SCHOOL_ATTR: code}, {**shown, SCHOOL_ATTR: names.get(code, code)}))
    shown = [{**r.shown, "_uuid": r.uuid, "_values": r.raw} for r in rows]
    ledger_columns.row_extras(ws, kind, shown)
    for row, computed in zip(rows, shown, strict=True):
        row.shown = computed
    if fd.extra_rows is not None:
        fd.extra_rows(ws, rows, req)
    if req.mask_names:
        for row in rows:
            report_privacy.mask_row(kind, row.shown)
    return rows


def attachments(ws: Workspace, kind: str, uuid: str) -> list[str]:
    from safetydesk.services.field_crypto import plain_column  # a sensitive record's are sealed

    with ws.sessions() as s:
        stmt = (
            select(plain_column(Attachment, "filename"), plain_column(Attachment, "caption"))
            .where(
                Attachment.record_kind == kind,
                Attachment.record_uuid == uuid,
                Attachment.deleted_at.is_(None),
            )
            .order_by(Attachment.created_at)
        )
        return [f"{name}（{cap}）" if cap else name for name, cap in s.execute(stmt)]


# --- shared pieces ---------------------------------------------------------------------------


def columns(fd: FormDef, *, pdf: bool) -> tuple[Field, ...]:
    kind = get_kind(fd.kind)
    base = ledger_columns.pdf_columns(kind) if pdf else ledger_columns.excel_columns(kind)
    return base + fd.extra_fields


def printed_fields(fd: FormDef) -> tuple[Field, ...]:
    """The fields a per-record form lists: what the kind exports (no program keys), its serial
    first, then the form's computed ones."""
    kind = get_kind(fd.kind)
    fields = [f for f in kind.exported_fields if f.attr not in fd.skip]
    fields.sort(key=lambda f: f.attr != SERIAL_ATTR)
    return (*fields, *fd.extra_fields)


def meta(ws: Workspace, fd: FormDef, req: ReportRequest, *, landscape: bool, rows: Sequence[Row] = (),
         ledger: bool = True) -> ReportMeta:
    """A ledger names its period; a form about one record names none (its own date says it).
    The header names one school (--school, or forms all about one school), else at a township
    the township centre with a 学校 column on ledgers (ledgers.report_meta)."""
    period = "" if (fd.per_record and req.fmt == "pdf") else ledgers.period_text(ws, query(fd, req))
    school = req.school
    found = {r.raw[SCHOOL_ATTR] for r in rows}
    if not school and not ledger and len(found) == 1:
        school = found.pop()
    return ledgers.report_meta(ws, school, title=_(fd.title), ledger=ledger, period_text=period,
                               landscape=landscape)


def text(f: Field, row: Row) -> str:
    return display_text(f, row.shown.get(f.attr))


def field_rows(fd: FormDef, row: Row, skip: Sequence[str] = ()) -> list[tuple[str, str]]:
    return [(_(f.label), text(f, row)) for f in printed_fields(fd) if f.attr not in skip]


def generic_form(ws: Workspace, fd: FormDef, row: Row, req: ReportRequest) -> RecordForm:
    kind = get_kind(fd.kind)
    title_field = kind.title_field
    heading = (
        text(kind.field(title_field), row)
        if title_field and kind.field(title_field).kind is FieldKind.TEXT
        else ""
    )
    return RecordForm(fields=field_rows(fd, row), heading=heading, attachments=attachments(ws, fd.kind, row.uuid))


def with_form(form: RecordForm, **changes: Any) -> RecordForm:
    return replace(form, **changes)


def _progress(progress: ProgressSink, total: int) -> Callable[[int], None]:
    return lambda n: progress.report(n, total)


def renderer(fd: FormDef) -> Callable[[Workspace, ReportRequest, ProgressSink], int]:
    def render(ws: Workspace, req: ReportRequest, progress: ProgressSink) -> int:
        rows = load(ws, fd, req)
        cancelled = lambda: progress.cancelled  # noqa: E731
        if req.fmt == "xlsx":
            return write_ledger_xlsx(
                req.out, meta(ws, fd, req, landscape=True), columns(fd, pdf=False), [r.shown for r in rows],
                progress=_progress(progress, len(rows)), cancelled=cancelled,
            )  # fmt: skip
        if fd.per_record:
            build = fd.build or generic_form
            forms: Iterator[RecordForm] = (build(ws, fd, r, req) for r in rows)
            return write_record_forms(
                req.out, meta(ws, fd, req, landscape=False, rows=rows, ledger=False), forms,
                progress=_progress(progress, len(rows)),
                cancelled=cancelled,
            )  # fmt: skip
        return write_ledger_pdf(
            req.out, meta(ws, fd, req, landscape=fd.landscape), columns(fd, pdf=True),
            [r.shown for r in rows], progress=_progress(progress, len(rows)), cancelled=cancelled,
        )  # fmt: skip

    return render


def register_forms(forms: Sequence[FormDef]) -> None:
    for fd in forms:
        register_report(
            ReportSpec(
                name=fd.name,
                title=fd.title,
                render=renderer(fd),
                per_record=fd.per_record,
                kinds=(fd.kind,),
                aliases=fd.aliases,
            )
        )
