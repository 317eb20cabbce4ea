"""`safetydesk report`: print any form or ledger to PDF or Excel."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from safetydesk.commands._arg_types import semester_key
from safetydesk.commands._context import CommandContext
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a date (write 2026-09-01): {text}", text=text)) from None


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("report", parents=[common], help=_("print a form or ledger to PDF or Excel"))
    p.add_argument("name", nargs="?", metavar="NAME", help=_("report name (see --list)"))
    p.add_argument("--list", action="store_true", help=_("name every report"))
    p.add_argument("--json", action="store_true", help=_("with --list: print JSON"))
    p.add_argument("--out", metavar="FILE", help=_("output file, .pdf or .xlsx"))
    p.add_argument("--from", dest="date_from", type=_date, metavar="DATE", help=_("period start"))
    p.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help=_("period end"))
    p.add_argument("--semester", metavar="SEMESTER", type=semester_key,
                   help=_("a semester such as 2026-autumn"))
    p.add_argument("--record", metavar="ID", help=_("the record a form is about"))
    p.add_argument("--incident", metavar="ID", help=_("the incident an incident report is about"))
    p.add_argument("--number", type=int, metavar="N",
                   help=_("which follow-up report (续报) to print; default the latest"))
    p.add_argument("--school", metavar="CODE",
                   help=_("only this school's records, headed with its name (at a township: one of its "
                          "trusted schools; without it a township's report covers every school)"))
    p.add_argument("--show-names", action="store_true",
                   help=_("print names and phone numbers in full instead of masking them (needs an "
                          "account allowed to read the report's records; the audit log records it)"))
    p.set_defaults(func=run)


def _record_id(args: argparse.Namespace) -> str | None:
    record = args.record or args.incident
    if record and args.number:
        return f"{record}:{args.number}"  # incident-followup: 续报 number N
    return record


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services.report_catalog import (
        ReportRequest,
        all_reports,
        get_report,
        printed_title,
        render,
        report_title,
    )

    if args.list:
        reports = all_reports()
        if args.json:
            ctx.out_json([{"name": r.name, "title": report_title(r), "formats": list(r.formats),
                           "per_record": r.per_record, "aliases": list(r.aliases)} for r in reports])
        else:
            for r in reports:
                ctx.out(f"{r.name:<28} {report_title(r)}  ({', '.join(r.formats)})")
        return 0
    if not args.name or not args.out:
        raise SafetyDeskError(_("Name a report and an output file: safetydesk report NAME --out FILE.pdf"))
    if args.semester and (args.date_from or args.date_to):
        raise SafetyDeskError(_("Give either --semester or --from/--to, not both."))
    spec = get_report(args.name)
    from safetydesk.services.progress import NoProgress
    from safetydesk.services.workspace import open_workspace

    ctx.close()
    ws = open_workspace(ctx.paths)
    try:
        from safetydesk.commands._access import authenticate

        ws = authenticate(ctx, ws)
        request = ReportRequest(out=Path(args.out).resolve(), date_from=args.date_from,
                                date_to=args.date_to, semester=args.semester,
                                record=_record_id(args), mask_names=not args.show_names,
                                school=args.school or None)
        from safetydesk.services import read_audit

        with read_audit.recording() as revealed:  # every protected record the report shows
            n = render(ws, spec, request, NoProgress())
            title = printed_title(ws, spec, request)
        read_audit.log_reads(ws.sessions, ws.actor, revealed.unlogged(), f"report {spec.name}")
    finally:
        ws.close()
    ctx.out(_("Wrote {title} ({n} records) to {path}", title=title, n=n, path=str(request.out)))
    return 0
