"""The drowning-prevention letters' ledger (防溺水告家长书回执台账): each class's letters and receipts
with its receipt rate, then each letter's totals for the whole school. It takes the place of the
generic `drowning-letter-ledger` (kind_ledgers fills in only the names nobody registered).

The rate is worked out here from the two counts, never stored, so it can never disagree with them.
Reading goes through _form_base.load (the records service with the acting person). Runs on a worker
thread.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from reportlab.platypus import Paragraph

import safetydesk.kinds  # noqa: F401  (every kind registered before the ledger names its kind)
from safetydesk.domain.fields import Field, FieldKind
from safetydesk.domain.registry import get_kind
from safetydesk.i18n import N_, _
from safetydesk.reports.excel_ledger import write_ledger_xlsx
from safetydesk.reports.layout import WithSignatures, build_pdf, escape, report_styles
from safetydesk.reports.output import check_writable
from safetydesk.reports.pdf_ledger import ledger_table
from safetydesk.services.progress import ProgressSink
from safetydesk.services.report_catalog import ReportRequest, ReportSpec, register_report
from safetydesk.services.report_defs._form_base import FormDef, Row, load
from safetydesk.services.report_defs._form_base import meta as form_meta
from safetydesk.services.report_defs.kind_ledgers import ledger_name, ledger_title
from safetydesk.services.workspace import Workspace

KIND = "drowning_letter"
CLASS_COLUMNS = ("batch", "class_uuid", "teacher_uuid", "sent_on", "sent_count", "returned_count")
RATE = Field("receipt_rate", N_("Receipt rate"), FieldKind.TEXT, width=8)
DUE = "receipts_due"
CLASSES = Field("classes", N_("Number of classes"), FieldKind.INT, width=6)

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_NUMBER = re.compile(r"[零一二三四五六七八九十]+|\d+")


def _cn_number(text: str) -> int:
    """一 -> 1, 十二 -> 12, 二十 -> 20 (class and grade names never need more)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _sep, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return int("".join(str(_CN_DIGITS[c]) for c in text))


def class_order(name: str) -> tuple[Any, ...]:
    """A sort key putting 二年级 before 十年级 and （2）班 before （10）班."""
    parts: list[Any] = []
    pos = 0
    for m in _NUMBER.finditer(name):
        parts += [name[pos : m.start()], _cn_number(m.group(0))]
        pos = m.end()
    return (*parts, name[pos:])


def receipt_rate(sent: Any, returned: Any) -> str:
    """The share of receipts returned, as 95.8%; a dash when no letter was sent."""
    if not isinstance(sent, int) or not isinstance(returned, int) or sent <= 0:
        return "—"
    return f"{returned / sent:.1%}"


def class_rows(rows: list[Row]) -> list[dict[str, Any]]:
    """Each letter's classes in class order (letters in the order they were sent), with rates."""
    batches: dict[str, list[Row]] = {}
    for r in rows:
        batches.setdefault(str(r.raw.get("batch") or ""), []).append(r)
    out = []
    for members in batches.values():
        members.sort(key=lambda r: class_order(str(r.shown.get("class_uuid") or "")))
        out += [
            {**r.shown, RATE.attr: receipt_rate(r.raw.get("sent_count"), r.raw.get("returned_count"))}
            for r in members
        ]
    return out


def letter_totals(rows: list[Row]) -> list[dict[str, Any]]:
    """One line per letter: classes, letters sent, receipts returned and the school's rate."""
    totals: dict[str, dict[str, Any]] = {}
    for r in rows:
        batch = str(r.raw.get("batch") or "")
        t = totals.setdefault(batch, {"batch": batch, "classes": 0, "sent_count": 0, "returned_count": 0})
        t["classes"] += 1
        t["sent_count"] += int(r.raw.get("sent_count") or 0)
        t["returned_count"] += int(r.raw.get("returned_count") or 0)
    for t in totals.values():
        t[RATE.attr] = receipt_rate(t["sent_count"], t["returned_count"])
    return list(totals.values())


def _render(ws: Workspace, req: ReportRequest, progress: ProgressSink) -> int:
    kind = get_kind(KIND)
    fd = FormDef(ledger_name(kind), kind.title, kind.key)
    rows = load(ws, fd, req)
    meta = replace(form_meta(ws, fd, req, landscape=True), title=ledger_title(kind))
    columns = (*(kind.field(a) for a in CLASS_COLUMNS), RATE, kind.field(DUE))
    sum_columns = (kind.field("batch"), CLASSES, kind.field("sent_count"), kind.field("returned_count"), RATE)
    per_class, totals = class_rows(rows), letter_totals(rows)
    cancelled = lambda: progress.cancelled  # noqa: E731
    if req.fmt == "xlsx":
        sheets = {_("Totals for the whole school"): (sum_columns, totals)}
        write_ledger_xlsx(req.out, meta, columns, per_class, cancelled=cancelled, extra_sheets=sheets)
    else:
        check_writable(req.out)
        styles = report_styles()
        classes, _n = ledger_table(meta, columns, per_class, cancelled=cancelled)
        story = [classes]
        if totals:
            whole, _m = ledger_table(meta, sum_columns, totals, cancelled=cancelled)
            story += [Paragraph(escape(_("Totals for the whole school")), styles["heading"]), WithSignatures(meta, whole)]
        else:
            story = [WithSignatures(meta, classes)]
        build_pdf(req.out, meta, story, cancelled=cancelled, signatures=False)
    progress.report(len(rows), len(rows))
    return len(rows)


register_report(
    ReportSpec(
        name=ledger_name(get_kind(KIND)),
        title=lambda: ledger_title(get_kind(KIND)),
        render=_render,
        kinds=(KIND,),
    )
)
