"""`safetydesk connect postgresql://USER@HOST/DB`: a second workstation of a hub on PostgreSQL.

Creates the data folder (--data-dir) bound to the installation already in that database and
fetches its key files (services.hub_join); sign in as usual afterwards. docs/postgresql.md.
"""

from __future__ import annotations

import argparse

from safetydesk.commands._context import CommandContext
from safetydesk.i18n import _


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("connect", parents=[common],
                       help=_("connect this workstation to a township or county database in PostgreSQL"))
    p.add_argument("url", metavar="postgresql://USER@HOST/DB",
                   help=_("the database of the installation (password in ~/.pgpass or PGPASSWORD)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services import hub_join

    info = hub_join.join(ctx.paths, args.url)
    if args.json:
        ctx.out_json({"code": info.org_code, "name": info.org_name, "role": info.role,
                      "data_dir": str(ctx.paths.root)})
    else:
        ctx.out(_("This workstation now works on {code} {name} (data folder {path}). Sign in with "
                  "your own account.", code=info.org_code, name=info.org_name, path=str(ctx.paths.root)))
    return 0
