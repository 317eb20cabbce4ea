"""`safetydesk demo`: a demo school installation full of realistic data."""

from __future__ import annotations

import argparse

from safetydesk.commands._context import CommandContext
from safetydesk.i18n import _


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[common],
                       help=_("fill the installation with demo data (an empty folder becomes a demo school)"))
    p.set_defaults(func=run)


DEMO_PASSWORD = "demo-2026-pass"


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services import demo
    from safetydesk.services.installation import SCHOOL, InitRequest, initialise

    if not ctx.paths.is_initialised():
        storage = initialise(ctx.paths, InitRequest(
            role=SCHOOL, code=demo.DEMO_SCHOOL["code"], name=demo.DEMO_SCHOOL["name"],
            township_code=demo.DEMO_SCHOOL["township_code"],
            township_name=demo.DEMO_SCHOOL["township_name"], admin_password=DEMO_PASSWORD,
            is_demo=True))
        storage.close()
        ctx.out(_("Created a demo school in {path}; the administrator 'admin' has the password {pw}.",
                  path=str(ctx.paths.root), pw=DEMO_PASSWORD))
    else:
        from safetydesk.commands._access import require_access
        from safetydesk.domain.registry import get_kind

        # demo data includes protected records (psychological cases...): writing them into an
        # existing installation needs an account that may see them
        require_access(ctx, get_kind("psych_case"))
    made = demo.fill(ctx.storage().sessions)
    ctx.out(_("Demo data added: {n} records.", n=sum(made.values())))
    for key, n in made.items():
        ctx.out(f"  {demo.kind_title(key)}: {n}")
    return 0
