"""An official document of the township (公文): a rectification notice (整改通知书) or a
supervision order (督办单), laid out as Chinese official documents are, with a reply slip (回执)
the school tears off and sends back.

From the top: the title (the page template's header), the document number (发文字号) centred
under it, the subject (事由, a 督办单 names the notice it escalates), 主送 the school, the body
paragraphs indented two characters, the numbered items table (问题 / 依据 / 整改要求), the
numbered clauses (整改期限, 整改报告报送方式...), the issuer's seal line and date at the bottom
right; then a dashed cut line and the 回执 the school fills (已收到, 签收人, 日期) under its own
seal line. Each document starts on a new page; the closing clauses stay with the seal line and
the slip is never split across pages.

The caller passes text already translated and masked (services/report_defs/township_documents.py
builds it); this module only lays it out. CPU and file work: run it off the UI thread; a cancelled
render (polled per document and per page) leaves no file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from safetydesk.errors import Cancelled
from safetydesk.i18n import _, current_language
from safetydesk.reports.fonts import FONT_NAME, register_fonts, string_width
from safetydesk.reports.layout import ReportMeta, build_pdf, escape, report_styles, wrap_text
from safetydesk.reports.output import check_writable
from safetydesk.reports.record_form_pdf import ItemTable, item_table

BODY_SIZE = 11
INDENT = "\u3000\u3000"  # two full-width spaces: the first line of an official paragraph
SEAL_BLOCK_W = 72 * mm


@dataclass(frozen=True)
class ReplySlip:
    """The tear-off 回执: a sentence saying the document was received, then blanks to fill."""

    heading: str  # 回执
    addressee: str  # the issuer, "示范镇中心校："
    text: str  # "你中心校《整改通知书》（…号）已收到…"
    cells: Sequence[tuple[str, str]]  # (label, value or "" for a blank), two pairs a row
    seal: str  # 学校（盖章）
    date_line: str  # "____年____月____日"


@dataclass(frozen=True)
class OfficialDocument:
    doc_number: str  # 发文字号
    addressee: str  # "主送：学校名称："
    body: Sequence[str]  # paragraphs (indented two characters)
    items: ItemTable | None = None
    clauses: Sequence[str] = ()  # "一、整改期限：…"
    subject: str = ""  # 事由 under the number, e.g. 关于《…》（…）逾期未整改的督办
    attachments: Sequence[str] = ()
    issuer_seal: str = ""  # "示范镇中心校（盖章）"
    issued_on: str = ""  # the date, already written as Chinese users write it
    slip: ReplySlip | None = None


def _styles() -> dict[str, ParagraphStyle]:
    base = report_styles()["body"]
    return {
        "number": ParagraphStyle("doc-number", parent=base, fontSize=BODY_SIZE, leading=16, alignment=TA_CENTER),
        "subject": ParagraphStyle("doc-subject", parent=base, fontSize=13, leading=19, alignment=TA_CENTER),
        "body": ParagraphStyle("doc-body", parent=base, fontSize=BODY_SIZE, leading=19,
                               firstLineIndent=2 * BODY_SIZE),
        "plain": ParagraphStyle("doc-plain", parent=base, fontSize=BODY_SIZE, leading=19),
        "slip-title": ParagraphStyle("slip-title", parent=base, fontSize=14, leading=20, alignment=TA_CENTER),
        "seal": ParagraphStyle("doc-seal", parent=base, fontSize=BODY_SIZE, leading=17, alignment=TA_LEFT),
        "cut": ParagraphStyle("doc-cut", parent=base, fontSize=8, leading=10, alignment=TA_CENTER),
    }  # fmt: skip


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _indented(text: str, style: ParagraphStyle, width: float) -> Paragraph:
    """A body paragraph indented two characters, broken into lines by layout.wrap_text, which
    keeps closing punctuation off the start of a line (reportlab's CJK wrap lets "，" lead one)."""
    lines = wrap_text(INDENT + text, width - 2, style.fontSize)  # measured with the indent...
    lines[0] = lines[0][len(INDENT) :]  # ...which the style draws (a Paragraph strips leading spaces)
    return Paragraph("<br/>".join(escape(line) for line in lines), style)


class CutLine(Flowable):
    """A dashed line across the page with a short text in a gap at its middle (沿此线剪下)."""

    def __init__(self, text: str, size: float = 8) -> None:
        super().__init__()
        self.text, self.size = text, size

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width, self.height = avail_w, self.size * 2.2
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        y = self.height / 2
        text_w = string_width(self.text, self.size) if self.text else 0.0
        gap = text_w + 4 * mm if self.text else 0.0
        left_end = (self.width - gap) / 2
        c.saveState()
        c.setDash(4, 3)
        c.setLineWidth(0.6)
        c.setStrokeColor(colors.black)
        c.line(0, y, left_end, y)
        c.line(left_end + gap, y, self.width, y)
        c.setDash()
        if self.text:
            c.setFont(FONT_NAME, self.size)
            c.drawCentredString(self.width / 2, y - self.size / 3, self.text)
        c.restoreState()


def _seal_block(seal: str, date_line: str, styles: dict[str, ParagraphStyle], width: float) -> Table:
    """The seal line with room for the stamp, then the date, at the bottom right."""
    rows: list[list[Flowable]] = [[_p(seal, styles["seal"])], [Spacer(1, 9 * mm)], [_p(date_line, styles["seal"])]]
    block = Table(rows, colWidths=[min(SEAL_BLOCK_W, width / 2)], hAlign="RIGHT")
    block.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))  # fmt: skip
    return block


