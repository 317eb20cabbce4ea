"""The school dashboard: what needs doing now, this semester's compliance, hazards for the charts.

Runs on the database thread (one call, a few small queries) and returns plain dataclasses. Each
item names the page that opens the records behind it ("kind:<key>") and, when there is one,
the record's uuid. Incident report deadlines and hazard deadlines come from their own services
when those are installed (services.incidents.due_reports, services.hazards.deadline_summary);
without them a plain reading of the records stands in. The rules that remind (sections
"reminders" and "expiries") and the 防溺水 campaign come from services.reminders.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from safetydesk.domain import clock, school_status
from safetydesk.domain.compliance import ComplianceItem, State
from safetydesk.domain.registry import get_kind
from safetydesk.domain.semester import current_or_next, semester
from safetydesk.i18n import N_, _, format_date, format_datetime
from safetydesk.models.org import Student
from safetydesk.services import reminders
from safetydesk.services.settings import compliance_rules, semester_calendar

log = logging.getLogger(__name__)

DUE_SOON_DAYS = 7  # a hazard deadline or follow-up this close is shown as due
GENERAL_REPORT_MINUTES = 60  # fallback only: services.incidents owns the real rule
CLOSED_HAZARD = frozenset({"verified", "closed"})
REPORT_KINDS = {"phone": N_("phone report"), "written": N_("written report")}


@dataclass(frozen=True)
class DueItem:
    section: str  # "incidents", "hazards", "followups", "reminders", "expiries"
    title: str  # translated
    detail: str  # translated
    state: State
    page: str  # "kind:<key>"
    record: str | None = None
    when: date | datetime | None = None


@dataclass(frozen=True)
class Dashboard:
    today: date
    semester_key: str
    semester_label: str
    items: list[DueItem]
    compliance: list[ComplianceItem]
    hazards_by_category: list[tuple[str, int]]  # (translated category, open + closed count)
    hazards_by_month: list[tuple[str, int]]  # ("2026-09", n) for the last 12 months
    notes: list[str] = field(default_factory=list)
    campaign: Any = None  # domain.drowning_campaign.CampaignProgress in its months, else None
    county_rules: str = ""  # which version of the county's rules the school follows (issue 16.3)

    def section(self, name: str) -> list[DueItem]:
        return [i for i in self.items if i.section == name]


def _live(s: Session, key: str, *cols: str) -> list[Any]:
    from safetydesk.services import field_crypto

    kind = get_kind(key)
    model = kind.model
    # Sealed columns (a sensitive kind's student and status) opened in SQL for a signed-in user.
    stmt = select(model.uuid, *(field_crypto.plain_sql(kind, c) for c in cols)).where(model.deleted_at.is_(None))
    return list(s.execute(stmt))


def compute_compliance(
    sessions: sessionmaker[Session],
    school_type: str | None,
    *,
    today: date | None = None,
    sem_key: str | None = None,
) -> list[ComplianceItem]:
    """This school's parent meetings, drills and education hours against the county's rules (the
    settings registry), counted exactly as `safetydesk status` counts them. A township has none of
    its own: each school's are in services.status, per school, never added together."""
    from safetydesk.services import status
    from safetydesk.services.installation import SCHOOL, installation_info

    today = today or clock.today()
    info = installation_info(sessions)
    if info.role != SCHOOL:
        return []
    cal = semester_calendar(sessions)
    sem = semester(sem_key, cal) if sem_key else None
    with sessions() as s:
        found = status.gather(s, [info.org_code])[info.org_code]
    facts = school_status.SchoolFacts(
        info.org_code,
        info.org_name,
        school_type,
        parent_meetings=tuple(found["parent_meetings"]),
        drills=tuple(found["drills"]),
        education=tuple(found["education"]),
    )
    return school_status.compliance_items(facts, compliance_rules(sessions), cal, today, sem)


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _incident_items(sessions: sessionmaker[Session], now: datetime) -> list[DueItem]:
    try:
        from safetydesk.services import incidents  # type: ignore[attr-defined]

        due = incidents.due_reports(sessions, now=now)
    except ImportError:
        return _incident_fallback(sessions, now)
    out = []
    for d in due:
        deadline = getattr(d, "deadline", None) or getattr(d, "due_at", None)
        overdue = bool(getattr(d, "overdue", False)) or (deadline is not None and _aware(deadline) < now)
        title = str(getattr(d, "title", "") or _("Incident"))
        what = REPORT_KINDS.get(str(getattr(d, "kind", "")), "")
        detail = _("Report due by {time}", time=format_datetime(deadline)) if deadline else ""
        out.append(
            DueItem(
                "incidents",
                _("{title}: {report}", title=title, report=_(what)) if what else title,
                detail,
                State.OVERDUE if overdue else State.DUE,
                "kind:incident",
                getattr(d, "incident_uuid", None) or getattr(d, "uuid", None),
                deadline,
            )
        )
    return out


