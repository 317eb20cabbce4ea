"""Incident use-cases: capture, the reporting clock, phone and written reports (首报/续报/终报),
the response checklist, 四个不放过 and the school's media contact.

Runs on whatever thread calls it (the UI uses its DB thread); every call opens its own session
through services.records and returns plain dataclasses. Bad input raises ValidationError or
WorkflowError before anything is written, so a refusal leaves the database as it was.

Workflow-owned fields (`phone_reported_at`, `phone_reported_to`) are set only here, with
`records.save(..., workflow=True, action="move")`; every change leaves a history entry. Changing
when the incident happened, when the school learned of it, its level or its sensitive flag after a
report was logged needs a reason, which the history keeps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from safetydesk.domain import clock
from safetydesk.domain import incident_clock as ic
from safetydesk.domain import settings as setting_vars
from safetydesk.domain.registry import get_kind
from safetydesk.domain.validation import clean
from safetydesk.errors import ValidationError, WorkflowError
from safetydesk.i18n import N_, _, format_datetime
from safetydesk.paths import DataPaths
from safetydesk.services import attachments, records, settings
from safetydesk.services.changes import Actor, Changes

INCIDENT = "incident"
REPORT = "incident_report"
STEP = "incident_response_step"
FOUR_NOT = "four_not_check"
OPINION = "opinion_event"
ACCOUNTABILITY = "accountability_record"

MEDIA_CONTACT = setting_vars.MEDIA_CONTACT.key  # {"name": ..., "phone": ...}
DEFAULT_RECEIVER = N_("County education bureau")

# Set only by log_phone_report; the incident page's form shows them read-only. (Not declared
# editable=False in the kind because the demo filler saves without workflow=True.)
WORKFLOW_FIELDS = ("phone_reported_at", "phone_reported_to", "phone_late")

# Facts the deadlines read: after a report, changing them needs a reason.
CLOCK_FIELDS = ("occurred_at", "learned_at", "level", "sensitive")

TIMELINESS_LABELS = {
    ic.Timeliness.ON_TIME: N_("On time"),
    ic.Timeliness.LATE: N_("Late"),
    ic.Timeliness.MISSING: N_("Missing"),
    ic.Timeliness.PENDING: N_("Due"),
    ic.Timeliness.NOT_REQUIRED: N_("Not required"),
}

FOUR_NOT_ITEMS = (
    ("cause_found", "cause_evidence", N_("Cause established")),
    ("responsible_handled", "responsible_evidence", N_("Those responsible dealt with")),
    ("measures_done", "measures_evidence", N_("Corrective measures carried out")),
    ("people_educated", "educated_evidence", N_("People concerned educated")),
)


# --- plain data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueReport:
    """A report the clock still waits for. The dashboard and the banner read exactly this."""

    incident_uuid: str
    title: str
    kind: str  # "phone" | "written"
    due_at: datetime  # aware
    overdue: bool


@dataclass(frozen=True)
class ReportInfo:
    uuid: str
    report_type: str  # first | followup | final
    number: int | None
    sent_at: datetime
    receiver: str
    late: bool | None  # only the first written report has a deadline


@dataclass(frozen=True)
class IncidentStatus:
    uuid: str
    title: str
    level: str
    sensitive: bool
    learned_at: datetime
    deadlines: ic.Deadlines
    phone_at: datetime | None
    phone_to: str | None
    phone: ic.Timeliness
    written: ic.Timeliness
    reports: tuple[ReportInfo, ...]

    @property
    def overall(self) -> ic.Timeliness:
        """Worst of the required reports: missing > late > due > on time."""
        return ic.overall(self.phone, self.written)

    @property
    def any_reported(self) -> bool:
        return self.phone_at is not None or bool(self.reports)

    @property
    def next_followup(self) -> int:
        return max((r.number or 0 for r in self.reports if r.report_type == "followup"), default=0) + 1


@dataclass(frozen=True)
class StepInfo:
    step: str
    label: str
    done_at: datetime | None
    person: str
    note: str
    uuid: str | None


@dataclass(frozen=True)
class ReportDraft:
    """A written report's text in the official structure; the PDF prints exactly this."""

    report_type: str
    number: int | None
    title: str
    body: str  # editable text, one element per paragraph
    school_name: str = ""
    sections: tuple[tuple[str, str], ...] = field(default_factory=tuple)


