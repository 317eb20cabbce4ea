"""A township's report to its county bureau (issue 16.2; sync.md "What each channel carries").

The upward package carries no record rows: one member, `county/schools.jsonl`, one JSON object
per trusted school of the township, written at the township and read at the county:

    {"school": {"code", "name", "type"},
     "status": <the school's `status --json` object, as the township computes it that day>,
     "major_hazards": [{"uuid", "serial", "category", "grade", "risk_colour", "found_on", "status",
                        "overdue", "done_on", "closed_on", "escalated_on", "supervised_on",
                        "five": {"measures", "responsible", "funds", "deadline", "plan"}}],
     "serious_incidents": [{"uuid", "serial", "level", "category", "occurred_at", "learned_at",
                            "deaths", "injuries", "phone_reported_at", "phone_late",
                            "first_report_at", "first_report_late", "status"}],
     "general_incidents": <how many incidents of the 一般 level>,
     "notices": [{"uuid", "notice_type", "issued_on", "deadline", "state", "overdue",
                  "escalates"}]}

Privacy (docs/sync-privacy.md, "Township → county"): what travels is codes, dates, numbers and
states; no free text of a record travels (a hazard's description, location and measures, an
incident's title, place and summary, a notice's document number and items could all name a
child). The 五定 travel as facts: whether measures are set (`measures`: true/false), the
responsible staff member's name (an adult in post), the funds in yuan, the deadline, whether
interim protective measures (预案) are set. Sensitive kinds (psychological cases, special
conditions, bullying cases) and the student roster never travel: nothing here reads them.

At the county (sync/importer.py, step 7 then 8): each line is checked strictly (exact keys, types,
bounded lengths, no control characters), every school must be this township's: a school already
reported by another township rejects the whole package (`not_own_school`), and each school's row
in `county_school` is replaced when the package is newer than the one that wrote it. Runs on the
DB thread.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from safetydesk.domain import clock, hazard_flow
from safetydesk.domain.county_rules import MAX_VERSION as MAX_RULES_VERSION
from safetydesk.domain.organisation import SCHOOL_TYPES
from safetydesk.domain.registry import get_kind
from safetydesk.domain.validation import has_forbidden_chars
from safetydesk.models.county import CountySchool
from safetydesk.models.sync_state import TrustedPeer
from safetydesk.sync import package, strict_json
from safetydesk.sync.upsert import KindCounts

MEMBER = "county/schools.jsonl"
COUNT_KEY = "county_school"  # how the import result names these rows (rejections.kind_title)
SERIOUS_LEVELS = ("larger", "major", "especially_major")  # 较大 and above
OPEN_STATES = ("open", "answered", "sent_back", "escalated")  # not yet accepted
MAX_LINE_BYTES = 4 * 1024 * 1024
MAX_ITEMS = 5_000  # hazards, incidents or notices of one school in one report
MAX_TEXT = 200

_STATUS_KEYS = {
    "school", "as_of", "semester", "hazards", "drills", "parent_meetings", "education_hours", "incidents",
    "notices", "templates", "last_package", "missing_packages",
}  # fmt: skip
_HAZARD_KEYS = {
    "uuid", "serial", "category", "grade", "risk_colour", "found_on", "status", "overdue", "done_on",
    "closed_on", "escalated_on", "supervised_on", "five",
}  # fmt: skip
_FIVE_KEYS = {"measures", "responsible", "funds", "deadline", "plan"}
_INCIDENT_KEYS = {
    "uuid", "serial", "level", "category", "occurred_at", "learned_at", "deaths", "injuries",
    "phone_reported_at", "phone_late", "first_report_at", "first_report_late", "status",
}  # fmt: skip
_NOTICE_KEYS = {"uuid", "notice_type", "issued_on", "deadline", "state", "overdue", "escalates"}
_LINE_KEYS = {"school", "status", "major_hazards", "serious_incidents", "general_incidents", "notices"}
_CODE = re.compile(r"[a-z][a-z0-9_]{0,39}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- at the township: what goes up ----------------------------------------------------------------


def _day(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def _moment(dt: datetime | None) -> str | None:
    if dt is None:
        return None
    aware = dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)
    return aware.astimezone(UTC).replace(microsecond=0).isoformat()


def _staff_names(s: Session, uuids: set[str]) -> dict[str, str]:
    if not uuids:
        return {}
    staff = get_kind("staff").model
    return dict(s.execute(select(staff.uuid, staff.name).where(staff.uuid.in_(uuids))).all())


def _major_hazards(s: Session, code: str, today: date) -> list[dict[str, Any]]:
    h = get_kind("hazard").model
    rows = list(
        s.scalars(
            select(h)
            .where(h.owner == code, h.deleted_at.is_(None), h.grade == "major")
            .order_by(h.found_on, h.uuid)
        )
    )
    names = _staff_names(s, {r.responsible_uuid for r in rows if r.responsible_uuid})
    out = []
    for r in rows:
        funds = r.funds_amount
        out.append(
            {
                "uuid": r.uuid,
                "serial": r.serial,
                "category": r.category,
                "grade": r.grade,
                "risk_colour": r.risk_colour,
                "found_on": _day(r.found_on),
                "status": r.status,
                "overdue": hazard_flow.is_overdue({"status": r.status, "deadline": r.deadline}, today),
                "done_on": _day(r.done_on),
                "closed_on": _day(r.closed_on),
                "escalated_on": _day(r.escalated_on),
                "supervised_on": _day(r.supervised_on),
                "five": {
                    "measures": bool((r.measures or "").strip()),
                    "responsible": names.get(r.responsible_uuid or ""),
                    "funds": None if funds is None else f"{Decimal(str(funds)):.2f}",  # yuan
                    "deadline": _day(r.deadline),
                    "plan": bool((r.interim_controls or "").strip()),
                },
            }
        )
    return out


def _incidents(s: Session, code: str) -> tuple[list[dict[str, Any]], int]:
    inc, rep = get_kind("incident").model, get_kind("incident_report").model
    rows = list(
        s.scalars(select(inc).where(inc.owner == code, inc.deleted_at.is_(None)).order_by(inc.occurred_at, inc.uuid))
    )
    serious = [r for r in rows if r.level in SERIOUS_LEVELS]
    firsts: dict[str, tuple[datetime, bool]] = {}
    if serious:
        for incident, sent_at, late in s.execute(
            select(rep.incident_uuid, rep.sent_at, rep.late).where(
                rep.owner == code,
                rep.deleted_at.is_(None),
                rep.report_type == "first",
                rep.incident_uuid.in_([r.uuid for r in serious]),
            )
        ):
            if incident not in firsts or sent_at < firsts[incident][0]:
                firsts[incident] = (sent_at, bool(late))
    out = []
    for r in serious:
        first = firsts.get(r.uuid)
        out.append(
            {
                "uuid": r.uuid,
                "serial": r.serial,
                "level": r.level,
                "category": r.category,
                "occurred_at": _moment(r.occurred_at),
                "learned_at": _moment(r.learned_at),
                "deaths": r.deaths,
                "injuries": r.injuries,
                "phone_reported_at": _moment(r.phone_reported_at),
                "phone_late": bool(r.phone_late),
                "first_report_at": _moment(first[0]) if first else None,
                "first_report_late": first[1] if first else None,
                "status": r.status,
            }
        )
    return out, sum(1 for r in rows if r.level not in SERIOUS_LEVELS)


def report_lines(sessions: sessionmaker[Session], me: str) -> list[dict[str, Any]]:
    """One object per trusted school of this township, as the county receives it."""
    from safetydesk.services import status, supervision

    today = clock.today()
    evaluated = status.evaluate(sessions, today)
    notices: dict[str, list[dict[str, Any]]] = {}
    for n in supervision.notices(sessions, as_of=today, states=OPEN_STATES):
        notices.setdefault(n.school_code, []).append(
            {
                "uuid": n.uuid,
                "notice_type": n.notice_type,
                "issued_on": _day(n.issued_on),
                "deadline": _day(n.deadline),
                "state": n.state,
                "overdue": n.overdue,
                "escalates": n.escalates_uuid,
            }
        )
    lines = []
    with sessions() as s:
        for facts, st in evaluated:
            serious, general = _incidents(s, facts.code)
            lines.append(
                {
                    "school": {"code": facts.code, "name": facts.name, "type": facts.school_type},
                    "status": st.as_json(),
                    "major_hazards": _major_hazards(s, facts.code, today),
                    "serious_incidents": serious,
                    "general_incidents": general,
                    "notices": sorted(notices.get(facts.code, []), key=lambda n: (n["issued_on"], n["uuid"])),
                }
            )
    return lines


def report_bytes(sessions: sessionmaker[Session], me: str) -> tuple[bytes, int]:
    lines = report_lines(sessions, me)
    return b"".join(strict_json.dumps_canonical(line) + b"\n" for line in lines), len(lines)


# --- at the county: checked before anything is written --------------------------------------------


class _Bad(Exception):
    pass


def _check_value(value: Any, depth: int = 0) -> None:
    """Any JSON value inside a status object: bounded depth, lengths and text."""
    if depth > 6:
        raise _Bad("nesting")
    if isinstance(value, dict):
        if len(value) > 200:
            raise _Bad("object size")
        for k, v in value.items():
            if not _CODE.fullmatch(k):
                raise _Bad(f"key {k[:40]!r}")
            _check_value(v, depth + 1)
    elif isinstance(value, list):
        if len(value) > MAX_ITEMS:
            raise _Bad("list size")
        for v in value:
            _check_value(v, depth + 1)
    elif isinstance(value, str):
        _text(value)
    elif value is not None and not isinstance(value, (bool, int, float)):
        raise _Bad("value")


def _text(value: Any, *, optional: bool = True, limit: int = MAX_TEXT) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value or len(value) > limit or has_forbidden_chars(value):
        raise _Bad("text")
    return value


def _code(value: Any, *, optional: bool = True) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str) or not _CODE.fullmatch(value):
        raise _Bad("code")


def _date(value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        raise _Bad("date")
    date.fromisoformat(value)


def _time(value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, str) or len(value) > 40:
        raise _Bad("time")
    if datetime.fromisoformat(value).tzinfo is None:
        raise _Bad("time zone")


def _flag(value: Any, *, optional: bool = False) -> None:
    if not (isinstance(value, bool) or (optional and value is None)):
        raise _Bad("flag")


def _count(value: Any, *, optional: bool = True) -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= package.MAX_SEQ:
        raise _Bad("number")


def _uuid(value: Any, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str) or not package.UUID_RE.fullmatch(value):
        raise _Bad("uuid")


def _items(value: Any, keys: set[str]) -> list[dict[str, Any]]:
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise _Bad("list")
    for item in value:
        if not isinstance(item, dict) or set(item) != keys:
            raise _Bad("fields")
    return value


def _daily_logs(value: Any) -> None:
    """`daily_logs` as the consoles and the bulletin read it: null (a township that does not
    count them, or a school not reported yet) or {"window_days": n, "gaps": {rule: n}}."""
    if value is None:
        return
    if not isinstance(value, dict) or set(value) != {"window_days", "gaps"} or not isinstance(value["gaps"], dict):
        raise _Bad("daily_logs")
    if len(value["gaps"]) > MAX_ITEMS:
        raise _Bad("list")
    _count(value["window_days"], optional=False)
    for rule, n in value["gaps"].items():
        _code(rule, optional=False)
        _count(n, optional=False)


def _county_rules(version: Any, sha: Any) -> None:
    """The set a school follows: none, or a version (1 up) with its hash; the hash is absent from
    an older township's rows."""
    if version is None:
        if sha is not None:
            raise _Bad("county_rules_sha256")
        return
    if version.__class__ is not int or not 1 <= version <= MAX_RULES_VERSION:
        raise _Bad("county_rules_version")
    if sha is not None and not (isinstance(sha, str) and package.HEX64.fullmatch(sha)):
        raise _Bad("county_rules_sha256")


