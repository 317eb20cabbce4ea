"""`safetydesk demo`: a demo school installation full of realistic data."""

from __future__ import annotations

import argparse

from safetydesk.commands._context import CommandContext
from safetydesk.i18n import _


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[common],
                       help=_("fill the installation with demo data (an empty folder becomes a demo school)"))
    p.add_argument("--township", action="store_true",
                   help=_("make a demo township centre instead, with three demo schools whose signed, "
                          "encrypted packages it has imported (an empty folder only)"))
    p.add_argument("--county", action="store_true",
                   help=_("make a demo county bureau instead, with two demo township centres (and their demo "
                          "schools) whose reports it has imported (an empty folder only)"))
    p.set_defaults(func=run)


DEMO_PASSWORD = "demo-2026-pass"


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services import demo
    from safetydesk.services.installation import SCHOOL, InitRequest, initialise

    if args.county:
        return _county(ctx)
    if args.township:
        return _township(ctx)
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


def _township(ctx: CommandContext) -> int:
    from safetydesk.errors import SafetyDeskError
    from safetydesk.services import demo_network

    if ctx.paths.is_initialised():
        raise SafetyDeskError(_("'safetydesk demo --township' makes a new township centre in an empty folder; "
                                "{path} already holds an installation. Use another --data-dir.",
                                path=str(ctx.paths.root)))  # fmt: skip
    network = demo_network.build(ctx.paths, DEMO_PASSWORD, progress=lambda text: ctx.out("  " + text))
    ctx.out(_("Created a demo township centre in {path}; the administrator 'admin' has the password {pw}.",
              path=str(ctx.paths.root), pw=DEMO_PASSWORD))
    for code, name, _type in network.schools:
        seqs = "、".join(str(seq) for school, seq in network.imported if school == code)
        ctx.out("  " + _("{name} ({code}): {n} demo records; packages imported: {seqs}", name=name, code=code,
                         n=network.records_made.get(code, 0), seqs=seqs))
    ctx.out(_("The demo schools were made in a temporary folder and removed; the township keeps what it "
              "imported from them."))
    return 0


def _county(ctx: CommandContext) -> int:
    from safetydesk.errors import SafetyDeskError
    from safetydesk.services import demo_county

    if ctx.paths.is_initialised():
        raise SafetyDeskError(_("'safetydesk demo --county' makes a new county bureau in an empty folder; "
                                "{path} already holds an installation. Use another --data-dir.",
                                path=str(ctx.paths.root)))  # fmt: skip
    made = demo_county.build(ctx.paths, DEMO_PASSWORD, progress=lambda text: ctx.out("  " + text))
    ctx.out(_("Created a demo county bureau in {path}; the administrator 'admin' has the password {pw}.",
              path=str(ctx.paths.root), pw=DEMO_PASSWORD))
    for code, name, schools in made.townships:
        ctx.out("  " + _("{name} ({code}): {n} schools reported", name=name, code=code, n=schools))
    ctx.out(_("The demo township centres and schools were made in a temporary folder and removed; the county "
              "keeps what it imported from them."))
    return 0