# --- reading --------------------------------------------------------------------------------------


def _model(key: str) -> Any:
    return get_kind(key).model


def _reports(s: Session, uuid: str) -> list[Any]:
    m = _model(REPORT)
    stmt = select(m).where(m.incident_uuid == uuid, m.deleted_at.is_(None)).order_by(m.sent_at, m.created_at)
    return list(s.scalars(stmt))


def _status(row: Any, reports: list[Any], now: datetime) -> IncidentStatus:
    """Timeliness from the times, and LATE whenever a stored late flag says so: a flag set when
    the report was logged stays, even if the learned time is corrected afterwards."""
    dl = ic.deadlines(row.level, row.sensitive, row.learned_at)
    firsts = [r for r in reports if r.report_type == "first"]
    phone, written = ic.report_timeliness(
        row.level,
        row.sensitive,
        row.learned_at,
        row.phone_reported_at,
        bool(getattr(row, "phone_late", False)),
        [(r.sent_at, bool(getattr(r, "late", False))) for r in firsts],
        now,
    )
    infos = tuple(
        ReportInfo(
            r.uuid,
            r.report_type,
            r.number,
            ic.aware(r.sent_at),
            r.receiver,
            (bool(getattr(r, "late", False)) or not ic.on_time(r.sent_at, dl.written))
            if r.report_type == "first"
            else None,
        )
        for r in reports
    )
    return IncidentStatus(
        row.uuid,
        row.title,
        row.level,
        bool(row.sensitive),
        ic.aware(row.learned_at),
        dl,
        ic.aware(row.phone_reported_at) if row.phone_reported_at else None,
        row.phone_reported_to,
        phone,
        written,
        infos,
    )


def status(sessions: sessionmaker[Session], uuid: str, now: datetime | None = None) -> IncidentStatus:
    now = now or clock.now()
    with sessions() as s:
        row = s.get(_model(INCIDENT), uuid)
        if row is None or row.deleted_at is not None:
            raise WorkflowError(_("That incident no longer exists. Refresh the list."))
        return _status(row, _reports(s, uuid), now)


def statuses(
    sessions: sessionmaker[Session], uuids: list[str] | None = None, now: datetime | None = None
) -> dict[str, IncidentStatus]:
    """Reporting status of many incidents (all live ones when `uuids` is None), two queries."""
    now = now or clock.now()
    inc, rep = _model(INCIDENT), _model(REPORT)
    with sessions() as s:
        stmt = select(inc).where(inc.deleted_at.is_(None))
        rstmt = select(rep).where(rep.deleted_at.is_(None)).order_by(rep.sent_at, rep.created_at)
        if uuids is not None:
            stmt = stmt.where(inc.uuid.in_(uuids))
            rstmt = rstmt.where(rep.incident_uuid.in_(uuids))
        by_incident: dict[str, list[Any]] = {}
        for r in s.scalars(rstmt):
            by_incident.setdefault(r.incident_uuid, []).append(r)
        return {row.uuid: _status(row, by_incident.get(row.uuid, []), now) for row in s.scalars(stmt)}


def timeliness_label(t: ic.Timeliness) -> str:
    return _(TIMELINESS_LABELS[t])


def due_reports(sessions: sessionmaker[Session], now: datetime | None = None) -> list[DueReport]:
    """Every report still owed on an open incident, soonest deadline first.

    A report stays due (overdue=True) after its deadline until it is logged: a late report is
    still required, and the banner keeps asking for it.
    """
    now = ic.aware(now or clock.now())
    inc = _model(INCIDENT)
    with sessions() as s:
        open_ids = list(s.scalars(select(inc.uuid).where(inc.deleted_at.is_(None), inc.status == "open")))
    out: list[DueReport] = []
    for st in statuses(sessions, open_ids, now).values():
        if st.phone in (ic.Timeliness.PENDING, ic.Timeliness.MISSING) and st.deadlines.phone:
            out.append(DueReport(st.uuid, st.title, "phone", st.deadlines.phone, now > st.deadlines.phone))
        if st.written in (ic.Timeliness.PENDING, ic.Timeliness.MISSING):
            out.append(
                DueReport(st.uuid, st.title, "written", st.deadlines.written, now > st.deadlines.written)
            )
    out.sort(key=lambda d: (d.due_at, d.kind != "phone"))
    return out


