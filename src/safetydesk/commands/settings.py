"""`safetydesk settings [--json]`, `settings get KEY`, `settings set KEY VALUE` (contract).

Every setting comes from the registry (domain/settings.py), read and written through
services/settings.py as the Settings page does. `set` is for administrators (--user NAME
--password-file FILE): the value is checked first, so a bad one changes nothing, not even the
sign-in's audit entry; a good one is stored and written to the audit log. Exit 1 with the reason
on a bad value or missing rights; exit 2 on usage errors (an unknown KEY among them).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from safetydesk.commands._context import CommandContext
from safetydesk.errors import AuthenticationError, PermissionDenied, ValidationError
from safetydesk.i18n import _


def _key(text: str) -> str:
    from safetydesk.domain import settings as setting_vars

    try:
        setting_vars.get_var(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.user_message) from None
    return text


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "settings",
        parents=[common],
        help=_("show or change the settings (county rules and this installation's choices)"),
        description=_(
            "Without an action: every setting with its value, default, scope and label. "
            "'get KEY' prints one value; 'set KEY VALUE' changes it (administrators)."
        ),
    )
    p.add_argument("--json", dest="list_json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=run_list)
    acts = p.add_subparsers(dest="settings_command", metavar=_("ACTION"), parser_class=type(p))
    g = acts.add_parser("get", parents=[common], help=_("print the value of one setting"))
    g.add_argument("key", metavar="KEY", type=_key, help=_("the setting's key (see 'safetydesk settings')"))
    g.add_argument("--json", dest="get_json", action="store_true", help=_("print the value as JSON"))
    g.set_defaults(func=run_get)
    s = acts.add_parser(
        "set",
        parents=[common],
        help=_("change one setting (administrators: --user NAME --password-file FILE)"),
        description=_(
            "VALUE is JSON or a plain string or number, e.g. 3, true, or "
            '\'{"middle": 16}\' (a value of parts may name only the parts to change).'
        ),
    )
    s.add_argument("key", metavar="KEY", type=_key, help=_("the setting's key (see 'safetydesk settings')"))
    s.add_argument("value", metavar="VALUE", help=_("the new value: JSON, or a plain string or number"))
    s.set_defaults(func=run_set)


def _row(info: Any) -> dict[str, Any]:
    return {
        "key": info.key,
        "value": info.value,
        "default": info.default,
        "scope": info.scope,
        "label": info.label,
        "help": info.help,
        # extension (issue 16.3): the county rules' version fixing this value here, else null
        "county_rules_version": info.county_version,
    }


def run_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.domain import settings as setting_vars
    from safetydesk.services import settings

    rows = settings.listing(ctx.storage().sessions)
    if args.list_json:
        ctx.out_json([_row(r) for r in rows])
        return 0
    for r in rows:
        var = setting_vars.get_var(r.key)
        scope = _(setting_vars.SCOPE_LABELS[var.scope])
        ctx.out(f"{r.label}（{r.key}，{scope}）")
        ctx.out("    " + _("Value: {value}", value=var.display(r.value)))
        if not r.is_default:
            ctx.out("    " + _("Default: {value}", value=var.display(r.default)))
        if r.county_version is not None:
            ctx.out("    " + _("Set by the county's rules, version {version}; only the county can change it.",
                              version=r.county_version))
    return 0


def run_get(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services import settings

    value = settings.get(ctx.storage().sessions, args.key)
    if args.get_json:
        ctx.out(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, str):
        ctx.out(value)
    else:
        ctx.out(json.dumps(value, ensure_ascii=False))
    return 0


def run_set(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.commands._access import command_actor
    from safetydesk.domain import settings as setting_vars
    from safetydesk.services import settings
    from safetydesk.services.accounts import ADMIN_ROLES

    sessions = ctx.storage().sessions
    var = setting_vars.get_var(args.key)
    typed = setting_vars.parse_value(args.value)
    settings.check({var.key: typed}, {var.key: settings.get(sessions, var.key)})  # before signing in
    settings.check_not_locked(sessions, [var.key])
    if not ctx.user and not ctx.password_file:
        raise AuthenticationError(
            _(
                "Changing a setting needs an administrator: --user NAME --password-file FILE (or "
                "SAFETYDESK_USER and SAFETYDESK_PASSWORD_FILE)."
            )
        )
    actor = command_actor(ctx)
    if actor.role not in ADMIN_ROLES:
        raise PermissionDenied(_("Only an administrator can change the settings."))
    values = settings.write(sessions, actor, {var.key: typed})
    ctx.out(_("Saved: {label} = {value}", label=_(var.label), value=var.display(values[var.key])))
    return 0