def _slip_table(slip: ReplySlip, width: float) -> Table:
    """The slip's blanks as a bordered grid: label | value | label | value."""
    cell = report_styles()["cell"]
    pairs = list(slip.cells)
    if len(pairs) % 2:
        pairs.append(("", ""))
    data = []
    for i in range(0, len(pairs), 2):
        (l1, v1), (l2, v2) = pairs[i], pairs[i + 1]
        data.append([_p(l1, cell), _p(v1, cell), _p(l2, cell), _p(v2, cell)])
    label_w = 26 * mm
    value_w = (width - 2 * label_w) / 2
    table = Table(data, colWidths=[label_w, value_w, label_w, value_w], rowHeights=[10 * mm] * len(data))
    shade = colors.Color(0.92, 0.92, 0.92)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (0, -1), shade),
        ("BACKGROUND", (2, 0), (2, -1), shade),
    ]))  # fmt: skip
    return table


def slip_flowables(slip: ReplySlip, width: float, cut_text: str) -> list[Flowable]:
    styles = _styles()
    return [
        Spacer(1, 6 * mm),
        CutLine(cut_text),
        Spacer(1, 3 * mm),
        _p(slip.heading, styles["slip-title"]),
        Spacer(1, 2 * mm),
        _p(slip.addressee, styles["plain"]),
        _indented(slip.text, styles["body"], width),
        Spacer(1, 2 * mm),
        _slip_table(slip, width),
        Spacer(1, 4 * mm),
        _seal_block(slip.seal, slip.date_line, styles, width),
    ]


def document_flowables(meta: ReportMeta, doc: OfficialDocument) -> list[Flowable]:
    styles = _styles()
    width = meta.content_width
    story: list[Flowable] = []
    if doc.doc_number:
        story.append(_p(doc.doc_number, styles["number"]))
    if doc.subject:
        story += [Spacer(1, 2 * mm), _p(doc.subject, styles["subject"])]
    story += [Spacer(1, 4 * mm), _p(doc.addressee, styles["plain"])]
    story += [_indented(text, styles["body"], width) for text in doc.body]
    if doc.items is not None:
        story += [Spacer(1, 2 * mm), item_table(meta, doc.items), Spacer(1, 2 * mm)]
    closing: list[Flowable] = [_indented(text, styles["body"], width) for text in doc.clauses]
    if doc.attachments:
        names = "；".join(doc.attachments)
        closing.append(_indented(_("Attachments: {names}", names=names), styles["body"], width))
    closing += [Spacer(1, 6 * mm), _seal_block(doc.issuer_seal, doc.issued_on, styles, width)]
    story.append(KeepTogether(closing))
    if doc.slip is not None:
        story.append(KeepTogether(slip_flowables(doc.slip, width, _("Cut along this line; the school fills in "
                                                                     "the reply slip and sends it back"))))
    return story


def write_official_documents(
    out: Path,
    meta: ReportMeta,
    docs: Iterable[OfficialDocument],
    *,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    empty_text: str | None = None,
) -> int:
    """Write each document from a new page to `out`; returns how many. No documents: one page
    that says so (an empty period is a printed statement, not a blank sheet)."""
    check_writable(Path(out))
    register_fonts()
    story: list[Flowable] = []
    count = 0
    for doc in docs:
        if cancelled is not None and cancelled():
            raise Cancelled(_("Cancelled: no file was written."))
        if count:
            story.append(PageBreak())
        story += document_flowables(meta, doc)
        count += 1
        if progress is not None:
            progress(count)
    if not count:
        story = [Spacer(1, 20 * mm), Paragraph(escape(empty_text or _("No records in this period")),
                                                report_styles()["notice"])]  # fmt: skip
    build_pdf(Path(out), meta, story, cancelled=cancelled, signatures=False)
    return count


def numbered_clauses(texts: Sequence[str]) -> list[str]:
    """"一、…", "二、…": the clause numbers of official documents ("1. …" in an English UI)."""
    if current_language() != "zh_CN":
        return [f"{i}. {t}" for i, t in enumerate(texts, 1)]
    numerals = "一二三四五六七八九十"
    return [f"{numerals[i]}、{t}" for i, t in enumerate(texts[: len(numerals)])]