# --- capture and edits ----------------------------------------------------------------------------


def _check_order(values: Mapping[str, Any]) -> None:
    occurred, learned = values.get("occurred_at"), values.get("learned_at")
    if occurred and learned and learned < occurred:
        msg = _("The school cannot learn of an incident before it happened.")
        raise ValidationError(msg, {"learned_at": msg})
    if learned and learned > clock.now():
        msg = _("The time learned is in the future; check the date and time.")
        raise ValidationError(msg, {"learned_at": msg})


def capture(sessions: sessionmaker[Session], actor: Actor, values: Mapping[str, Any]) -> str:
    """Create an incident from the first screen's facts; `learned_at` defaults to now and the
    person who reports to the person capturing it (their staff record), as the reports print."""
    data = {f.attr: f.default for f in get_kind(INCIDENT).fields}
    data.update({k: v for k, v in values.items() if k not in ("phone_reported_at", "phone_reported_to")})
    if not data.get("learned_at"):
        data["learned_at"] = clock.now()
    if not data.get("reporter_uuid"):
        data["reporter_uuid"] = staff_of(sessions, actor)
    data["status"] = data.get("status") or "open"
    cleaned = clean(get_kind(INCIDENT), data)
    _check_order(cleaned)
    return records.save(sessions, actor, INCIDENT, cleaned).uuid


def update_incident(
    sessions: sessionmaker[Session],
    actor: Actor,
    uuid: str,
    values: Mapping[str, Any],
    reason: str | None = None,
    *,
    paths: DataPaths | None = None,
    add: Sequence[Path] = (),
    remove: Sequence[str] = (),
) -> Changes:
    """Save edits from the incident form, with the photos and scans added (`add`, needs `paths`)
    or removed in the same transaction. After a report, changing the clock's facts needs a reason."""
    kind = get_kind(INCIDENT)
    current = records.get(sessions, INCIDENT, uuid)
    merged = dict(current.values)
    merged.update(values)
    for attr in WORKFLOW_FIELDS:  # set only by log_phone_report
        merged[attr] = current.values.get(attr)
    cleaned = clean(kind, merged)
    _check_order(cleaned)
    changed = [a for a in CLOCK_FIELDS if cleaned.get(a) != current.values.get(a)]
    reason = (reason or "").strip() or None
    if changed and status(sessions, uuid).any_reported and not reason:
        labels = "、".join(_(kind.field(a).label) for a in changed)
        raise WorkflowError(
            _(
                "A report was already made, so changing {fields} needs a reason (kept in the history).",
                fields=labels,
            )
        )
    if add and paths is None:
        raise ValueError("attaching files needs the installation's paths")
    with sessions.begin() as s:
        changes = records.save_in(s, actor, kind, cleaned, uuid, reason=reason).changes
        for source in add:
            assert paths is not None
            changes |= attachments.attach_in(s, paths, actor, INCIDENT, uuid, Path(source))
        for attachment_uuid in remove:
            changes |= attachments.detach_in(s, actor, attachment_uuid, record_uuid=uuid)
    return changes