def _incident_fallback(sessions: sessionmaker[Session], now: datetime) -> list[DueItem]:
    """Open incidents with no first report yet: due within an hour of the moment learned."""
    with sessions() as s:
        reported = {
            r[1] for r in _live(s, "incident_report", "incident_uuid", "report_type") if r[2] == "first"
        }
        rows = _live(s, "incident", "title", "learned_at", "status")
    out = []
    for uuid, title, learned, status in rows:
        if status == "closed" or uuid in reported or learned is None:
            continue
        deadline = _aware(learned) + timedelta(minutes=GENERAL_REPORT_MINUTES)
        out.append(
            DueItem(
                "incidents",
                _("{title}: first report", title=title),
                _("Report due by {time}", time=format_datetime(deadline)),
                State.OVERDUE if deadline < now else State.DUE,
                "kind:incident",
                uuid,
                deadline,
            )
        )
    return out


def _hazard_items(sessions: sessionmaker[Session], today: date) -> list[DueItem]:
    try:
        from safetydesk.services import hazards  # type: ignore[attr-defined]

        summary = hazards.deadline_summary(sessions, today=today)
        pairs = [(h, State.OVERDUE) for h in summary.overdue] + [(h, State.DUE) for h in summary.due_soon]
        rows = [
            (
                getattr(h, "uuid", None),
                getattr(h, "location", "") or getattr(h, "title", ""),
                getattr(h, "deadline", None),
                st,
            )
            for h, st in pairs
        ]
    except ImportError:
        with sessions() as s:
            found = _live(s, "hazard", "location", "deadline", "status")
        rows = []
        for uuid, location, deadline, status in found:
            if status in CLOSED_HAZARD or deadline is None:
                continue
            if deadline < today:
                rows.append((uuid, location, deadline, State.OVERDUE))
            elif deadline <= today + timedelta(days=DUE_SOON_DAYS):
                rows.append((uuid, location, deadline, State.DUE))
    return [
        DueItem(
            "hazards",
            str(location or _("Hazard")),
            _("Rectification deadline {date}", date=format_date(deadline)) if deadline else "",
            st,
            "kind:hazard",
            uuid,
            deadline,
        )
        for uuid, location, deadline, st in rows
    ]


def _notice_items(sessions: sessionmaker[Session], today: date) -> list[DueItem]:
    """At a school: the township's 整改通知书 and 督办单 still waiting for its 整改报告 (not answered,
    or sent back), with their deadlines (mechanism 11; the console shows the same states)."""
    from safetydesk.domain import supervision as loop
    from safetydesk.services import supervision

    out = []
    for v in supervision.notices(sessions, as_of=today, states=loop.AWAITING_SCHOOL):
        state = State.OVERDUE if v.overdue else State.DUE  # the school has to answer it either way
        choice = get_kind("rectification_notice").field("notice_type").choice(v.notice_type)
        title = _("{type} {number}", type=_(choice.label) if choice else "", number=v.doc_number).strip()
        detail = _("Rectification report due by {date} ({state})", date=format_date(v.deadline),
                   state=loop.state_label(v.state))  # fmt: skip
        out.append(DueItem("notices", title, detail, state, "kind:rectification_notice", v.uuid, v.deadline))
    return out


def _follow_up_state(next_on: date | None, today: date) -> State | None:
    if next_on is None:
        return State.NOT_SCHEDULED
    if next_on < today:
        return State.OVERDUE
    if next_on <= today + timedelta(days=DUE_SOON_DAYS):
        return State.DUE
    return None  # later: nothing to do now


def _student_names(s: Session, uuids: set[str]) -> dict[str, str]:
    if not uuids:
        return {}
    return dict(s.execute(select(Student.uuid, Student.name).where(Student.uuid.in_(list(uuids)))).all())


