"""The township's documents to a school (mechanism 11, issue 14 point 5): the rectification notice
(整改通知书, report `rectification-notice`) and the supervision order (督办单, report
`supervision-order`), two documents with their own titles, printed as official documents
(reports/official_document_pdf.py) with the reply slip the school sends back.

Both are records of the one kind `rectification_notice` told apart by `notice_type`. Without
`--record` each report prints its own type, one document a page; with `--record` either report
prints the document that record is (a 督办单's id given to `rectification-notice` prints the
督办单), so scripts written before the split keep working. Excel gives the list of that type.

The issuer is the township (its name over 乡镇中心校's seal line, bottom right), 主送 the school.
A 督办单 made by services/supervision.escalate names the overdue notice it escalates
("关于《整改通知书》（文号）逾期未整改的督办") and says why it is overdue as of its own date.
No minor is named on these documents; phone numbers typed into an item are masked as on every
form (services/report_privacy). Runs on a worker thread (reads, then CPU and file work).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from safetydesk.domain import clock
from safetydesk.domain import supervision as loop
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import N_, _, format_date
from safetydesk.reports.excel_ledger import write_ledger_xlsx
from safetydesk.reports.layout import ReportMeta
from safetydesk.reports.official_document_pdf import (
    OfficialDocument,
    ReplySlip,
    numbered_clauses,
    write_official_documents,
)
from safetydesk.reports.record_form_pdf import ItemTable
from safetydesk.services import report_privacy
from safetydesk.services.progress import ProgressSink
from safetydesk.services.report_catalog import ReportRequest, ReportSpec, register_report
from safetydesk.services.report_defs._form_base import FormDef, Row, attachments, columns, load, meta
from safetydesk.services.workspace import Workspace

KIND = "rectification_notice"
RECTIFICATION = "rectification"
SUPERVISION_ORDER = "supervision_order"
TITLES = {RECTIFICATION: N_("Rectification notice"), SUPERVISION_ORDER: N_("Supervision order")}
REPORT_NAMES = {RECTIFICATION: "rectification-notice", SUPERVISION_ORDER: "supervision-order"}

RECIPIENT = N_("Recipient: {school}:")
BODY_INSPECTED = N_(
    "On {date}, {team} carried out a {method} at your school and found the problems below. The problems and "
    "what must be done are set out here; please take them seriously and rectify each one."
)
BODY_FOUND = N_(
    "An inspection found the problems below at your school. The problems and what must be done are set out "
    "here; please take them seriously and rectify each one."
)
ESCALATION_SUBJECT = N_("On the overdue rectification of 《{title}》 ({number})")
ESCALATION_BODY = N_(
    "On {issued}, this centre issued 《{title}》 ({number}) to your school, requiring rectification by "
    "{deadline}. {state} This order places the rectification under supervision: rectify the problems below "
    "by {new_deadline} and explain in writing why the deadline was missed; if they are still not rectified, "
    "the school will be named in a circular."
)
ESCALATION_NO_REPORT = N_("As of {date} your school had sent no rectification report, past the deadline.")
ESCALATION_SENT_BACK = N_(
    "As of {date} your school's rectification report had been sent back on review and the problems were "
    "not rectified, past the deadline."
)
ESCALATION_NOT_DONE = N_("As of {date} the problems were not rectified, past the deadline.")
ESCALATION_UNNAMED = N_(
    "The problems below at your school were not rectified by their deadline and no reason was given. This "
    "order places the rectification under supervision: rectify them by {deadline} and explain in writing "
    "why the deadline was missed; if they are still not rectified, the school will be named in a circular."
)
CLAUSE_DEADLINE = N_("Deadline for rectification: rectify by {date}.")
CLAUSE_REPLY = N_("How to send the rectification report: {method}")
DEFAULT_REPLY_METHOD = N_(
    "when the rectification is done, send a written report stating the measures taken and the result item "
    "by item, stamped with the school's seal, to the township centre."
)
ISSUER_SEAL = N_("{issuer} (seal)")
SLIP_HEADING = N_("Reply slip")
SLIP_TO = N_("{issuer}:")
SLIP_TEXT = N_(
    "Our school has received 《{title}》 ({number}) and will rectify the problems by {deadline} as required "
    "and send the rectification report in time."
)

NOTICE_FD = FormDef("rectification-notice", TITLES[RECTIFICATION], KIND, per_record=True)


def _type(row: Row) -> str:
    return str(row.raw.get("notice_type") or RECTIFICATION)


def _masked(text: str, req: ReportRequest) -> str:
    return report_privacy.mask_text(text) if req.mask_names else text


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in "。.！!；;" else text + "。"


def _item_table(notice: Any, req: ReportRequest) -> ItemTable:
    hazard = _("The school's hazard")
    rows = [[str(i.number),
             _masked(i.problem + (f"（{hazard}：{i.hazard_label}）" if i.hazard_label else ""), req),
             _masked(i.basis, req), _masked(i.requirement, req)] for i in notice.items]  # fmt: skip
    return ItemTable("", [_("No."), _("Problem"), _("Basis"), _("Rectification requirement")], rows,
                     widths=(0.7, 5, 3, 5))  # fmt: skip


def _escalated(ws: Workspace, row: Row) -> Any | None:
    """The notice a 督办单 escalates, as it stood on the 督办单's date (None: not recorded here)."""
    from safetydesk.services import supervision

    uuid = row.raw.get("escalates_uuid")
    if not uuid:
        return None
    try:
        return supervision.notice(ws.sessions, uuid, row.raw.get("issued_on"))
    except SafetyDeskError:
        return None  # deleted, or not (yet) received at this installation


