"""Any record list, as filtered, to an Excel or PDF ledger with the school's name and period."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from safetydesk.domain import clock
from safetydesk.domain.fields import Field
from safetydesk.domain.registry import get_kind
from safetydesk.domain.semester import semester
from safetydesk.i18n import _, format_date
from safetydesk.reports.excel_ledger import write_ledger_xlsx
from safetydesk.reports.layout import ReportMeta
from safetydesk.reports.pdf_ledger import write_ledger_pdf
from safetydesk.services import audit, records, schools
from safetydesk.services.installation import TOWNSHIP
from safetydesk.services.progress import NoProgress, ProgressSink
from safetydesk.services.settings import semester_calendar
from safetydesk.services.workspace import Workspace


def period_text(ws: Workspace, query: records.ListQuery) -> str:
    parts = []
    if query.semester:
        parts.append(semester(query.semester, semester_calendar(ws.sessions)).label)
    if query.date_from or query.date_to:
        start = format_date(query.date_from) if query.date_from else "…"
        end = format_date(query.date_to) if query.date_to else "…"
        parts.append(f"{start} — {end}")
    return " ".join(parts) or _("All records up to {date}", date=format_date(clock.today()))


def report_meta(ws: Workspace, school: str | None, *, title: str, ledger: bool = True,
                **layout: Any) -> ReportMeta:
    """The page template's header for a report about one school, or at a township about all of
    its schools: 学校：the school's name, or 乡镇中心校：the township's name (and, for a ledger, a
    学校 column). `layout` passes the other ReportMeta fields (period_text, landscape...)."""
    if school:
        return ReportMeta(school_name=schools.school_name(ws.sessions, school), title=title, **layout)
    if ws.info.role == TOWNSHIP:
        return ReportMeta(school_name=ws.info.org_name, title=title, org_role=TOWNSHIP,
                          school_column=ledger, **layout)
    return ReportMeta(school_name=ws.info.org_name, title=title, **layout)


def ledger_meta(ws: Workspace, query: records.ListQuery, *, landscape: bool = True) -> ReportMeta:
    kind = get_kind(query.kind)
    return report_meta(ws, query.school, title=_("{kind} ledger", kind=_(kind.title)),
                       period_text=period_text(ws, query), landscape=landscape)


def export_list_xlsx(ws: Workspace, query: records.ListQuery, out: str | Path,
                     columns: tuple[Field, ...] | None = None,
                     progress: ProgressSink | None = None, *, log_export: bool = True) -> int:
    """Write the query's rows to `out`; returns the number of records written.
    The export is audited here unless the caller (the report catalogue) audits it itself."""
    kind = get_kind(query.kind)
    progress = progress or NoProgress()
    total = records.count(ws.sessions, query, ws.actor)
    cols = columns or kind.exported_fields
    rows = records.display_rows(ws.sessions, query, columns=cols, actor=ws.actor)
    n = write_ledger_xlsx(Path(out), ledger_meta(ws, query), cols, rows,
                          progress=lambda n: progress.report(n, total),
                          cancelled=lambda: progress.cancelled)
    if log_export:
        audit.log(ws.sessions, ws.actor, "export", kind.key, None, str(out))
    return n


def export_list_pdf(ws: Workspace, query: records.ListQuery, out: str | Path,
                    columns: tuple[Field, ...] | None = None,
                    progress: ProgressSink | None = None) -> int:
    kind = get_kind(query.kind)
    progress = progress or NoProgress()
    total = records.count(ws.sessions, query, ws.actor)
    cols = columns or kind.table_fields
    rows = list(records.display_rows(ws.sessions, query, columns=cols, actor=ws.actor))
    write_ledger_pdf(Path(out), ledger_meta(ws, query), cols, rows,
                     progress=lambda n: progress.report(n, total),
                     cancelled=lambda: progress.cancelled)
    return len(rows)