def _check_line(line: Any, sender: str) -> dict[str, Any]:
    if not isinstance(line, dict) or set(line) != _LINE_KEYS:
        raise _Bad("fields")
    school = line["school"]
    if not isinstance(school, dict) or set(school) != {"code", "name", "type"}:
        raise _Bad("school")
    code = school["code"]
    if not isinstance(code, str) or not package.CODE_RE.fullmatch(code) or code == sender:
        raise _Bad("school code")
    _text(school["name"], optional=False, limit=100)
    if school["type"] is not None and school["type"] not in SCHOOL_TYPES:
        raise _Bad("school type")
    status = line["status"]
    if not isinstance(status, dict) or not set(status) >= _STATUS_KEYS:
        raise _Bad("status")
    if status["school"] != {"code": code, "name": school["name"]}:
        raise _Bad("status of another school")
    _date(status["as_of"])
    _check_value(status)
    _daily_logs(status.get("daily_logs"))
    _county_rules(status.get("county_rules_version"), status.get("county_rules_sha256"))
    for h in _items(line["major_hazards"], _HAZARD_KEYS):
        _uuid(h["uuid"])
        _text(h["serial"])
        for key in ("category", "grade", "risk_colour", "status"):
            _code(h[key], optional=key == "risk_colour")
        for key in ("found_on", "done_on", "closed_on", "escalated_on", "supervised_on"):
            _date(h[key])
        _flag(h["overdue"])
        five = h["five"]
        if not isinstance(five, dict) or set(five) != _FIVE_KEYS:
            raise _Bad("five")
        _flag(five["measures"])
        _flag(five["plan"])
        _text(five["responsible"], limit=50)
        _date(five["deadline"])
        if five["funds"] is not None and not re.fullmatch(r"\d{1,12}(\.\d{1,2})?", str(five["funds"])):
            raise _Bad("funds")
    for i in _items(line["serious_incidents"], _INCIDENT_KEYS):
        _uuid(i["uuid"])
        _text(i["serial"])
        if i["level"] not in SERIOUS_LEVELS:
            raise _Bad("level")
        _code(i["category"])
        _code(i["status"])
        for key in ("occurred_at", "learned_at", "phone_reported_at", "first_report_at"):
            _time(i[key])
        _count(i["deaths"])
        _count(i["injuries"])
        _flag(i["phone_late"])
        _flag(i["first_report_late"], optional=True)
    _count(line["general_incidents"], optional=False)
    for n in _items(line["notices"], _NOTICE_KEYS):
        _uuid(n["uuid"])
        _uuid(n["escalates"], optional=True)
        _code(n["notice_type"], optional=False)
        _code(n["state"], optional=False)
        _date(n["issued_on"])
        _date(n["deadline"])
        _flag(n["overdue"])
    return line