def _follow_up_items(sessions: sessionmaker[Session], today: date, mask: bool = True) -> list[DueItem]:
    from safetydesk.reports.masking import mask_name

    out: list[DueItem] = []
    with sessions() as s:
        cases = _live(s, "psych_case", "student_uuid", "status", "opened_on")
        follow = _live(s, "psych_followup", "case_uuid", "next_on", "followed_on")
        visits = _live(s, "home_visit", "student_uuid", "next_follow_up", "visited_on")
        names = _student_names(s, {c[1] for c in cases if c[1]} | {v[1] for v in visits if v[1]})

    def who(uuid: str | None) -> str:
        name = names.get(uuid or "", "")
        return mask_name(name) if mask else name

    latest: dict[str, tuple[date | None, date | None]] = {}
    for _uuid, case_uuid, next_on, followed_on in follow:
        prev = latest.get(case_uuid)
        if prev is None or (followed_on or date.min) >= (prev[1] or date.min):
            latest[case_uuid] = (next_on, followed_on)
    for uuid, student, status, _opened in cases:
        if status == "closed":
            continue
        next_on = latest.get(uuid, (None, None))[0]
        st = _follow_up_state(next_on, today)
        if st is None:
            continue
        detail = (
            _("Next follow-up {date}", date=format_date(next_on)) if next_on else _("No follow-up date set")
        )
        out.append(
            DueItem(
                "followups",
                _("Psychological case: {name}", name=who(student)),
                detail,
                st,
                "kind:psych_case",
                uuid,
                next_on,
            )
        )
    # A home visit asks for a follow-up only when it names a date; the latest visit per student counts.
    last_visit: dict[str, tuple[date, str, date | None]] = {}
    for uuid, student, next_on, visited_on in visits:
        key = student or uuid
        if key not in last_visit or (visited_on or date.min) >= last_visit[key][0]:
            last_visit[key] = (visited_on or date.min, uuid, next_on)
    for key, (_visited, uuid, next_on) in last_visit.items():
        if next_on is None:
            continue
        st = _follow_up_state(next_on, today)
        if st is None:
            continue
        out.append(
            DueItem(
                "followups",
                _("Home visit follow-up: {name}", name=who(key)),
                _("Next follow-up {date}", date=format_date(next_on)),
                st,
                "kind:home_visit",
                uuid,
                next_on,
            )
        )
    return out


def hazard_charts(
    sessions: sessionmaker[Session], today: date
) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    kind = get_kind("hazard")
    with sessions() as s:
        rows = _live(s, "hazard", "category", "found_on")
    by_cat = Counter(r[1] for r in rows if r[1])
    cat_field = kind.field("category")
    categories = []
    for choice in cat_field.choices:
        if by_cat.get(choice.code):
            categories.append((_(choice.label), by_cat[choice.code]))
    months: list[str] = []
    y, m = today.year, today.month
    for _i in range(12):
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    months.reverse()
    by_month = Counter(f"{r[2].year:04d}-{r[2].month:02d}" for r in rows if r[2])
    return categories, [(mo, by_month.get(mo, 0)) for mo in months]


_ORDER = {State.OVERDUE: 0, State.DUE: 1, State.NOT_SCHEDULED: 2, State.DONE: 3}


def load(sessions: sessionmaker[Session], school_type: str | None, *, mask_names: bool = True) -> Dashboard:
    """Everything the home page shows, computed at domain.clock's now."""
    now = clock.now()
    today = clock.today()
    cal = semester_calendar(sessions)
    sem = current_or_next(today, cal)
    items = _incident_items(sessions, now) + _hazard_items(sessions, today) + _notice_items(sessions, today)
    items += _follow_up_items(sessions, today, mask_names)
    items.sort(key=lambda i: (_ORDER[i.state], str(i.when or "")))
    extra = reminders.load(sessions, school_type, today)
    for section, found in (("reminders", extra.rules), ("expiries", extra.dates)):
        items += [DueItem(section, r.title, r.detail, r.state, f"kind:{r.kind}", r.record, r.when) for r in found]
    categories, months = hazard_charts(sessions, today)
    return Dashboard(
        today=today,
        semester_key=sem.key,
        semester_label=sem.label,
        items=items,
        compliance=compute_compliance(sessions, school_type, today=today),
        hazards_by_category=categories,
        hazards_by_month=months,
        campaign=extra.campaign,
        county_rules=county_rules_line(sessions),
    )


def county_rules_line(sessions: sessionmaker[Session]) -> str:
    """"Following the county rules of X, version N (published ...)", or that none arrived yet."""
    from safetydesk.services import county_rules

    following = county_rules.following(sessions)
    if following is None:
        return _("County rules: none received yet; the default values apply.")
    line = _(
        "County rules: version {version} of {county}, published {date}",
        version=following.version,
        county=following.county_name,
        date=format_date(following.published_on),
    )
    from safetydesk.services import county_key

    waiting = county_key.declined(sessions)
    if waiting is not None:
        line += _(
            "; version {version} signed with a new key was not adopted: an administrator confirms the "
            "county bureau's new key on the Settings page.",
            version=waiting.version,
        )
    return line