def log_phone_report(
    sessions: sessionmaker[Session], actor: Actor, uuid: str, at: datetime | None, to: str
) -> Changes:
    """Record when the phone report was made and to whom (the first one counts; later edits need
    the history reason "corrected")."""
    at = ic.aware(at) if at else clock.now()
    to = (to or "").strip()
    if not to:
        msg = _("Say whom the report was phoned to.")
        raise ValidationError(msg, {"phone_reported_to": msg})
    current = records.get(sessions, INCIDENT, uuid)
    learned = ic.aware(current.values["learned_at"])
    if at < learned:
        msg = _("The phone report cannot be before the school learned of the incident.")
        raise ValidationError(msg, {"phone_reported_at": msg})
    if at > clock.now():
        msg = _("The phone report time is in the future; check the time.")
        raise ValidationError(msg, {"phone_reported_at": msg})
    if current.values.get("phone_reported_at") is not None:
        raise WorkflowError(
            _(
                "The phone report was already logged at {time}.",
                time=format_datetime(current.values["phone_reported_at"]),
            )
        )
    dl = ic.deadlines(current.values["level"], current.values["sensitive"], learned)
    late = not ic.on_time(at, dl.phone if dl.phone is not None else dl.written)
    values = dict(current.values, phone_reported_at=at, phone_reported_to=to, phone_late=late)
    return records.save(
        sessions, actor, INCIDENT, values, uuid, workflow=True, action="move", reason=_("Phone report logged")
    ).changes


def log_written_report(
    sessions: sessionmaker[Session],
    actor: Actor,
    uuid: str,
    report_type: str,
    body: str,
    *,
    sent_at: datetime | None = None,
    receiver: str = "",
    number: int | None = None,
    sent_by_uuid: str | None = None,
    channel: str = "written",
) -> records.SaveResult:
    """Log a written report as sent. Follow-ups are numbered 1, 2, 3... (续报一, 续报二...) unless
    a number is given; there is one 首报 and one 终报. `channel`: written (书面), online (网络) or
    phone (电话); `sent_by_uuid` defaults to the incident's reporter."""
    st = status(sessions, uuid)
    sent = ic.aware(sent_at) if sent_at else clock.now()
    if sent < st.learned_at:
        msg = _("A report cannot be sent before the school learned of the incident.")
        raise ValidationError(msg, {"sent_at": msg})
    if sent > clock.now():
        msg = _("The time sent is in the future; check the time.")
        raise ValidationError(msg, {"sent_at": msg})
    types = [r.report_type for r in st.reports]
    if report_type == "first" and "first" in types:
        raise WorkflowError(_("The first report (首报) was already logged; send a follow-up report."))
    if report_type == "final" and "final" in types:
        raise WorkflowError(_("The final report (终报) was already logged."))
    number = (number or st.next_followup) if report_type == "followup" else None
    late = False
    if report_type == "first":
        made = sent if st.deadlines.urgent else ic.general_report_time(st.phone_at, sent)
        late = made is not None and not ic.on_time(made, st.deadlines.written)
    values = {
        "incident_uuid": uuid,
        "report_type": report_type,
        "number": number,
        "sent_at": sent,
        "receiver": (receiver or "").strip() or _(DEFAULT_RECEIVER),
        "sent_by_uuid": sent_by_uuid or records.get(sessions, INCIDENT, uuid).values.get("reporter_uuid"),
        "channel": channel,
        "body": body,
        "late": late,
    }
    return records.save(sessions, actor, REPORT, values, workflow=True)


# --- response checklist (notice §8) --------------------------------------------------------------


def response_steps(sessions: sessionmaker[Session], uuid: str) -> list[StepInfo]:
    """The six steps of notice §8 in order, each with when and by whom (or not yet)."""
    kind = get_kind(STEP)
    m = kind.model
    with sessions() as s:
        rows = list(
            s.scalars(select(m).where(m.incident_uuid == uuid, m.deleted_at.is_(None)).order_by(m.done_at))
        )
    data = [
        records.RecordData(STEP, r.uuid, {"person_uuid": r.person_uuid}, r.owner, 0, r.updated_at, "")
        for r in rows
    ]
    names = records.reference_labels(sessions, kind, data)
    first: dict[str, Any] = {}
    for r in rows:
        first.setdefault(r.step, r)
    out = []
    for choice in kind.field("step").choices:
        r = first.get(choice.code)
        out.append(
            StepInfo(
                choice.code,
                _(choice.label),
                ic.aware(r.done_at) if r else None,
                names.get(r.person_uuid or "", "") if r else "",
                (r.note or "") if r else "",
                r.uuid if r else None,
            )
        )
    return out