def check_report(content: bytes, rows: int, *, sender: str, file: str) -> list[dict[str, Any]]:
    """Step 7 for a township's report: every line in the expected form, one line per school."""
    if content.count(b"\n") != rows or (content and not content.endswith(b"\n")):
        raise package.reject("bad_payload", file=file, detail=f"{MEMBER} row count")
    lines: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, raw in enumerate(content.splitlines(), start=1):
        try:
            line = _check_line(strict_json.loads(raw, max_bytes=MAX_LINE_BYTES, max_depth=10), sender)
        except strict_json.StrictJsonError as exc:
            raise package.reject("bad_row", file=file, line=number, kind=COUNT_KEY, detail=exc.reason) from exc
        except (_Bad, ValueError) as exc:
            raise package.reject("bad_row", file=file, line=number, kind=COUNT_KEY, detail=str(exc)) from exc
        code = line["school"]["code"]
        if code in seen:
            raise package.reject("bad_row", file=file, line=number, kind=COUNT_KEY, detail="school twice")
        seen.add(code)
        lines.append(line)
    return lines


# --- at the county: applied in the import's transaction -------------------------------------------


def _owners(s: Session, codes: list[str]) -> Mapping[str, str]:
    return dict(
        s.execute(
            select(CountySchool.school_code, CountySchool.township_code).where(CountySchool.school_code.in_(codes))
        ).all()
    )


