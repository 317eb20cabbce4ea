"""`safetydesk rules [--json]` and `safetydesk rules publish [--json]` (contract, issue 16.3).

`rules` shows the county rule set this installation follows: the county, the version, the date it
was published, every county rule's value and the county's checklist templates with their
versions (exit 0; `--json` prints one object, or `null` before any set arrived). At a county,
`rules publish` signs the current county-rule values (`settings set KEY VALUE` changes them) and
the county's checklist templates as the next version; `export --to TOWNSHIPCODE` carries it to a
township, whose packages carry it on to its schools (services/county_rules.py). Publishing needs
a signed-in administrator (--user NAME --password-file FILE); anywhere but a county it is
refused before signing in (exit 1), as publishing an unchanged set is a no-op (exit 0).

`rules confirm-key FILE --fingerprint DIGITS [--json]` (a school's administrator): the county
bureau's new key, after its reinstall, from its identity file and the digits it reads out by
phone (services/county_key.py). Exit 0: confirmed (the declined set followed at once when it is
signed with that key; `--json`: {"county": {"code", "name"}, "fingerprint", "changed",
"followed_version"}); exit 1 with a message when refused, nothing written.
"""

from __future__ import annotations

import argparse
from typing import Any

from safetydesk.commands._context import CommandContext
from safetydesk.i18n import _


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "rules",
        parents=[common],
        help=_("show the county rules this installation follows, or publish them (county)"),
        description=_(
            "Without an action: the county rules followed here (county, version, date, values, "
            "checklist templates). 'publish' (at a county, administrators) signs the current county "
            "rules and the county's checklist templates as the next version."
        ),
    )
    p.add_argument("--json", dest="rules_json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=run_show)
    acts = p.add_subparsers(dest="rules_command", metavar=_("ACTION"), parser_class=type(p))
    pub = acts.add_parser(
        "publish",
        parents=[common],
        help=_("publish the county rules as a new version (county administrators)"),
    )
    pub.add_argument("--json", dest="publish_json", action="store_true", help=_("print JSON"))
    pub.set_defaults(func=run_publish)
    key = acts.add_parser(
        "confirm-key",
        parents=[common],
        help=_("confirm the county bureau's new key from its identity file (school administrators)"),
        description=_(
            "After the county education bureau reinstalled its software, its rules arrive signed "
            "with a new key and a school declines them. Confirm the key with the bureau's identity "
            "file and the 30 digits it reads out by phone: the declined rules are followed at once."
        ),
    )
    key.add_argument("file", metavar="FILE", help=_("the county bureau's identity file"))
    key.add_argument(
        "--fingerprint", required=True, metavar="DIGITS", help=_("the 30 digits read out by the bureau")
    )
    key.add_argument("--json", dest="confirm_json", action="store_true", help=_("print JSON"))
    key.set_defaults(func=run_confirm_key)


def _show(ctx: CommandContext, following: Any) -> None:
    from safetydesk.domain import settings as setting_vars

    ctx.out(
        _(
            "County rules of {county} ({code}), version {version}, published {date}",
            county=following.county_name,
            code=following.county_code,
            version=following.version,
            date=following.published_on.isoformat(),
        )
    )
    for key, value in following.rules.items():
        var = setting_vars.get_var(key)
        ctx.out(f"    {_(var.label)}（{key}）：{var.display(value)}")
    if following.templates:
        ctx.out(_("Checklist templates:"))
        for t in following.templates:
            ctx.out("    " + _("{name}, version {version}", name=t.name, version=t.version))


def run_show(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services import county_rules

    following = county_rules.following(ctx.storage().sessions)
    if args.rules_json:
        ctx.out_json(None if following is None else following.as_json())
        return 0
    if following is None:
        ctx.out(_("No county rules have arrived yet: the settings' own values apply."))
        return 0
    _show(ctx, following)
    return 0


def run_publish(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.commands._access import require_admin
    from safetydesk.errors import SafetyDeskError
    from safetydesk.services import county_rules
    from safetydesk.services.installation import installation_info
    from safetydesk.sync.county_rules import COUNTY

    storage = ctx.storage()
    if installation_info(storage.sessions).role != COUNTY:  # before signing in: nothing logged
        raise SafetyDeskError(
            _(
                "Only a county education bureau's installation publishes county rules; this "
                "installation follows the rules its county publishes."
            )
        )
    actor = require_admin(ctx, _("Only an administrator can publish the county rules."))
    following = county_rules.publish(storage, actor)
    if args.publish_json:
        ctx.out_json(following.as_json())
        return 0
    ctx.out(_("Published version {version} of the county rules.", version=following.version))
    _show(ctx, following)
    return 0


def run_confirm_key(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.commands._access import require_admin
    from safetydesk.services import county_key

    storage = ctx.storage()
    actor = require_admin(ctx, _("Only an administrator can confirm the county bureau's key."))
    done = county_key.confirm(storage.sessions, actor, args.file, args.fingerprint)
    if args.confirm_json:
        ctx.out_json(done.as_json())
        return 0
    ctx.out(done.text())
    return 0

