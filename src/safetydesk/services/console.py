"""What the township console shows (issue 12, point 4): per school, never added across schools.

- `matrix`: one row per trusted school, one cell per mechanism, each cell a colour and a short
  text computed by `cells_of` from that school's status object (services/status.py), the same
  object `safetydesk status --json` prints.
- `reporting`: DHIS2-style reporting rates per school: packages expected in the semester (one a
  month, the schools' "一月一汇报" custom), received, on time, the numbers missing below the
  newest; incidents reported within 60 (general) or 20/40 minutes (较大 and above, phone/written).
- `registers`: the 重大 hazards and the 较大-and-above incidents of every school.
- `trends`: each school's rates (domain/township_rates.py, as in the 通报) per recent semester.

The loaders run on the DB thread (or in a command) and return plain data; `cells_of`,
`package_months` and `incident_limits` are pure (any thread).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from safetydesk.domain import clock, daily_logs, township_rates
from safetydesk.domain import incident_clock as ic
from safetydesk.domain.compliance import ComplianceItem, State
from safetydesk.domain.registry import get_kind
from safetydesk.domain.school_status import SchoolFacts, SchoolStatus, number
from safetydesk.domain.semester import Semester, recent_semesters, semester
from safetydesk.i18n import LOCAL_TZ, N_, _, format_date
from safetydesk.models.sync_state import ImportedPackage
from safetydesk.services import records, schools, settings, status
from safetydesk.services.changes import Actor

GREEN, AMBER, RED, GREY = "green", "amber", "red", "grey"
# (column key, title, the record kind its records are); packages open the exchange page.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("hazards", N_("Open hazards"), "hazard"),
    ("drills", N_("Drills held"), "drill"),
    ("parent_meetings", N_("Parent meetings"), "parent_meeting"),
    ("education_hours", N_("Safety class hours"), "education_session"),
    ("incidents", N_("Incident reports"), "incident"),
    ("notices", N_("Notices"), "rectification_notice"),
    ("daily_logs", N_("Daily logs"), "guard_duty"),
    ("packages", N_("Packages received"), ""),
)
GRACE_DAYS = 5  # a month's package signed within this many days after the month is received late
MAJOR_HAZARD = "major"
URGENT_LEVELS = ("larger", "major", "especially_major")
REGISTER_LIMIT = 2000


@dataclass(frozen=True)
class Cell:
    key: str  # column key
    colour: str  # green | amber | red | grey
    text: str
    tip: str = ""
    kind: str | None = None  # the record kind a click opens, where not the column's own


@dataclass(frozen=True)
class SchoolRow:
    code: str
    name: str
    school_type: str
    cells: tuple[Cell, ...]

    def cell(self, key: str) -> Cell:
        return next(c for c in self.cells if c.key == key)


@dataclass(frozen=True)
class Matrix:
    as_of: date
    semester_label: str
    rows: tuple[SchoolRow, ...]


# --- the matrix ------------------------------------------------------------------------------------


def _progress(key: str, item: ComplianceItem) -> Cell:
    colour = {State.OVERDUE: RED, State.DUE: AMBER, State.DONE: GREEN, State.NOT_SCHEDULED: GREY}[item.state]
    text = f"{number(item.held)}/{number(item.required)}" if item.required else f"{number(item.held)}/—"
    tip = _("{title}: {detail}", title=_(item.title), detail=item.detail)
    if item.waiting_period is not None:  # e.g. "3/2" in amber: enough so far, but not this period
        tip += "\n" + _(
            "None held yet in the current period ({start} to {end}).",
            start=format_date(item.waiting_period[0]),
            end=format_date(item.waiting_period[1]),
        )
    return Cell(key, colour, text, tip)


def cells_of(st: SchoolStatus, today: date) -> tuple[Cell, ...]:
    """One school's cells, from its own status object alone (so never a sum of schools)."""
    h = st.hazards
    if h.overdue:
        hazards = Cell("hazards", RED, _("{n} overdue", n=h.overdue),
                       _("{open} not struck off, {overdue} past the deadline", open=h.open, overdue=h.overdue))
    elif h.open:
        hazards = Cell("hazards", AMBER, _("{n} open", n=h.open), _("{n} not struck off", n=h.open))
    else:
        hazards = Cell("hazards", GREEN, "0", _("No hazard open"))
    if h.major_open:
        hazards = Cell("hazards", RED, hazards.text + " · " + _("{n} major", n=h.major_open), hazards.tip)
    inc = st.incidents
    inc_tip = _("{total} incidents: {on_time} on time, {late} late, {due} still due",
                total=inc.total, on_time=inc.on_time, late=inc.late, due=inc.still_due)
    if inc.overdue:
        incidents = Cell("incidents", RED, _("{n} not reported", n=inc.overdue), inc_tip)
    elif inc.late or inc.still_due:
        incidents = Cell("incidents", AMBER, f"{inc.on_time}/{inc.total}", inc_tip)
    elif inc.total:
        incidents = Cell("incidents", GREEN, f"{inc.on_time}/{inc.total}", inc_tip)
    else:
        incidents = Cell("incidents", GREY, "0", _("No incident this semester"))
    n = st.notices
    waiting = n.open + n.sent_back + n.answered
    n_tip = _("{open} not answered, {answered} awaiting review, {sent_back} sent back, {accepted} accepted",
              open=n.open, answered=n.answered, sent_back=n.sent_back, accepted=n.accepted)
    if n.overdue:
        notices = Cell("notices", RED, _("{n} overdue", n=n.overdue), n_tip)
    elif waiting:
        notices = Cell("notices", AMBER, _("{n} pending", n=waiting), n_tip)
    elif n.total:
        notices = Cell("notices", GREEN, _("{n} closed", n=n.accepted), n_tip)
    else:
        notices = Cell("notices", GREY, "0", _("No notice issued"))
    pkg = st.last_package
    if pkg is None:
        packages = Cell("packages", RED, _("None received"), _("No package of this school was imported yet"))
    else:
        signed = ic.aware(pkg.signed_at).astimezone(LOCAL_TZ).date()
        tip = _("Package No. {seq}, signed {date}", seq=pkg.seq, date=signed.isoformat())
        if st.missing_packages:
            missing = "、".join(str(s) for s in st.missing_packages)
            packages = Cell("packages", RED, _("Missing No. {numbers}", numbers=missing), tip)
        else:
            colour = AMBER if (today - signed).days > 31 else GREEN
            packages = Cell("packages", colour, _("No. {seq} · {date}", seq=pkg.seq, date=signed.strftime("%m-%d")), tip)
    return (
        hazards,
        _progress("drills", st.drills),
        _progress("parent_meetings", st.parent_meetings),
        _progress("education_hours", st.education_hours),
        incidents,
        notices,
        daily_logs_cell(st.reminders.get("daily_logs")),
        packages,
    )


