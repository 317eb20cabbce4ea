"""Gather the facts behind each school's status and compute it (domain/school_status.py).

At a school: its own rows (owner = its code), the township's notices addressed to it, and what
the township's receipts say about its packages. At a township: for each trusted school, the rows
imported from it (owner = the school's code), the notices addressed to it, and the packages
imported from it. The same queries run at both ends, with the same rules (the settings registry)
and the same day, so the township's object for a school equals the school's own once packages
have gone both ways. Runs on the DB thread or in a command; returns plain data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

import safetydesk.kinds  # noqa: F401  (every kind registered)
from safetydesk.domain import clock, school_status
from safetydesk.domain.compliance import ComplianceItem
from safetydesk.domain.registry import get_kind
from safetydesk.domain.reminders import ReminderRules
from safetydesk.domain.school_reminders import ReminderFacts
from safetydesk.domain.school_status import (
    HazardFacts,
    IncidentFacts,
    PackageFacts,
    SchoolFacts,
    SchoolStatus,
    TemplateUse,
)
from safetydesk.domain.semester import semester
from safetydesk.domain.supervision import NoticeFacts, ReplyFacts, ReviewFacts
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _
from safetydesk.models.sync_state import ImportedPackage, OutgoingStream, SentPackage
from safetydesk.services import county_rules, reminder_facts, schools, settings
from safetydesk.services.installation import SCHOOL, installation_info

TARGET_FIELD = schools.TARGET_FIELD


def moment(as_of: date) -> datetime:
    """Report deadlines are measured now on today, at the end of the day on any other day."""
    return clock.now() if as_of == clock.today() else school_status.end_of_day(as_of)


def _live(s: Session, kind_key: str, owners: list[str], *cols: str) -> list[Any]:
    model = get_kind(kind_key).model
    stmt = select(model.owner, *(getattr(model, c) for c in cols)).where(
        model.deleted_at.is_(None), model.owner.in_(owners)
    )
    return list(s.execute(stmt))


def _template_code(key: str | None, name: str, bundled: dict[str, str]) -> str:
    return key or bundled.get(name) or name


def gather(s: Session, owners: list[str]) -> dict[str, dict[str, Any]]:
    """Record facts per school code, a few queries for all the schools at once."""
    from safetydesk.services.checklists import bundled_templates

    out: dict[str, dict[str, Any]] = {c: defaultdict(list) for c in owners}
    for owner, found_on, status, grade, deadline in _live(s, "hazard", owners, "found_on", "status", "grade",
                                                         "deadline"):
        out[owner]["hazards"].append(HazardFacts(found_on, status, grade, deadline))
    for owner, held_on in _live(s, "drill", owners, "held_on"):
        out[owner]["drills"].append(held_on)
    for owner, held_on in _live(s, "parent_meeting", owners, "held_on"):
        out[owner]["parent_meetings"].append(held_on)
    for owner, held_on, hours in _live(s, "education_session", owners, "held_on", "hours"):
        out[owner]["education"].append((held_on, float(hours) if hours is not None else None))
    firsts: dict[str, list[tuple[datetime, bool]]] = defaultdict(list)
    for _owner, incident, report_type, sent_at, late in _live(
        s, "incident_report", owners, "incident_uuid", "report_type", "sent_at", "late"
    ):
        if report_type == "first":
            firsts[incident].append((sent_at, bool(late)))
    for owner, uuid, learned, level, sensitive, phone_at, phone_late in _live(
        s, "incident", owners, "uuid", "learned_at", "level", "sensitive", "phone_reported_at", "phone_late"
    ):
        out[owner]["incidents"].append(
            IncidentFacts(learned, level, bool(sensitive), phone_at, bool(phone_late), tuple(firsts[uuid]))
        )
    bundled = {t.name: t.key or t.name for t in bundled_templates()}
    for owner, key, name, version, used_on in _live(
        s, "inspection", owners, "template_key", "template_name", "template_version", "inspected_on"
    ):
        if key or version is not None:
            out[owner]["templates"].append(TemplateUse(_template_code(key, name, bundled), version, used_on))
    _gather_notices(s, owners, out)
    return out


def _gather_notices(s: Session, owners: list[str], out: dict[str, dict[str, Any]]) -> None:
    """Notices addressed to a school, that school's replies to them and the township's reviews of
    those replies, and which notices a 督办单 escalated (domain/supervision.py decides states)."""
    notice = get_kind("rectification_notice").model
    target = getattr(notice, TARGET_FIELD)
    rows = s.execute(
        select(notice.uuid, target, notice.issued_on, notice.deadline, notice.escalates_uuid).where(
            notice.deleted_at.is_(None), or_(target.in_(owners), target.is_(None), target == "")
        )
    ).all()
    escalated: dict[str, date] = {}
    for _uuid, _code, issued_on, _deadline, escalates in rows:
        if escalates:
            escalated[escalates] = min(issued_on, escalated.get(escalates, issued_on))
    review = get_kind("rectification_review").model
    reviews: dict[str, list[ReviewFacts]] = defaultdict(list)
    for reply_uuid, reviewed_on, recorded_at, decision in s.execute(
        select(review.reply_uuid, review.reviewed_on, review.created_at, review.decision).where(
            review.deleted_at.is_(None), getattr(review, TARGET_FIELD).in_(owners)
        )
    ):
        reviews[reply_uuid].append(ReviewFacts(reviewed_on, recorded_at, decision))
    replies: dict[tuple[str, str], list[ReplyFacts]] = defaultdict(list)
    for owner, uuid, notice_uuid, replied_on, recorded_at in _live(
        s, "rectification_reply", owners, "uuid", "notice_uuid", "replied_on", "created_at"
    ):
        replies[(owner, notice_uuid)].append(ReplyFacts(replied_on, recorded_at, tuple(reviews[uuid])))
    for uuid, code, issued_on, deadline, _escalates in rows:
        for owner in [code] if code else owners:
            out[owner]["notices"].append(
                NoticeFacts(issued_on, deadline, tuple(replies[(owner, uuid)]), escalated.get(uuid))
            )


def _facts(code: str, name: str, school_type: str | None, found: dict[str, Any],
           package: tuple[PackageFacts | None, tuple[int, ...]],
           reminders: ReminderFacts, county_rules: tuple[int, str] | None = None) -> SchoolFacts:
    return SchoolFacts(
        code=code,
        name=name,
        school_type=school_type,
        hazards=tuple(found["hazards"]),
        drills=tuple(found["drills"]),
        parent_meetings=tuple(found["parent_meetings"]),
        education=tuple(found["education"]),
        incidents=tuple(found["incidents"]),
        notices=tuple(found["notices"]),
        templates=tuple(found["templates"]),
        last_package=package[0],
        missing_packages=package[1],
        reminders=reminders,
        county_rules_version=None if county_rules is None else county_rules[0],
        county_rules_sha256=None if county_rules is None else county_rules[1] or None,
    )


# --- packages ---------------------------------------------------------------------------------------


def _sent_packages(s: Session, township: str | None) -> tuple[PackageFacts | None, tuple[int, ...]]:
    """At a school: its newest package the township's receipts say was imported, and the numbers
    below it the township has not imported (a receipt lists what arrived; all up to
    `acknowledged_seq` arrived)."""
    if not township:
        return None, ()
    sent = {p.seq: p for p in s.scalars(select(SentPackage).where(SentPackage.recipient_code == township))}
    stream = s.get(OutgoingStream, township)
    contiguous = stream.acknowledged_seq if stream is not None else 0
    arrived = {seq for seq, p in sent.items() if p.receipt_imported_at is not None or seq <= contiguous}
    if not arrived:
        return None, ()
    last = max(arrived)
    p = sent[last]
    missing = tuple(n for n in range(contiguous + 1, last) if n not in arrived)
    return PackageFacts(last, p.created_at, p.receipt_imported_at), missing


def _imported_packages(s: Session, codes: Iterable[str]) -> dict[str, tuple[PackageFacts | None, tuple[int, ...]]]:
    """At a township: per school, the newest package imported from it and the gaps below it.
    Only the columns needed: the log's per-kind counts (JSON) are most of a row's weight."""
    got: dict[str, dict[int, tuple[datetime, datetime]]] = defaultdict(dict)
    p = ImportedPackage
    for sender, seq, signed_at, imported_at in s.execute(
        select(p.sender_code, p.seq, p.signed_at, p.imported_at).where(p.sender_code.in_(list(codes)))
    ):
        got[sender][seq] = (signed_at, imported_at)
    out: dict[str, tuple[PackageFacts | None, tuple[int, ...]]] = {}
    for code in codes:
        seqs = got.get(code, {})
        if not seqs:
            out[code] = (None, ())
            continue
        last = max(seqs)
        signed_at, imported_at = seqs[last]
        out[code] = (
            PackageFacts(last, signed_at, imported_at),
            tuple(n for n in range(1, last) if n not in seqs),
        )
    return out


# --- use-cases ----------------------------------------------------------------------------------------


def evaluate(
    sessions: sessionmaker[Session], as_of: date | None = None, school: str | None = None
) -> list[tuple[SchoolFacts, SchoolStatus]]:
    """Each school's facts and its status on `as_of` (see `statuses`): what the township's
    reports rank and compare, beside the status object itself."""
    as_of = as_of or clock.today()
    info = installation_info(sessions)
    rules = settings.compliance_rules(sessions)
    reminder_rules = ReminderRules.from_settings(settings.all_values(sessions))
    cal = settings.semester_calendar(sessions)
    now = moment(as_of)
    with sessions() as s:
        refs = schools.schools_in(s)
        if school:
            refs = [r for r in refs if r.code == school]
            if not refs:
                if info.role == SCHOOL:
                    raise SafetyDeskError(
                        _(
                            "This is the installation of school {code}; it holds no status of {other}.",
                            code=info.org_code,
                            other=school,
                        )
                    )
                raise SafetyDeskError(
                    _(
                        "{code} is not a trusted school of this township centre; "
                        "'safetydesk trust' enrols a school.",
                        code=school,
                    )
                )
        if info.role == SCHOOL:
            packages = {info.org_code: _sent_packages(s, info.township_code)}
            held = county_rules.held_in(s)
            followed = {info.org_code: None if held is None else (held.version, held.sha256)}
        else:
            packages = _imported_packages(s, [r.code for r in refs])
            followed = county_rules.followed_sets(s, [r.code for r in refs])
        found = gather(s, [r.code for r in refs])
        extra = reminder_facts.gather(s, [r.code for r in refs])
    out = []
    for ref in refs:
        facts = _facts(ref.code, ref.name, ref.school_type, found[ref.code], packages[ref.code], extra[ref.code],
                       followed.get(ref.code))
        out.append((facts, school_status.compute(facts, rules, cal, as_of, now, reminder_rules)))
    return out


def statuses(
    sessions: sessionmaker[Session], as_of: date | None = None, school: str | None = None
) -> list[SchoolStatus]:
    """At a school, its own status (one item); at a township, one per trusted school (or `school`).

    A school's type (kindergartens follow other drill and hours rules) is the one its identity
    file declared when the township trusted it; a school trusted from an older identity file
    without a type is counted as a primary school."""
    return [status for _facts, status in evaluate(sessions, as_of, school)]


def compliance_of(
    sessions: sessionmaker[Session], school: str, today: date, sem_key: str | None = None
) -> list[ComplianceItem]:
    """One school's parent meetings, drills and education hours in a semester (default: that of
    `today`), counted as its status counts them; at a township from the rows imported from it."""
    cal = settings.semester_calendar(sessions)
    sem = semester(sem_key, cal) if sem_key else None
    found = evaluate(sessions, today, school)
    if not found:
        return []
    facts, _status = found[0]
    return school_status.compliance_items(facts, settings.compliance_rules(sessions), cal, today, sem)


def school_status_of(sessions: sessionmaker[Session], as_of: date | None = None) -> SchoolStatus:
    """A school's own status (the dashboard's compliance reads it)."""
    return statuses(sessions, as_of)[0]
