"""Any record kind as a ledger (台账), PDF or Excel, with the school's name and the period.

A ledger keeps the substance of its records: every exported field is printed (the Excel sheet one
field per column; the PDF folds a few related fields into one cell where the kind is wide, see
services.ledger_columns). Values read as people write them: choices by their label, references by
name or serial (never a uuid), yes/no, dates; personal data is masked unless the request shows
names (services.report_privacy). Rows run oldest first, as a ledger is kept, or by post rank where
the kind lists posts. Runs on a worker thread (the UI's long task, or a command).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from safetydesk.domain import clock
from safetydesk.domain.fields import SCHOOL_ATTR, Field
from safetydesk.domain.registry import RecordKind, get_kind
from safetydesk.domain.semester import semester
from safetydesk.i18n import _, format_date
from safetydesk.reports.excel_ledger import write_ledger_xlsx
from safetydesk.reports.layout import ReportMeta
from safetydesk.reports.pdf_ledger import write_ledger_pdf
from safetydesk.services import audit, records, report_privacy, schools
from safetydesk.services.installation import SCHOOL
from safetydesk.services.ledger_columns import excel_columns, pdf_columns, row_extras, sort_rows
from safetydesk.services.progress import NoProgress, ProgressSink
from safetydesk.services.settings import semester_calendar
from safetydesk.services.workspace import Workspace

PAGE = 2000


def period_text(ws: Workspace, query: records.ListQuery) -> str:
    parts = []
    if query.semester:
        parts.append(semester(query.semester, semester_calendar(ws.sessions)).label)
    if query.date_from or query.date_to:
        start = format_date(query.date_from) if query.date_from else "…"
        end = format_date(query.date_to) if query.date_to else "…"
        parts.append(f"{start} — {end}")
    return " ".join(parts) or _("All records up to {date}", date=format_date(clock.today()))


def ledger_title(kind: RecordKind) -> str:
    """"学生欺凌事件台账" stays as it is; "家长会" becomes "家长会台账" (never 台账台账)."""
    title = _(kind.title)
    return title if title.endswith(("台账", "ledger", "Ledger")) else _("{kind} ledger", kind=title)


def report_meta(ws: Workspace, school: str | None, *, title: str, ledger: bool = True,
                **layout: Any) -> ReportMeta:
    """The page template's header for a report about one school, or at a township about all of
    its schools: 学校：the school's name, or 乡镇中心校：the township's name (and, for a ledger, a
    学校 column). `layout` passes the other ReportMeta fields (period_text, landscape...)."""
    if school:  # at a hub the form is about the school, the copy is stamped by the hub
        seal = "" if ws.info.role == SCHOOL else ws.info.role
        return ReportMeta(school_name=schools.school_name(ws.sessions, school), title=title,
                          seal_role=seal, **layout)
    if ws.info.role != SCHOOL:  # a township's (or county's) report about all of its schools
        return ReportMeta(school_name=ws.info.org_name, title=title, org_role=ws.info.role,
                          school_column=ledger, **layout)
    return ReportMeta(school_name=ws.info.org_name, title=title, **layout)


def ledger_meta(ws: Workspace, query: records.ListQuery, *, landscape: bool = True,
                title: str | None = None) -> ReportMeta:
    kind = get_kind(query.kind)
    return report_meta(ws, query.school, title=title or ledger_title(kind),
                       period_text=period_text(ws, query), landscape=landscape)


def ledger_rows(ws: Workspace, query: records.ListQuery, *, mask_names: bool = True,
                cancelled: Callable[[], bool] | None = None) -> list[dict[str, Any]]:
    """Display rows of every record the query finds (what the actor may see), in ledger order:
    labels for choices and references, dates as dates, computed cells, personal data masked."""
    kind = get_kind(query.kind)
    query = records.ListQuery(**{**vars(query), "sort": query.sort or kind.date_field or kind.default_sort})
    found: list[records.RecordData] = []
    offset = 0
    while page := records.fetch_page(ws.sessions, query, offset, PAGE, ws.actor):
        found += page
        offset += len(page)
        if cancelled is not None and cancelled():
            break
    labels = records.reference_labels(ws.sessions, kind, found, mask_names=mask_names)
    names = schools.school_names(ws.sessions)
    rows = []
    for r in found:
        shown = {f.attr: records.display_value(f, r.values.get(f.attr), labels) for f in kind.fields}
        code = schools.row_school(kind, r.owner, r.values)  # a township's ledger of all schools prints it
        shown[SCHOOL_ATTR] = names.get(code, code)
        shown["_uuid"] = r.uuid
        shown["_values"] = r.values
        rows.append(shown)
    row_extras(ws, kind, rows)
    if mask_names:
        for row in rows:
            report_privacy.mask_row(kind, row)
    return sort_rows(kind, rows)


def _progress(progress: ProgressSink, total: int) -> Callable[[int], None]:
    return lambda n: progress.report(n, total)


def export_list_xlsx(ws: Workspace, query: records.ListQuery, out: str | Path,
                     columns: tuple[Field, ...] | None = None,
                     progress: ProgressSink | None = None, *, log_export: bool = True,
                     mask_names: bool = True, title: str | None = None) -> int:
    """Write the query's rows to `out`; returns the number of records written.
    The export is audited here unless the caller (the report catalogue) audits it itself; so are
    the right to show names (`mask_names=False`, the list page's equivalent of --show-names) and
    the audit entry of an export that shows them."""
    kind = get_kind(query.kind)
    progress = progress or NoProgress()
    if log_export and not mask_names:
        report_privacy.check_show_names(ws, [kind.key])
    rows = ledger_rows(ws, query, mask_names=mask_names, cancelled=lambda: progress.cancelled)
    n = write_ledger_xlsx(Path(out), ledger_meta(ws, query, title=title), columns or excel_columns(kind),
                          rows, progress=_progress(progress, len(rows)),
                          cancelled=lambda: progress.cancelled)
    if log_export:
        audit.log(ws.sessions, ws.actor, "export", kind.key, None, str(out))
        if not mask_names:
            report_privacy.log_shown(ws, f"{kind.key}-list", [kind.key], out)
    return n


def export_list_pdf(ws: Workspace, query: records.ListQuery, out: str | Path,
                    columns: tuple[Field, ...] | None = None,
                    progress: ProgressSink | None = None, *, mask_names: bool = True,
                    title: str | None = None) -> int:
    kind = get_kind(query.kind)
    progress = progress or NoProgress()
    rows = ledger_rows(ws, query, mask_names=mask_names, cancelled=lambda: progress.cancelled)
    write_ledger_pdf(Path(out), ledger_meta(ws, query, title=title), columns or pdf_columns(kind), rows,
                     progress=_progress(progress, len(rows)), cancelled=lambda: progress.cancelled)
    return len(rows)

