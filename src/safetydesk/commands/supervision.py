"""`safetydesk supervision ...`: the supervision loop (整改通知书 / 督办单) from the command line.

    supervision list [--school CODE] [--state STATE] [--as-of DATE] [--json]
    supervision show NOTICE [--as-of DATE] [--json]
    supervision issue FILE.json                       (township: a notice and its items)
    supervision reply NOTICE FILE.json                (school: its 整改报告, item by item)
    supervision review REPLY (--accept | --send-back REASON) [--on DATE]   (township)
    supervision escalate NOTICE [--deadline DATE] [--doc-number TEXT]     (township: 督办单)

The JSON files' shapes are in README ("Supervision"). Every write is one transaction of
services/supervision.py; a refusal exits 1 with the reason and changes nothing. Runs on the main
thread, no window.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from safetydesk.commands._context import CommandContext
from safetydesk.commands.status import parse_day
from safetydesk.errors import SafetyDeskError, ValidationError
from safetydesk.i18n import _, format_date

STATES = ("open", "answered", "sent_back", "accepted", "escalated")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "supervision",
        parents=[common],
        help=_("rectification notices and supervision orders: issue, answer, review, escalate"),
        description=_(
            "The supervision loop: the township issues a notice with items to a school, the school "
            "answers item by item, the township accepts the answer or sends it back, and escalates an "
            "overdue notice with a supervision order. Packages carry each step to the other side."
        ),
    )
    verbs = p.add_subparsers(dest="verb", metavar=_("ACTION"), required=True)

    v = verbs.add_parser("list", parents=[common], help=_("the notices and where each stands"))
    v.add_argument("--school", metavar="CODE", help=_("at a township: only this school"))
    v.add_argument("--state", choices=STATES, help=_("only notices in this state"))
    v.add_argument("--as-of", metavar="DATE", type=parse_day, help=_("as of this day (default: today)"))
    v.add_argument("--json", action="store_true", help=_("print JSON"))
    v.set_defaults(func=run_list)

    v = verbs.add_parser("show", parents=[common], help=_("one notice with its items, reports and reviews"))
    v.add_argument("notice", metavar="NOTICE", help=_("the notice's ID"))
    v.add_argument("--as-of", metavar="DATE", type=parse_day, help=_("as of this day (default: today)"))
    v.add_argument("--json", action="store_true", help=_("print JSON"))
    v.set_defaults(func=run_show)

    v = verbs.add_parser("issue", parents=[common], help=_("township: issue a notice with its items"))
    v.add_argument("file", metavar="FILE", help=_("the notice as JSON (see README)"))
    v.add_argument("--json", action="store_true", help=_("print the notice as JSON"))
    v.set_defaults(func=run_issue)

    v = verbs.add_parser("reply", parents=[common], help=_("school: answer a notice item by item"))
    v.add_argument("notice", metavar="NOTICE", help=_("the notice's ID"))
    v.add_argument("file", metavar="FILE", help=_("the answers as JSON (see README)"))
    v.add_argument("--json", action="store_true", help=_("print the notice as JSON"))
    v.set_defaults(func=run_reply)

    v = verbs.add_parser("review", parents=[common], help=_("township: accept a report or send it back"))
    v.add_argument("reply", metavar="REPLY", help=_("the report's ID"))
    how = v.add_mutually_exclusive_group(required=True)
    how.add_argument("--accept", action="store_true", help=_("accept the report"))
    how.add_argument("--send-back", metavar="REASON", help=_("send the report back, saying why"))
    v.add_argument("--on", metavar="DATE", type=parse_day, help=_("the day of the review (default: today)"))
    v.add_argument("--json", action="store_true", help=_("print the notice as JSON"))
    v.set_defaults(func=run_review)

    v = verbs.add_parser("escalate", parents=[common],
                         help=_("township: escalate an overdue notice with a supervision order"))
    v.add_argument("notice", metavar="NOTICE", help=_("the overdue notice's ID"))
    v.add_argument("--deadline", metavar="DATE", type=parse_day,
                   help=_("the supervision order's deadline (default: a week from today)"))
    v.add_argument("--doc-number", metavar="TEXT", default="", help=_("the supervision order's number"))
    v.add_argument("--json", action="store_true", help=_("print the supervision order as JSON"))
    v.set_defaults(func=run_escalate)


# --- output ---------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def notice_json(view: Any) -> dict[str, Any]:
    """A NoticeView as the command prints it (README, "Supervision")."""
    out = _plain(asdict(view))
    out["school"] = {"code": out.pop("school_code"), "name": out.pop("school_name")}
    return out


def _line(view: Any) -> str:
    from safetydesk.domain.supervision import state_label

    overdue = " " + _("(overdue)") if view.overdue else ""
    return "\t".join([view.uuid, view.doc_number, view.school_name, format_date(view.deadline),
                      state_label(view.state) + overdue])  # fmt: skip


def _show(ctx: CommandContext, view: Any, as_json: bool) -> None:
    from safetydesk.domain.supervision import state_label

    if as_json:
        ctx.out_json(notice_json(view))
        return
    ctx.out(_line(view))
    for item in view.items:
        hazard = f"（{item.hazard_label}）" if item.hazard_label else ""
        ctx.out(f"  {item.number}. {item.problem}{hazard} | {item.basis} | {item.requirement}")
    for reply in view.replies:
        ctx.out("  " + _("Report {id} of {date}", id=reply.uuid, date=format_date(reply.replied_on)))
        for answer in reply.answers:
            ctx.out(f"    - {answer.measures} ({answer.completion} {format_date(answer.done_on)})".rstrip())
        if reply.review is not None:
            decision = "accepted" if reply.review.decision == "accepted" else "sent_back"
            ctx.out("    " + _("Reviewed {date}: {decision} {reason}", date=format_date(reply.review.reviewed_on),
                               decision=state_label(decision), reason=reply.review.reason).rstrip())


# --- input ----------------------------------------------------------------------------------------


def _read_json(path: str) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise SafetyDeskError(_("The file {path} cannot be read: {error}", path=path,
                                error=exc.strerror or str(exc))) from exc  # fmt: skip
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SafetyDeskError(_("The file {path} is not valid JSON: {error}", path=path, error=str(exc))) from exc
    if not isinstance(data, dict):
        raise SafetyDeskError(_("The file {path} must hold one JSON object.", path=path))
    return data


def _day(value: Any, name: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return parse_day(str(value))
    except argparse.ArgumentTypeError as exc:
        raise ValidationError(f"{name}: {exc}") from None


def _required(data: dict[str, Any], name: str) -> Any:
    value = data.get(name)
    if value in (None, "", []):
        raise ValidationError(_("The JSON needs \u201c{name}\u201d.", name=name))
    return value


def _draft(data: dict[str, Any]) -> Any:
    from safetydesk.services import supervision

    items = _required(data, "items")
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ValidationError(_("\u201citems\u201d must be a list of objects with problem, basis, requirement."))
    return supervision.NoticeDraft(
        school_code=str(_required(data, "school_code")),
        doc_number=str(_required(data, "doc_number")),
        deadline=_day(_required(data, "deadline"), "deadline"),  # type: ignore[arg-type]
        issued_by=str(_required(data, "issued_by")),
        items=tuple(
            supervision.ItemDraft(str(i.get("problem") or ""), str(i.get("basis") or ""),
                                  str(i.get("requirement") or ""), i.get("hazard") or None)
            for i in items
        ),
        notice_type=str(data.get("notice_type") or "rectification"),
        issued_on=_day(data.get("issued_on"), "issued_on"),
        inspected_on=_day(data.get("inspected_on"), "inspected_on"),
        team=str(data.get("team") or ""),
        method=data.get("method") or None,
        reply_method=str(data.get("reply_method") or ""),
        signed_by=str(data.get("signed_by") or ""),
    )


def _answers(data: dict[str, Any], view: Any) -> list[Any]:
    from safetydesk.services import supervision

    answers = _required(data, "answers")
    if not isinstance(answers, list) or not all(isinstance(a, dict) for a in answers):
        raise ValidationError(_("\u201canswers\u201d must be a list of objects with item, measures, completion."))
    by_number = {str(i.number): i.uuid for i in view.items}
    out = []
    for a in answers:
        item = str(_required(a, "item"))
        out.append(supervision.AnswerDraft(by_number.get(item, item), str(a.get("measures") or ""),
                                           str(a.get("completion") or "done"), _day(a.get("done_on"), "done_on")))
    return out


# --- the verbs ------------------------------------------------------------------------------------


def _actor(ctx: CommandContext) -> Any:
    from safetydesk.commands._access import command_actor

    return command_actor(ctx)


def run_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services import supervision

    views = supervision.notices(ctx.storage().sessions, args.school, args.as_of,
                                [args.state] if args.state else None)  # fmt: skip
    if args.json:
        ctx.out_json([notice_json(v) for v in views])
        return 0
    for v in views:
        ctx.out(_line(v))
    ctx.out(_("{n} notices", n=len(views)))
    return 0


def run_show(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services import supervision

    _show(ctx, supervision.notice(ctx.storage().sessions, args.notice, args.as_of), args.json)
    return 0


def run_issue(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services import supervision

    draft = _draft(_read_json(args.file))
    sessions = ctx.storage().sessions
    uuid = supervision.issue_notice(sessions, _actor(ctx), draft)
    _show(ctx, supervision.notice(sessions, uuid, max(draft.issued_on or date.min, _today())), args.json)
    return 0


def run_reply(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services import supervision

    sessions = ctx.storage().sessions
    data = _read_json(args.file)
    view = supervision.notice(sessions, args.notice)
    replied_on = _day(data.get("replied_on"), "replied_on")
    supervision.reply(sessions, _actor(ctx), args.notice, _answers(data, view), replied_on=replied_on,
                      remarks=str(data.get("remarks") or ""))  # fmt: skip
    _show(ctx, supervision.notice(sessions, args.notice, max(replied_on or date.min, _today())), args.json)
    return 0


def run_review(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services import supervision

    sessions = ctx.storage().sessions
    actor = _actor(ctx)
    supervision.review(sessions, actor, args.reply, accept=bool(args.accept), reason=args.send_back or "",
                       reviewed_on=args.on, reviewed_by="" if actor.username == "-" else actor.username)
    notice_uuid = supervision.notice_of_reply(sessions, args.reply)
    _show(ctx, supervision.notice(sessions, notice_uuid, max(args.on or date.min, _today())), args.json)
    return 0


def run_escalate(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services import supervision

    sessions = ctx.storage().sessions
    uuid = supervision.escalate(sessions, _actor(ctx), args.notice, deadline=args.deadline,
                                doc_number=args.doc_number)  # fmt: skip
    _show(ctx, supervision.notice(sessions, uuid), args.json)
    return 0


def _today() -> date:
    from safetydesk.domain import clock

    return clock.today()
