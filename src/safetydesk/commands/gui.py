"""`safetydesk selftest`: prove the GUI starts and every page opens."""

from __future__ import annotations

import argparse

from safetydesk.commands._context import CommandContext
from safetydesk.i18n import _


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("selftest", parents=[common],
                       help=_("start the window offscreen, open every page, report the first failure"))
    p.add_argument("--startup-only", action="store_true",
                   help=_("only show the main window once and exit (for the start-up benchmark)"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.ui.selftest import run_selftest

    return run_selftest(ctx.paths, ctx.lang, startup_only=args.startup_only)
