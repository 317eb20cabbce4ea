"""隐患排查整改台账, the hazard ledger: the columns of domain.md §1 on the shared landscape page
template (school, title, period, page numbers, 填表人/审核人/负责人, 学校（盖章）, 年 月 日), as
PDF or Excel, for hazards found in a period (--from/--to filter on the date found).

Rows are built here (names of the staff, the 五定 parts joined as the paper form writes them) and
handed to reports/ as plain data; dates stay dates so Excel gets date cells.
"""

from __future__ import annotations

from collections.abc import Iterator
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

COLUMNS = (  # Excel: every part in its own column, dates as date cells
    Field("code", N_("Hazard No."), FieldKind.TEXT, width=10),
    Field("found_on", N_("Date found"), FieldKind.DATE, width=11),
    Field("check_type", N_("Type of check"), FieldKind.TEXT, width=10),
    Field("inspector", N_("Inspector"), FieldKind.TEXT, width=8),
    Field("category", N_("Category"), FieldKind.TEXT, width=10),
    Field("location", N_("Location"), FieldKind.TEXT, width=14),
    Field("description", N_("Description"), FieldKind.LONG_TEXT, width=36),
    Field("grade", N_("Grade / risk level"), FieldKind.TEXT, width=14),
    Field("measures", N_("Rectification measures"), FieldKind.LONG_TEXT, width=30),
    Field("responsible", N_("Person responsible"), FieldKind.TEXT, width=8),
    Field("deadline", N_("Deadline"), FieldKind.DATE, width=11),
    Field("funds", N_("Funds (yuan) and source"), FieldKind.TEXT, width=16),
    Field("interim", N_("Interim protection or emergency measures"), FieldKind.LONG_TEXT, width=24),
    Field("escalated", N_("Reported to the authorities"), FieldKind.BOOL, width=8),
    Field("done", N_("Date rectified and result"), FieldKind.TEXT, width=24),
    Field("verification", N_("Verifier and date"), FieldKind.TEXT, width=14),
    Field("status", N_("Status"), FieldKind.TEXT, width=10),
    Field("closed_on", N_("Date struck off"), FieldKind.DATE, width=11),
)

# PDF: the paper form on landscape A4. Widths are points at the ledger's 9-pt font (a date
# "2026-10-19" just fits a 53-pt column); short parts share a cell as the paper form writes them.
PDF_COLUMNS = (
    Field("found", N_("Date found / type"), FieldKind.TEXT, width=53),
    Field("inspector", N_("Inspector"), FieldKind.TEXT, width=35),
    Field("category", N_("Category"), FieldKind.TEXT, width=33),
    Field("location", N_("Location"), FieldKind.TEXT, width=46),
    Field("description", N_("Description"), FieldKind.LONG_TEXT, width=88),
    Field("grade", N_("Grade / risk"), FieldKind.TEXT, width=37),
    Field("measures", N_("Rectification measures"), FieldKind.LONG_TEXT, width=70),
    Field("responsible", N_("Person responsible"), FieldKind.TEXT, width=35),
    Field("deadline", N_("Deadline"), FieldKind.TEXT, width=53),
    Field("funds", N_("Funds and source"), FieldKind.TEXT, width=44),
    Field("interim", N_("Interim protection or emergency measures"), FieldKind.LONG_TEXT, width=52),
    Field("escalated", N_("Reported"), FieldKind.BOOL, width=24),
    Field("done", N_("Date rectified and result"), FieldKind.TEXT, width=52),
    Field("verification", N_("Verifier and date"), FieldKind.TEXT, width=53),
    Field("status", N_("Status / date struck off"), FieldKind.TEXT, width=53),
)


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


def _join(*parts: Any, sep: str = " ") -> str:
    return sep.join(p for p in (display_text(COLUMNS[0], x) for x in parts) if p)


def hazard_rows(
    ws: Workspace, date_from: date | None = None, date_to: date | None = None, school: str | None = None
) -> Iterator[dict[str, Any]]:
    """Ledger rows of the hazards found in [date_from, date_to] (of one school, or all), oldest first."""
    kind = get_kind("hazard")
    f = kind.field
    q = records.ListQuery(kind="hazard", date_from=date_from, date_to=date_to, sort="found_on", school=school)
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
                interim = _join(interim, _("Warning line or signs set"), sep="；")
            yield {
                "code": r.uuid[:8].upper(),
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
    m = meta(ws, req)
    if req.fmt == "xlsx":
        return write_ledger_xlsx(
            req.out,
            m,
            COLUMNS,
            rows,
            progress=lambda n: progress.report(n, total),
            cancelled=lambda: progress.cancelled,
        )
    return write_ledger_pdf(
        req.out,
        m,
        PDF_COLUMNS,
        [pdf_row(r) for r in rows],
        progress=lambda n: progress.report(n, total),
        cancelled=lambda: progress.cancelled,
    )


# The official form takes the name the generic per-kind ledger would have had (kind_ledgers
# registers only names nobody took).
catalog.register_report(ReportSpec(name=NAME, title=TITLE, render=render, kinds=("hazard",)))