def log_step(
    sessions: sessionmaker[Session],
    actor: Actor,
    uuid: str,
    step: str,
    done_at: datetime | None = None,
    person_uuid: str | None = None,
    note: str = "",
) -> Changes:
    done = ic.aware(done_at) if done_at else clock.now()
    values = {
        "incident_uuid": uuid,
        "step": step,
        "done_at": done,
        "person_uuid": person_uuid,
        "note": note or None,
    }
    existing = next((s for s in response_steps(sessions, uuid) if s.step == step and s.uuid), None)
    return records.save(sessions, actor, STEP, values, existing.uuid if existing else None).changes


# --- 四个不放过 ----------------------------------------------------------------------------------


def four_not_check(sessions: sessionmaker[Session], uuid: str) -> records.RecordData | None:
    m = _model(FOUR_NOT)
    with sessions() as s:
        row_uuid = s.scalar(
            select(m.uuid)
            .where(m.incident_uuid == uuid, m.deleted_at.is_(None))
            .order_by(m.checked_on.desc())
            .limit(1)
        )
    return records.get(sessions, FOUR_NOT, row_uuid) if row_uuid else None


def four_not_defaults(uuid: str) -> dict[str, Any]:
    return {"incident_uuid": uuid, "checked_on": clock.today()}


# --- media contact (notice §10) -----------------------------------------------------------------


def media_contact(sessions: sessionmaker[Session]) -> dict[str, str]:
    """The setting `incidents.media_contact` ({"name", "phone"}; services.settings)."""
    return dict(settings.get(sessions, MEDIA_CONTACT))


def set_media_contact(sessions: sessionmaker[Session], name: str, phone: str, actor: Actor) -> None:
    settings.write(sessions, actor, {MEDIA_CONTACT: {"name": name, "phone": phone}})


# --- written report drafts ------------------------------------------------------------------------

_ZH_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (follow-ups are numbered this way: 续报一)."""
    if n < 10:
        return _ZH_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _ZH_DIGITS[tens]
    return f"{head}十{_ZH_DIGITS[ones] if ones else ''}"


def report_title(title: str, report_type: str, number: int | None = None) -> str:
    """One style for every report: 关于…的首报 / 关于…的续报（二） / 关于…的终报; without a title,
    the report's own name (首报, 续报（二）, 终报)."""
    from safetydesk.i18n import current_language

    if report_type == "first":
        label = _("First report")
    elif report_type == "final":
        label = _("Final report")
    else:
        n = chinese_number(number or 1) if current_language() == "zh_CN" else str(number or 1)
        label = _("Follow-up report ({n})", n=n)
    return _("{label} on {title}", label=label, title=title) if title else label


def draft(
    sessions: sessionmaker[Session],
    uuid: str,
    report_type: str,
    number: int | None = None,
    school_name: str = "",
) -> ReportDraft:
    """The report's text in the official order of its stage (services.incident_drafts)."""
    from safetydesk.services import incident_drafts

    v = records.get(sessions, INCIDENT, uuid).values
    st = status(sessions, uuid)
    if report_type == "followup" and not number:
        number = st.next_followup
    first_sent = min((r.sent_at for r in st.reports if r.report_type == "first"), default=None)
    sections = incident_drafts.sections_for(sessions, uuid, report_type, first_sent)
    return ReportDraft(
        report_type,
        number,
        report_title(str(v.get("title") or ""), report_type, number),
        incident_drafts.body_of(sections),
        school_name,
        sections,
    )


def staff_of(sessions: sessionmaker[Session], actor: Actor) -> str | None:
    """The staff record of the signed-in person, if their account names one."""
    from safetydesk.models.local import UserAccount

    with sessions() as s:
        return s.scalar(select(UserAccount.staff_uuid).where(UserAccount.username == actor.username))


def report_body(sessions: sessionmaker[Session], report_uuid: str) -> str:
    return str(records.get(sessions, REPORT, report_uuid).values.get("body") or "")
