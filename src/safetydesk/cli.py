"""Command line: `safetydesk [global options] [COMMAND ...]`; no command opens the GUI.

Exit codes: 0 done; 1 refused or failed (one line on stderr, in the UI language, saying why and
what to do); 2 usage error. Commands that need no window never create a QApplication.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from safetydesk import APP_ID, __version__
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import LANGUAGES, _, language_from_env, set_language
from safetydesk.paths import DataPaths, resolve_data_dir

log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors in the UI language, exiting 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        label = _("usage error")  # outside the f-string, where the catalogue extractor finds it
        sys.stderr.write(f"{self.prog}: {label}: {message}\n")
        raise SystemExit(2)


def _common_options(*, suppress: bool) -> argparse.ArgumentParser:
    """Global options, accepted before the command and (suppressed defaults) after it."""
    default = argparse.SUPPRESS if suppress else None
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--data-dir", metavar="DIR", default=default,
                   help=_("data folder of the installation (default: the platform's user data "
                          "folder, or $SAFETYDESK_DATA_DIR)"))
    p.add_argument("--lang", choices=LANGUAGES, default=default,
                   help=_("user-interface language (default: zh_CN)"))
    p.add_argument("--user", metavar="NAME", default=default,
                   help=_("account to act as (or $SAFETYDESK_USER)"))
    p.add_argument("--password-file", metavar="FILE", default=default,
                   help=_("file holding that account's password (or $SAFETYDESK_PASSWORD_FILE)"))
    return p


def build_parser() -> argparse.ArgumentParser:
    from safetydesk.commands import command_modules

    parser = _Parser(prog=APP_ID, parents=[_common_options(suppress=False)],
                     description=_("SafetyDesk: school safety management workbench. "
                                   "Without a command, opens the application window."))
    parser.add_argument("--version", action="version", version=f"SafetyDesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)
    common = _common_options(suppress=True)
    for module in command_modules():
        module.register(sub, common)
    return parser


def _pre_language(argv: Sequence[str]) -> str:
    """The UI language must be known before help texts are built."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1] if argv[i + 1] in LANGUAGES else language_from_env()
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in LANGUAGES else language_from_env()
    return language_from_env()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(_pre_language(argv))
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    lang = args.lang or language_from_env()
    set_language(lang)

    from safetydesk.commands._context import CommandContext

    ctx = CommandContext(
        paths=DataPaths(resolve_data_dir(args.data_dir)),
        lang=lang,
        user=args.user or os.environ.get("SAFETYDESK_USER"),
        password_file=args.password_file or os.environ.get("SAFETYDESK_PASSWORD_FILE"),
    )
    try:
        if args.command is None:
            from safetydesk.ui.app import run_gui

            return run_gui(ctx.paths, lang)
        return int(args.func(args, ctx) or 0)
    except SafetyDeskError as exc:
        sys.stderr.write(f"{APP_ID}: {exc.user_message}\n")
        return exc.exit_code
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        message = _("interrupted; nothing more was changed")  # outside the f-string, for the extractor
        sys.stderr.write(f"{APP_ID}: {message}\n")
        return 1
    finally:
        ctx.close()
