"""Credentials for commands: who acts, and whether they may touch sensitive records.

`--user NAME --password-file FILE` (or SAFETYDESK_USER / SAFETYDESK_PASSWORD_FILE) sign the command
in as that account: the role policy applies, the data key is unlocked, the audit log names them.
Without credentials a command acts as nobody in particular (`-`): it may read and write ordinary
records, and is refused (exit 1, saying which credentials it needs) as soon as it touches a
protected kind.

Commands that change trust or data need more (issue 13): `trust`, `backup` and `restore` a
signed-in administrator (`require_admin`), `import` and `export` a signed-in account whose role
handles packages (`require_package_role`: administrator, safety officer, principal, township
administrator, supervisor).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Any

from safetydesk.commands._context import CommandContext
from safetydesk.errors import AuthenticationError, PermissionDenied, SafetyDeskError
from safetydesk.i18n import _

PACKAGE_ROLES = frozenset({"admin", "safety_officer", "principal", "township_admin", "supervisor"})


def read_password(path: str) -> str:
    from pathlib import Path

    try:
        return Path(path).read_text(encoding="utf-8").rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise SafetyDeskError(
            _("The password file {path} cannot be read: {error}", path=path, error=str(exc))
        ) from exc


def _login(ctx: CommandContext, sessions: Any, org_code: str) -> Any:
    from safetydesk.services import access_policy, accounts

    access_policy.install()
    if not ctx.user and not ctx.password_file:
        return None
    if not ctx.user or not ctx.password_file:
        raise AuthenticationError(
            _(
                "Give both --user NAME and --password-file FILE (or "
                "SAFETYDESK_USER and SAFETYDESK_PASSWORD_FILE)."
            )
        )
    result = accounts.login(sessions, org_code, ctx.user, read_password(ctx.password_file))
    if result.recovery_code:
        sys.stderr.write(
            _(
                "Sensitive records are now encrypted. Recovery code (print it and keep "
                "it locked away; it restores access if the administrator's password is "
                "forgotten): {code}",
                code=result.recovery_code,
            )
            + "\n"
        )
    return result


def authenticate(ctx: CommandContext, workspace: Any) -> Any:
    """The workspace acting as the command's user; without credentials, as nobody (`-`)."""
    from safetydesk.services import access_policy

    result = _login(ctx, workspace.sessions, workspace.info.org_code)
    if result is None:
        workspace.actor = replace(workspace.actor, username=access_policy.ANONYMOUS, role="")
    else:
        workspace.actor = result.actor
    return workspace


def command_actor(ctx: CommandContext) -> Any:
    """The actor of a command working on `ctx.storage()` (signed in when credentials were given)."""
    from safetydesk.services import access_policy
    from safetydesk.services.changes import Actor
    from safetydesk.services.installation import installation_info

    sessions = ctx.storage().sessions
    info = installation_info(sessions)
    result = _login(ctx, sessions, info.org_code)
    if result is None:
        return Actor(access_policy.ANONYMOUS, info.org_code, "")
    return result.actor


def sign_in_hint() -> str:
    return _("Sign in with --user NAME --password-file FILE (or SAFETYDESK_USER and SAFETYDESK_PASSWORD_FILE).")


def require_role(ctx: CommandContext, roles: frozenset[str], refusal: str) -> Any:
    """The signed-in actor of the command; refused (exit 1) without credentials, or when the
    account's role is not one of `roles` (`refusal` says who may)."""
    from safetydesk.services.installation import installation_info

    sessions = ctx.storage().sessions
    result = _login(ctx, sessions, installation_info(sessions).org_code)
    if result is None:
        raise AuthenticationError(refusal + " " + sign_in_hint())
    if result.actor.role not in roles:
        raise PermissionDenied(refusal)
    return result.actor


def require_admin(ctx: CommandContext, refusal: str) -> Any:
    from safetydesk.services.accounts import ADMIN_ROLES

    return require_role(ctx, ADMIN_ROLES, refusal)


def require_package_role(ctx: CommandContext) -> Any:
    return require_role(
        ctx,
        PACKAGE_ROLES,
        _(
            "Only a signed-in administrator, safety officer, principal or supervisor may import "
            "or export packages."
        ),
    )


def require_access(ctx: CommandContext, kind: Any) -> Any:
    """Raise AuthenticationError unless the credentials allow reading `kind`; returns the actor."""
    from safetydesk.services import access_policy

    actor = command_actor(ctx)
    if getattr(kind, "sensitive", False):
        if actor.username == access_policy.ANONYMOUS:
            raise access_policy.needs_credentials()
        access_policy.RolePolicy().check(actor, kind, "list")
        if actor.role not in access_policy.SENSITIVE_ROLES:
            # `list` reads without the policy's row filter: only roles that see every row.
            raise PermissionDenied(
                _(
                    "Your account sees only some of these protected records; open them in the "
                    "application window."
                )
            )
    return actor
