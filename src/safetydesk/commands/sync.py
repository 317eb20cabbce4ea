"""Sync commands: `identity`, `trust`, `export`, `import` (sync.md).

Keys are created lazily here (identity/export/import call ensure_keys), so installations made
before the sync layer existed gain keys the first time they need them.

Who may (issue 13): `trust` needs a signed-in administrator, `export`/`import` a signed-in account
whose role handles packages (commands/_access.py). Trust changes, key replacements, imports and
exports go into the hash-chained audit log. Replacing a trusted organisation's key shows the old
and the new fingerprints and asks twice at a terminal; a script must type the OLD fingerprint out
with --replace-key, or nothing changes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from safetydesk.commands._context import CommandContext
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _

if TYPE_CHECKING:
    from safetydesk.services.sync_status import IdentityInfo


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "identity", parents=[common], help=_("show this installation's identity and fingerprint")
    )
    p.add_argument("--out", metavar="FILE", help=_("write the identity file for the other side"))
    p.add_argument(
        "--public-key-pem", metavar="FILE", help=_("write the signing public key as PEM (for OpenSSL checks)")
    )
    p.add_argument(
        "--county-code",
        metavar="CODE",
        help=_(
            "township only: set the county bureau this township reports to (needs a signed-in "
            "administrator); then trust the county's identity file"
        ),
    )
    p.add_argument("--county-name", metavar="NAME", help=_("with --county-code: the county bureau's name"))
    p.set_defaults(func=run_identity)

    p = sub.add_parser(
        "trust",
        parents=[common],
        help=_("trust a school or township after confirming its fingerprint"),
        description=_(
            "Trust a school or township after confirming its fingerprint. Needs a signed-in "
            "administrator (--user NAME --password-file FILE). When the organisation is already "
            "trusted with another key, the old and the new fingerprints are shown and you are asked "
            "twice; without a terminal, type the OLD fingerprint out with --replace-key."
        ),
    )
    p.add_argument("file", metavar="FILE", help=_("the other side's identity file"))
    p.add_argument(
        "--fingerprint",
        required=True,
        metavar="DIGITS",
        help=_("the 30 digits read out by the other side over the phone"),
    )
    p.add_argument(
        "--replace-key",
        metavar="OLD-DIGITS",
        help=_(
            "confirm, without questions, that the organisation's currently trusted key (these are "
            "its 30 fingerprint digits) is replaced: packages signed with it are refused from then on"
        ),
    )
    p.set_defaults(func=run_trust)

    who = _(
        "Needs a signed-in administrator, safety officer, principal or supervisor "
        "(--user NAME --password-file FILE); the audit log records it."
    )
    p = sub.add_parser(
        "export",
        parents=[common],
        help=_("write the next package"),
        description=_("Write the next package.") + " " + who,
    )
    p.add_argument(
        "--to",
        metavar="SCHOOLCODE",
        help=_(
            "township: the school to send the package to, or its county bureau's code (the upward "
            "report); county: the township centre"
        ),
    )
    p.add_argument("--out", required=True, metavar="FILE", help=_("package file (or folder) to write"))
    p.set_defaults(func=run_export)

    p = sub.add_parser(
        "import",
        parents=[common],
        help=_("import package files"),
        description=_("Import package files.") + " " + who,
    )
    p.add_argument("files", nargs="*", metavar="FILE", help=_("package files (.sdpkg)"))
    p.add_argument(
        "--dry-run",
        action="store_true",
        help=_("check and show what would change, without changing anything"),
    )
    p.add_argument(
        "--json",
        action="store_true",
        help=_("print the results as JSON") + " " + _("(with --watch: one JSON object per line and per package)"),
    )
    p.add_argument(
        "--watch",
        metavar="DIR",
        help=_(
            "import every package that appears in this folder (a USB stick, a shared folder) and move "
            "it to imported/ or rejected/ there with a reason file; Ctrl+C stops after the current package"
        ),
    )
    p.add_argument(
        "--once",
        action="store_true",
        help=_("with --watch: import what the folder holds now (waiting for copies to finish), then stop"),
    )
    p.add_argument(
        "--settle",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help=_("with --watch: take a file once its size has not changed for this long (default 2)"),
    )
    p.add_argument(
        "--interval",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help=_("with --watch: look at the folder this often (default 1)"),
    )
    p.set_defaults(func=run_import)


def _by(ctx: CommandContext) -> str:
    return ctx.user or "cli"


def run_identity(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.commands._access import command_actor
    from safetydesk.sync import identity as identity_mod
    from safetydesk.sync.keys import public_key_pem
    from safetydesk.sync.package import write_atomically

    storage = ctx.storage()
    if args.county_code is not None or args.county_name is not None:
        _set_county(args, ctx)
    command_actor(ctx)  # signs in when credentials are given: writing the file signs it
    ident, keys = identity_mod.own_identity(ctx.paths, storage.sessions)
    if args.out:
        write_atomically(Path(args.out), identity_mod.identity_bytes(ident, keys))
        ctx.out(_("Wrote the identity file {path}.", path=args.out))
    if args.public_key_pem:
        write_atomically(Path(args.public_key_pem), public_key_pem(keys.public))
        ctx.out(_("Wrote the public key {path}.", path=args.public_key_pem))
    if not args.out and not args.public_key_pem:
        roles = {"school": _("Role: school"), "county": _("Role: county bureau")}
        ctx.out(roles.get(ident.role, _("Role: township centre")))
        ctx.out(_("Code: {code}", code=ident.org_code))
        ctx.out(_("Name: {name}", name=ident.org_name))
        from safetydesk.services.installation import installation_info

        info = installation_info(storage.sessions)
        if info.county_code:
            ctx.out(_("County bureau: {code} {name}", code=info.county_code, name=info.county_name or ""))
        ctx.out(_("Fingerprint: {digits}", digits=ident.fingerprint))
    return 0


def _set_county(args: argparse.Namespace, ctx: CommandContext) -> None:
    """`identity --county-code CODE [--county-name NAME]` at a township: its county bureau."""
    from safetydesk.commands._access import require_admin
    from safetydesk.services.installation import name_county

    if not args.county_code:
        raise SafetyDeskError(_("--county-name needs --county-code."))
    storage = ctx.storage()
    actor = require_admin(ctx, _("Only a signed-in administrator may set the county bureau."))
    info = name_county(storage.sessions, actor, args.county_code, args.county_name)
    ctx.out(
        _(
            "This township centre now reports to the county bureau {code} {name}. Trust its identity "
            "file with 'safetydesk trust'.",
            code=info.county_code or "",
            name=info.county_name or "",
        )
    )


def _ask(prompt: str) -> str:
    sys.stdout.write(prompt)
    sys.stdout.flush()
    return sys.stdin.readline().strip()


def _confirm_replacement(ctx: CommandContext, ident: IdentityInfo, old: str, typed: str | None) -> None:
    """Show both fingerprints; go on only when the OLD one was typed out (--replace-key) or a
    person at a terminal answered both questions. Raises SafetyDeskError (nothing changed)."""
    from safetydesk.sync.keys import normalise_digits

    code, name, new = ident.org_code, ident.org_name, ident.fingerprint
    ctx.out(_("{code} {name} is already trusted with another key.", code=code, name=name))
    ctx.out(_("  Fingerprint of the trusted key:  {digits}", digits=old))
    ctx.out(_("  Fingerprint of the new key:      {digits}", digits=new))
    stopped = _("The key of {code} was not replaced; nothing changed.", code=code)
    if typed is not None:
        if normalise_digits(typed) != normalise_digits(old):
            raise SafetyDeskError(
                _(
                    "--replace-key must be the fingerprint of the key being replaced ({digits}).",
                    digits=old,
                )
                + " "
                + stopped
            )
        return
    if not sys.stdin.isatty():
        raise SafetyDeskError(
            _(
                "Replacing the trusted key of {code} needs a confirmation: run this at a terminal, "
                "or give --replace-key with the fingerprint of the key being replaced.",
                code=code,
            )
            + " "
            + stopped
        )
    if _ask(_("Replace the trusted key of {code} {name}? Type yes: ", code=code, name=name)).lower() not in (
        "yes",
        "y",
        "是",
    ):
        raise SafetyDeskError(stopped)
    answer = _ask(
        _(
            "Packages signed with the old key will be refused from now on. To confirm, type the "
            "organisation's code {code}: ",
            code=code,
        )
    )
    if answer != code:
        raise SafetyDeskError(stopped)


def run_trust(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.commands._access import require_admin
    from safetydesk.services import audit, sync_status
    from safetydesk.sync import identity as identity_mod
    from safetydesk.sync.keys import normalise_digits

    storage = ctx.storage()
    actor = require_admin(
        ctx, _("Only a signed-in administrator may change which schools and townships are trusted.")
    )
    candidate = sync_status.inspect_identity_file(storage.sessions, args.file)
    ident = candidate.identity
    old = candidate.replaces.fingerprint if candidate.replaces is not None else None
    if old is not None and normalise_digits(args.fingerprint) == normalise_digits(ident.fingerprint):
        _confirm_replacement(ctx, ident, old, args.replace_key)
    result = identity_mod.trust_peer(storage.sessions, args.file, args.fingerprint, _by(ctx))
    if result.replaced_key:
        audit.log(
            storage.sessions,
            actor,
            "trust_key_replaced",
            detail=f"{result.org_code} {result.org_name}: {old} -> {result.fingerprint}",
        )
        ctx.out(
            _(
                "Replaced the key of {code} {name}: packages signed with its old key are refused "
                "from now on.",
                code=result.org_code,
                name=result.org_name,
            )
        )
    else:
        audit.log(
            storage.sessions, actor, "trust", detail=f"{result.org_code} {result.org_name} {result.fingerprint}"
        )
    ctx.out(
        _(
            "Trusted {code} {name} (fingerprint {digits}).",
            code=result.org_code,
            name=result.org_name,
            digits=result.fingerprint,
        )
    )
    return 0


def run_export(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.commands._access import require_package_role
    from safetydesk.services import audit
    from safetydesk.sync.export import export_package

    storage = ctx.storage()
    actor = require_package_role(ctx)  # signed in: sealed records and the keys can be opened
    result = export_package(storage, args.to, args.out, _by(ctx))
    audit.log(
        storage.sessions,
        actor,
        "package_export",
        detail=f"{result.recipient_code} #{result.seq} {result.manifest_sha256} {result.path}",
    )
    total = sum(result.counts.values())
    ctx.out(
        _(
            "Wrote package {seq} for {code} to {path}: {rows} records, {files} attachments.",
            seq=result.seq,
            code=result.recipient_code,
            path=str(result.path),
            rows=total,
            files=result.attachments,
        )
    )
    return 0


def _print_result(ctx: CommandContext, r: object) -> None:
    from safetydesk.sync.importer import ImportResult
    from safetydesk.sync.package import kind_title

    assert isinstance(r, ImportResult)
    if r.status == "rejected":
        sys.stderr.write(_("Rejected ({code}): {message}", code=r.code or "", message=r.message or "") + "\n")
        return
    if r.status == "duplicate":
        ctx.out(
            _(
                "{file}: package {seq} from {sender} was already imported; nothing changed.",
                file=r.file,
                seq=r.seq,
                sender=r.sender,
            )
        )
        return
    head = (
        _("{file}: package {seq} from {sender} checked (dry run, nothing changed).")
        if r.dry_run
        else _("{file}: imported package {seq} from {sender}.")
    )
    ctx.out(head.format(file=r.file, seq=r.seq, sender=r.sender))
    for kind, c in r.counts.items():
        kind = kind_title(kind)
        ctx.out(
            _(
                "  {kind}: {created} new, {updated} updated, {unchanged} unchanged, {deleted} deleted",
                kind=kind,
                created=c.created,
                updated=c.updated,
                unchanged=c.unchanged,
                deleted=c.deleted,
            )
        )
    for kind, total in r.summaries.items():
        ctx.out(_("  {kind}: counts only ({total} records)", kind=kind_title(kind), total=total))
    if r.gaps:
        ctx.out(
            _(
                "  Missing packages from {sender}: {numbers}. Ask for them to be sent again.",
                sender=r.sender,
                numbers=", ".join(map(str, r.gaps)),
            )
        )
    for w in r.warnings:
        ctx.out("  " + w)


def _json_item(r: object) -> dict[str, object]:
    """One result as `import --json` has always printed it."""
    from safetydesk.sync.importer import ImportResult

    assert isinstance(r, ImportResult)
    item: dict[str, object] = {
        "file": r.file,
        "status": r.status,
        "sender": r.sender,
        "seq": r.seq,
        "counts": r.to_json()["counts"],
        "gaps": r.gaps,
        "dry_run": r.dry_run,
    }
    if r.status == "rejected":
        item["code"] = r.code
        item["message"] = r.message
    if r.warnings:
        item["warnings"] = r.warnings
    return item


def _usage_error(message: str) -> int:
    label = _("usage error")
    sys.stderr.write(f"safetydesk import: {label}: {message}\n")
    return 2


def run_import(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.commands._access import require_package_role
    from safetydesk.services import audit
    from safetydesk.sync.importer import import_package

    if args.watch is not None:
        if args.files or args.dry_run:
            return _usage_error(_("--watch DIR takes no FILE and no --dry-run"))
        if args.settle < 0 or args.interval <= 0:
            return _usage_error(_("--settle and --interval must be positive numbers of seconds"))
        from safetydesk.commands._watch import run_watch

        return run_watch(args, ctx)
    if not args.files:
        return _usage_error(_("give the package files to import, or --watch DIR"))
    storage = ctx.storage()
    actor = require_package_role(ctx)
    results = []
    for f in args.files:
        r = import_package(storage, f, _by(ctx), dry_run=args.dry_run)
        results.append(r)
        if not args.dry_run:
            audit.log(
                storage.sessions,
                actor,
                "package_import",
                detail=f"{r.file} {r.status} {r.sender or ''} #{r.seq or ''} {r.code or ''}".strip(),
            )
    if args.json:
        ctx.out_json([_json_item(r) for r in results])
    else:
        for r in results:
            _print_result(ctx, r)
    return 1 if any(r.status == "rejected" for r in results) else 0