def daily_logs_cell(logs: dict[str, Any] | None) -> Cell:
    """The daily logs' gaps (护学岗, 陪餐, 留样...): grey until the school reports its facilities
    (the county bulletin prints the same text)."""
    tip = daily_logs.gaps_text(logs)
    if logs is None:
        return Cell("daily_logs", GREY, "—", tip)
    if not logs["gaps"]:
        return Cell("daily_logs", GREEN, "0", tip)
    worst = max(logs["gaps"].items(), key=lambda item: item[1])[0]  # a click opens its records
    return Cell("daily_logs", RED, _("{n} gaps", n=sum(logs["gaps"].values())), tip,
                daily_logs.GAP_KINDS.get(worst))


def _type_label(ref: schools.SchoolRef) -> str:
    from safetydesk.domain.organisation import school_type_label

    return school_type_label(schools.type_of(ref))


def matrix(sessions: sessionmaker[Session], as_of: date | None = None) -> Matrix:
    """DB thread: the school-by-mechanism matrix on `as_of` (default today)."""
    as_of = as_of or clock.today()
    found = status.evaluate(sessions, as_of)
    refs = {r.code: r for r in schools.schools(sessions)}
    rows = tuple(
        SchoolRow(st.code, st.name, _type_label(refs[st.code]) if st.code in refs else "", cells_of(st, as_of))
        for _facts, st in found
    )
    label = found[0][1].semester_label if found else ""
    return Matrix(as_of, label, rows)


# --- reporting rates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timely:
    on_time: int
    due: int  # reports whose time ran out (made or not); pending ones are not counted yet

    @property
    def text(self) -> str:
        return f"{self.on_time}/{self.due}" if self.due else "—"


@dataclass(frozen=True)
class ReportingRow:
    code: str
    name: str
    expected: int
    received: int
    on_time: int
    missing: tuple[int, ...]
    last_signed: date | None
    general_60: Timely
    phone_20: Timely
    written_40: Timely


def _months(start: date, end: date) -> list[tuple[date, date]]:
    out = []
    first = date(start.year, start.month, 1)
    while first <= end:
        nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        out.append((max(first, start), nxt - timedelta(days=1)))
        first = nxt
    return out


def package_months(sem: Semester, as_of: date, signed: Iterable[date]) -> tuple[int, int, int]:
    """(expected, received, on time) monthly packages of one school in the semester up to `as_of`.

    Each package reports one month: signed within a month, it is that month's, on time; signed in
    the first GRACE_DAYS of a month whose previous month has no package yet, it is that previous
    month's, late. A month is expected once it ended (with its grace days) by `as_of`, or once its
    package arrived. Signed dates are the school's own (China time)."""
    months = _months(sem.start, min(sem.end, as_of))
    index = {(first.year, first.month): i for i, (first, _last) in enumerate(months)}
    got: dict[int, bool] = {}  # month index -> on time
    for d in sorted(set(signed)):
        m = index.get((d.year, d.month))
        if m is None:
            continue
        if d.day <= GRACE_DAYS and m > 0 and m - 1 not in got:
            got[m - 1] = False
        elif m not in got:
            got[m] = True
    expected = sum(1 for i, (_first, last) in enumerate(months)
                   if last + timedelta(days=GRACE_DAYS) < as_of or i in got)
    return expected, len(got), sum(1 for on_time in got.values() if on_time)