def _aware(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt


def store(s: Session, report: list[dict[str, Any]], m: Any, *, file: str) -> KindCounts:
    """Replace each school's row with this package's, when it is newer; a school another township
    reported, or whose code is a trusted organisation's, rejects the whole package."""
    counts = KindCounts()
    sender = m.sender_code
    codes = [line["school"]["code"] for line in report]
    owners = _owners(s, codes)
    peers = set(s.scalars(select(TrustedPeer.org_code).where(TrustedPeer.org_code.in_(codes))))
    for number, line in enumerate(report, start=1):
        code = line["school"]["code"]
        owner = owners.get(code)
        if (owner is not None and owner != sender) or code in peers:
            raise package.reject("not_own_school", file=file, line=number, school=code,
                                 owner=owner or code, sender=sender)  # fmt: skip
    signed_at = datetime.fromisoformat(m.created_at)
    for line in report:
        code = line["school"]["code"]
        row = s.get(CountySchool, code)
        details = {k: line[k] for k in ("major_hazards", "serious_incidents", "general_incidents", "notices")}
        if row is None:
            s.add(
                CountySchool(
                    school_code=code, township_code=sender, school_name=line["school"]["name"],
                    school_type=line["school"]["type"], seq=m.seq, signed_at=signed_at,
                    status=line["status"], details=details,
                )
            )  # fmt: skip
            counts.created += 1
        elif (_aware(row.signed_at), row.seq) >= (signed_at, m.seq):
            counts.unchanged += 1  # an older package arriving late changes nothing
        elif row.status == line["status"] and row.details == details and row.school_name == line["school"]["name"]:
            row.seq, row.signed_at = m.seq, signed_at
            counts.unchanged += 1
        else:
            row.school_name, row.school_type = line["school"]["name"], line["school"]["type"]
            row.seq, row.signed_at, row.imported_at = m.seq, signed_at, clock.now()
            row.status, row.details = line["status"], details
            counts.updated += 1
    return counts
