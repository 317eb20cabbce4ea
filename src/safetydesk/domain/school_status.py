"""One school's status, computed the same way at the school and at its township (issue 12).

The school computes it from its own rows, the township from the rows it imported from that school
(rows whose owner is the school's code) and its sync bookkeeping; both hand the same plain facts
to `compute`, so the two objects can be compared key by key (`as_json`). Timeliness counts only
the school's own recorded times (learned at, reported at, signed at the school), never the day a
package arrived. Rules (parent meetings, drills, education hours, semester calendar) are the
county's settings; each school is counted by itself, never added to another.

What is counted, as of a day (records dated after it are left out):
- hazards: not struck off (open), of those past their deadline with rectification unfinished
  (overdue, hazard_flow.is_overdue) and graded major (major_open);
- drills, parent meetings, education hours: domain/compliance.py for the semester (school year for
  hours) of that day;
- incidents learned from the start of that semester to that moment: reported on time, late, or
  still due (a required report not made yet; `overdue` when its deadline has passed), by the
  worst of the incident's required reports (incident_clock.overall);
- the township's notices (整改通知书 / 督办单) addressed to the school, by the state of each
  (domain/supervision.py): open (not answered), answered (awaiting review), sent back, accepted,
  escalated (a 督办单 names it), and of the open and sent back those past their deadline (overdue);
- checklist templates the school's inspections used: each template's code and newest version;
- the last package of the school the township imported (sequence, signed at the school, imported
  at the township) and the package numbers missing below it;
- the version of the county's rules the school follows and that set's hash (county_rules_version,
  county_rules_sha256: the school's own set, or at a township the set the school's packages
  reported; issue 16.3);
- the rules that remind (issue 17): bullying surveys, emergency plan reviews, drills over the
  evacuation target, 较大+ incidents' accountability and 四个不放过, expiring certificates, hours
  per grade and parent meetings per class (domain/school_reminders.py; new keys, the old ones
  unchanged).

Pure: no database, no clock; the caller passes today and the moment. Any thread.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from safetydesk.domain import compliance, hazard_flow, supervision
from safetydesk.domain import incident_clock as ic
from safetydesk.domain.compliance import ComplianceItem, ComplianceRules
from safetydesk.domain.reminders import ReminderRules
from safetydesk.domain.school_reminders import ReminderFacts, counts
from safetydesk.domain.semester import Semester, SemesterCalendar, current_or_next
from safetydesk.domain.supervision import NoticeCounts, NoticeFacts
from safetydesk.i18n import LOCAL_TZ

MAJOR = "major"


@dataclass(frozen=True)
class HazardFacts:
    found_on: date
    status: str
    grade: str
    deadline: date | None


@dataclass(frozen=True)
class IncidentFacts:
    learned_at: datetime
    level: str
    sensitive: bool
    phone_at: datetime | None
    phone_late: bool
    first_reports: tuple[tuple[datetime, bool], ...]  # the 首报's (sent at, late flag)


@dataclass(frozen=True)
class TemplateUse:
    code: str  # the bundled template's key, or the checklist's name
    version: int | None
    used_on: date


@dataclass(frozen=True)
class PackageFacts:
    seq: int
    signed_at: datetime
    imported_at: datetime | None


@dataclass(frozen=True)
class SchoolFacts:
    """Everything `compute` reads about one school, as plain data."""

    code: str
    name: str
    school_type: str | None = None
    hazards: tuple[HazardFacts, ...] = ()
    drills: tuple[date, ...] = ()
    parent_meetings: tuple[date, ...] = ()
    education: tuple[tuple[date, float | None], ...] = ()
    incidents: tuple[IncidentFacts, ...] = ()
    notices: tuple[NoticeFacts, ...] = ()
    templates: tuple[TemplateUse, ...] = ()
    last_package: PackageFacts | None = None
    missing_packages: tuple[int, ...] = ()
    reminders: ReminderFacts = field(default_factory=ReminderFacts)
    # The version of the county's rules the school follows: its own at a school, what its
    # packages reported at a township (issue 16.3). None: no county rules followed yet. The set's
    # hash tells two sets of the same number apart (a county installation replaced starts at 1).
    county_rules_version: int | None = None
    county_rules_sha256: str | None = None


@dataclass(frozen=True)
class HazardCounts:
    open: int
    overdue: int
    major_open: int


@dataclass(frozen=True)
class IncidentCounts:
    total: int
    on_time: int
    late: int
    still_due: int
    overdue: int  # of still_due: a deadline has passed


@dataclass(frozen=True)
class SchoolStatus:
    code: str
    name: str
    as_of: date
    semester: str
    semester_label: str
    hazards: HazardCounts
    drills: ComplianceItem
    parent_meetings: ComplianceItem
    education_hours: ComplianceItem
    incidents: IncidentCounts
    notices: NoticeCounts
    templates: tuple[tuple[str, int | None], ...]
    last_package: PackageFacts | None
    missing_packages: tuple[int, ...]
    reminders: dict[str, Any] = field(default_factory=dict)  # the new keys (school_reminders.counts)
    county_rules_version: int | None = None
    county_rules_sha256: str | None = None

    @property
    def compliance(self) -> list[ComplianceItem]:
        return [self.parent_meetings, self.drills, self.education_hours]

    def as_json(self) -> dict[str, Any]:
        """The `status --json` object; README documents every key."""
        pkg = self.last_package
        return {
            "school": {"code": self.code, "name": self.name},
            "as_of": self.as_of.isoformat(),
            "semester": self.semester,
            "hazards": {
                "open": self.hazards.open,
                "overdue": self.hazards.overdue,
                "major_open": self.hazards.major_open,
            },
            "drills": _progress(self.drills, "done"),
            "parent_meetings": _progress(self.parent_meetings, "held"),
            "education_hours": _progress(self.education_hours, "done"),
            "incidents": {
                "total": self.incidents.total,
                "on_time": self.incidents.on_time,
                "late": self.incidents.late,
                "still_due": self.incidents.still_due,
                "overdue": self.incidents.overdue,
            },
            "notices": {
                "open": self.notices.open,
                "overdue": self.notices.overdue,
                "answered": self.notices.answered,
                "sent_back": self.notices.sent_back,
                "accepted": self.notices.accepted,
                "escalated": self.notices.escalated,
                "total": self.notices.total,
            },
            "templates": [{"code": code, "version": version} for code, version in self.templates],
            "last_package": None
            if pkg is None
            else {"seq": pkg.seq, "signed_at": iso_utc(pkg.signed_at), "imported_at": iso_utc(pkg.imported_at)},
            "missing_packages": list(self.missing_packages),
            "county_rules_version": self.county_rules_version,
            "county_rules_sha256": self.county_rules_sha256,
            **self.reminders,
        }


def number(n: float) -> int | float:
    """14.0 -> 14, 8.5 -> 8.5 (the same number at both ends, written the same way)."""
    return int(n) if float(n).is_integer() else round(float(n), 2)


def _progress(item: ComplianceItem, done_key: str) -> dict[str, Any]:
    return {done_key: number(item.held), "required": number(item.required), "state": item.state.value}


def iso_utc(dt: datetime | None) -> str | None:
    """Stored times are UTC (naive ones from SQLite too); to the second, as packages sign them."""
    if dt is None:
        return None
    return ic.aware(dt).astimezone(UTC).replace(microsecond=0).isoformat()


def end_of_day(day: date) -> datetime:
    """The last second of `day` in China Standard Time, as an aware UTC time."""
    return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=LOCAL_TZ).astimezone(UTC)


def _upto(dates: Iterable[date | None], as_of: date) -> list[date]:
    return [d for d in dates if d is not None and d <= as_of]


def _hazards(facts: Iterable[HazardFacts], as_of: date) -> HazardCounts:
    live = [h for h in facts if h.found_on <= as_of and h.status in hazard_flow.OPEN_STATES]
    overdue = sum(1 for h in live if hazard_flow.is_overdue({"status": h.status, "deadline": h.deadline}, as_of))
    return HazardCounts(len(live), overdue, sum(1 for h in live if h.grade == MAJOR))


def _incidents(facts: Iterable[IncidentFacts], since: date, now: datetime) -> IncidentCounts:
    counts = {t: 0 for t in ic.Timeliness}
    total = 0
    for f in facts:
        learned = ic.aware(f.learned_at)
        if learned > now or ic.local(learned).date() < since:
            continue
        total += 1
        phone_at = f.phone_at if f.phone_at is not None and ic.aware(f.phone_at) <= now else None
        firsts = tuple((t, late) for t, late in f.first_reports if ic.aware(t) <= now)
        phone, written = ic.report_timeliness(
            f.level, f.sensitive, learned, phone_at, f.phone_late and phone_at is not None, firsts, now
        )
        counts[ic.overall(phone, written)] += 1
    T = ic.Timeliness
    return IncidentCounts(
        total, counts[T.ON_TIME], counts[T.LATE], counts[T.PENDING] + counts[T.MISSING], counts[T.MISSING]
    )


def _templates(uses: Iterable[TemplateUse], as_of: date) -> tuple[tuple[str, int | None], ...]:
    newest: dict[str, TemplateUse] = {}
    for u in sorted((u for u in uses if u.used_on <= as_of), key=lambda u: (u.used_on, u.version or 0)):
        newest[u.code] = u
    return tuple((code, newest[code].version) for code in sorted(newest))


def compliance_items(
    facts: SchoolFacts, rules: ComplianceRules, cal: SemesterCalendar, as_of: date, sem: Semester | None = None
) -> list[ComplianceItem]:
    """Parent meetings, drills and education hours of the semester of `as_of` (or `sem`), counting
    records dated up to `as_of`: what the dashboard shows and `status` reports."""
    return compliance.semester_compliance(
        meetings=_upto(facts.parent_meetings, as_of),
        drill_dates=_upto(facts.drills, as_of),
        education=[(d, h) for d, h in facts.education if d is not None and d <= as_of],
        today=as_of,
        school_type=facts.school_type,
        rules=rules,
        cal=cal,
        sem=sem,
    )


def compute(
    facts: SchoolFacts,
    rules: ComplianceRules,
    cal: SemesterCalendar,
    as_of: date,
    now: datetime,
    reminder_rules: ReminderRules | None = None,
) -> SchoolStatus:
    """The status of one school on `as_of`; `now` is the moment report deadlines are measured at
    (the present on today, the end of the day for another day: `end_of_day`)."""
    sem = current_or_next(as_of, cal)
    by_key = {i.key: i for i in compliance_items(facts, rules, cal, as_of, sem)}
    return SchoolStatus(
        code=facts.code,
        name=facts.name,
        as_of=as_of,
        semester=sem.key,
        semester_label=sem.label,
        hazards=_hazards(facts.hazards, as_of),
        drills=by_key["drills"],
        parent_meetings=by_key["parent_meetings"],
        education_hours=by_key["education_hours"],
        incidents=_incidents(facts.incidents, sem.start, ic.aware(now)),
        notices=supervision.counts(facts.notices, as_of),
        templates=_templates(facts.templates, as_of),
        last_package=facts.last_package,
        missing_packages=tuple(sorted(facts.missing_packages)),
        reminders=counts(facts.reminders, reminder_rules or ReminderRules(), rules, cal, as_of, facts.school_type),
        county_rules_version=facts.county_rules_version,
        county_rules_sha256=facts.county_rules_sha256,
    )
