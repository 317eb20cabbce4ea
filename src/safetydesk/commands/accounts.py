"""`safetydesk user ...`, `safetydesk audit verify|list`, `safetydesk backup`, `safetydesk restore`.

Account commands act as the signed-in user (global --user/--password-file); managing others needs
an administrator. `backup` and `restore` need a signed-in administrator too (issue 13): a backup
leaves the school on a stick, a restore replaces everything. `restore` must still work when the
database no longer opens (it keeps the replaced file): then the credentials are checked against
the administrator accounts of the backup being restored. The application's own automatic backups
(start, close, hourly) are not commands and need no password.
"""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

from safetydesk.commands._access import command_actor, read_password, require_admin, sign_in_hint
from safetydesk.commands._context import CommandContext
from safetydesk.errors import AuthenticationError, PermissionDenied, SafetyDeskError
from safetydesk.i18n import N_, _, format_datetime


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from safetydesk.domain.roles import ROLES

    user = sub.add_parser("user", parents=[common], help=_("manage accounts"))
    acts = user.add_subparsers(
        dest="user_command", metavar=_("ACTION"), required=True, parser_class=type(user)
    )
    p = acts.add_parser("add", parents=[common], help=_("create an account (administrators)"))
    p.add_argument("name", metavar="NAME", help=_("user name"))
    p.add_argument("--role", required=True, choices=ROLES, help=_("the account's role"))
    p.add_argument(
        "--new-password-file",
        required=True,
        metavar="FILE",
        help=_("file holding the new account's password"),
    )
    p.add_argument("--display-name", default="", help=_("the person's name"))
    p.add_argument(
        "--staff",
        metavar="UUID",
        help=_("the staff member this account belongs to (a class teacher's classes)"),
    )
    p.set_defaults(func=run_add)
    p = acts.add_parser("list", parents=[common], help=_("list the accounts"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=run_list)
    p = acts.add_parser("passwd", parents=[common], help=_("change your own password"))
    p.add_argument("--new-password-file", required=True, metavar="FILE", help=_("the new password"))
    p.set_defaults(func=run_passwd)
    p = acts.add_parser("reset", parents=[common], help=_("set another account's password (administrators)"))
    p.add_argument("name", metavar="NAME", help=_("user name"))
    p.add_argument("--new-password-file", required=True, metavar="FILE", help=_("the new password"))
    p.set_defaults(func=run_reset)
    p = acts.add_parser(
        "recover", parents=[common], help=_("forgotten administrator password: use the recovery code")
    )
    p.add_argument("--code-file", required=True, metavar="FILE", help=_("file holding the recovery code"))
    p.add_argument("--new-password-file", required=True, metavar="FILE", help=_("the new password"))
    p.add_argument("--name", default="admin", help=_("the administrator account (default: admin)"))
    p.set_defaults(func=run_recover)

    audit = sub.add_parser("audit", parents=[common], help=_("check or print the audit log"))
    acts = audit.add_subparsers(
        dest="audit_command", metavar=_("ACTION"), required=True, parser_class=type(audit)
    )
    p = acts.add_parser("verify", parents=[common], help=_("check that no entry was edited or removed"))
    p.set_defaults(func=run_verify)
    p = acts.add_parser("list", parents=[common], help=_("print the newest entries"))
    p.add_argument("--limit", type=int, default=50, help=_("how many entries (default 50)"))
    p.set_defaults(func=run_audit_list)

    admin = _("Needs a signed-in administrator (--user NAME --password-file FILE).")
    p = sub.add_parser(
        "backup",
        parents=[common],
        help=_("write a backup copy of the database"),
        description=_("Write a backup copy of the database.") + " " + admin,
    )
    p.add_argument("--out", required=True, metavar="FILE", help=_("the backup file to write"))
    p.set_defaults(func=run_backup)
    p = sub.add_parser(
        "restore",
        parents=[common],
        help=_("replace the database with a backup (the replaced one is kept)"),
        description=_("Replace the database with a backup (the replaced one is kept).")
        + " "
        + admin
        + " "
        + _(
            "When the database no longer opens, the administrator's password is checked against "
            "the backup."
        ),
    )
    p.add_argument("file", metavar="FILE", help=_("the backup file"))
    p.set_defaults(func=run_restore)


def _signed_in(ctx: CommandContext):
    actor = command_actor(ctx)
    if actor.username == "-":
        raise AuthenticationError(
            _(
                "Sign in for this: --user NAME --password-file FILE (or "
                "SAFETYDESK_USER and SAFETYDESK_PASSWORD_FILE)."
            )
        )
    return actor


def run_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services import accounts

    actor = _signed_in(ctx)
    acc = accounts.add_account(
        ctx.storage().sessions,
        actor,
        args.name,
        args.role,
        read_password(args.new_password_file),
        args.display_name,
        args.staff,
    )
    ctx.out(_("Created the account {name} ({role}).", name=acc.username, role=accounts.role_title(acc.role)))
    return 0


def run_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services import accounts

    _signed_in(ctx)
    rows = accounts.list_accounts(ctx.storage().sessions)
    if args.json:
        ctx.out_json(
            [
                {
                    "username": a.username,
                    "display_name": a.display_name,
                    "role": a.role,
                    "active": a.active,
                    "staff_uuid": a.staff_uuid,
                }
                for a in rows
            ]
        )
        return 0
    for a in rows:
        state = "" if a.active else _("(disabled)")
        ctx.out(f"{a.username:<20} {accounts.role_title(a.role):<12} {a.display_name} {state}".rstrip())
    return 0


def run_passwd(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services import accounts

    actor = _signed_in(ctx)
    accounts.change_password(
        ctx.storage().sessions,
        actor,
        read_password(ctx.password_file or ""),
        read_password(args.new_password_file),
    )
    ctx.out(_("Password changed."))
    return 0


def run_reset(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services import accounts

    actor = _signed_in(ctx)
    accounts.reset_password(ctx.storage().sessions, actor, args.name, read_password(args.new_password_file))
    ctx.out(_("The password of {name} was reset.", name=args.name))
    return 0


def run_recover(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services import accounts
    from safetydesk.services.installation import installation_info

    sessions = ctx.storage().sessions
    info = installation_info(sessions)
    new_code = accounts.recover(
        sessions,
        info.org_code,
        read_password(args.code_file),
        args.name,
        read_password(args.new_password_file),
    )
    ctx.out(_("The password of {name} was reset.", name=args.name))
    ctx.out(
        _(
            "The recovery code you used no longer works. The new recovery code (print it and keep it "
            "locked away): {code}",
            code=new_code,
        )
    )
    return 0


def run_verify(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services import audit

    result = audit.verify(ctx.storage().sessions)
    if not result.ok:
        raise SafetyDeskError(result.message)
    ctx.out(result.message)
    return 0


def run_audit_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services import audit

    _signed_in(ctx)
    for r in audit.entries(ctx.storage().sessions, limit=max(1, args.limit)):
        ctx.out(
            "\t".join(
                [
                    str(r.id),
                    format_datetime(r.at),
                    r.username,
                    r.action,
                    r.kind,
                    r.record_uuid or "",
                    r.detail.replace("\n", " "),
                ]
            )
        )
    return 0


def run_backup(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services import audit, backup

    actor = require_admin(ctx, _("Only a signed-in administrator may write a backup."))
    out = Path(args.out).expanduser().resolve()
    if out.exists():
        raise SafetyDeskError(_("{path} already exists; choose a new file name.", path=str(out)))
    # Logged first, so the copy holds its own entry and equals the database it was taken from.
    audit.log(ctx.storage().sessions, actor, "backup", detail=str(out))
    backup.backup_database(ctx.paths.database, out)
    ctx.out(_("Backed up to {path}.", path=str(out)))
    return 0


def _org_code(database: Path) -> str | None:
    try:
        conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT org_code FROM installation WHERE id = 1").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None  # a damaged database is what restore is for
    return row[0] if row else None


RESTORE_REFUSED = N_("Only a signed-in administrator may restore a backup.")


def _admin_of_backup(ctx: CommandContext, source: Path) -> None:
    """The database cannot be opened (or there is none): the credentials must be those of an
    administrator of the backup itself. Reads the backup only."""
    from safetydesk.services import accounts, backup

    backup.check_backup(source)  # not a SafetyDesk backup: refused with the reason first
    if not ctx.user or not ctx.password_file:
        raise AuthenticationError(_(RESTORE_REFUSED) + " " + sign_in_hint())
    password = read_password(ctx.password_file)
    conn = sqlite3.connect(f"file:{source}?mode=ro&immutable=1", uri=True)
    try:
        row = conn.execute(
            "SELECT password_hash, role, active FROM user_account WHERE username = ?", (ctx.user,)
        ).fetchone()
    except sqlite3.Error:
        row = None
    finally:
        conn.close()
    if row is None or not row[2] or not accounts.check_password(password, row[0]):
        raise AuthenticationError(_("Wrong user name or password."))
    if row[1] not in accounts.ADMIN_ROLES:
        raise PermissionDenied(_(RESTORE_REFUSED))


def _may_restore(ctx: CommandContext, source: Path) -> None:
    from safetydesk.errors import DatabaseCorrupt, NotInitialised, StorageError

    try:
        require_admin(ctx, _(RESTORE_REFUSED))
    except (DatabaseCorrupt, NotInitialised, StorageError):
        ctx.close()
        _admin_of_backup(ctx, source)
    finally:
        ctx.close()


def run_restore(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services import backup, field_crypto

    ctx.close()
    source = Path(args.file).expanduser().resolve()
    if not source.is_file():
        raise SafetyDeskError(_("There is no file {path}.", path=str(source)))
    org = _org_code(ctx.paths.database) if ctx.paths.database.exists() else None
    backup.check_restore(ctx.paths.root, source, org)  # a wrong file is refused before signing in
    _may_restore(ctx, source)
    kept = backup.restore(ctx.paths.root, ctx.paths.database, source, org_code=org)
    field_crypto.forget()
    if kept is not None:
        ctx.out(
            _("Restored {path}; the replaced database was kept as {kept}.", path=str(source), kept=str(kept))
        )
    else:
        ctx.out(_("Restored {path}.", path=str(source)))
    return 0
