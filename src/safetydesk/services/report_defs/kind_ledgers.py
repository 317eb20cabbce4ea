"""A ledger for every record kind, straight from the registry: `<kind>-ledger` as PDF or Excel.

Specialised forms (hazard ledger, drill record, incident reports...) live in their own modules;
these generic ledgers make sure every kind can be printed and inspected on paper.
"""

from __future__ import annotations

from safetydesk.domain.registry import RecordKind, all_kinds
from safetydesk.i18n import _
from safetydesk.services import ledgers, records
from safetydesk.services.progress import ProgressSink
from safetydesk.services.report_catalog import ReportRequest, ReportSpec, is_registered, register_report
from safetydesk.services.workspace import Workspace


def _renderer(kind: RecordKind):
    def render(ws: Workspace, req: ReportRequest, progress: ProgressSink) -> int:
        q = records.ListQuery(kind=kind.key, date_from=req.date_from, date_to=req.date_to,
                              semester=req.semester, school=req.school)
        if req.fmt == "xlsx":
            return ledgers.export_list_xlsx(ws, q, req.out, progress=progress, log_export=False)
        return ledgers.export_list_pdf(ws, q, req.out, progress=progress)

    return render


def ledger_name(kind: RecordKind) -> str:
    return f"{kind.key.replace('_', '-')}-ledger"


def ledger_title(kind: RecordKind) -> str:
    """"学生欺凌事件台账" stays as it is; "家长会" becomes "家长会台账"."""
    title = _(kind.title)
    return title if title.endswith(("台账", "ledger", "Ledger")) else _("{kind} ledger", kind=title)


def _register_missing() -> None:
    """Generic ledgers for kinds whose `<kind>-ledger` no specialised module registered.

    Runs after every other report module (the catalogue loads this module last)."""
    for kind in all_kinds():
        if not is_registered(ledger_name(kind)):
            register_report(ReportSpec(
                name=ledger_name(kind),
                title=lambda k=kind: ledger_title(k),
                render=_renderer(kind), kinds=(kind.key,)))

