"""`safetydesk status [--json] [--school CODE] [--township CODE] [--as-of DATE]` (contract).

At a school: its own status object (with --json, ONE JSON object). At a township: a JSON list with
one object per trusted school, or only the one --school names. At a county: a JSON list with one
object per school of every trusted township (the object its township computed when it signed its
latest package, plus `township_code`), or of the township --township names. The keys are the same at both ends
(domain/school_status.py; README lists them), so a township's row can be checked against the
school's own. Plain output is Chinese text for people. A bad --as-of is a usage error (exit 2).
"""

from __future__ import annotations

import argparse
import re
from datetime import date

from safetydesk.commands._context import CommandContext
from safetydesk.domain import daily_logs
from safetydesk.i18n import _, format_date, format_datetime

_CHINESE_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")


def parse_day(text: str) -> date:
    """2026-12-01 or 2026年12月1日; anything else is a usage error naming the expected form."""
    value = text.strip()
    m = _CHINESE_DATE.match(value)
    try:
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(
        _("{text} is not a date; write it like 2026-12-01 or 2026年12月1日.", text=text)
    )


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "status",
        parents=[common],
        help=_("each school's status: hazards, drills, parent meetings, hours, incidents, notices"),
        description=_(
            "At a school: its own status. At a township centre: one status per trusted school, "
            "computed from the rows imported from it, the same way the school computes its own."
        ),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON (a school: one object; a township: a list)"))
    p.add_argument("--school", metavar="CODE", help=_("at a township: only this school"))
    p.add_argument("--township", metavar="CODE", help=_("at a county: only the schools of this township centre"))
    p.add_argument(
        "--as-of",
        metavar="DATE",
        type=parse_day,
        help=_("count as of this day, e.g. 2026-12-01 (default: today)"),
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from safetydesk.services import status
    from safetydesk.services.installation import SCHOOL, installation_info

    sessions = ctx.storage().sessions
    role = installation_info(sessions).role
    if role == "county" or args.township:
        return _run_county(args, ctx)
    found = status.statuses(sessions, args.as_of, args.school)
    if args.json:
        objects = [s.as_json() for s in found]
        ctx.out_json(objects[0] if role == SCHOOL else objects)
        return 0
    if not found:
        ctx.out(_("No trusted school yet: enrol one with 'safetydesk trust'."))
    for index, st in enumerate(found):
        if index:
            ctx.out()
        for line in lines(st):
            ctx.out(line)
    return 0


def _run_county(args: argparse.Namespace, ctx: CommandContext) -> int:
    """At a county: the schools of every township as their townships last reported them. (As of
    the day each township signed its package: --as-of does not recompute them.)"""
    from safetydesk.services import county

    sessions = ctx.storage().sessions
    county.check_township_option(sessions)
    objects = county.status_objects(sessions, args.township, args.school)
    if args.json:
        ctx.out_json(objects)
        return 0
    if not objects:
        ctx.out(_("No township centre has reported its schools yet: trust a township with 'safetydesk trust' "
                  "and import its package."))
    township = None
    for index, obj in enumerate(objects):
        if obj["township_code"] != township:
            township = obj["township_code"]
            ctx.out(("\n" if index else "") + _("Township centre {code}", code=township))
        ctx.out()
        for line in lines(county.status_from_json(obj)):
            ctx.out(line)
    return 0


def _n(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def lines(st: object) -> list[str]:
    """A school's status as a person reads it (Chinese by default)."""
    from safetydesk.domain.compliance import state_label
    from safetydesk.domain.school_status import SchoolStatus

    assert isinstance(st, SchoolStatus)
    h, i, n, pkg = st.hazards, st.incidents, st.notices, st.last_package
    out = [
        _("{name} ({code}), as of {date}, {semester}", name=st.name, code=st.code,
          date=format_date(st.as_of), semester=st.semester_label),
        "  " + _("Hazards: {open} open, {overdue} overdue, {major} major", open=h.open,
                 overdue=h.overdue, major=h.major_open),
        "  " + _("Drills: {done} held, {required} required so far ({state})", done=_n(st.drills.held),
                 required=_n(st.drills.required), state=state_label(st.drills.state)),
        "  " + _("Parent meetings: {held} of {required} held ({state})", held=_n(st.parent_meetings.held),
                 required=_n(st.parent_meetings.required), state=state_label(st.parent_meetings.state)),
        "  " + _("Safety education: {done} of {required} class hours this school year ({state})",
                 done=_n(st.education_hours.held), required=_n(st.education_hours.required),
                 state=state_label(st.education_hours.state)),
        "  " + _("Incidents this semester: {total}; reported on time {on_time}, late {late}, still due "
                 "{due} (past the deadline {overdue})", total=i.total, on_time=i.on_time, late=i.late,
                 due=i.still_due, overdue=i.overdue),
        "  " + _("Township notices: {open} not answered, {overdue} overdue, {answered} awaiting review, "
                 "{sent_back} sent back, {accepted} accepted, {escalated} escalated", open=n.open,
                 overdue=n.overdue, answered=n.answered, sent_back=n.sent_back, accepted=n.accepted,
                 escalated=n.escalated),
    ]  # fmt: skip
    templates = "，".join(_("{code} version {version}", code=c, version=v or "-") for c, v in st.templates)
    out.append("  " + _("Checklists in use: {templates}", templates=templates or _("None")))
    if pkg is None:
        out.append("  " + _("Last package: none the township has imported yet"))
    else:
        out.append(
            "  "
            + _(
                "Last package: No. {seq}, signed at the school {signed}, imported by the township {imported}",
                seq=pkg.seq,
                signed=format_datetime(pkg.signed_at),
                imported=format_datetime(pkg.imported_at) if pkg.imported_at else _("(not known yet)"),
            )
        )
    if st.missing_packages:
        out.append(
            "  " + _("Missing packages: {numbers}", numbers="、".join(str(x) for x in st.missing_packages))
        )
    if st.county_rules_version is not None:
        out.append("  " + _("County rules followed: version {version}", version=st.county_rules_version))
    return out + reminder_lines(st.reminders)


def reminder_lines(r: dict) -> list[str]:
    """The rules that remind (domain/school_reminders.counts), a line each."""
    from safetydesk.domain.compliance import state_label

    if not r:
        return []
    survey, plans, drills, serious = (r["bullying_surveys"], r["emergency_plans"], r["drill_evacuation"],
                                      r["serious_incidents"])
    out = [
        "  " + _("Bullying screening surveys: {held} of {required} ({state})", held=survey["held"],
                 required=survey["required"], state=state_label(survey["state"])),
        "  " + _("Emergency plans: {total}; review due {due}, overdue {overdue}", total=plans["total"],
                 due=plans["review_due"], overdue=plans["review_overdue"]),
        "  " + _("Drills over the {seconds} s target this semester: {n}, not yet held again {open}",
                 seconds=drills["target_seconds"], n=drills["over_target"], open=drills["not_redone"]),
        "  " + _("Serious incidents: {total}; accountability and four-not-let-go done {done}, due {due}, "
                 "overdue {overdue}", total=serious["total"], done=serious["followed_up"], due=serious["due"],
                 overdue=serious["overdue"]),
        "  " + _("Certificates and review dates: due soon {due}, overdue {overdue}",
                 due=sum(a["due_soon"] for a in r["expiries"].values()),
                 overdue=sum(a["overdue"] for a in r["expiries"].values())),
    ]  # fmt: skip
    by_grade = r.get("education_hours_by_grade")
    if by_grade:
        from safetydesk.domain.grade_hours import grade_label

        grades = "，".join(f"{grade_label(g['grade'])} {_n(g['done'])}/{_n(g['required'])}" for g in by_grade["grades"])
        out.append("  " + _("Safety education hours per grade: {grades}", grades=grades or _("None")))
    by_class = r.get("parent_meetings_by_class")
    if by_class:
        classes = "，".join(f"{c['class']} {c['held']}/{c['required']}" for c in by_class)
        out.append("  " + _("Parent meetings per class: {classes}", classes=classes))
    out.append("  " + daily_logs.gaps_text(r.get("daily_logs")))
    return out
