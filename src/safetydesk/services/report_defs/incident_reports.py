"""Written incident reports as PDF: `incident-first` (首报), `incident-followup` (续报),
`incident-final` (终报), one incident each.

    safetydesk report incident-first --incident ID --out 首报.pdf
    safetydesk report incident-followup --incident ID:2 --out 续报二.pdf   (":N" picks 续报N)

A report already logged as sent prints the text that was sent, the person who sent it, how and
when (the date on the date line is the day it was sent, not the day it is printed). Otherwise the
draft is written from the incident record in the official structure of its stage and marked 草稿
across the page. Either way the page says who reports (报告单位, 报告人, 联系电话) from the
records: the report's sender, else the incident's reporter, with their phone. The follow-up takes
the latest logged 续报, or number N with "ID:N", or the next number when none was logged yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from safetydesk.domain.registry import get_kind
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import N_, _, format_datetime, local
from safetydesk.models.org import StaffMember
from safetydesk.reports.incident_report_pdf import incident_report_meta, write_incident_report_pdf
from safetydesk.services import incident_drafts, incidents, records, schools
from safetydesk.services.progress import ProgressSink
from safetydesk.services.report_catalog import ReportRequest, ReportSpec, register_report
from safetydesk.services.workspace import Workspace


@dataclass(frozen=True)
class PrintedReport:
    title: str
    body: str
    to: str
    period_text: str
    facts: tuple[tuple[str, str], ...] = ()  # the box under the addressee: (label, value)
    draft: bool = True  # not logged as sent: marked 草稿, no date
    sent_on: date | None = None
    reporter: str = ""
    school_name: str = ""  # the reporting school (at a township, the school whose incident it is)


def resolve_incident(ws: Workspace, ref: str | None) -> tuple[str, int | None]:
    """'UUID', a unique UUID prefix (6+ characters), or the incident's serial (SJ-2026-0003),
    optionally ':N' for a follow-up number."""
    if not ref:
        raise SafetyDeskError(_("Name the incident: --incident ID (the list shows each incident's ID)."))
    ref, _sep, num = ref.strip().partition(":")
    number = None
    if num:
        if not num.isdigit() or int(num) < 1:
            raise SafetyDeskError(_("After ':' give the follow-up number, 1 for 续报一."))
        number = int(num)
    model = get_kind(incidents.INCIDENT).model
    with ws.sessions() as s:
        live = model.deleted_at.is_(None)
        found = list(s.scalars(select(model.uuid).where(model.serial == ref, live).limit(2)))
        if not found and len(ref) >= 6:
            found = list(s.scalars(select(model.uuid).where(model.uuid.startswith(ref), live).limit(2)))
    if len(found) != 1:
        raise SafetyDeskError(_("No single incident has the ID {ref}.", ref=ref))
    return found[0], number


def _staff(ws: Workspace, uuid: str | None) -> tuple[str, str]:
    if not uuid:
        return "", ""
    with ws.sessions() as s:
        row = s.execute(select(StaffMember.name, StaffMember.phone).where(StaffMember.uuid == uuid)).first()
    return (row[0] or "", row[1] or "") if row else ("", "")


def _choice(kind: str, attr: str, code: str | None) -> str:
    choice = get_kind(kind).field(attr).choice(code)
    return _(choice.label) if choice else incident_drafts.unknown()


def report_facts(
    ws: Workspace, incident: dict[str, Any], kind_label: str, *, sent: dict[str, Any] | None,
    school_name: str | None = None,
) -> tuple[tuple[tuple[str, str], ...], str]:
    """The facts box of a report and the reporter's name: from the logged report when it was
    sent, else from the incident. The reporting unit is the school (`school_name` at a township)."""
    reporter_uuid = (sent or {}).get("sent_by_uuid") or incident.get("reporter_uuid")
    name, staff_phone = _staff(ws, reporter_uuid)
    phone = incident.get("reporter_phone") or staff_phone
    unknown = incident_drafts.unknown()
    if sent is not None:
        channel = _choice(incidents.REPORT, "channel", sent.get("channel"))
        when = format_datetime(sent.get("sent_at"))
    else:
        channel = _choice(incidents.REPORT, "channel", get_kind(incidents.REPORT).field("channel").default)
        when = _("Not sent yet (draft)")
    facts = (
        (_("Reporting unit"), school_name or ws.info.org_name),
        (_("Type of report"), kind_label),
        (_("Reported by"), name or unknown),
        (_("Contact phone"), phone or unknown),
        (_("Sent by way of"), channel),
        (_("Time sent"), when),
        (_("Category of incident"), _choice(incidents.INCIDENT, "category", incident.get("category"))),
        (_("Level"), incident_drafts.level_text(incident)),
    )
    return facts, name


def printed_report(ws: Workspace, uuid: str, report_type: str, number: int | None = None,
                   school_name: str | None = None) -> PrintedReport:
    """What the PDF prints: the logged report's text if it was sent, else a fresh draft.
    `school_name`: the reporting school, when it is not this installation (a township's copy)."""
    org = school_name or ws.info.org_name
    st = incidents.status(ws.sessions, uuid)
    incident = records.get(ws.sessions, incidents.INCIDENT, uuid).values
    logged = [
        r for r in st.reports if r.report_type == report_type and (number is None or r.number == number)
    ]
    if logged:
        chosen = max(logged, key=lambda r: ((r.number or 0), r.sent_at))
        sent = records.get(ws.sessions, incidents.REPORT, chosen.uuid).values
        kind_label = incidents.report_title("", report_type, chosen.number)
        facts, reporter = report_facts(ws, incident, kind_label, sent=sent, school_name=org)
        sent_at: datetime = chosen.sent_at
        return PrintedReport(
            incidents.report_title(st.title, report_type, chosen.number),
            str(sent.get("body") or ""),
            chosen.receiver,
            _("Sent at {time}", time=format_datetime(sent_at)),
            facts,
            draft=False,
            sent_on=local(sent_at).date(),
            reporter=reporter,
            school_name=org,
        )
    d = incidents.draft(ws.sessions, uuid, report_type, number, org)
    facts, reporter = report_facts(ws, incident, incidents.report_title("", report_type, d.number), sent=None,
                                   school_name=org)  # fmt: skip
    return PrintedReport(d.title, d.body, _(incidents.DEFAULT_RECEIVER), _("Draft, not sent"), facts,
                         draft=True, reporter=reporter, school_name=org)  # fmt: skip


def write_report_pdf(
    ws: Workspace,
    out: Path,
    title: str,
    body: str,
    to: str = "",
    period_text: str = "",
    *,
    facts: tuple[tuple[str, str], ...] = (),
    draft: bool = False,
    sent_on: date | None = None,
    reporter: str = "",
    school_name: str | None = None,
) -> None:
    """A report's PDF from its text (the incident dialog's edited text, or `printed_report`'s)."""
    meta = incident_report_meta(school_name or ws.info.org_name, title, period_text, sent_on, reporter=reporter, draft=draft)
    write_incident_report_pdf(Path(out), meta, body, to=to, facts=facts)


def write_printed(ws: Workspace, out: Path, p: PrintedReport) -> None:
    write_report_pdf(ws, out, p.title, p.body, p.to, p.period_text, facts=p.facts, draft=p.draft,
                     sent_on=p.sent_on, reporter=p.reporter, school_name=p.school_name)  # fmt: skip


def _renderer(report_type: str):
    def render(ws: Workspace, req: ReportRequest, progress: ProgressSink) -> int:
        uuid, number = resolve_incident(ws, req.record)
        found = records.get(ws.sessions, incidents.INCIDENT, uuid, ws.actor)  # the policy decides
        school = schools.school_name(ws.sessions, found.owner)  # at a township: the school's report
        write_printed(ws, req.out, printed_report(ws, uuid, report_type, number, school))
        progress.report(1, 1)
        return 1

    return render


for _name, _type, _title in (
    ("incident-first", "first", N_("Incident first report (首报)")),
    ("incident-followup", "followup", N_("Incident follow-up report (续报)")),
    ("incident-final", "final", N_("Incident final report (终报)")),
):
    register_report(
        ReportSpec(
            name=_name,
            title=_title,
            render=_renderer(_type),
            formats=("pdf",),
            per_record=True,
            kinds=(incidents.INCIDENT,),
        )
    )
