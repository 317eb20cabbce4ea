"""The county bureau's 通报 (issue 16.4): how every township centre and every school stands.

`county-bulletin` (PDF, Excel), headed 县教育局：the bureau's name and ending with the signature
lines and 县教育局（盖章）/ 年 月 日: the township centres (schools, schools with an item in red,
major hazards, serious incidents, their reporting to the county), every school by township (the
counts of its status object), the county-wide registers of 重大隐患 with their 五定 and of
incidents of 较大 and above, and each school's reporting to its township. The Excel workbook has
one sheet per part. Every figure is per school or per township, as services/county_tables.py
shows it in the console; nothing is added across schools. `--school` is not used (a county
holds no school's records). Printed at a township (or a school), it shows that township's part
as its next report to the county would carry it, headed and sealed by the township (school).
Runs on a worker thread (rendering is CPU and file work).
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import KeepTogether, Paragraph, Spacer

from safetydesk.domain import clock
from safetydesk.domain.fields import Field, FieldKind
from safetydesk.i18n import N_, _, format_date
from safetydesk.reports.excel_ledger import write_ledger_xlsx
from safetydesk.reports.layout import ReportMeta, WithSignatures, build_pdf, escape, report_styles
from safetydesk.reports.pdf_ledger import ledger_table
from safetydesk.services import county_tables
from safetydesk.services.progress import ProgressSink
from safetydesk.services.report_catalog import ReportRequest, ReportSpec, register_report
from safetydesk.services.workspace import Workspace

TITLE = N_("County bulletin of the schools' safety work")
NOTES = (
    N_("Each school's figures are those its township centre computed when it signed its latest package to "
       "the county; nothing is added across schools."),
    N_("Reporting is late when no package came in the last 31 days, or when packages are missing."),
    N_("Major hazards are listed with the five fixes (measures, person responsible, funds, deadline, "
       "interim measures and plan); their descriptions stay with the school and the township centre."),
)


def _fields(table: county_tables.Table) -> tuple[Field, ...]:
    return tuple(Field(key, title, FieldKind.TEXT, width=width) for key, title, width in table.columns)


def render(ws: Workspace, req: ReportRequest, progress: ProgressSink) -> int:
    """The bulletin, PDF or Excel; returns the number of schools."""
    sessions = ws.sessions
    townships = county_tables.townships_table(sessions)
    schools = county_tables.schools_table(sessions)
    hazards, incidents = county_tables.register_tables(sessions)
    timeliness = county_tables.timeliness_table(sessions)
    notices = county_tables.notice_counts(sessions)
    today = req.date_to or clock.today()
    # at a township (or a school): its own part, as its report to the county would carry it
    meta = ReportMeta(school_name=ws.info.org_name, title=_(TITLE), org_role=ws.info.role, landscape=True,
                      period_text=_("As of {date}", date=format_date(today)))
    cancelled: Callable[[], bool] = lambda: progress.cancelled  # noqa: E731
    parts = (townships, schools, hazards, incidents, timeliness)
    if req.fmt == "xlsx":
        first, *rest = parts
        write_ledger_xlsx(req.out, meta, _fields(first), county_tables.as_text(first.rows),
                          extra_sheets={t.title: (_fields(t), county_tables.as_text(t.rows)) for t in rest},
                          cancelled=cancelled)  # fmt: skip
    else:
        styles = report_styles()
        intro = _(
            "This bulletin gives the safety work of the schools of {townships} township centres ({schools} "
            "schools) as of {date}: {hazards} major hazards not struck off, {incidents} incidents graded "
            "serious and above, {open} rectification notices not yet accepted, of which {overdue} are overdue.",
            townships=len(townships.rows), schools=len(schools.rows), date=format_date(today),
            hazards=sum(1 for r in hazards.rows if r["_open"]),
            incidents=len(incidents.rows), open=notices["open"], overdue=notices["overdue"],
        )  # fmt: skip
        story: list = [Paragraph(escape(intro), styles["body"])]
        for number, table in enumerate(parts, start=1):
            heading = Paragraph(escape(f"{_chinese_number(number)}、{table.title}"), styles["heading"])
            flow, _n = ledger_table(meta, _fields(table), county_tables.as_text(table.rows), cancelled=cancelled)
            story += [KeepTogether([heading, flow]), Spacer(1, 4)]  # a heading never ends a page
        notes = [Paragraph(escape(_(n)), styles["small"]) for n in NOTES]
        story += [*notes[:-1], WithSignatures(meta, notes[-1])]
        build_pdf(req.out, meta, story, cancelled=cancelled, signatures=False)
    progress.report(1, 1)
    return len(schools.rows)


def _chinese_number(n: int) -> str:
    from safetydesk.services.incidents import chinese_number

    return chinese_number(n)


register_report(ReportSpec(name="county-bulletin", title=TITLE, render=render))
