"""The county's tables as people read them (issue 16.4): the same rows in the console, the 通报 PDF
and the Excel workbook, so the screen and the paper never disagree.

Each table is a tuple of columns (key, N_()-marked title, width in characters) and a list of rows
of display text (codes turned into their Chinese labels, dates as 2026-12-01, yes/no as 是/否);
`numbers` gives the Excel sheets the counts as numbers. Built from services/county.py's plain
data; DB thread (or a command).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy.orm import Session, sessionmaker

import safetydesk.kinds  # noqa: F401  (every kind registered: choice labels)
from safetydesk.domain import hazard_flow
from safetydesk.domain import supervision as sv
from safetydesk.domain.compliance import state_label
from safetydesk.domain.organisation import school_type_label
from safetydesk.domain.registry import get_kind
from safetydesk.i18n import N_, _, format_date, format_datetime
from safetydesk.services import console, county, county_rules

NOT_APPLICABLE = "—"


@dataclass(frozen=True)
class Table:
    title: str  # translated
    columns: tuple[tuple[str, str, int], ...]  # key, N_() title, width
    rows: list[dict[str, Any]]  # display text per key; "_colour" per key in "_colours" (console)


def _choice(kind: str, attr: str, code: str | None) -> str:
    if not code:
        return ""
    found = get_kind(kind).field(attr).choice(code)
    return _(found.label) if found else code


def _yes(value: bool | None) -> str:
    if value is None:
        return NOT_APPLICABLE
    return _("Yes") if value else _("No")


def _day(text: str | None) -> str:
    return format_date(date.fromisoformat(text)) if text else ""


def _when(value: str | datetime | None) -> str:
    if value is None:
        return ""
    return format_datetime(datetime.fromisoformat(value) if isinstance(value, str) else value)


TOWNSHIP_COLUMNS = (
    ("township", N_("Township centre"), 16),
    ("schools", N_("Schools"), 6),
    ("red", N_("Schools with an item in red"), 10),
    ("major", N_("Major hazards not struck off"), 10),
    ("serious", N_("Incidents graded serious and above"), 10),
    ("last", N_("Latest package to the county"), 16),
    ("missing", N_("Missing packages"), 10),
    ("timely", N_("Reporting"), 8),
    ("rules_behind", N_("Schools on older rules"), 10),
)


class CurrentRules(NamedTuple):
    version: int
    sha256: str


def current_rules(sessions: sessionmaker[Session]) -> CurrentRules | None:
    """The set of county rules this installation publishes (at the county) or follows."""
    with sessions() as s:
        held = county_rules.held_in(s)
    return None if held is None else CurrentRules(held.version, held.sha256)


def on_current_rules(status: dict[str, Any], current: CurrentRules | None) -> bool:
    """Whether a school's status says it follows `current`: the same set by its hash, where the
    status carries one. A township older than the hash in the status rows reports the number
    only; then equal, not at least: a higher number is a set of a county installation since
    replaced, whose new series started at 1 again."""
    if current is None:
        return True
    sha = status.get("county_rules_sha256")
    if sha is not None:
        return sha == current.sha256
    return status.get("county_rules_version") == current.version


def _behind_by_township(rows: list[county.CountySchoolRow], current: CurrentRules | None) -> Counter[str]:
    """Per township code, its schools whose status is not on `current`."""
    return Counter(r.township_code for r in rows if not on_current_rules(r.status, current))


def rules_line(sessions: sessionmaker[Session]) -> str:
    """The county console's line: the version published here, and how many schools of which
    township centres do not report following it yet (from the townships' latest reports)."""
    found = county_rules.following(sessions)
    if found is None:
        return _("County rules: nothing published yet; townships and schools apply the default values.")
    line = _("County rules published here: version {version}, {date}", version=found.version,
             date=format_date(found.published_on))
    rows = county.school_rows(sessions)
    behind = _behind_by_township(rows, CurrentRules(found.version, found.sha256))
    names = {r.township_code: r.township_name for r in rows}
    if not behind:
        return line + _("; every school reported follows it.")
    by_township = _(", ").join(f"{names[code]} {n}" for code, n in behind.items())
    return line + _(
        "; {n} of {total} schools do not report following it yet ({townships}).",
        n=sum(behind.values()), total=len(rows), townships=by_township,
    )


def _rules_text(version: int | None, current: CurrentRules | None) -> str:
    if version is None:
        return NOT_APPLICABLE if current is None else _("Not reported")
    return _("Version {version}", version=version)


def townships_table(sessions: sessionmaker[Session]) -> Table:
    schools = county.school_rows(sessions)
    behind = _behind_by_township(schools, current_rules(sessions))
    rows = []
    for t in county.townships(sessions, schools):
        last = _("No. {seq} · signed {date}", seq=t.last_seq, date=_when(t.last_signed)) if t.last_seq else _(
            "None received")
        rows.append({
            "code": t.code, "township": t.name, "schools": t.schools, "red": t.schools_red,
            "major": t.major_hazards, "serious": t.serious_incidents, "last": last,
            "missing": "、".join(str(n) for n in t.missing), "timely": _("Late") if t.late else _("On time"),
            "rules_behind": behind.get(t.code, 0),
            "_colours": {"timely": console.RED if t.late else console.GREEN,
                         "missing": console.RED if t.missing else console.GREEN,
                         "red": console.RED if t.schools_red else console.GREEN,
                         "rules_behind": console.AMBER if behind.get(t.code) else console.GREEN},
        })  # fmt: skip
    return Table(_("Township centres"), TOWNSHIP_COLUMNS, rows)


SCHOOL_COLUMNS = (
    ("township", N_("Township centre"), 14),
    ("school", N_("School"), 16),
    ("type", N_("Kind of school"), 8),
    ("hazards", N_("Hazards open (overdue)"), 10),
    ("major", N_("Major hazards open"), 8),
    ("drills", N_("Drills held"), 10),
    ("parent_meetings", N_("Parent meetings"), 10),
    ("education_hours", N_("Safety class hours"), 10),
    ("incidents", N_("Incidents (reported late)"), 10),
    ("notices", N_("Notices open (overdue)"), 10),
    ("templates", N_("Checklists in use"), 16),
    ("daily_logs", N_("Daily logs"), 7),
    ("rules", N_("County rules version"), 8),
)


def _progress(part: dict[str, Any], done_key: str) -> str:
    return f"{part[done_key]:g}/{part['required']:g}（{state_label(part['state'])}）"


def _template_name(code: str) -> str:
    from safetydesk.services.checklists import bundled_templates

    return next((t.name for t in bundled_templates() if t.key == code), code)


def schools_table(sessions: sessionmaker[Session], township: str | None = None) -> Table:
    current = current_rules(sessions)
    rows = []
    for r in county.school_rows(sessions, township):
        j = r.status
        n = j["notices"]
        waiting = n["open"] + n["sent_back"] + n["answered"]
        rows.append({
            "township": r.township_name, "school": r.name, "type": school_type_label(r.school_type),
            "hazards": f"{j['hazards']['open']}（{j['hazards']['overdue']}）", "major": j["hazards"]["major_open"],
            "drills": _progress(j["drills"], "done"), "parent_meetings": _progress(j["parent_meetings"], "held"),
            "education_hours": _progress(j["education_hours"], "done"),
            "incidents": f"{j['incidents']['total']}（{j['incidents']['late'] + j['incidents']['overdue']}）",
            "notices": f"{waiting}（{n['overdue']}）",
            "templates": "、".join(f"{_template_name(t['code'])} v{t['version'] or '-'}" for t in j["templates"]),
            "daily_logs": console.daily_logs_cell(j.get("daily_logs")).text,
            "rules": _rules_text(j.get("county_rules_version"), current),
            "_colours": {"rules": console.GREEN if on_current_rules(j, current) else console.AMBER},
        })  # fmt: skip
    return Table(_("Schools"), SCHOOL_COLUMNS, rows)


HAZARD_COLUMNS = (
    ("township", N_("Township centre"), 12),
    ("school", N_("School"), 14),
    ("serial", N_("Serial No."), 12),
    ("category", N_("Category"), 10),
    ("found_on", N_("Date found"), 11),
    ("status", N_("Status"), 8),
    ("overdue", N_("Overdue"), 6),
    ("measures", N_("Measures set"), 6),
    ("responsible", N_("Person responsible for rectification"), 8),
    ("funds", N_("Funds (yuan)"), 9),
    ("deadline", N_("Deadline"), 11),
    ("plan", N_("Interim measures and plan set"), 8),
)
INCIDENT_COLUMNS = (
    ("township", N_("Township centre"), 12),
    ("school", N_("School"), 14),
    ("serial", N_("Serial No."), 12),
    ("level", N_("Level"), 8),
    ("category", N_("Category"), 10),
    ("occurred_at", N_("Occurred at"), 16),
    ("casualties", N_("Deaths / injuries"), 8),
    ("phone", N_("Phoned in on time"), 7),
    ("first", N_("First report on time"), 7),
    ("status", N_("Status"), 8),
)


def register_tables(sessions: sessionmaker[Session], township: str | None = None) -> tuple[Table, Table]:
    """The county-wide registers of 重大隐患 (with the 五定) and of incidents of 较大 and above."""
    hazards, incidents = county.registers(sessions, township)
    h_rows = []
    for line in hazards:
        h, five = line.values, line.values["five"]
        h_rows.append({
            "township": line.township, "school": line.school, "serial": h["serial"] or "",
            "category": _choice("hazard", "category", h["category"]), "found_on": _day(h["found_on"]),
            "status": hazard_flow.state_label(h["status"]), "overdue": _yes(h["overdue"]),
            "measures": _yes(five["measures"]), "responsible": five["responsible"] or "",
            "funds": five["funds"] or "", "deadline": _day(five["deadline"]), "plan": _yes(five["plan"]),
            "_colours": {"overdue": console.RED if h["overdue"] else console.GREEN},
            "_open": h["status"] != hazard_flow.CLOSED,
        })  # fmt: skip
    i_rows = []
    for line in incidents:
        i = line.values
        first = i["first_report_late"]
        i_rows.append({
            "township": line.township, "school": line.school, "serial": i["serial"] or "",
            "level": _choice("incident", "level", i["level"]), "category": _choice("incident", "category", i["category"]),
            "occurred_at": _when(i["occurred_at"]),
            "casualties": f"{i['deaths'] if i['deaths'] is not None else '-'}/"
                          f"{i['injuries'] if i['injuries'] is not None else '-'}",
            "phone": _yes(None if i["phone_reported_at"] is None else not i["phone_late"]),
            "first": _yes(None if first is None else not first),
            "status": _choice("incident", "status", i["status"]),
        })  # fmt: skip
    return (Table(_("Major hazards of every school"), HAZARD_COLUMNS, h_rows),
            Table(_("Incidents graded serious and above"), INCIDENT_COLUMNS, i_rows))


TIMELINESS_COLUMNS = (
    ("township", N_("Township centre"), 14),
    ("school", N_("School"), 16),
    ("last", N_("Latest package to the township"), 16),
    ("missing", N_("Missing packages"), 10),
    ("timely", N_("Reporting"), 8),
)


def timeliness_table(sessions: sessionmaker[Session], township: str | None = None) -> Table:
    rows = []
    for t in county.timeliness(sessions, township):
        last = (_("No. {seq} · signed {date}", seq=t.last_seq, date=_when(t.signed_at)) if t.last_seq
                else _("None received"))
        rows.append({
            "township": t.township, "school": t.school, "last": last,
            "missing": "、".join(str(n) for n in t.missing), "timely": _("Late") if t.late else _("On time"),
            "_colours": {"timely": console.RED if t.late else console.GREEN},
        })  # fmt: skip
    return Table(_("Schools' reporting to their township centres"), TIMELINESS_COLUMNS, rows)


def notice_counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    """Open and overdue 整改通知书 / 督办单 of every school (rows, not sums of counts)."""
    rows = county.school_rows(sessions)
    notices = [n for r in rows for n in r.details.get("notices", [])]
    return {"open": len(notices), "overdue": sum(1 for n in notices if n["overdue"]),
            "escalated": sum(1 for n in notices if n["state"] == sv.ESCALATED)}


def as_text(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows without the console's colour hints."""
    return [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]