def incident_limits(facts: SchoolFacts, start: date, now: datetime) -> tuple[Timely, Timely, Timely]:
    """Incidents learned from `start` to `now`: (general within 60 minutes, 较大+ phone within 20,
    较大+ written within 40), each as on time over due (pending reports are not yet due)."""
    counts = {"g": [0, 0], "p": [0, 0], "w": [0, 0]}
    for inc in facts.incidents:
        learned = ic.aware(inc.learned_at)
        if learned.astimezone(LOCAL_TZ).date() < start or learned > ic.aware(now):
            continue
        phone, written = ic.report_timeliness(inc.level, inc.sensitive, inc.learned_at, inc.phone_at,
                                              inc.phone_late, inc.first_reports, now)
        parts = (("p", phone), ("w", written)) if ic.is_urgent(inc.level, inc.sensitive) else (("g", written),)
        for key, t in parts:
            if t in (ic.Timeliness.ON_TIME, ic.Timeliness.LATE, ic.Timeliness.MISSING):
                counts[key][1] += 1
                counts[key][0] += 1 if t is ic.Timeliness.ON_TIME else 0
    return Timely(*counts["g"]), Timely(*counts["p"]), Timely(*counts["w"])


def reporting(sessions: sessionmaker[Session], as_of: date | None = None) -> tuple[str, list[ReportingRow]]:
    """DB thread: (semester label, one row per school) of the reporting table."""
    as_of = as_of or clock.today()
    cal = settings.semester_calendar(sessions)
    found = status.evaluate(sessions, as_of)
    signed: dict[str, list[date]] = defaultdict(list)
    with sessions() as s:
        for sender, signed_at in s.execute(select(ImportedPackage.sender_code, ImportedPackage.signed_at)):
            signed[sender].append(ic.aware(signed_at).astimezone(LOCAL_TZ).date())
    now = status.moment(as_of)
    rows = []
    label = ""
    for facts, st in found:
        sem = semester(st.semester, cal)
        label = st.semester_label
        expected, received, on_time = package_months(sem, as_of, [d for d in signed[st.code] if d <= as_of])
        last = st.last_package
        g, p, w = incident_limits(facts, sem.start, now)
        rows.append(ReportingRow(
            st.code, st.name, expected, received, on_time, st.missing_packages,
            ic.aware(last.signed_at).astimezone(LOCAL_TZ).date() if last else None, g, p, w))  # fmt: skip
    return label, rows


# --- registers -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Register:
    kind: str
    rows: list[records.RecordData]
    labels: dict[str, str]  # reference uuid -> label (records.reference_labels)
    school_of: dict[str, tuple[str, str]]  # record uuid -> its school's (code, name)


def _register(sessions: sessionmaker[Session], kind_key: str, attr: str, values: Sequence[str],
              actor: Actor | None) -> Register:
    kind = get_kind(kind_key)
    rows: list[records.RecordData] = []
    for value in values:
        q = records.ListQuery(kind=kind_key, filters={attr: value})
        rows += records.fetch_page(sessions, q, 0, REGISTER_LIMIT, actor)
    date_attr = kind.date_field or "created_at"
    rows.sort(key=lambda r: str(r.values.get(date_attr) or ""), reverse=True)
    labels = records.reference_labels(sessions, kind, rows) if rows else {}
    names = schools.school_names(sessions)
    school_of = {}
    for r in rows:
        code = schools.row_school(kind, r.owner, r.values)
        school_of[r.uuid] = (code, names.get(code, code))
    return Register(kind_key, rows, labels, school_of)


def registers(sessions: sessionmaker[Session], actor: Actor | None = None) -> tuple[Register, Register]:
    """DB thread: (重大 hazards, 较大-and-above incidents) of every school, newest first, each row
    with its school's name (what `actor` may list)."""
    return (_register(sessions, "hazard", "grade", (MAJOR_HAZARD,), actor),
            _register(sessions, "incident", "level", URGENT_LEVELS, actor))


# --- trends ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trends:
    semesters: tuple[tuple[str, str], ...]  # (key, label), oldest first
    schools: tuple[tuple[str, str], ...]  # (code, name)
    # (school code, semester key) -> rate key -> percent (None: does not apply)
    values: dict[tuple[str, str], dict[str, float | None]]


def trends(sessions: sessionmaker[Session], count: int = 4, today: date | None = None) -> Trends:
    """DB thread: each school's rates in the last `count` semesters (the current one up to today)."""
    today = today or clock.today()
    cal = settings.semester_calendar(sessions)
    sems: Sequence[Semester] = [s for s in reversed(recent_semesters(today, count, cal)) if s.start <= today]
    values: dict[tuple[str, str], dict[str, float | None]] = {}
    names: dict[str, str] = {}
    for sem in sems:
        for facts, st in status.evaluate(sessions, min(sem.end, today)):
            names[st.code] = st.name
            r = township_rates.rates(facts, st, sem)
            values[(st.code, sem.key)] = {k: r.rate(k).percent for k in township_rates.RATE_KEYS}
    return Trends(tuple((s.key, s.label) for s in sems), tuple(names.items()), values)
