"""Documents of the responsibility system and of supervision: the safety responsibility letter
(安全责任书) and the school's rectification report (整改报告), one record per page. The township's
own documents (整改通知书, 督办单) are official documents of their own: township_documents.py.
Runs on a worker thread.
"""

from __future__ import annotations

import re
from typing import Any

from safetydesk.domain import clock
from safetydesk.domain.registry import get_kind
from safetydesk.i18n import N_, _, format_date
from safetydesk.reports.pdf_ledger import display_text
from safetydesk.reports.record_form_pdf import FormSection, ItemTable, RecordForm
from safetydesk.services import records
from safetydesk.services.report_catalog import ReportRequest
from safetydesk.services.report_defs._form_base import FormDef, Row, attachments, field_rows, register_forms
from safetydesk.services.workspace import Workspace

LETTER_SUBJECT = N_(
    "The principal is the first person responsible for the school's safety work. {signer} is directly "
    "responsible for safety within their post ({post}) and carries out safety duties together with their "
    "other duties (one post, two responsibilities)."
)
LETTER_TARGETS = N_(
    "No accident causing death or serious injury for which the school is responsible; no fire, food "
    "poisoning, traffic, drowning or bullying incident caused by negligence; hazards found are reported "
    "at once and rectified within the deadline."
)
LETTER_DUTIES = N_(
    "Give safety education in the class as planned and record it; check the classroom, equipment and "
    "students' routes every day; take part in drills and count students at the assembly point; keep "
    "in touch with parents and pay attention to left-behind and special-group students; report any "
    "incident at once, truthfully and within the time limits."
)
LETTER_ASSESSMENT = N_(
    "Safety work is assessed every semester and counts in annual appraisal, merit awards and promotion. "
    "Those who meet the targets are commended; those who do not cannot be rated excellent that year."
)
LETTER_ACCOUNTABILITY = N_(
    "Where an accident results from neglect of these duties, those responsible are held to account "
    "according to the regulations (admonition talk, reassignment and further measures); where a crime is "
    "involved, the case is handed to the judicial authorities."
)
LETTER_EFFECT = N_(
    "This letter takes effect on {start} and remains in force until {end}. It is made in two copies; "
    "each party keeps one."
)


def _letter_duties(ws: Workspace, signer_uuid: str | None) -> tuple[str, str]:
    """The signer's post and duties from their responsibility assignment, if one is recorded;
    otherwise their position in the staff list (a class teacher's letter names 班主任)."""
    if not signer_uuid:
        return "", ""
    q = records.ListQuery(kind="responsibility_assignment", filters={"person_uuid": signer_uuid})
    page = records.fetch_page(ws.sessions, q, 0, 1, ws.actor)
    if not page:
        from safetydesk.models.org import StaffMember

        with ws.sessions() as s:
            staff = s.get(StaffMember, signer_uuid)
            return (staff.position or "") if staff is not None else "", ""
    return str(page[0].values.get("post") or ""), str(page[0].values.get("duties") or "")


def _letter_form(ws: Workspace, fd: FormDef, row: Row, req: ReportRequest) -> RecordForm:
    signer = str(row.shown.get("signer_uuid") or "")
    post, duties = _letter_duties(ws, row.raw.get("signer_uuid"))
    start = row.raw.get("term_start") or row.raw.get("signed_on")
    end = row.raw.get("term_end")
    sections = [
        FormSection(
            _("1. Responsible parties"), _(LETTER_SUBJECT, signer=signer or "____", post=post or "____")
        ),
        FormSection(
            _("2. Work targets and accident-control indicators"),
            str(row.raw.get("targets") or "") or _(LETTER_TARGETS),
        ),
        FormSection(_("3. Duties"), duties or _(LETTER_DUTIES)),
        FormSection(_("4. Assessment, rewards and penalties"), _(LETTER_ASSESSMENT)),
        FormSection(_("5. Accountability"), _(LETTER_ACCOUNTABILITY)),
        FormSection(
            _("6. Effective dates"),
            _(LETTER_EFFECT, start=format_date(start) or "____", end=format_date(end) or "____"),
        ),
    ]
    fields = field_rows(fd, row, skip=("targets",))
    return RecordForm(
        fields=fields,
        heading=str(row.shown.get("title") or ""),
        sections=sections,
        signatures=(
            (N_("Party A (school), person in charge"), ""),
            (N_("Party B (signatory)"), signer),
        ),
        signed_on=row.raw.get("signed_on"),
    )


def _numbered(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _form_day(day: Any) -> Any:
    """Read a form's notice as of today, or as of the form's own date when that is later."""
    today = clock.today()
    return max(day, today) if day else today


def reply_items(text: str) -> list[list[str]]:
    """ "隐患1：围墙裂缝 → 设警戒线 → 拆除重建中" lines as [n, problem, measures, completion]."""
    out = []
    for i, line in enumerate(_numbered(text), 1):
        parts = [p.strip() for p in re.split(r"\s*(?:→|->)\s*", line)]
        parts = [*parts, "", ""][:3] if len(parts) <= 3 else [parts[0], parts[1], " → ".join(parts[2:])]
        out.append([str(i), *parts])
    return out


def _answer_rows(ws: Workspace, row: Row) -> tuple[list[list[str]], list[str]]:
    """The reply's answers as [n, problem, measures, completion], and the township's review."""
    from safetydesk.domain import supervision as loop
    from safetydesk.services import supervision

    notice = supervision.notice(ws.sessions, row.raw["notice_uuid"], _form_day(row.raw.get("replied_on")))
    reply = next((r for r in notice.replies if r.uuid == row.uuid), None)
    if reply is None or not reply.answers:
        return reply_items(str(row.shown.get("items_measures") or "")), []
    items = {i.uuid: i for i in notice.items}
    completion = get_kind("rectification_answer").field("completion")
    rows = []
    for a in reply.answers:
        item = items.get(a.item_uuid)
        done = " ".join(p for p in (display_text(completion, a.completion), format_date(a.done_on)) if p)
        rows.append([str(item.number) if item else "", item.problem if item else "", a.measures, done])
    extra = []
    if reply.review is not None:
        decision = loop.ACCEPTED if reply.review.decision == loop.DECISION_ACCEPTED else loop.SENT_BACK
        extra.append(_("Township review ({date}): {decision}. {reason}", date=format_date(reply.review.reviewed_on),
                       decision=loop.state_label(decision), reason=reply.review.reason).rstrip(" ."))
    return rows, extra


def _reply_form(ws: Workspace, fd: FormDef, row: Row, req: ReportRequest) -> RecordForm:
    answers, review = _answer_rows(ws, row)
    table = ItemTable(
        _("Item by item"),
        [_("No."), _("Problem"), _("Measures taken"), _("Completion")],
        answers,
        widths=(0.7, 4, 4, 3),
    )
    replied_by = str(row.shown.get("replied_by_uuid") or "")
    return RecordForm(
        fields=field_rows(fd, row, skip=("items_measures",)),
        items=[table],
        attachments=attachments(ws, fd.kind, row.uuid),
        extra=review,
        signatures=((N_("Replied by"), replied_by), N_("Person in charge")),
        signed_on=row.raw.get("replied_on"),
    )


LETTERS: tuple[FormDef, ...] = (
    FormDef(
        "responsibility-letter",
        N_("Safety responsibility letter"),
        "responsibility_letter",
        per_record=True,
        build=_letter_form,
    ),
    FormDef(
        "rectification-reply",
        N_("Rectification report"),
        "rectification_reply",
        per_record=True,
        build=_reply_form,
    ),
)

register_forms(LETTERS)
