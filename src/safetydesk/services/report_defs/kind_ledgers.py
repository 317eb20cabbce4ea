"""A ledger for every record kind, straight from the registry: `<kind>-ledger` as PDF or Excel.

Specialised forms (hazard ledger, drill record, incident reports...) live in their own modules;
these generic ledgers make sure every kind can be printed and inspected on paper. The columns,
computed cells and row order are services.ledger_columns'; the title is the catalogue's, so the
paper says what the list says.
"""

from __future__ import annotations

from safetydesk.domain.registry import RecordKind, all_kinds
from safetydesk.i18n import N_, _
from safetydesk.services import ledgers, records
from safetydesk.services.progress import ProgressSink
from safetydesk.services.report_catalog import ReportRequest, ReportSpec, is_registered, register_report
from safetydesk.services.workspace import Workspace

# Ledgers with an official title of their own; the names they had as separate forms (which printed
# the same records) remain as aliases.
OFFICIAL: dict[str, tuple[str, tuple[str, ...]]] = {
    "special_group_student": (N_("Special-group student ledger"), ("special-group-ledger",)),
    "dispute_case": (N_("Conflict and dispute screening and resolution ledger"), ("dispute-ledger",)),
    "bullying_case": (N_("School bullying screening ledger"), ("bullying-ledger",)),
}


def _renderer(kind: RecordKind):
    def render(ws: Workspace, req: ReportRequest, progress: ProgressSink) -> int:
        q = records.ListQuery(kind=kind.key, date_from=req.date_from, date_to=req.date_to,
                              semester=req.semester, school=req.school)
        title = ledger_title(kind)
        if req.fmt == "xlsx":
            return ledgers.export_list_xlsx(ws, q, req.out, progress=progress, log_export=False,
                                            mask_names=req.mask_names, title=title)
        return ledgers.export_list_pdf(ws, q, req.out, progress=progress, mask_names=req.mask_names,
                                       title=title)

    return render


def ledger_name(kind: RecordKind) -> str:
    return f"{kind.key.replace('_', '-')}-ledger"


def ledger_title(kind: RecordKind) -> str:
    official = OFFICIAL.get(kind.key)
    return _(official[0]) if official else ledgers.ledger_title(kind)


def _register_missing() -> None:
    """Generic ledgers for kinds whose `<kind>-ledger` no specialised module registered.

    Runs after every other report module (the catalogue loads this module last)."""
    for kind in all_kinds():
        if not is_registered(ledger_name(kind)):
            register_report(ReportSpec(
                name=ledger_name(kind),
                title=lambda k=kind: ledger_title(k),
                render=_renderer(kind), kinds=(kind.key,),
                aliases=OFFICIAL.get(kind.key, ("", ()))[1]))
