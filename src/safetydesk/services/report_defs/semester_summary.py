"""学期安全工作总结: the semester in rates and a short narrative, then the records behind them.

An inspector reads a summary for three rates first: 隐患整改率 (hazards found this semester that
were rectified), 演练完成率 (drills held against those required so far) and 信息报送及时率
(incidents whose required reports were made in time). The page opens with a paragraph that states
them with the counts they come from, then the rate table, the records per mechanism and the
county's frequency requirements. A rate with nothing to count says 不适用, never 0%.
Runs on a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from safetydesk.domain import clock
from safetydesk.domain import incident_clock as ic
from safetydesk.domain.compliance import state_label
from safetydesk.domain.fields import Field, FieldKind
from safetydesk.domain.mechanisms import MECHANISMS
from safetydesk.domain.registry import RecordKind, all_kinds, get_kind
from safetydesk.domain.semester import Semester, current_or_next, semester
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import N_, _, current_language, format_date
from safetydesk.reports.excel_ledger import write_ledger_xlsx
from safetydesk.reports.layout import WithSignatures, build_pdf, escape, report_styles
from safetydesk.reports.pdf_ledger import ledger_table
from safetydesk.services import dashboard, ledgers, records
from safetydesk.services.progress import ProgressSink
from safetydesk.services.report_catalog import ReportRequest, ReportSpec, register_report
from safetydesk.services.settings import semester_calendar
from safetydesk.services.workspace import Workspace

TITLE = N_("Semester safety work summary")
RECTIFIED = frozenset({"verification_requested", "verified", "closed"})

SUMMARY_COLUMNS = (
    Field("mechanism", N_("Mechanism"), FieldKind.TEXT, width=14),
    Field("kinds", N_("Records this semester"), FieldKind.LONG_TEXT, width=46),
    Field("total", N_("Total"), FieldKind.INT, width=6),
)
COMPLIANCE_COLUMNS = (
    Field("item", N_("Requirement"), FieldKind.TEXT, width=16),
    Field("detail", N_("Held and required"), FieldKind.TEXT, width=34),
    Field("state", N_("State"), FieldKind.TEXT, width=10),
)
RATE_COLUMNS = (
    Field("item", N_("Indicator"), FieldKind.TEXT, width=16),
    Field("counts", N_("Done and due"), FieldKind.TEXT, width=30),
    Field("rate", N_("Rate"), FieldKind.TEXT, width=10),
)


@dataclass(frozen=True)
class Rate:
    title: str  # N_()-marked
    done: int
    due: int
    counts: str  # translated: "已整改 8 处，共发现 11 处"

    @property
    def text(self) -> str:
        return percent(self.done, self.due)


def percent(done: float, due: float) -> str:
    return f"{100 * done / due:.1f}%" if due else _("Not applicable")


def _may_list(ws: Workspace, kind: RecordKind) -> bool:
    from safetydesk.services import policy

    try:
        policy.current().check(ws.actor, kind, "list")
    except SafetyDeskError:
        return False
    return True


def _all(ws: Workspace, kind_key: str, sem: Semester, school: str | None = None) -> list[records.RecordData]:
    kind = get_kind(kind_key)
    if not _may_list(ws, kind):
        return []
    q = records.ListQuery(kind=kind_key, date_from=sem.start, date_to=sem.end, school=school)
    found, offset = [], 0
    while page := records.fetch_page(ws.sessions, q, offset, 1000, ws.actor):
        found += page
        offset += len(page)
    return found


def hazard_rate(ws: Workspace, sem: Semester, school: str | None = None) -> Rate:
    found = _all(ws, "hazard", sem, school)
    done = sum(1 for r in found if r.values.get("done_on") or r.values.get("status") in RECTIFIED)
    return Rate(N_("Hazard rectification rate"), done, len(found),
                _("{done} rectified of {due} found", done=done, due=len(found)))  # fmt: skip


def drill_rate(items: list[Any]) -> Rate:
    drills = next((c for c in items if c.key == "drills"), None)
    held = int(drills.held) if drills else 0
    due = int(drills.required) if drills else 0
    return Rate(N_("Drill completion rate"), min(held, due), due,
                _("{done} held of {due} required so far", done=held, due=due))  # fmt: skip


def timeliness_rate(ws: Workspace, sem: Semester, school: str | None = None) -> tuple[Rate, int, int]:
    """Incidents of the semester whose required reports are decided (made, or overdue): how many
    were on time. Reports still within their deadline are not counted yet."""
    from safetydesk.services import incidents

    found = _all(ws, "incident", sem, school)
    if not found:
        return Rate(N_("Reporting timeliness rate"), 0, 0, _("No incidents")), 0, 0
    statuses = incidents.statuses(ws.sessions, [r.uuid for r in found])
    decided = [s.overall for s in statuses.values() if s.overall not in (ic.Timeliness.PENDING,
                                                                         ic.Timeliness.NOT_REQUIRED)]
    on_time = sum(1 for t in decided if t is ic.Timeliness.ON_TIME)
    late = sum(1 for t in decided if t is ic.Timeliness.LATE)
    missing = sum(1 for t in decided if t is ic.Timeliness.MISSING)
    rate = Rate(N_("Reporting timeliness rate"), on_time, len(decided),
                _("{done} on time of {due} incidents", done=on_time, due=len(decided)))  # fmt: skip
    return rate, late, missing


def _summary_rows(ws: Workspace, sem_key: str, progress: ProgressSink, school: str | None = None
                  ) -> list[dict[str, Any]]:
    by_mech: dict[int, list[tuple[RecordKind, int]]] = {}
    kinds = [k for k in all_kinds() if k.date_field and k.mechanism]
    for index, kind in enumerate(kinds, 1):
        q = records.ListQuery(kind=kind.key, semester=sem_key, school=school)
        n = records.count(ws.sessions, q, ws.actor) if _may_list(ws, kind) else 0
        by_mech.setdefault(kind.mechanism, []).append((kind, n))
        progress.report(index, len(kinds) + 1)
    rows = []
    for m in MECHANISMS:
        entries = by_mech.get(m.number, [])
        rows.append({
            "mechanism": f"{m.number}. {_(m.title)}",
            "kinds": "；".join(_("{kind}: {n}", kind=_(k.title), n=n) for k, n in entries) or _("None"),
            "total": sum(n for _k, n in entries),
        })  # fmt: skip
    return rows


def narrative(sem: Semester, rates: list[Rate], late: int, missing: int, items: list[Any], total: int) -> str:
    """One school's semester in sentences (a township's summary is the per-school bulletin)."""
    hazards, drills, timely = rates
    parts = [
        _("In {semester} ({start} to {end}) the school made {total} records of safety work.",
          semester=sem.label, start=format_date(sem.start), end=format_date(sem.end), total=total),
    ]  # fmt: skip
    parts += [
        _("{found} hazards were found and {done} rectified (rectification rate {rate}).",
          found=hazards.due, done=hazards.done, rate=hazards.text),
        _("{held} drills were held against {due} required so far (completion rate {rate}).",
          held=drills.done, due=drills.due, rate=drills.text),
    ]  # fmt: skip
    if timely.due:
        parts.append(_("Of {n} incidents whose reports were due, {done} were reported on time, {late} late "
                       "and {missing} not yet (timeliness rate {rate}).", n=timely.due, done=timely.done,
                       late=late, missing=missing, rate=timely.text))  # fmt: skip
    else:
        parts.append(_("No incident required a report to be made in this period."))
    for c in items:
        if c.key in ("parent_meetings", "education_hours"):
            parts.append(_("{item}: {detail} ({state}).", item=_(c.title), detail=c.detail,
                           state=state_label(c.state)))  # fmt: skip
    return ("" if current_language() == "zh_CN" else " ").join(parts)


def _render_summary(ws: Workspace, req: ReportRequest, progress: ProgressSink) -> int:
    if not ws.info.is_school and not req.school:
        # a township's schools are never added together: its summary is the bulletin, one row per school
        from safetydesk.services.report_defs import township_reports

        return township_reports.render_summary(ws, req, progress)
    cal = semester_calendar(ws.sessions)
    today = clock.today()
    sem = semester(req.semester, cal) if req.semester else current_or_next(today, cal)
    rows = _summary_rows(ws, sem.key, progress, req.school)
    if ws.info.is_school:
        items = dashboard.compute_compliance(ws.sessions, ws.info.school_type, today=today, sem_key=sem.key)
    else:  # a township's summary of one school: that school's rules, from what it sent
        from safetydesk.services import status

        items = status.compliance_of(ws.sessions, req.school or "", today, sem.key)
    timely, late, missing = timeliness_rate(ws, sem, req.school)
    rates = [hazard_rate(ws, sem, req.school), drill_rate(items), timely]
    rate_rows = [{"item": _(r.title), "counts": r.counts, "rate": r.text} for r in rates]
    comp_rows = [{"item": _(c.title), "detail": c.detail, "state": state_label(c.state)} for c in items]
    meta = ledgers.report_meta(ws, req.school, title=_(TITLE), ledger=False, period_text=sem.label,
                               landscape=False)
    total = sum(r["total"] for r in rows)
    cancelled = lambda: progress.cancelled  # noqa: E731
    story_text = narrative(sem, rates, late, missing, items, total)
    if req.fmt == "xlsx":
        write_ledger_xlsx(
            req.out, meta, RATE_COLUMNS, [*rate_rows, {"item": _("Summary"), "counts": story_text}],
            extra_sheets={_("Records by mechanism"): (SUMMARY_COLUMNS, rows),
                          _("Compliance"): (COMPLIANCE_COLUMNS, comp_rows)},
            cancelled=cancelled,
        )  # fmt: skip
    else:
        from reportlab.platypus import Paragraph

        styles = report_styles()
        rate_table, _n = ledger_table(meta, RATE_COLUMNS, rate_rows, cancelled=cancelled)
        counts, _n = ledger_table(meta, SUMMARY_COLUMNS, rows, cancelled=cancelled)
        comp, _m = ledger_table(meta, COMPLIANCE_COLUMNS, comp_rows, cancelled=cancelled)
        story = [
            Paragraph(escape(story_text), styles["body"]),
            Paragraph(escape(_("Main indicators")), styles["heading"]),
            rate_table,
            Paragraph(escape(_("Records by mechanism")), styles["heading"]),
            counts,
            Paragraph(escape(_("Compliance this semester")), styles["heading"]),
            WithSignatures(meta, comp),
        ]
        build_pdf(req.out, meta, story, cancelled=cancelled, signatures=False)
    progress.report(1, 1)
    return total


register_report(
    ReportSpec(
        name="semester-summary",
        title=TITLE,
        render=_render_summary,
        kinds=tuple(k.key for k in all_kinds() if k.date_field and k.mechanism),
    )
)
