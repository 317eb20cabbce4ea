"""Printed forms of the work beyond the notice (issue 17): the written report of a major hazard
for the township (`major-hazard-report`), the township's assessment sheet of a school
(`assessment-sheet`) and the minutes of its meetings (`meeting-minutes`). The township's forms
carry the centre's seal line, not the school's. The drowning-prevention letters' ledger is in drowning_letters.py.

Reading goes through _form_base.load (the records service with the acting person), so these print
exactly what the generic forms would and obey the same access policy. Runs on a worker thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from safetydesk.domain.registry import get_kind
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import N_, _
from safetydesk.kinds.township_duties import ItemError, parse_items
from safetydesk.reports.excel_ledger import write_ledger_xlsx
from safetydesk.reports.pdf_ledger import display_text
from safetydesk.reports.record_form_pdf import FormSection, ItemTable, RecordForm, write_record_forms
from safetydesk.services import records
from safetydesk.services.progress import ProgressSink
from safetydesk.services.report_catalog import ReportRequest, ReportSpec, register_report
from safetydesk.services.report_defs._form_base import FormDef, Row, attachments, field_rows, load
from safetydesk.services.report_defs._form_base import meta as form_meta
from safetydesk.services.workspace import Workspace

# --- the written report of a major hazard ----------------------------------------------------------

MAJOR_HAZARD = FormDef(
    "major-hazard-report", N_("Written report of a major hazard"), "major_hazard_report", per_record=True
)
# The hazard's own facts printed at the head of its report (kinds/hazards.py), with labels that
# say they are the hazard's where the field's own label does not.
HAZARD_FACTS = (
    ("location", None),
    ("found_on", N_("Date the hazard was found")),
    ("category", N_("Hazard category")),
    ("grade", None),
    ("risk_colour", None),
    ("description", None),
)
# The report's text, each under its own heading (domain.md §1 [S5][S2]).
REPORT_SECTIONS = (
    ("current_state", N_("1. Present state")),
    ("causes", N_("2. Causes")),
    ("severity", N_("3. Degree of harm")),
    ("difficulty", N_("4. How hard it is to put right")),
    ("plan", N_("5. Treatment plan")),
    ("safety_measures", N_("6. Safety measures and emergency plan meanwhile")),
)
REPORT_FIELDS = (
    "report_no",
    "reported_on",
    "reported_to",
    "funds_amount",
    "funds_source",
    "deadline",
    "responsible_uuid",
)


def _hazard_facts(ws: Workspace, uuid: str | None) -> list[tuple[str, str]]:
    if not uuid:
        return []
    kind = get_kind("hazard")
    try:
        hazard = records.get(ws.sessions, "hazard", uuid, ws.actor)
    except SafetyDeskError:
        return []
    labels = records.reference_labels(ws.sessions, kind, [hazard])
    out = []
    for attr, label in HAZARD_FACTS:
        f = kind.field(attr)
        shown = display_text(f, records.display_value(f, hazard.values.get(attr), labels))
        out.append((_(label or f.label), shown))
    return out


def _major_hazard_form(ws: Workspace, fd: FormDef, row: Row, req: ReportRequest) -> RecordForm:
    kind = get_kind(fd.kind)
    mine = [(_(kind.field(a).label), display_text(kind.field(a), row.shown.get(a))) for a in REPORT_FIELDS]
    sections = [
        FormSection(_(heading), str(row.raw.get(attr) or _("None")))
        for attr, heading in REPORT_SECTIONS
        if attr in ("current_state", "causes", "severity", "plan") or row.raw.get(attr)
    ]
    reporter = str(row.shown.get("reporter_uuid") or "")
    return RecordForm(
        fields=mine[:3] + _hazard_facts(ws, row.raw.get("hazard_uuid")) + mine[3:],
        heading=str(row.shown.get("title") or ""),
        sections=sections,
        attachments=attachments(ws, fd.kind, row.uuid),
        signatures=((N_("Filled in by"), reporter), N_("Principal (signature)")),
        signed_on=row.raw.get("reported_on"),
    )


# --- the township's assessment sheet ----------------------------------------------------------------

ASSESSMENT = FormDef(
    "assessment-sheet", N_("School safety work assessment sheet"), "assessment_sheet", per_record=True
)
SHEET_SIGNATURES = (
    N_("Assessment team members"),
    N_("Head of the school assessed"),
    N_("Township centre (seal)"),
)


def _number(value: float) -> str:
    return f"{value:g}"


def _items_table(row: Row) -> ItemTable:
    columns = [_("No."), _("Assessment item"), _("Full marks"), _("Points"), _("Evidence and deductions")]
    try:
        items = parse_items(row.raw.get("items"))
    except ItemError:  # a sheet that arrived unchecked: print its text as it stands
        return ItemTable(
            _("Scores by item"),
            columns,
            [["", str(row.raw.get("items") or ""), "", "", ""]],
            widths=(0.6, 4, 1, 1, 5),
        )
    body = [
        [str(n), i.item, _number(i.full_marks), _number(i.points), i.evidence] for n, i in enumerate(items, 1)
    ]
    total = row.raw.get("total_score")
    body.append(
        [
            "",
            _("Total"),
            _number(sum(i.full_marks for i in items)),
            _number(total) if total is not None else "",
            str(row.shown.get("grade") or ""),
        ]
    )
    return ItemTable(_("Scores by item"), columns, body, widths=(0.6, 4, 1, 1, 5))


def _assessment_form(ws: Workspace, fd: FormDef, row: Row, req: ReportRequest) -> RecordForm:
    remarks = str(row.raw.get("remarks") or "")
    return RecordForm(
        fields=field_rows(fd, row, skip=("title", "items", "remarks", "school_code")),
        heading=str(row.shown.get("title") or ""),
        items=[_items_table(row)],
        sections=[FormSection(_("Problems found and what must be put right"), remarks)] if remarks else [],
        attachments=attachments(ws, fd.kind, row.uuid),
        signed_on=row.raw.get("assessed_on"),
    )


# --- minutes of the township's meetings ----------------------------------------------------------------

MINUTES = FormDef("meeting-minutes", N_("Meeting minutes"), "township_meeting", per_record=True)
MINUTES_SIGNATURES = (N_("Minutes taken by"), N_("Chaired by"), N_("Township centre (seal)"))


def _minutes_form(ws: Workspace, fd: FormDef, row: Row, req: ReportRequest) -> RecordForm:
    sections = [FormSection(_("Minutes of the meeting"), str(row.raw.get("minutes") or ""))]
    if row.raw.get("decisions"):
        sections.append(FormSection(_("Decisions taken"), str(row.raw["decisions"])))
    return RecordForm(
        fields=field_rows(fd, row, skip=("topic", "minutes", "decisions", "recorder", "chair")),
        heading=str(row.shown.get("topic") or ""),
        sections=sections,
        attachments=attachments(ws, fd.kind, row.uuid),
        signatures=(
            (N_("Minutes taken by"), str(row.shown.get("recorder") or "")),
            (N_("Chaired by"), str(row.shown.get("chair") or "")),
            N_("Township centre (seal)"),
        ),
        signed_on=row.raw.get("held_on"),
    )


def _form_renderer(fd: FormDef, build: Any, **meta_changes: Any) -> Any:
    def render(ws: Workspace, req: ReportRequest, progress: ProgressSink) -> int:
        rows = load(ws, fd, req)
        cancelled = lambda: progress.cancelled  # noqa: E731
        if req.fmt == "xlsx":
            kind = get_kind(fd.kind)
            meta = form_meta(ws, fd, req, landscape=True)
            return write_ledger_xlsx(
                req.out,
                meta,
                kind.exported_fields,
                [r.shown for r in rows],
                progress=lambda n: progress.report(n, len(rows)),
                cancelled=cancelled,
            )
        meta = replace(form_meta(ws, fd, req, landscape=False), **meta_changes)
        forms: Iterator[RecordForm] = (build(ws, fd, r, req) for r in rows)
        return write_record_forms(
            req.out, meta, forms, progress=lambda n: progress.report(n, len(rows)), cancelled=cancelled
        )

    return render


register_report(
    ReportSpec(
        name=MAJOR_HAZARD.name,
        title=MAJOR_HAZARD.title,
        per_record=True,
        render=_form_renderer(MAJOR_HAZARD, _major_hazard_form),
        kinds=(MAJOR_HAZARD.kind,),
    )
)
register_report(
    ReportSpec(
        name=ASSESSMENT.name,
        title=ASSESSMENT.title,
        per_record=True,
        render=_form_renderer(ASSESSMENT, _assessment_form, signatures=SHEET_SIGNATURES, show_seal=False),
        kinds=(ASSESSMENT.kind,),
    )
)
register_report(
    ReportSpec(
        name=MINUTES.name,
        title=MINUTES.title,
        per_record=True,
        render=_form_renderer(MINUTES, _minutes_form, signatures=MINUTES_SIGNATURES, show_seal=False),
        kinds=(MINUTES.kind,),
    )
)
