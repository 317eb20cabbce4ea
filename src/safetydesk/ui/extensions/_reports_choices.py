"""What the print dialog offers, read on the database thread as plain data: every report of the
catalogue grouped by the mechanism of the county notice its records belong to (the mechanism of
its kinds; reports of no one mechanism, such as the staff list or the semester summary, in a
last group), the recent semesters of the school's calendar, and the incidents an incident report
(首报/续报/终报) can be about. Also which ledger belongs to a page, so the dialog opened from the
hazard page starts on the hazard ledger.

`load_choices` runs on the DB thread (it imports the catalogue and asks the access policy whether
the person may print names); the rest is pure and runs anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from safetydesk.domain.semester import Semester
from safetydesk.i18n import N_, _
from safetydesk.services.workspace import Workspace

OTHER_GROUP = N_("Other forms and ledgers")
INCIDENT_KIND = "incident"
STAGES = {"incident-first": 0, "incident-followup": 1, "incident-final": 2}
INCIDENT_LIMIT = 200  # the newest incidents offered to an incident report


@dataclass(frozen=True)
class ReportEntry:
    name: str  # the catalogue's name (never shown)
    title: str  # translated
    kinds: tuple[str, ...]
    formats: tuple[str, ...]
    per_record: bool
    may_show_names: bool  # the access policy lets this person print names on it
    needs_incident: bool  # a 首报/续报/终报: about one incident, picked in the dialog
    generic: bool  # the plain ledger every record kind has (listed after the official forms)


@dataclass(frozen=True)
class ReportGroup:
    title: str  # translated mechanism title, or the last group's
    entries: tuple[ReportEntry, ...]


@dataclass(frozen=True)
class Choices:
    groups: tuple[ReportGroup, ...]
    semesters: tuple[Semester, ...]
    incidents: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (uuid, label), newest first

    def entries(self) -> list[ReportEntry]:
        return [e for g in self.groups for e in g.entries]

    def entry(self, name: str) -> ReportEntry | None:
        return next((e for e in self.entries() if e.name == name), None)


def ledger_for_kind(entries: list[ReportEntry], kind: str) -> ReportEntry | None:
    """The report to start on from a kind's page: its ledger (`<kind>-ledger` or the official
    ledger printing that kind), else a form about that kind."""
    about = [e for e in entries if e.kinds[:1] == (kind,)]
    preferred = (
        [e for e in about if e.name == f"{kind.replace('_', '-')}-ledger"]
        + [e for e in about if not e.per_record]
        + about
    )
    return preferred[0] if preferred else None


def _generic(name: str, kinds: tuple[str, ...]) -> bool:
    return len(kinds) == 1 and name == f"{kinds[0].replace('_', '-')}-ledger"


def _incidents(ws: Workspace) -> tuple[tuple[str, str], ...]:
    from safetydesk.errors import SafetyDeskError
    from safetydesk.i18n import format_date
    from safetydesk.services import records

    q = records.ListQuery(kind=INCIDENT_KIND, sort="occurred_at", descending=True)
    try:
        page = records.fetch_page(ws.sessions, q, 0, INCIDENT_LIMIT, ws.actor)
    except SafetyDeskError:  # the list stays empty for a person who may not read incidents
        return ()
    out = []
    for r in page:
        when = format_date(r.values.get("occurred_at"))
        title = str(r.values.get("title") or "")
        serial = str(r.values.get("serial") or "")
        out.append((r.uuid, "  ".join(p for p in (when, title, serial) if p)))
    return tuple(out)


def load_choices(ws: Workspace) -> Choices:
    """DB thread: the catalogue grouped by mechanism, the recent semesters, the incidents."""
    from safetydesk.domain import clock
    from safetydesk.domain.mechanisms import MECHANISMS
    from safetydesk.domain.registry import get_kind
    from safetydesk.domain.semester import recent_semesters
    from safetydesk.services import report_catalog
    from safetydesk.services.settings import semester_calendar

    known = {m.number for m in MECHANISMS}
    by_mechanism: dict[int, list[ReportEntry]] = {}
    for spec in report_catalog.all_reports():
        found = {get_kind(k).mechanism for k in spec.kinds}
        # One mechanism's records: its group. Shared records, several mechanisms (the semester
        # summary) or none: the last group.
        mechanism = found.pop() if len(found) == 1 else 0
        mechanism = mechanism if mechanism in known else 0
        entry = ReportEntry(
            name=spec.name, title=report_catalog.report_title(spec), kinds=spec.kinds, formats=spec.formats,
            per_record=spec.per_record, may_show_names=report_catalog.may_show_names(ws, spec),
            needs_incident=spec.per_record and spec.kinds == (INCIDENT_KIND,),
            generic=_generic(spec.name, spec.kinds),
        )  # fmt: skip
        by_mechanism.setdefault(mechanism, []).append(entry)
    groups = []
    for m in [*MECHANISMS, None]:
        number, title = (m.number, _(m.title)) if m is not None else (0, _(OTHER_GROUP))
        entries = sorted(by_mechanism.get(number, []),
                         key=lambda e: (e.generic, e.per_record, STAGES.get(e.name, len(STAGES)), e.title))
        if entries:  # the official ledgers, then forms (首报 before 续报 before 终报), then the plain ledgers
            groups.append(ReportGroup(title, tuple(entries)))
    semesters = tuple(recent_semesters(clock.today(), 6, semester_calendar(ws.sessions)))
    return Choices(tuple(groups), semesters, _incidents(ws))
