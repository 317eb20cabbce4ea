"""`safetydesk import-people FILE [--dry-run]` and `safetydesk people-template --out FILE`."""

from __future__ import annotations

import argparse
from pathlib import Path

from safetydesk.commands._context import CommandContext
from safetydesk.i18n import _


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "import-people",
        parents=[common],
        help=_("import staff, classes and students from the Excel template"),
    )
    p.add_argument("file", metavar="FILE", help=_("the filled-in template (.xlsx)"))
    p.add_argument("--dry-run", action="store_true", help=_("only check the file; import nothing"))
    p.set_defaults(func=run_import)
    p = sub.add_parser(
        "people-template",
        parents=[common],
        help=_("save the Excel template for importing staff, classes and students"),
    )
    p.add_argument("--out", metavar="FILE", required=True, help=_("output file (.xlsx)"))
    p.set_defaults(func=run_template)


def run_import(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services import people_import
    from safetydesk.services.workspace import open_workspace

    ctx.close()
    ws = open_workspace(ctx.paths)
    try:
        from safetydesk.commands._access import authenticate

        ws = authenticate(ctx, ws)
        summary = people_import.import_people(ws.sessions, ws.actor, Path(args.file), dry_run=args.dry_run)
    finally:
        ws.close()
    counts = people_import.count_text(summary)
    if summary.dry_run:
        ctx.out(_("The file is correct: {counts}. Nothing was imported (--dry-run).", counts=counts))
    else:
        ctx.out(_("Imported: {counts}.", counts=counts))
    return 0


def run_template(args: argparse.Namespace, ctx: CommandContext) -> int:
    import safetydesk.kinds  # noqa: F401  (registers the staff, class and student kinds)
    from safetydesk.services import people_import

    out = people_import.write_template(Path(args.out).resolve())
    ctx.out(_("Template saved to {path}.", path=str(out)))
    return 0