def _why_overdue(escalated: Any, as_of: date) -> str:
    replies = [r for r in escalated.replies if r.replied_on <= as_of]
    when = format_date(as_of)
    if not replies:
        return _(ESCALATION_NO_REPORT, date=when)
    review = replies[-1].review
    if review is not None and review.decision == loop.DECISION_SENT_BACK and review.reviewed_on <= as_of:
        return _(ESCALATION_SENT_BACK, date=when)
    return _(ESCALATION_NOT_DONE, date=when)


def _body(ws: Workspace, row: Row) -> tuple[str, list[str]]:
    """The subject line (a 督办单 naming the notice it escalates) and the body paragraphs."""
    raw, shown = row.raw, row.shown
    deadline = format_date(raw.get("deadline"))
    if _type(row) == SUPERVISION_ORDER:
        escalated = _escalated(ws, row)
        if escalated is None:
            return "", [_(ESCALATION_UNNAMED, deadline=deadline)]
        title = _(TITLES.get(escalated.notice_type, TITLES[RECTIFICATION]))
        as_of = raw.get("issued_on") or escalated.deadline
        return _(ESCALATION_SUBJECT, title=title, number=escalated.doc_number), [_(
            ESCALATION_BODY, issued=format_date(escalated.issued_on), title=title, number=escalated.doc_number,
            deadline=format_date(escalated.deadline), state=_why_overdue(escalated, as_of), new_deadline=deadline,
        )]  # fmt: skip
    if raw.get("inspected_on"):
        method = str(shown.get("method") or "") or _("inspection")
        team = str(raw.get("team") or "") or _("this centre")
        return "", [_(BODY_INSPECTED, date=format_date(raw["inspected_on"]), team=team, method=method)]
    return "", [_(BODY_FOUND)]


def _document(ws: Workspace, row: Row, req: ReportRequest) -> OfficialDocument:
    from safetydesk.services import supervision

    raw = row.raw
    issued = raw.get("issued_on")
    notice = supervision.notice(ws.sessions, row.uuid, max(issued, clock.today()) if issued else None)
    subject, body = _body(ws, row)
    school = str(raw.get("school_name") or "")
    issuer = str(raw.get("issued_by") or "").strip()
    number = str(raw.get("doc_number") or "")
    deadline = format_date(raw.get("deadline"))
    reply_method = _sentence(str(raw.get("reply_method") or "")) or _(DEFAULT_REPLY_METHOD)
    slip = ReplySlip(
        heading=_(SLIP_HEADING),
        addressee=_(SLIP_TO, issuer=issuer or _("Township centre")),
        text=_(SLIP_TEXT, title=_(TITLES[_type(row)]), number=number, deadline=deadline),
        cells=(
            (_("School"), school), (_("Signed for by"), str(raw.get("signed_by") or "")),
            (_("Date received"), ""), (_("Contact phone"), ""),
            (_("Person responsible for rectification"), ""), (_("Planned completion date"), ""),
        ),
        seal=_("School (seal)"),
        date_line=_("Date: ______ / ____ / ____"),
    )  # fmt: skip
    return OfficialDocument(
        doc_number=number,
        subject=_masked(subject, req),
        addressee=_(RECIPIENT, school=school),
        body=[_masked(p, req) for p in body],
        items=_item_table(notice, req),
        clauses=numbered_clauses([_(CLAUSE_DEADLINE, date=deadline), _(CLAUSE_REPLY, method=reply_method)]),
        attachments=attachments(ws, KIND, row.uuid),
        issuer_seal=_(ISSUER_SEAL, issuer=issuer) if issuer else _("Township centre (seal)"),
        issued_on=format_date(raw.get("issued_on")) or _("Date: ______ / ____ / ____"),
        slip=slip,
    )


def _renderer(notice_type: str) -> Callable[[Workspace, ReportRequest, ProgressSink], int]:
    def render(ws: Workspace, req: ReportRequest, progress: ProgressSink) -> int:
        rows = load(ws, NOTICE_FD, req)
        if req.record:  # the document this record is, whichever report was asked for
            doc_type = _type(rows[0]) if rows else notice_type
        else:
            doc_type = notice_type
            rows = [r for r in rows if _type(r) == notice_type]
        fd = replace(NOTICE_FD, name=REPORT_NAMES[doc_type], title=TITLES[doc_type])
        cancelled = lambda: progress.cancelled  # noqa: E731
        done = lambda n: progress.report(n, len(rows))  # noqa: E731
        if req.fmt == "xlsx":
            return write_ledger_xlsx(req.out, meta(ws, fd, req, landscape=True), columns(fd, pdf=False),
                                     [r.shown for r in rows], progress=done, cancelled=cancelled)  # fmt: skip
        if rows:  # an official document: the title heads it, the issuer signs at the bottom
            page = ReportMeta(school_name="", title=_(fd.title), signatures=(), show_seal=False)
        else:  # "no records": headed like any form, with whose records were looked at
            page = replace(meta(ws, fd, req, landscape=False, ledger=False), signatures=(), show_seal=False)
        return write_official_documents(req.out, page, (_document(ws, r, req) for r in rows),
                                        progress=done, cancelled=cancelled)  # fmt: skip

    return render


def _record_title(ws: Workspace, req: ReportRequest) -> str | None:
    """What one record prints as: a 整改通知书 or a 督办单, whichever report was asked for."""
    rows = load(ws, NOTICE_FD, req)
    return _(TITLES[_type(rows[0])]) if rows else None


for _notice_type in (RECTIFICATION, SUPERVISION_ORDER):
    register_report(ReportSpec(name=REPORT_NAMES[_notice_type], title=TITLES[_notice_type],
                               render=_renderer(_notice_type), per_record=True, kinds=(KIND,),
                               record_title=_record_title))  # fmt: skip
