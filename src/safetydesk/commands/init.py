"""`safetydesk init school|township|county`: create an installation in the data folder."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from safetydesk.commands._context import CommandContext
from safetydesk.domain.organisation import SCHOOL_TYPES
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("init", parents=[common], help=_("create an installation (school, township or county)"))
    roles = p.add_subparsers(dest="role", metavar=_("ROLE"), required=True,
                             parser_class=type(p))
    school = roles.add_parser("school", parents=[common], help=_("set up a school"))
    school.add_argument("--code", required=True, help=_("the school's code, e.g. 4105220001"))
    school.add_argument("--name", required=True, help=_("the school's name"))
    school.add_argument("--township-code", required=True, help=_("the township centre's code"))
    school.add_argument("--township-name", help=_("the township centre's name"))
    school.add_argument("--school-type", choices=SCHOOL_TYPES, default="primary",
                        help=_("kind of school (default: primary)"))
    school.add_argument("--admin-password-file", metavar="FILE",
                        help=_("file holding the password of the administrator account 'admin'"))
    school.set_defaults(func=run)
    township = roles.add_parser("township", parents=[common], help=_("set up a township centre"))
    township.add_argument("--code", required=True, help=_("the township centre's code, e.g. 410522T01"))
    township.add_argument("--name", required=True, help=_("the township centre's name"))
    township.add_argument("--admin-password-file", metavar="FILE",
                          help=_("file holding the password of the administrator account 'admin'"))
    township.add_argument("--county-code", help=_("the county bureau's code (can be set later with "
                                                  "'safetydesk identity --county-code')"))
    township.add_argument("--county-name", help=_("the county bureau's name"))
    add_database_option(township)
    township.set_defaults(func=run)
    county = roles.add_parser("county", parents=[common],
                              help=_("set up a county bureau (county education bureau safety section)"))
    county.add_argument("--code", required=True, help=_("the county bureau's code, e.g. 410522"))
    county.add_argument("--name", required=True, help=_("the county bureau's name"))
    county.add_argument("--admin-password-file", metavar="FILE",
                        help=_("file holding the password of the administrator account 'admin'"))
    add_database_option(county)
    county.set_defaults(func=run)


def add_database_option(parser: argparse.ArgumentParser) -> None:
    """A hub (township, county) may keep its data in PostgreSQL (docs/postgresql.md)."""
    parser.add_argument("--database", metavar="postgresql://USER@HOST/DB",
                        help=_("keep the data in this empty PostgreSQL database instead of a file "
                               "(password in ~/.pgpass or PGPASSWORD); more workstations join it "
                               "with 'safetydesk connect'"))


def read_password_file(path: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SafetyDeskError(_("The password file {path} cannot be read: {error}",
                                path=path, error=str(exc))) from exc
    return text.rstrip("\r\n")


def _admin_password(args: argparse.Namespace) -> str | None:
    if args.admin_password_file:
        return read_password_file(args.admin_password_file)
    if sys.stdin.isatty():
        first = getpass.getpass(_("Password for the administrator account 'admin': "))
        second = getpass.getpass(_("The same password again: "))
        if first != second:
            raise SafetyDeskError(_("The two passwords differ; nothing was created. Try again."))
        return first
    # No terminal and no file: the installation starts without an administrator; the first start
    # of the application asks for the password before anything else.
    return None


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services.installation import COUNTY, SCHOOL, TOWNSHIP, InitRequest, initialise

    password = _admin_password(args)
    req = InitRequest(
        role={"school": SCHOOL, "county": COUNTY}.get(args.role, TOWNSHIP),
        code=args.code, name=args.name,
        township_code=getattr(args, "township_code", None),
        township_name=getattr(args, "township_name", None),
        school_type=getattr(args, "school_type", "primary"),
        admin_password=password,
        county_code=getattr(args, "county_code", None),
        county_name=getattr(args, "county_name", None),
        database_url=getattr(args, "database", None),
    )
    storage = initialise(ctx.paths, req)
    try:
        recovery = None
        if password is not None:
            from safetydesk.services import accounts

            # the first administrator login sets up the protection of sensitive records
            recovery = accounts.login(storage.sessions, req.code, "admin", password).recovery_code
    finally:
        storage.close()
    ctx.out(_("Created the installation {code} {name} in {path}.",
              code=req.code, name=req.name, path=str(ctx.paths.root)))
    if recovery:
        ctx.out(_("Recovery code (print it and keep it locked away; it restores access when the "
                  "administrator's password is lost): {code}", code=recovery))
    return 0
