"""Sync commands: `identity`, `trust`, `export`, `import` (sync.md).

Keys are created lazily here (identity/export/import call ensure_keys), so installations made
before the sync layer existed gain keys the first time they need them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from safetydesk.commands._context import CommandContext
from safetydesk.i18n import _


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "identity", parents=[common], help=_("show this installation's identity and fingerprint")
    )
    p.add_argument("--out", metavar="FILE", help=_("write the identity file for the other side"))
    p.add_argument(
        "--public-key-pem", metavar="FILE", help=_("write the signing public key as PEM (for OpenSSL checks)")
    )
    p.set_defaults(func=run_identity)

    p = sub.add_parser(
        "trust", parents=[common], help=_("trust a school or township after confirming its fingerprint")
    )
    p.add_argument("file", metavar="FILE", help=_("the other side's identity file"))
    p.add_argument(
        "--fingerprint",
        required=True,
        metavar="DIGITS",
        help=_("the 30 digits read out by the other side over the phone"),
    )
    p.set_defaults(func=run_trust)

    p = sub.add_parser("export", parents=[common], help=_("write the next package"))
    p.add_argument("--to", metavar="SCHOOLCODE", help=_("township only: the school to send the package to"))
    p.add_argument("--out", required=True, metavar="FILE", help=_("package file (or folder) to write"))
    p.set_defaults(func=run_export)

    p = sub.add_parser("import", parents=[common], help=_("import package files"))
    p.add_argument("files", nargs="+", metavar="FILE", help=_("package files (.sdpkg)"))
    p.add_argument(
        "--dry-run",
        action="store_true",
        help=_("check and show what would change, without changing anything"),
    )
    p.add_argument("--json", action="store_true", help=_("print the results as JSON"))
    p.set_defaults(func=run_import)


def _by(ctx: CommandContext) -> str:
    return ctx.user or "cli"


def run_identity(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.sync import identity as identity_mod
    from safetydesk.sync.keys import public_key_pem
    from safetydesk.sync.package import write_atomically
    storage = ctx.storage()
    ident, keys = identity_mod.own_identity(ctx.paths, storage.sessions)
    if args.out:
        write_atomically(Path(args.out), identity_mod.identity_bytes(ident, keys))
        ctx.out(_("Wrote the identity file {path}.", path=args.out))
    if args.public_key_pem:
        write_atomically(Path(args.public_key_pem), public_key_pem(keys.public))
        ctx.out(_("Wrote the public key {path}.", path=args.public_key_pem))
    if not args.out and not args.public_key_pem:
        ctx.out(_("Role: school") if ident.role == "school" else _("Role: township centre"))
        ctx.out(_("Code: {code}", code=ident.org_code))
        ctx.out(_("Name: {name}", name=ident.org_name))
        ctx.out(_("Fingerprint: {digits}", digits=ident.fingerprint))
    return 0


def run_trust(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.sync import identity as identity_mod
    storage = ctx.storage()
    result = identity_mod.trust_peer(storage.sessions, args.file, args.fingerprint, _by(ctx))
    if result.replaced_key:
        ctx.out(
            _(
                "Replaced the key of {code} {name}: packages signed with its old key are refused "
                "from now on.",
                code=result.org_code,
                name=result.org_name,
            )
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
    from safetydesk.commands._access import command_actor
    from safetydesk.sync.export import export_package

    storage = ctx.storage()
    command_actor(ctx)  # signs in when credentials were given: referred cases can then be read
    result = export_package(storage, args.to, args.out, _by(ctx))
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


def run_import(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.sync.importer import import_package

    storage = ctx.storage()
    results = [import_package(storage, f, _by(ctx), dry_run=args.dry_run) for f in args.files]
    if args.json:
        out = []
        for r in results:
            item = {
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
            out.append(item)
        ctx.out_json(out)
    else:
        for r in results:
            _print_result(ctx, r)
    return 1 if any(r.status == "rejected" for r in results) else 0
