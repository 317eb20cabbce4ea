"""`safetydesk kinds` and `safetydesk list KIND`: the record kinds and their records, for scripts."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import Any

from safetydesk.commands._arg_types import semester_key
from safetydesk.commands._context import CommandContext
from safetydesk.domain.mechanisms import mechanism
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _, format_date, format_datetime


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("kinds", parents=[common], help=_("list the record kinds"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=run_kinds)
    p = sub.add_parser("list", parents=[common], help=_("print the records of one kind"))
    p.add_argument("kind", metavar="KIND", help=_("record kind key (see 'safetydesk kinds')"))
    p.add_argument("--search", metavar="TEXT", default="", help=_("only records containing TEXT"))
    p.add_argument("--include-deleted", action="store_true", help=_("include deleted records"))
    p.add_argument("--semester", metavar="SEMESTER", type=semester_key,
                   help=_("a semester such as 2026-autumn"))
    p.add_argument("--school", metavar="CODE",
                   help=_("only the records of this school (at a township: one of its trusted schools)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=run_list)


def run_kinds(args: argparse.Namespace, ctx: CommandContext) -> int:
    import safetydesk.kinds  # noqa: F401  (registers every kind)
    from safetydesk.domain.registry import all_kinds

    rows = []
    for k in all_kinds():
        m = mechanism(k.mechanism)
        rows.append({"key": k.key, "title": _(k.title), "mechanism": k.mechanism,
                     "mechanism_title": _(m.title) if m else _("Shared records"),
                     "sensitive": k.sensitive, "owner_role": k.owner_role,
                     "fields": [{"attr": f.attr, "label": _(f.label), "type": str(f.kind),
                                 "required": f.required} for f in k.fields]})
    if args.json:
        ctx.out_json(rows)
    else:
        for r in rows:
            ctx.out(f"{r['key']:<28} {r['mechanism']:>2}  {r['title']}  ({r['mechanism_title']})")
    return 0


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value).replace("\n", " ")


def run_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    import safetydesk.kinds  # noqa: F401
    from safetydesk.domain.registry import get_kind
    from safetydesk.services import records

    try:
        kind = get_kind(args.kind)
    except KeyError:
        raise SafetyDeskError(_("Unknown record kind {kind}; 'safetydesk kinds' lists them.",
                                kind=args.kind)) from None
    from safetydesk.commands._access import require_access
    from safetydesk.services import schools

    sessions = ctx.storage().sessions
    if args.school:
        schools.resolve(sessions, args.school)
    q = records.ListQuery(kind=kind.key, search=args.search, include_deleted=args.include_deleted,
                          semester=args.semester, school=args.school or None)
    actor = require_access(ctx, kind)
    rows = records.fetch_page(sessions, q, 0, 1_000_000, actor)
    if kind.sensitive:  # one read entry per protected record shown
        from safetydesk.services import read_audit

        read_audit.log_reads(sessions, actor, [(kind.key, r.uuid) for r in rows], "list")
    labels = records.reference_labels(sessions, kind, rows)
    names = schools.school_names(sessions)
    if args.json:
        out = []
        for r in rows:
            item: dict[str, Any] = {"uuid": r.uuid}
            for f in kind.fields:
                item[f.attr] = _plain(r.values.get(f.attr))
            item["deleted"] = r.deleted
            code = schools.row_school(kind, r.owner, r.values)
            item["school"] = {"code": code, "name": names.get(code, code)}
            out.append(item)
        ctx.out_json(out)
        return 0
    columns = kind.table_fields
    # at a township every list says whose record each row is (学校), unless it is one school's
    with_school = not args.school and schools.is_township(sessions)
    ctx.out("\t".join(["uuid", *([_("School")] if with_school else []), *(_(f.label) for f in columns)]))
    for r in rows:
        cells = [_text(records.display_value(f, r.values.get(f.attr), labels)) for f in columns]
        if with_school:
            code = schools.row_school(kind, r.owner, r.values)
            cells.insert(0, names.get(code, code))
        ctx.out("\t".join([r.uuid, *cells]))
    ctx.out(_("{n} records", n=len(rows)))
    return 0
