"""What a county bureau (县教育局安全股) sees (issue 16.4): the township console one level up.

Everything comes from `county_school` (one row per school, written by the townships' upward
packages: sync/upward.py) and the import log of the townships' packages. The school stays the
dimension: every list is by township and school; nothing is added up across schools except the
number of schools in a state.

- `status_objects`: the `status --json` objects of every school, each with its `township_code`;
  the status object is the one its township computed when it signed its latest package (its
  `as_of` says which day).
- `townships`: one row per trusted township: its schools, how many of them show red, its latest
  package to the county (signed, imported, missing numbers): the county's timeliness view.
- `matrix`: the township console's school-by-mechanism matrix (services/console.cells_of), for
  every school or one township's.
- `registers`: the county-wide registers of 重大隐患 and of 较大-and-above incidents.
- `timeliness`: per school, its latest package to its township; per township, to the county.

DB thread (or a command); returns plain data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from safetydesk.domain import clock
from safetydesk.domain.compliance import ComplianceItem, State
from safetydesk.domain.organisation import COUNTY, TOWNSHIP, school_type_label
from safetydesk.domain.school_status import HazardCounts, IncidentCounts, PackageFacts, SchoolStatus
from safetydesk.domain.semester import semester
from safetydesk.domain.supervision import NoticeCounts
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import LOCAL_TZ, _
from safetydesk.models.county import CountySchool
from safetydesk.models.sync_state import ImportedPackage, TrustedPeer
from safetydesk.services import console
from safetydesk.services.installation import installation_info

COMPLIANCE = {
    "drills": ("drill", "Drills held", "done"),
    "parent_meetings": ("parent_meeting", "Parent meetings", "held"),
    "education_hours": ("education_session", "Safety class hours", "done"),
}
BASE_KEYS = {
    "school", "as_of", "semester", "hazards", "drills", "parent_meetings", "education_hours", "incidents",
    "notices", "templates", "last_package", "missing_packages", "township_code",
}  # fmt: skip
STALE_DAYS = 31  # a township whose newest package is older than this is shown as late


@dataclass(frozen=True)
class TownshipRef:
    code: str
    name: str


@dataclass(frozen=True)
class CountySchoolRow:
    township_code: str
    township_name: str
    code: str
    name: str
    school_type: str | None
    status: dict[str, Any]
    details: dict[str, Any]
    signed_at: datetime  # the township's package that carried it


def _require_county(sessions: sessionmaker[Session]) -> None:
    if installation_info(sessions).role != COUNTY:
        raise SafetyDeskError(_("--township is for a county bureau's installation: it lists the schools of one "
                                "township centre."))


def townships_in(s: Session) -> list[TownshipRef]:
    """The township centres this county trusts (not revoked), by code."""
    peers = s.scalars(
        select(TrustedPeer)
        .where(TrustedPeer.role == TOWNSHIP, TrustedPeer.revoked_at.is_(None))
        .order_by(TrustedPeer.org_code)
    )
    return [TownshipRef(p.org_code, p.org_name) for p in peers]


def _local_rows(sessions: sessionmaker[Session]) -> list[CountySchoolRow]:
    """At a township: its schools as its next report to the county would carry them (at a school:
    itself, as its township would report it), so a township can print its part of the county's
    通报 before it sends it."""
    from safetydesk.sync import upward

    info = installation_info(sessions)
    if info.role == TOWNSHIP:
        township, name = info.org_code, info.org_name
    else:
        township, name = info.township_code or "", info.township_name or info.township_code or ""
    now = clock.now()
    return [
        CountySchoolRow(township, name, line["school"]["code"], line["school"]["name"], line["school"]["type"],
                        line["status"], {k: v for k, v in line.items() if k not in ("school", "status")}, now)
        for line in upward.report_lines(sessions, info.org_code)
    ]


def school_rows(sessions: sessionmaker[Session], township: str | None = None,
                school: str | None = None) -> list[CountySchoolRow]:
    """Every school of every trusted township (or of `township`), by township then school code.
    A township named that the county does not trust is an error saying what to do. Elsewhere
    (the county's report printed at a township or a school): `_local_rows`."""
    if installation_info(sessions).role != COUNTY:
        return [r for r in _local_rows(sessions) if school is None or r.code == school]
    with sessions() as s:
        refs = {t.code: t for t in townships_in(s)}
        if township is not None and township not in refs:
            raise SafetyDeskError(_("{code} is not a trusted township centre of this county bureau; "
                                    "'safetydesk trust' enrols one.", code=township))
        query = select(CountySchool).where(CountySchool.township_code.in_(list(refs)))
        if township is not None:
            query = query.where(CountySchool.township_code == township)
        if school is not None:
            query = query.where(CountySchool.school_code == school)
        rows = s.scalars(query.order_by(CountySchool.township_code, CountySchool.school_code)).all()
        out = [
            CountySchoolRow(r.township_code, refs[r.township_code].name, r.school_code, r.school_name,
                            r.school_type, dict(r.status), dict(r.details), r.signed_at)
            for r in rows
        ]
    if school is not None and not out:
        raise SafetyDeskError(_("No township centre has reported the school {code} to this county bureau yet.",
                                code=school))
    return out


def status_objects(sessions: sessionmaker[Session], township: str | None = None,
                   school: str | None = None) -> list[dict[str, Any]]:
    """`status --json` at a county: each school's object plus its township's code."""
    return [{**r.status, "township_code": r.township_code} for r in school_rows(sessions, township, school)]


def check_township_option(sessions: sessionmaker[Session]) -> None:
    _require_county(sessions)


# --- the status object back from JSON (for the matrix cells) ---------------------------------------


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def status_from_json(d: dict[str, Any]) -> SchoolStatus:
    """The SchoolStatus a status object was made from (what console.cells_of reads)."""
    sem_key = d["semester"]
    try:
        sem = semester(sem_key)
        label, start, end = sem.label, sem.start, sem.end
    except ValueError:
        label, start, end = sem_key, date.fromisoformat(d["as_of"]), date.fromisoformat(d["as_of"])

    def item(key: str) -> ComplianceItem:
        kind, title, done_key = COMPLIANCE[key]
        part = d[key]
        return ComplianceItem(key, kind, title, float(part[done_key]), float(part["required"]),
                              State(part["state"]), start, end)

    h, i, n, pkg = d["hazards"], d["incidents"], d["notices"], d["last_package"]
    return SchoolStatus(
        code=d["school"]["code"],
        name=d["school"]["name"],
        as_of=date.fromisoformat(d["as_of"]),
        semester=sem_key,
        semester_label=label,
        hazards=HazardCounts(h["open"], h["overdue"], h["major_open"]),
        drills=item("drills"),
        parent_meetings=item("parent_meetings"),
        education_hours=item("education_hours"),
        incidents=IncidentCounts(i["total"], i["on_time"], i["late"], i["still_due"], i["overdue"]),
        notices=NoticeCounts(n["open"], n["overdue"], n["answered"], n["sent_back"], n["accepted"], n["escalated"]),
        templates=tuple((t["code"], t["version"]) for t in d["templates"]),
        last_package=None if pkg is None else PackageFacts(
            pkg["seq"], _moment(pkg["signed_at"]) or datetime.now(UTC), _moment(pkg["imported_at"])),
        missing_packages=tuple(d["missing_packages"]),
        reminders={k: v for k, v in d.items() if k not in BASE_KEYS},
    )


# --- the console ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TownshipRow:
    code: str
    name: str
    schools: int
    schools_red: int  # schools with at least one red cell
    major_hazards: int  # open 重大隐患 listed by its schools (a count of records, school by school)
    serious_incidents: int
    last_seq: int | None
    last_signed: datetime | None
    last_imported: datetime | None
    missing: tuple[int, ...]
    late: bool  # no package yet, or the newest is older than STALE_DAYS


def _packages(s: Session, codes: list[str]) -> dict[str, dict[int, tuple[datetime, datetime]]]:
    got: dict[str, dict[int, tuple[datetime, datetime]]] = defaultdict(dict)
    p = ImportedPackage
    for sender, seq, signed_at, imported_at in s.execute(
        select(p.sender_code, p.seq, p.signed_at, p.imported_at).where(p.sender_code.in_(codes))
    ):
        got[sender][seq] = (signed_at, imported_at)
    return got


def _aware(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt


def matrix(sessions: sessionmaker[Session], township: str | None = None) -> console.Matrix:
    """The school-by-mechanism matrix of every school (or one township's), as the township
    console draws it; a school's name carries its township's."""
    today = clock.today()
    rows = school_rows(sessions, township)
    out = []
    label = ""
    for r in rows:
        st = status_from_json(r.status)
        label = label or st.semester_label
        out.append(console.SchoolRow(r.code, f"{r.township_name} · {r.name}", school_type_label(r.school_type),
                                     console.cells_of(st, today)))
    return console.Matrix(today, label, tuple(out))


def townships(sessions: sessionmaker[Session], rows: list[CountySchoolRow] | None = None) -> list[TownshipRow]:
    """One row per trusted township: its schools and how its reporting to the county stands.
    `rows`: school_rows(sessions) when the caller has read them already."""
    today = clock.today()
    rows = school_rows(sessions) if rows is None else rows
    by_township: dict[str, list[CountySchoolRow]] = defaultdict(list)
    for r in rows:
        by_township[r.township_code].append(r)
    with sessions() as s:
        refs = townships_in(s)
        if installation_info(sessions).role != COUNTY:  # a township's (or school's) own part
            refs = [TownshipRef(r.township_code, r.township_name) for r in rows[:1]]
        packages = _packages(s, [t.code for t in refs])
    out = []
    for t in refs:
        mine = by_township.get(t.code, [])
        red = sum(1 for r in mine if any(c.colour == console.RED for c in console.cells_of(status_from_json(r.status),
                                                                                          today)))
        seqs = packages.get(t.code, {})
        last = max(seqs) if seqs else None
        signed, imported = (seqs[last] if last is not None else (None, None))
        late = signed is None or (today - _aware(signed).astimezone(LOCAL_TZ).date()).days > STALE_DAYS
        out.append(TownshipRow(
            t.code, t.name, len(mine), red,
            sum(sum(1 for h in r.details.get("major_hazards", []) if h["status"] != "closed") for r in mine),
            sum(len(r.details.get("serious_incidents", [])) for r in mine),
            last, signed, imported, tuple(n for n in range(1, last or 0) if n not in seqs), late,
        ))  # fmt: skip
    return out


@dataclass(frozen=True)
class RegisterLine:
    township: str
    school: str
    values: dict[str, Any]


def registers(sessions: sessionmaker[Session], township: str | None = None
              ) -> tuple[list[RegisterLine], list[RegisterLine]]:
    """The county's registers: every school's 重大隐患 and its incidents of 较大 and above."""
    hazards, incidents = [], []
    for r in school_rows(sessions, township):
        for h in r.details.get("major_hazards", []):
            hazards.append(RegisterLine(r.township_name, r.name, h))
        for i in r.details.get("serious_incidents", []):
            incidents.append(RegisterLine(r.township_name, r.name, i))
    return hazards, incidents


@dataclass(frozen=True)
class SchoolTimeliness:
    township: str
    school: str
    last_seq: int | None
    signed_at: datetime | None  # the school's newest package its township imported
    missing: tuple[int, ...]
    late: bool


def timeliness(sessions: sessionmaker[Session], township: str | None = None) -> list[SchoolTimeliness]:
    """Per school: its newest package to its township (from its status object), and whether it
    is missing numbers or is older than a month."""
    today = clock.today()
    out = []
    for r in school_rows(sessions, township):
        pkg = r.status.get("last_package")
        signed = _moment(pkg["signed_at"]) if pkg else None
        late = signed is None or (today - signed.astimezone(LOCAL_TZ).date()).days > STALE_DAYS
        out.append(SchoolTimeliness(r.township_name, r.name, pkg["seq"] if pkg else None, signed,
                                    tuple(r.status.get("missing_packages", [])), late))
    return out


def general_incidents(row: CountySchoolRow) -> int:
    return int(row.details.get("general_incidents", 0))

