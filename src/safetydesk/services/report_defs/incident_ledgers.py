"""突发事件台账 and 事件信息报告台账: the incidents and every report made about them.

The incident ledger shows what an inspector checks first: the category and level, when the school
learned of it, when it was phoned in and reported in writing and whether each was on time (the
stored late flags and the clock, as the incident service judges them), casualties (待核实 when
not known, never 0). The report ledger lists every report made, the phone first report included,
with how it was sent and 迟报 exactly as the late flag stored when it was logged.
Runs on a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import Any

from safetydesk.domain import incident_clock as ic
from safetydesk.domain.fields import Field, FieldKind
from safetydesk.domain.registry import get_kind
from safetydesk.i18n import LOCAL_TZ, N_, _, format_datetime
from safetydesk.reports.excel_ledger import write_ledger_xlsx
from safetydesk.reports.layout import ReportMeta
from safetydesk.reports.pdf_ledger import write_ledger_pdf
from safetydesk.services import incident_drafts, incidents, ledgers, records
from safetydesk.services.progress import ProgressSink
from safetydesk.services.report_catalog import ReportRequest, ReportSpec, register_report
from safetydesk.services.workspace import Workspace

INCIDENT_TITLE = N_("Incident ledger")
REPORT_TITLE = N_("Incident information report ledger")

INCIDENT_COLUMNS = (
    Field("serial", N_("Serial No."), FieldKind.TEXT, width=12),
    Field("title", N_("Incident"), FieldKind.TEXT, width=18),
    Field("category", N_("Category of incident"), FieldKind.TEXT, width=8),
    Field("level", N_("Level"), FieldKind.TEXT, width=9),
    Field("occurred_at", N_("Occurred at"), FieldKind.DATETIME, width=14),
    Field("learned_at", N_("School learned of it at"), FieldKind.DATETIME, width=14),
    Field("place", N_("Place"), FieldKind.TEXT, width=10),
    Field("casualties", N_("Deaths / injured"), FieldKind.TEXT, width=9),
    Field("phone", N_("Phone report"), FieldKind.TEXT, width=15),
    Field("written", N_("Written report"), FieldKind.TEXT, width=15),
    Field("timeliness", N_("Reported in time"), FieldKind.TEXT, width=7),
    Field("status", N_("Status"), FieldKind.TEXT, width=7),
)
REPORT_COLUMNS = (
    Field("incident", N_("Incident"), FieldKind.TEXT, width=24),
    Field("report", N_("Report"), FieldKind.TEXT, width=10),
    Field("channel", N_("Sent by way of"), FieldKind.TEXT, width=7),
    Field("sent_at", N_("Time sent"), FieldKind.DATETIME, width=15),
    Field("receiver", N_("Received by"), FieldKind.TEXT, width=14),
    Field("reporter", N_("Reported by"), FieldKind.TEXT, width=8),
    Field("late", N_("Late"), FieldKind.BOOL, width=5),
)


def _bounds(ws: Workspace, req: ReportRequest) -> tuple[datetime | None, datetime | None]:
    start, end = req.date_from, req.date_to
    if req.semester:
        from safetydesk.domain.semester import semester
        from safetydesk.services.settings import semester_calendar

        sem = semester(req.semester, semester_calendar(ws.sessions))
        start = max(start, sem.start) if start else sem.start
        end = min(end, sem.end) if end else sem.end
    return (
        datetime.combine(start, time.min, LOCAL_TZ) if start else None,
        datetime.combine(end, time.max, LOCAL_TZ) if end else None,
    )


def _inside(moment: datetime | None, bounds: tuple[datetime | None, datetime | None]) -> bool:
    if moment is None:
        return False
    start, end = bounds
    moment = ic.aware(moment)
    return (start is None or moment >= start) and (end is None or moment <= end)


def _all(ws: Workspace, kind: str, query: records.ListQuery | None = None) -> list[records.RecordData]:
    q = query or records.ListQuery(kind=kind)
    found, offset = [], 0
    while page := records.fetch_page(ws.sessions, q, offset, 1000, ws.actor):
        found += page
        offset += len(page)
    return found


def _staff_names(ws: Workspace, uuids: set[str]) -> dict[str, str]:
    from sqlalchemy import select

    from safetydesk.models.org import StaffMember

    if not uuids:
        return {}
    with ws.sessions() as s:
        stmt = select(StaffMember.uuid, StaffMember.name).where(StaffMember.uuid.in_(list(uuids)))
        return {u: n or "" for u, n in s.execute(stmt)}


def _made(at: datetime | None, timeliness: ic.Timeliness) -> str:
    """"2026年11月17日 10:21（迟报）", or the timeliness alone when not made."""
    label = incidents.timeliness_label(timeliness)
    if at is None:
        return label
    return _("{time} ({state})", time=format_datetime(at), state=label)


def incident_rows(ws: Workspace, req: ReportRequest) -> list[dict[str, Any]]:
    q = records.ListQuery(kind=incidents.INCIDENT, date_from=req.date_from, date_to=req.date_to,
                          semester=req.semester, sort="occurred_at")  # fmt: skip
    found = _all(ws, incidents.INCIDENT, q)
    statuses = incidents.statuses(ws.sessions, [r.uuid for r in found])
    kind = get_kind(incidents.INCIDENT)
    rows = []
    for r in found:
        v, st = r.values, statuses[r.uuid]
        firsts = [rep.sent_at for rep in st.reports if rep.report_type == "first"]
        deaths, injuries = incident_drafts.people(v.get("deaths")), incident_drafts.people(v.get("injuries"))
        rows.append({
            "serial": v.get("serial") or "",
            "title": v.get("title") or "",
            "category": incident_drafts.choice_text("category", v.get("category")),
            "level": incident_drafts.level_text(v),
            "occurred_at": v.get("occurred_at"),
            "learned_at": v.get("learned_at"),
            "place": v.get("place") or "",
            "casualties": f"{deaths} / {injuries}",
            "phone": _made(st.phone_at, st.phone) if st.deadlines.urgent or st.phone_at else _("Not required"),
            "written": _made(min(firsts, default=None), st.written),
            "timeliness": incidents.timeliness_label(st.overall),
            "status": records.display_value(kind.field("status"), v.get("status"), {}) or "",
        })  # fmt: skip
    return rows


def report_rows(ws: Workspace, req: ReportRequest) -> list[dict[str, Any]]:
    """The phone first reports (from the incidents) and the written reports, by time sent."""
    bounds = _bounds(ws, req)
    found = _all(ws, incidents.INCIDENT)
    by_uuid = {r.uuid: r.values for r in found}
    reports = [r for r in _all(ws, incidents.REPORT) if _inside(r.values.get("sent_at"), bounds)]
    people = {v.get("reporter_uuid") for v in by_uuid.values()} | {r.values.get("sent_by_uuid") for r in reports}
    names = _staff_names(ws, {p for p in people if p})
    report_kind = get_kind(incidents.REPORT)

    def label(v: dict[str, Any] | None) -> str:
        if v is None:
            return ""
        return " ".join(p for p in (v.get("serial") or "", v.get("title") or "") if p)

    rows: list[dict[str, Any]] = []
    for uuid, v in by_uuid.items():
        if v.get("phone_reported_at") and _inside(v["phone_reported_at"], bounds):
            rows.append({
                "incident": label(v),
                "report": incidents.report_title("", "first"),
                "channel": _("Phone"),
                "sent_at": v["phone_reported_at"],
                "receiver": v.get("phone_reported_to") or "",
                "reporter": names.get(v.get("reporter_uuid") or "", ""),
                "late": bool(v.get("phone_late")),
                "_order": (ic.aware(v["phone_reported_at"]), 0, uuid),
            })  # fmt: skip
    for r in reports:
        v = r.values
        rows.append({
            "incident": label(by_uuid.get(v.get("incident_uuid"))),
            "report": incidents.report_title("", v.get("report_type") or "", v.get("number")),
            "channel": records.display_value(report_kind.field("channel"), v.get("channel"), {}) or "",
            "sent_at": v.get("sent_at"),
            "receiver": v.get("receiver") or "",
            "reporter": names.get(v.get("sent_by_uuid") or "", ""),
            "late": bool(v.get("late")),
            "_order": (ic.aware(v["sent_at"]), 1, r.uuid),
        })  # fmt: skip
    rows.sort(key=lambda row: row["_order"])
    return rows


def _renderer(title: str, columns: tuple[Field, ...], rows_of: Callable[[Workspace, ReportRequest], list],
              kind: str) -> Callable[[Workspace, ReportRequest, ProgressSink], int]:  # fmt: skip
    def render(ws: Workspace, req: ReportRequest, progress: ProgressSink) -> int:
        rows = rows_of(ws, req)
        q = records.ListQuery(kind=kind, date_from=req.date_from, date_to=req.date_to, semester=req.semester)
        meta = ReportMeta(school_name=ws.info.org_name, title=_(title),
                          period_text=ledgers.period_text(ws, q), landscape=True)  # fmt: skip
        writer = write_ledger_xlsx if req.fmt == "xlsx" else write_ledger_pdf
        return writer(req.out, meta, columns, rows, progress=lambda n: progress.report(n, len(rows)),
                      cancelled=lambda: progress.cancelled)  # fmt: skip

    return render


register_report(ReportSpec(name="incident-ledger", title=INCIDENT_TITLE,
                           render=_renderer(INCIDENT_TITLE, INCIDENT_COLUMNS, incident_rows, "incident"),
                           kinds=(incidents.INCIDENT,)))  # fmt: skip
register_report(ReportSpec(name="incident-report-ledger", title=REPORT_TITLE,
                           render=_renderer(REPORT_TITLE, REPORT_COLUMNS, report_rows, "incident_report"),
                           kinds=(incidents.REPORT, incidents.INCIDENT)))  # fmt: skip
