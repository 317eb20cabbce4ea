"""Written incident reports as PDF: `incident-first` (首报), `incident-followup` (续报),
`incident-final` (终报), one incident each.

    safetydesk report incident-first --incident ID --out 首报.pdf
    safetydesk report incident-followup --incident ID:2 --out 续报二.pdf   (":N" picks 续报N)

A report already logged as sent prints the text that was sent; otherwise the draft is written
from the incident record in the official structure. The follow-up takes the latest logged 续报,
or number N with "ID:N", or the next number when none was logged yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from safetydesk.domain.registry import get_kind
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import N_, _, format_datetime
from safetydesk.reports.incident_report_pdf import incident_report_meta, write_incident_report_pdf
from safetydesk.services import incidents, records, schools
from safetydesk.services.progress import ProgressSink
from safetydesk.services.report_catalog import ReportRequest, ReportSpec, register_report
from safetydesk.services.workspace import Workspace


@dataclass(frozen=True)
class PrintedReport:
    title: str
    body: str
    to: str
    period_text: str


def resolve_incident(ws: Workspace, ref: str | None) -> tuple[str, int | None]:
    """'UUID', a unique UUID prefix (6+ characters), optionally ':N' for a follow-up number."""
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
        found = (
            list(
                s.scalars(
                    select(model.uuid).where(model.uuid.startswith(ref), model.deleted_at.is_(None)).limit(2)
                )
            )
            if len(ref) >= 6
            else []
        )
    if len(found) != 1:
        raise SafetyDeskError(_("No single incident has the ID {ref}.", ref=ref))
    return found[0], number


def printed_report(ws: Workspace, uuid: str, report_type: str, number: int | None = None,
                   school_name: str | None = None) -> PrintedReport:
    """What the PDF prints: the logged report's text if it was sent, else a fresh draft."""
    st = incidents.status(ws.sessions, uuid)
    logged = [
        r for r in st.reports if r.report_type == report_type and (number is None or r.number == number)
    ]
    if logged:
        chosen = max(logged, key=lambda r: ((r.number or 0), r.sent_at))
        title = incidents.report_title(st.title, report_type, chosen.number)
        return PrintedReport(
            title,
            incidents.report_body(ws.sessions, chosen.uuid),
            chosen.receiver,
            _("Sent at {time}", time=format_datetime(chosen.sent_at)),
        )
    d = incidents.draft(ws.sessions, uuid, report_type, number, school_name or ws.info.org_name)
    return PrintedReport(d.title, d.body, _(incidents.DEFAULT_RECEIVER), "")


def write_report_pdf(
    ws: Workspace, out: Path, title: str, body: str, to: str = "", period_text: str = "",
    school_name: str | None = None,
) -> None:
    from safetydesk.domain import clock

    meta = incident_report_meta(school_name or ws.info.org_name, title, period_text, signed_on=clock.today())
    write_incident_report_pdf(Path(out), meta, body, to=to)


def _renderer(report_type: str):
    def render(ws: Workspace, req: ReportRequest, progress: ProgressSink) -> int:
        uuid, number = resolve_incident(ws, req.record)
        found = records.get(ws.sessions, incidents.INCIDENT, uuid, ws.actor)  # the policy decides
        school = schools.school_name(ws.sessions, found.owner)  # at a township: the school's report
        p = printed_report(ws, uuid, report_type, number, school)
        write_report_pdf(ws, req.out, p.title, p.body, p.to, p.period_text, school)
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
