"""隐患排查整改台账, the hazard ledger: the columns of domain.md §1 on the shared landscape page
template (school, title, period, page numbers, 填表人/审核人/负责人, 学校（盖章）, 年 月 日), as
PDF or Excel, for hazards found in a period (--from/--to filter on the date found).

Rows are built here (names of the staff, the 五定 parts joined as the paper form writes them) and
handed to reports/ as plain data; dates stay dates so Excel gets date cells. Every column is
named by the hazard kind's fields (a cell the paper form shares between two fields is headed
"label/label"), so the ledger never declares a field's label again; only the layout (which
fields, in which order, how wide) is the ledger's own. Column sets are built when a ledger is
written, in the language of the moment.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from safetydesk.domain.fields import SCHOOL_ATTR, Field, FieldKind
from safetydesk.domain.registry import get_kind
from safetydesk.i18n import N_, _, format_date
from safetydesk.reports.excel_ledger import write_ledger_xlsx
from safetydesk.reports.layout import ReportMeta
from safetydesk.reports.pdf_ledger import display_text, write_ledger_pdf
from safetydesk.services import records, schools
from safetydesk.services import report_catalog as catalog
from safetydesk.services.ledgers import period_text, report_meta
from safetydesk.services.progress import ProgressSink
from safetydesk.services.report_catalog import ReportRequest, ReportSpec
from safetydesk.services.workspace import Workspace

NAME = "hazard-ledger"
TITLE = N_("Hazard inspection and rectification ledger")
KIND = "hazard"
CODE_LABEL = N_("Hazard No.")  # the ledger's own numbering, not a field of the hazard

# (row key, the hazard fields the column shows, cell kind, width). Excel: every part in its own
# column where it can be, dates as date cells.
EXCEL_LAYOUT: tuple[tuple[str, tuple[str, ...], FieldKind, int], ...] = (
    ("found_on", ("found_on",), FieldKind.DATE, 11),
    ("check_type", ("check_type",), FieldKind.TEXT, 10),
    ("inspector", ("inspector_uuid",), FieldKind.TEXT, 8),
    ("category", ("category",), FieldKind.TEXT, 10),
    ("location", ("location",), FieldKind.TEXT, 14),
    ("description", ("description",), FieldKind.LONG_TEXT, 36),
    ("grade", ("grade", "risk_colour"), FieldKind.TEXT, 14),
    ("measures", ("measures",), FieldKind.LONG_TEXT, 30),
    ("responsible", ("responsible_uuid",), FieldKind.TEXT, 8),
    ("deadline", ("deadline",), FieldKind.DATE, 11),
    ("funds", ("funds_amount", "funds_source"), FieldKind.TEXT, 16),
    ("interim", ("interim_controls",), FieldKind.LONG_TEXT, 24),
    ("escalated", ("escalated_to_township",), FieldKind.BOOL, 8),
    ("done", ("done_on", "result"), FieldKind.TEXT, 24),
    ("verification", ("verifier_uuid", "verified_on"), FieldKind.TEXT, 14),
    ("status", ("status",), FieldKind.TEXT, 10),
    ("closed_on", ("closed_on",), FieldKind.DATE, 11),
)

# PDF: the paper form on landscape A4. Widths are points at the ledger's 9-pt font (a date
# "2026-10-19" just fits a 53-pt column); short parts share a cell as the paper form writes them.
PDF_LAYOUT: tuple[tuple[str, tuple[str, ...], FieldKind, int], ...] = (
    ("found", ("found_on", "check_type"), FieldKind.TEXT, 53),
    ("inspector", ("inspector_uuid",), FieldKind.TEXT, 35),
    ("category", ("category",), FieldKind.TEXT, 33),
    ("location", ("location",), FieldKind.TEXT, 46),
    ("description", ("description",), FieldKind.LONG_TEXT, 88),
    ("grade", ("grade", "risk_colour"), FieldKind.TEXT, 37),
    ("measures", ("measures",), FieldKind.LONG_TEXT, 70),
    ("responsible", ("responsible_uuid",), FieldKind.TEXT, 35),
    ("deadline", ("deadline",), FieldKind.TEXT, 53),
    ("funds", ("funds_amount", "funds_source"), FieldKind.TEXT, 44),
    ("interim", ("interim_controls",), FieldKind.LONG_TEXT, 52),
    ("escalated", ("escalated_to_township",), FieldKind.BOOL, 24),
    ("done", ("done_on", "result"), FieldKind.TEXT, 52),
    ("verification", ("verifier_uuid", "verified_on"), FieldKind.TEXT, 53),
    ("status", ("status", "closed_on"), FieldKind.TEXT, 53),
)


def _columns(layout: tuple[tuple[str, tuple[str, ...], FieldKind, int], ...], *, code: bool,
             narrow: bool = False) -> tuple[Field, ...]:
    kind = get_kind(KIND)
    out = [Field("code", CODE_LABEL, FieldKind.TEXT, width=10)] if code else []
    for key, attrs, cell, width in layout:
        fields = [kind.field(a) for a in attrs]
        names = [f.column_label if narrow else f.label for f in fields]
        # One field: its registered label (translated by the writer). Shared cell: the fields'
        # labels joined, translated now (a translated text passes the writer's _() unchanged).
        label = names[0] if len(names) == 1 else "/".join(_(n) for n in names)
        dated = cell is FieldKind.TEXT and any(f.kind in (FieldKind.DATE, FieldKind.DATETIME) for f in fields)
        out.append(replace(fields[0], attr=key, label=label, kind=cell, width=width, choices=(),
                           carries_date=dated))
    return tuple(out)


def excel_columns() -> tuple[Field, ...]:
    return _columns(EXCEL_LAYOUT, code=True)


def pdf_columns() -> tuple[Field, ...]:
    """The paper form's narrow columns take a field's short label where it has one."""
    return _columns(PDF_LAYOUT, code=False, narrow=True)


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def pdf_row(row: dict[str, Any]) -> dict[str, Any]:
    """An Excel row as the paper form prints it (ISO dates, shared cells)."""
    v = row["_values"]
    return {
        **row,
        "found": "\n".join(p for p in (_iso(row["found_on"]), row["check_type"]) if p),
        "grade": row["grade_short"],
        "deadline": _iso(row["deadline"]),
        "done": " ".join(p for p in (_iso(v.get("done_on")), v.get("result") or "") if p),
        "verification": "\n".join(p for p in (row["verifier"], _iso(v.get("verified_on"))) if p),
        "status": "\n".join(p for p in (row["status"], _iso(row["closed_on"])) if p),
    }


def _money(amount: Any) -> str:
    if amount is None:
        return ""
    text = f"{float(amount):.2f}".rstrip("0").rstrip(".")
    return text


_TEXT = Field("text", "", FieldKind.TEXT)


def _join(*parts: Any, sep: str = " ") -> str:
    return sep.join(p for p in (display_text(_TEXT, x) for x in parts) if p)


def hazard_rows(
    ws: Workspace, date_from: date | None = None, date_to: date | None = None, school: str | None = None
) -> Iterator[dict[str, Any]]:
    """Ledger rows of the hazards found in [date_from, date_to] (of one school, or all), oldest first."""
    kind = get_kind(KIND)
    f = kind.field
    q = records.ListQuery(kind=KIND, date_from=date_from, date_to=date_to, sort="found_on", school=school)
    school_names = schools.school_names(ws.sessions)
    offset = 0
    while True:
        page = records.fetch_page(ws.sessions, q, offset, 2000, ws.actor)
        if not page:
            return
        names = records.reference_labels(ws.sessions, kind, page)
        for r in page:
            v = r.values

            def label(attr: str, v: dict[str, Any] = v, names: dict[str, str] = names) -> str:
                return records.display_value(f(attr), v.get(attr), names) or ""

            grade = _join(label("grade"), label("risk_colour"), sep=" / ")
            risk = label("risk_colour").split("（")[0].split(" (")[0]
            grade_short = "\n".join(p for p in (label("grade"), risk) if p)
            funds = _join(_money(v.get("funds_amount")), v.get("funds_source"))
            done = _join(format_date(v["done_on"]) if v.get("done_on") else "", v.get("result"))
            verification = _join(
                label("verifier_uuid"), format_date(v["verified_on"]) if v.get("verified_on") else ""
            )
            interim = (v.get("interim_controls") or "").rstrip("。；; ")
            if v.get("warning_set"):
                interim = _join(interim, _(f("warning_set").label), sep="；")
            yield {
                "code": v.get("serial") or "",
                "found_on": v.get("found_on"),
                "check_type": label("check_type"),
                "inspector": label("inspector_uuid"),
                "category": label("category"),
                "location": v.get("location") or "",
                "description": v.get("description") or "",
                "grade": grade,
                "measures": v.get("measures") or "",
                "responsible": label("responsible_uuid"),
                "deadline": v.get("deadline"),
                "funds": funds,
                "interim": interim,
                "escalated": bool(v.get("escalated_to_township")),
                "done": done,
                "verification": verification,
                "status": label("status") + (_("(supervised)") if v.get("supervised_on") else ""),
                "closed_on": v.get("closed_on"),
                "grade_short": grade_short,
                "verifier": label("verifier_uuid"),
                "_values": v,
                SCHOOL_ATTR: school_names.get(r.owner, r.owner),
            }
        offset += len(page)


def meta(ws: Workspace, req: ReportRequest) -> ReportMeta:
    q = records.ListQuery(kind="hazard", date_from=req.date_from, date_to=req.date_to, semester=req.semester,
                          school=req.school)
    return report_meta(ws, req.school, title=_(TITLE), period_text=period_text(ws, q), landscape=True)


def _masked(row: dict[str, Any]) -> dict[str, Any]:
    from safetydesk.services import report_privacy

    report_privacy.mask_row(get_kind("hazard"), row)
    return row


def render(ws: Workspace, req: ReportRequest, progress: ProgressSink) -> int:
    date_from, date_to = req.date_from, req.date_to
    if req.semester:
        from safetydesk.domain.semester import semester
        from safetydesk.services.settings import semester_calendar

        sem = semester(req.semester, semester_calendar(ws.sessions))
        date_from = max(date_from, sem.start) if date_from else sem.start
        date_to = min(date_to, sem.end) if date_to else sem.end
    total = records.count(
        ws.sessions, records.ListQuery(kind="hazard", date_from=date_from, date_to=date_to, school=req.school),
        ws.actor,
    )
    rows = hazard_rows(ws, date_from, date_to, req.school)
    if req.mask_names:  # phone numbers written into the texts are masked as everywhere
        rows = (_masked(row) for row in rows)
    m = meta(ws, req)
    if req.fmt == "xlsx":
        return write_ledger_xlsx(
            req.out,
            m,
            excel_columns(),
            rows,
            progress=lambda n: progress.report(n, total),
            cancelled=lambda: progress.cancelled,
        )
    return write_ledger_pdf(
        req.out,
        m,
        pdf_columns(),
        [pdf_row(r) for r in rows],
        progress=lambda n: progress.report(n, total),
        cancelled=lambda: progress.cancelled,
    )


# The official form takes the name the generic per-kind ledger would have had (kind_ledgers
# registers only names nobody took).
catalog.register_report(ReportSpec(name=NAME, title=TITLE, render=render, kinds=("hazard",)))
