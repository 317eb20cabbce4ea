"""Reporting upward from a township centre (issue 12): the bulletin (通报) of its schools and the
county's table of their status rows.

- `township-summary` (PDF, Excel): per school, the semester's rates (隐患整改率, 演练完成率,
  家长会完成率, 课时完成率, 信息报送及时率; domain/township_rates.py), the notices still open and a
  ranking; never a total across schools. The PDF is headed 乡镇中心校：name and ends with the
  signature lines, 乡镇中心校（盖章） and 年 月 日, ready to stamp. `semester-summary` at a
  township without --school prints this too.
- `township-status` (Excel): every school's `status --json` object as one row, for the county.

The day counted is --to, or the end of --semester when that is over, or today. A township counts
the rows its schools' packages brought (--school narrows it to one school); a school printing
them gets its own row, as the township sees it once its packages have arrived. Runs on a worker
thread (rendering is CPU and file work).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from reportlab.platypus import Paragraph, Spacer

from safetydesk.domain import clock, township_rates
from safetydesk.domain.compliance import state_label
from safetydesk.domain.fields import Field, FieldKind
from safetydesk.domain.organisation import school_type_label
from safetydesk.domain.school_status import SchoolStatus
from safetydesk.domain.semester import Semester, current_or_next, semester
from safetydesk.domain.township_rates import RATE_KEYS, RATE_TITLES, SchoolRates
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import N_, _, format_date, format_datetime
from safetydesk.reports.excel_ledger import write_ledger_xlsx
from safetydesk.reports.layout import WithSignatures, build_pdf, escape, report_styles
from safetydesk.reports.pdf_ledger import ledger_table
from safetydesk.services import ledgers, status
from safetydesk.services.progress import ProgressSink
from safetydesk.services.report_catalog import ReportRequest, ReportSpec, register_report
from safetydesk.services.settings import semester_calendar
from safetydesk.services.workspace import Workspace

SUMMARY_TITLE = N_("Bulletin of the schools' safety work")
STATUS_TITLE = N_("Status of the schools' safety work")
NOT_APPLICABLE = "—"

_SUMMARY_COLUMNS = (
    Field("rank", N_("Rank"), FieldKind.TEXT, width=5),
    Field("school", N_("School"), FieldKind.TEXT, width=16),
    Field("type", N_("Kind of school"), FieldKind.TEXT, width=7),
    *(Field(key, RATE_TITLES[key], FieldKind.TEXT, width=11) for key in RATE_KEYS),
    Field("notices", N_("Notices open (overdue)"), FieldKind.TEXT, width=9),
    Field("score", N_("Score"), FieldKind.TEXT, width=6),
)
PERCENT_TITLES = {
    "hazards": N_("Hazard rectification rate (%)"),
    "drills": N_("Drill completion rate (%)"),
    "parent_meetings": N_("Parent meeting completion rate (%)"),
    "education_hours": N_("Class hour completion rate (%)"),
    "reporting": N_("Timely reporting rate (%)"),
}


def _percent_field(key: str) -> Field:
    """A rate in per cent, as an Excel number."""
    return Field(key, PERCENT_TITLES[key], FieldKind.DECIMAL, width=12)


_SUMMARY_XLSX = (
    Field("rank", N_("Rank"), FieldKind.INT, width=6),
    Field("code", N_("School code"), FieldKind.TEXT, width=12),
    Field("school", N_("School"), FieldKind.TEXT, width=18),
    Field("type", N_("Kind of school"), FieldKind.TEXT, width=10),
    *(_percent_field(key) for key in RATE_KEYS),
    Field("notices_open", N_("Notices open"), FieldKind.INT, width=8),
    Field("notices_overdue", N_("Notices overdue"), FieldKind.INT, width=8),
    Field("score", N_("Score"), FieldKind.DECIMAL, width=8),
)
_DETAIL_XLSX = (
    Field("school", N_("School"), FieldKind.TEXT, width=18),
    Field("rate", N_("Rate"), FieldKind.TEXT, width=16),
    Field("done", N_("Done"), FieldKind.DECIMAL, width=8),
    Field("required", N_("Number required"), FieldKind.DECIMAL, width=8),
    Field("percent", N_("Rate (%)"), FieldKind.DECIMAL, width=8),
)


# --- the day and the schools ----------------------------------------------------------------------


def _day_and_semester(ws: Workspace, req: ReportRequest) -> tuple[date, Semester]:
    cal = semester_calendar(ws.sessions)
    today = clock.today()
    if req.semester:
        sem = semester(req.semester, cal)
        as_of = req.date_to or min(today, sem.end)
        if as_of < sem.start:
            raise SafetyDeskError(
                _("{semester} has not begun on {date}; choose another semester or day.",
                  semester=sem.label, date=format_date(as_of))
            )  # fmt: skip
        return as_of, sem
    as_of = req.date_to or today
    return as_of, current_or_next(as_of, cal)


def _evaluated(ws: Workspace, req: ReportRequest) -> tuple[date, Semester, list[tuple[Any, SchoolStatus]]]:
    as_of, sem = _day_and_semester(ws, req)
    found = status.evaluate(ws.sessions, as_of, req.school)
    if not found:
        raise SafetyDeskError(_("No trusted school yet: enrol one with 'safetydesk trust'."))
    return as_of, sem, found


def school_rates(ws: Workspace, req: ReportRequest) -> tuple[date, Semester, list[SchoolRates]]:
    """Each school's rates on the report's day, ranked (the bulletin's rows, for the console too)."""
    as_of, sem, found = _evaluated(ws, req)
    return as_of, sem, township_rates.ranked(township_rates.rates(f, st, sem) for f, st in found)


# --- the bulletin -----------------------------------------------------------------------------------


def _cell(rate: township_rates.Rate) -> str:
    if rate.percent is None:
        return NOT_APPLICABLE
    return f"{rate.percent:g}%（{_number(rate.done)}/{_number(rate.required)}）"


def _number(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:.1f}"


def _pdf_row(r: SchoolRates) -> dict[str, Any]:
    return {
        "rank": str(r.rank) if r.rank else NOT_APPLICABLE,
        "school": r.name,
        "type": school_type_label(r.school_type),
        **{key: _cell(r.rate(key)) for key in RATE_KEYS},
        "notices": f"{r.notices_open}（{r.notices_overdue}）",
        "score": NOT_APPLICABLE if r.score is None else f"{r.score:g}",
    }


def _xlsx_row(r: SchoolRates) -> dict[str, Any]:
    return {
        "rank": r.rank, "code": r.code, "school": r.name, "type": school_type_label(r.school_type),
        **{key: r.rate(key).percent for key in RATE_KEYS},
        "notices_open": r.notices_open, "notices_overdue": r.notices_overdue, "score": r.score,
    }  # fmt: skip


def _detail_rows(rows: list[SchoolRates]) -> list[dict[str, Any]]:
    return [
        {"school": r.name, "rate": _(RATE_TITLES[key]), "done": r.rate(key).done,
         "required": r.rate(key).required, "percent": r.rate(key).percent}
        for r in rows for key in RATE_KEYS
    ]  # fmt: skip


NOTES = (
    N_("Hazard rectification rate: hazards found this semester whose rectification is finished, over the "
       "hazards found."),
    N_("Drill, parent meeting and class hour completion rates: what was held over what the county's rules "
       "require of that kind of school so far (class hours per school year; kindergartens drill every three "
       "months)."),
    N_("Timely reporting rate: incidents this semester reported within the time limit, over those whose "
       "report was due."),
    N_("Score: the mean of the rates that apply; \u201c\u2014\u201d means nothing was required. Each school "
       "is counted by itself; nothing is added across schools."),
)


def render_summary(ws: Workspace, req: ReportRequest, progress: ProgressSink) -> int:
    """The bulletin (通报), PDF or Excel; returns the number of schools."""
    as_of, sem, rows = school_rates(ws, req)
    period = _("{semester}, as of {date}", semester=sem.label, date=format_date(as_of))
    cancelled: Callable[[], bool] = lambda: progress.cancelled  # noqa: E731
    if req.fmt == "xlsx":
        meta = ledgers.report_meta(ws, req.school, title=_(SUMMARY_TITLE), ledger=False, period_text=period,
                                   landscape=True)
        write_ledger_xlsx(req.out, meta, _SUMMARY_XLSX, [_xlsx_row(r) for r in rows],
                          extra_sheets={_("Numbers behind the rates"): (_DETAIL_XLSX, _detail_rows(rows))},
                          cancelled=cancelled)  # fmt: skip
    else:
        # the township stamps its bulletin, even when it is about one school
        meta = ledgers.report_meta(ws, None, title=_(SUMMARY_TITLE), ledger=False, period_text=period,
                                   landscape=True)  # (at a school: its own row, stamped by the school)
        styles = report_styles()
        intro = _(
            "This bulletin gives each school's safety work in {semester} from {start} to {date}, counted "
            "from the records each school sent in its packages; {n} schools.",
            semester=sem.label, start=format_date(sem.start), date=format_date(as_of), n=len(rows),
        )  # fmt: skip
        table, _count = ledger_table(meta, _SUMMARY_COLUMNS, [_pdf_row(r) for r in rows], cancelled=cancelled)
        notes = [Paragraph(escape(_(n)), styles["small"]) for n in NOTES]
        story = [Paragraph(escape(intro), styles["body"]), Spacer(1, 3), table, Spacer(1, 4), *notes[:-1],
                 WithSignatures(meta, notes[-1])]  # fmt: skip
        build_pdf(req.out, meta, story, cancelled=cancelled, signatures=False)
    progress.report(1, 1)
    return len(rows)


# --- the county's status table ------------------------------------------------------------------------


def _state(value: str) -> str:
    return state_label(value)


_STATUS_COLUMNS: tuple[tuple[str, str, FieldKind, int, Callable[[dict[str, Any]], Any]], ...] = (
    ("code", N_("School code"), FieldKind.TEXT, 12, lambda j: j["school"]["code"]),
    ("name", N_("School"), FieldKind.TEXT, 18, lambda j: j["school"]["name"]),
    ("as_of", N_("As of"), FieldKind.TEXT, 11, lambda j: j["as_of"]),
    ("semester", N_("Semester"), FieldKind.TEXT, 14, lambda j: j["semester_label"]),
    ("hazards_open", N_("Hazards open"), FieldKind.INT, 8, lambda j: j["hazards"]["open"]),
    ("hazards_overdue", N_("Hazards overdue"), FieldKind.INT, 8, lambda j: j["hazards"]["overdue"]),
    ("hazards_major", N_("Major hazards open"), FieldKind.INT, 8, lambda j: j["hazards"]["major_open"]),
    ("drills_done", N_("Drills held"), FieldKind.DECIMAL, 7, lambda j: j["drills"]["done"]),
    ("drills_required", N_("Drills required"), FieldKind.DECIMAL, 7, lambda j: j["drills"]["required"]),
    ("drills_state", N_("Drill state"), FieldKind.TEXT, 7, lambda j: _state(j["drills"]["state"])),
    ("meetings_held", N_("Parent meetings held"), FieldKind.DECIMAL, 7, lambda j: j["parent_meetings"]["held"]),
    ("meetings_required", N_("Parent meetings required"), FieldKind.DECIMAL, 7,
     lambda j: j["parent_meetings"]["required"]),
    ("meetings_state", N_("Parent meeting state"), FieldKind.TEXT, 7, lambda j: _state(j["parent_meetings"]["state"])),
    ("hours_done", N_("Class hours done"), FieldKind.DECIMAL, 7, lambda j: j["education_hours"]["done"]),
    ("hours_required", N_("Class hours required"), FieldKind.DECIMAL, 7,
     lambda j: j["education_hours"]["required"]),
    ("hours_state", N_("Class hour state"), FieldKind.TEXT, 7, lambda j: _state(j["education_hours"]["state"])),
    ("incidents", N_("Incidents"), FieldKind.INT, 7, lambda j: j["incidents"]["total"]),
    ("on_time", N_("Reported on time"), FieldKind.INT, 7, lambda j: j["incidents"]["on_time"]),
    ("late", N_("Reported late"), FieldKind.INT, 7, lambda j: j["incidents"]["late"]),
    ("still_due", N_("Reports still due"), FieldKind.INT, 7, lambda j: j["incidents"]["still_due"]),
    ("reports_overdue", N_("Reports overdue"), FieldKind.INT, 7, lambda j: j["incidents"]["overdue"]),
    *(
        (f"notices_{key}", title, FieldKind.INT, 7, lambda j, key=key: j["notices"][key])
        for key, title in (
            ("open", N_("Notices not answered")), ("overdue", N_("Notices overdue")),
            ("answered", N_("Notices awaiting review")), ("sent_back", N_("Notices sent back")),
            ("accepted", N_("Notices accepted")), ("escalated", N_("Notices escalated")),
        )
    ),
    ("templates", N_("Checklists in use"), FieldKind.TEXT, 24,
     lambda j: "、".join(f"{_template_name(t['code'])} v{t['version'] or '-'}" for t in j["templates"])),
    ("last_seq", N_("Last package"), FieldKind.INT, 7, lambda j: (j["last_package"] or {}).get("seq")),
    ("signed_at", N_("Signed at the school"), FieldKind.TEXT, 16,
     lambda j: _when((j["last_package"] or {}).get("signed_at"))),
    ("imported_at", N_("Imported by the township"), FieldKind.TEXT, 16,
     lambda j: _when((j["last_package"] or {}).get("imported_at"))),
    ("missing", N_("Missing packages"), FieldKind.TEXT, 10,
     lambda j: "、".join(str(n) for n in j["missing_packages"])),
    ("county_rules", N_("County rules version"), FieldKind.INT, 7, lambda j: j.get("county_rules_version")),
    ("daily_log_gaps", N_("Daily-log gaps"), FieldKind.INT, 7,
     lambda j: None if j.get("daily_logs") is None else sum(j["daily_logs"]["gaps"].values())),
)  # fmt: skip


def _template_name(code: str) -> str:
    """A bundled checklist's name for its key (paper shows 每日安全检查表, not "daily")."""
    from safetydesk.services.checklists import bundled_templates

    return next((t.name for t in bundled_templates() if t.key == code), code)


def _when(iso: str | None) -> str:
    from datetime import datetime

    return format_datetime(datetime.fromisoformat(iso)) if iso else ""


def render_status(ws: Workspace, req: ReportRequest, progress: ProgressSink) -> int:
    """Every school's status object as one Excel row (the keys of `status --json`)."""
    as_of, sem, found = _evaluated(ws, req)
    columns = tuple(Field(attr, label, kind, width=width) for attr, label, kind, width, _get in _STATUS_COLUMNS)
    rows = [{attr: get({**st.as_json(), "semester_label": st.semester_label})
             for attr, _l, _k, _w, get in _STATUS_COLUMNS} for _f, st in found]  # fmt: skip
    meta = ledgers.report_meta(ws, None, title=_(STATUS_TITLE), ledger=False, landscape=True,
                               period_text=_("{semester}, as of {date}", semester=sem.label, date=format_date(as_of)))
    n = write_ledger_xlsx(req.out, meta, columns, rows, cancelled=lambda: progress.cancelled)
    progress.report(1, 1)
    return n


register_report(ReportSpec(name="township-summary", title=SUMMARY_TITLE, render=render_summary))
register_report(ReportSpec(name="township-status", title=STATUS_TITLE, render=render_status, formats=("xlsx",)))
