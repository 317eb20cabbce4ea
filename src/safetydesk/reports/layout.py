"""The one page template every PDF form shares.

Every page carries the form title, the school's name and the period at the top and
"第 X 页 共 Y 页" at the bottom (a title too long for one line wraps onto a second or third, and
the header grows with it: a title never runs off the page nor shrinks to an unreadable size);
a draft says so across every page (`ReportMeta.watermark`); the story ends with the signature lines (填表人/审核人/负责人),
学校（盖章） and the date line, as county forms are printed (domain.md §0). The total page count is
known only at the end, so the canvas defers each finished page and draws the footers when the
document is saved (one layout pass, not two).

Strings the template prints are English source strings translated with `_()`, so an English UI
prints English forms. Rendering is plain CPU and file work: callers run it off the UI thread and
may pass `cancelled` (polled once per page) to stop it; a cancelled render leaves no file.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from safetydesk.domain.fields import SCHOOL_ATTR, Field, FieldKind
from safetydesk.errors import Cancelled
from safetydesk.i18n import N_, _, format_date
from safetydesk.reports.fonts import char_widths, max_advance, register_fonts, string_width
from safetydesk.reports.output import atomic_output

MARGIN_X = 15 * mm
HEADER_H = 24 * mm  # one title line + school/period line + rule, above the frame
FOOTER_H = 14 * mm
TITLE_SIZE = 15
TITLE_LEADING = 7 * mm  # each further title line adds this to the header
MAX_TITLE_LINES = 3  # beyond this the title's size goes down until it fits three lines
MIN_TITLE_SIZE = 10
WATERMARK_SIZE = 96
SUBTITLE_SIZE = 9
FOOTER_SIZE = 9
BLANK = "__________"

Signature = str | tuple[str, str]  # a label, or (label, name already known)

DEFAULT_SIGNATURES: tuple[Signature, ...] = (
    N_("Prepared by"),
    N_("Reviewed by"),
    N_("Person in charge"),
)


@dataclass(frozen=True)
class ReportMeta:
    """What the page template prints around the content.

    `signatures` holds English source labels (translated when printed; text already in Chinese
    passes through unchanged), or (label, name) pairs to print a known name on the line.
    `signed_on` prints a date on the date line instead of blanks.

    The school is a dimension at a township (issue 12): a form about one school is headed
    学校：its name; one covering all of a township's schools is headed 乡镇中心校：the township's
    name (`org_role="township"`, also the seal line's label) and, with `school_column`, its
    ledgers carry a 学校 column read from each row's SCHOOL_ATTR value.
    """

    school_name: str
    title: str
    period_text: str = ""
    landscape: bool = False
    signatures: tuple[Signature, ...] = field(default=DEFAULT_SIGNATURES)
    show_seal: bool = True
    signed_on: date | None = None
    watermark: str = ""  # e.g. 草稿, printed large and light across every page
    org_role: str = "school"  # school | township | county: who the form is about, and who stamps it
    seal_role: str = ""  # who stamps it when that is not who it is about (a hub printing one school)
    school_column: bool = False

    @property
    def org_label(self) -> str:
        """学校：name, or 乡镇中心校：name."""
        if self.org_role == "township":
            return _("Township centre: {name}", name=self.school_name)
        if self.org_role == "county":
            return _("County education bureau: {name}", name=self.school_name)
        return _("School: {name}", name=self.school_name)

    @property
    def seal_label(self) -> str:
        role = self.seal_role or self.org_role
        if role == "county":
            return _("County education bureau (seal)")
        return _("Township centre (seal)") if role == "township" else _("School (seal)")

    @property
    def pagesize(self) -> tuple[float, float]:
        return landscape(A4) if self.landscape else portrait(A4)

    @property
    def content_width(self) -> float:
        return self.pagesize[0] - 2 * MARGIN_X

    @property
    def header_height(self) -> float:
        """The space above the frame: grows by a line for each further line of the title."""
        _size, lines = title_lines(self.title, self.content_width)
        return HEADER_H + (len(lines) - 1) * TITLE_LEADING

    @property
    def frame_height(self) -> float:
        return self.pagesize[1] - self.header_height - FOOTER_H


@cache
def report_styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles in the report font; `wordWrap="CJK"` lets Chinese break between any
    two characters (Latin words still break at spaces)."""
    font = register_fonts()
    base = ParagraphStyle("body", fontName=font, fontSize=10, leading=15, wordWrap="CJK")
    return {
        "title": ParagraphStyle(
            "title", parent=base, fontSize=TITLE_SIZE, leading=22, alignment=TA_CENTER, spaceAfter=6
        ),
        "heading": ParagraphStyle(
            "heading", parent=base, fontSize=12, leading=18, spaceBefore=6, spaceAfter=4
        ),
        "body": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11.5),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "notice": ParagraphStyle("notice", parent=base, fontSize=12, leading=18, alignment=TA_CENTER),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "left": ParagraphStyle("left", parent=base, alignment=TA_LEFT),
    }


def with_school_column(meta: ReportMeta, columns: Sequence[Field], width: int | None = None) -> tuple[Field, ...]:
    """A ledger's columns, led by 学校 when it covers all of a township's schools. `width`: the
    column's width in the ledger's units (None: an eighth of the other columns together)."""
    if not meta.school_column:
        return tuple(columns)
    if width is None:
        width = max(1, round(sum(max(1, c.width) for c in columns) / 8))
    return (Field(SCHOOL_ATTR, N_("School"), FieldKind.TEXT, width=width), *columns)


# --- text fitting ---------------------------------------------------------------------------------

# A line may not start with closing punctuation nor end with opening punctuation (禁则).
_NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’…—·%,.;:?!)]}>")
_NO_LINE_END = frozenset("（《「『【〔〈“‘([{<")


def _is_wide(ch: str) -> bool:
    return ch >= "\u2e80" and unicodedata.east_asian_width(ch) in ("W", "F")


def wrap_text(text: str, width: float, size: float) -> list[str]:
    """Break `text` into lines no wider than `width` points at `size` in the report font.

    Chinese breaks between any two characters, Latin text at spaces (a word longer than the line
    is cut), closing punctuation stays on the line before. Much cheaper than a Paragraph per
    table cell, which is what keeps a 1,000-row ledger fast.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    fast = width / (size * max_advance())  # at most this many characters surely fit
    if "\n" not in text:
        return [text] if len(text) <= fast else _wrap_paragraph(text, width, size)
    out: list[str] = []
    for para in text.split("\n"):
        out.extend([para] if len(para) <= fast else _wrap_paragraph(para, width, size))
    return out


def _can_break_before(text: str, i: int) -> bool:
    ch, prev = text[i], text[i - 1]
    if ch in _NO_LINE_START or prev in _NO_LINE_END:
        return False
    if prev.isdigit() and _is_wide(ch):  # keep "1日", "30人" together
        return False
    if prev == "-" and ch.isascii() and ch.isalnum() and i > 1 and text[i - 2].isascii() and text[i - 2].isalnum():
        return False  # a serial or a date stays whole: YH-2026-0004, 2026-09-23
    return prev in " -/" or _is_wide(ch) or _is_wide(prev)


def _wrap_paragraph(text: str, width: float, size: float) -> list[str]:
    em = char_widths()
    default = em.get(-1, 1.0)
    widths = [em.get(ord(ch), default) * size for ch in text]
    if sum(widths) <= width:
        return [text]
    lines: list[str] = []
    n = len(text)
    start = 0  # first character of the current line
    line_w = 0.0  # width of text[start:i]
    brk = -1  # best place to end the current line, if any
    i = 0
    while i < n:
        if i > start and _can_break_before(text, i):
            brk = i
        if line_w + widths[i] > width and i > start:
            if text[i] == " ":
                cut = i
            elif brk > start:
                cut = brk
            else:  # one word wider than the line: cut it
                cut = i
            lines.append(text[start:cut].rstrip(" "))
            while cut < n and text[cut] == " ":
                cut += 1
            start, brk = cut, -1
            if cut >= i:
                i, line_w = cut, 0.0
            else:
                line_w = sum(widths[cut:i])
            continue
        line_w += widths[i]
        i += 1
    if start < n:
        lines.append(text[start:])
    return lines


# --- page furniture -----------------------------------------------------------------------------


def _fit_size(text: str, size: float, width: float) -> float:
    w = string_width(text, size)
    return size if w <= width else max(6.0, size * width / w)


@cache
def title_lines(title: str, width: float) -> tuple[float, tuple[str, ...]]:
    """The title's size and lines: one line at TITLE_SIZE when it fits, else wrapped (Chinese
    between any two characters) onto at most MAX_TITLE_LINES, the size lowered only if needed."""
    size = float(TITLE_SIZE)
    while True:
        lines = tuple(wrap_text(title, width, size)) or ("",)
        if len(lines) <= MAX_TITLE_LINES or size <= MIN_TITLE_SIZE:
            return size, lines
        size -= 1


def _draw_watermark(canvas: Canvas, meta: ReportMeta) -> None:
    page_w, page_h = meta.pagesize
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.75, 0.75, 0.75, alpha=0.35))
    canvas.setFont(register_fonts(), WATERMARK_SIZE)
    canvas.translate(page_w / 2, page_h / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, -WATERMARK_SIZE / 3, meta.watermark)
    canvas.restoreState()


def _draw_header(canvas: Canvas, meta: ReportMeta) -> None:
    font = register_fonts()
    page_w, page_h = meta.pagesize
    width = meta.content_width
    if meta.watermark:
        _draw_watermark(canvas, meta)
    canvas.saveState()
    # Title: centred, drawn with fill+stroke to look bold (the face has no bold weight).
    size, lines = title_lines(meta.title, width)
    canvas.setLineWidth(0.35)
    for index, line in enumerate(lines):
        text = canvas.beginText()
        text.setTextRenderMode(2)
        text.setFont(font, size)
        tw = string_width(line, size)
        text.setTextOrigin((page_w - tw) / 2, page_h - 13 * mm - index * TITLE_LEADING)
        text.textOut(line)
        canvas.drawText(text)
    extra = (len(lines) - 1) * TITLE_LEADING
    # School on the left, period on the right.
    y = page_h - 19.5 * mm - extra
    left = meta.org_label if meta.school_name else ""
    right = meta.period_text
    half = width / 2 - 3 * mm
    if left:
        canvas.setFont(font, _fit_size(left, SUBTITLE_SIZE, half if right else width))
        canvas.drawString(MARGIN_X, y, left)
    if right:
        canvas.setFont(font, _fit_size(right, SUBTITLE_SIZE, half if left else width))
        canvas.drawRightString(page_w - MARGIN_X, y, right)
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN_X, page_h - 21.5 * mm - extra, page_w - MARGIN_X, page_h - 21.5 * mm - extra)
    canvas.restoreState()


def _make_canvas_class(meta: ReportMeta) -> type[Canvas]:
    """A canvas that holds finished pages until save, then stamps "page X of Y" on each."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Without this the page preamble names Helvetica, an unembedded font.
            kwargs["initialFontName"] = register_fonts()
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            font = register_fonts()
            page_w = meta.pagesize[0]
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                self.setFont(font, FOOTER_SIZE)
                self.setFillColor(colors.black)
                self.drawCentredString(
                    page_w / 2, 9 * mm, _("Page {page} of {total}", page=number, total=total)
                )
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def signature_block(meta: ReportMeta) -> Flowable:
    """填表人/审核人/负责人 lines, then 学校（盖章） and the date line at the right, kept together."""
    return KeepTogether(signature_flowables(meta))


def signature_flowables(meta: ReportMeta) -> list[Flowable]:
    """The signature block's pieces, for callers that place them themselves (WithSignatures)."""
    styles = report_styles()
    width = meta.content_width
    parts: list[Flowable] = [Spacer(1, 8 * mm)]
    if meta.signatures:
        cells = []
        for sig in meta.signatures:
            label, name = (sig, "") if isinstance(sig, str) else sig
            cells.append(
                Paragraph(_xml(_("{label}: {name}", label=_(label), name=name or BLANK)), styles["body"])
            )
        n = len(cells)
        sig_table = Table([cells], colWidths=[width / n] * n)
        sig_table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ]
            )
        )
        parts.append(sig_table)
    right: list[list[Flowable]] = []
    if meta.show_seal:
        right.append([Paragraph(_xml(meta.seal_label), styles["left"])])
        right.append([Spacer(1, 10 * mm)])  # room for the stamp
    date_text = format_date(meta.signed_on) if meta.signed_on is not None else _("Date: ______ / ____ / ____")
    right.append([Paragraph(_xml(date_text), styles["left"])])
    block_w = min(70 * mm, width / 2)
    seal = Table(right, colWidths=[block_w], hAlign="RIGHT")
    seal.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    parts += [Spacer(1, 6 * mm), seal]
    return parts


class WithSignatures(Flowable):
    """Content that shares its page with the signature block (a ledger's last rows).

    A signature page holding no content could be swapped, so the two move to the next page
    together. On a fresh page `fresh` is drawn (e.g. the rows with their column header);
    otherwise `continuing` (the same rows without it, continuing the table above). Content too
    tall for any page is split as usual, the signatures following it.
    """

    def __init__(self, meta: ReportMeta, fresh: Flowable, continuing: Flowable | None = None) -> None:
        super().__init__()
        self._meta = meta
        self._fresh = fresh
        self._continuing = continuing
        self._signatures = signature_flowables(meta)
        self._frame_h = meta.frame_height
        self.drawn: Flowable = fresh

    def _parts(self) -> list[Flowable]:
        return [self.drawn, *self._signatures]

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        at_top = avail_h >= self._frame_h - 1
        self.drawn = self._fresh if at_top or self._continuing is None else self._continuing
        height = 0.0
        for index, part in enumerate(self._parts()):
            _w, h = part.wrap(avail_w, max(avail_h - height, 0))
            height += h + (part.getSpaceBefore() if index else 0) + part.getSpaceAfter()
        self.width, self.height = avail_w, height
        return self.width, self.height

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        if avail_h < self._frame_h - 1:
            return []  # to the next page, together
        # Too tall even for a whole page: split the content, the signatures go with its end.
        pieces = self._fresh.split(avail_w, avail_h)
        if len(pieces) < 2:
            return pieces
        return [*pieces[:-1], WithSignatures(self._meta, pieces[-1])]

    def draw(self) -> None:
        y = self.height
        for index, part in enumerate(self._parts()):
            if index:
                y -= part.getSpaceBefore()
            w, h = part.wrap(self.width, y)
            y -= h
            part.drawOn(self.canv, _aligned_x(part, w, self.width), y)
            y -= part.getSpaceAfter()


def _aligned_x(part: Flowable, width: float, avail: float) -> float:
    align = getattr(part, "hAlign", "LEFT")
    if align in ("CENTER", "CENTRE"):
        return (avail - width) / 2
    if align == "RIGHT":
        return avail - width
    return 0.0


def _xml(text: str) -> str:
    """Escape text for a Paragraph (which parses a little XML)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


escape = _xml


class _ReportDoc(BaseDocTemplate):
    def __init__(
        self,
        filename: str,
        meta: ReportMeta,
        cancelled: Callable[[], bool] | None,
        after_flowable: Callable[[Flowable], None] | None,
    ) -> None:
        page_w, page_h = meta.pagesize
        header_h = meta.header_height
        super().__init__(
            filename,
            pagesize=meta.pagesize,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=header_h,
            bottomMargin=FOOTER_H,
            title=meta.title,
            author=meta.school_name,
            subject=meta.period_text,
            creator="SafetyDesk",
        )
        frame = Frame(
            MARGIN_X,
            FOOTER_H,
            page_w - 2 * MARGIN_X,
            page_h - header_h - FOOTER_H,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self._meta = meta
        self._cancelled = cancelled
        self._after = after_flowable
        self.addPageTemplates([PageTemplate(id="form", frames=[frame], onPage=self._on_page)])

    def _on_page(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        if self._cancelled is not None and self._cancelled():
            raise Cancelled(_("Cancelled: no file was written."))
        _draw_header(canvas, self._meta)

    def afterFlowable(self, flowable: Flowable) -> None:
        if self._after is not None:
            self._after(flowable)


def build_pdf(
    out: Path,
    meta: ReportMeta,
    story: Sequence[Flowable],
    *,
    cancelled: Callable[[], bool] | None = None,
    after_flowable: Callable[[Flowable], None] | None = None,
    signatures: bool = True,
) -> None:
    """Render `story` on the form's page template to `out` (atomically), signatures at the end.

    With `signatures=True` the signature block is appended and may fall alone on a new page; a
    form that must keep its last content with the signatures passes `signatures=False` and ends
    its story with `WithSignatures(meta, last_flowable)`, as the ledger does.

    Raises Cancelled when `cancelled()` turns true (checked per page) and SafetyDeskError when
    `out` cannot be written; in both cases no file is left behind.
    """
    register_fonts()
    flowables = list(story)
    if signatures:
        flowables.append(signature_block(meta))
    with atomic_output(Path(out)) as tmp:
        doc = _ReportDoc(str(tmp), meta, cancelled, after_flowable)
        doc.build(flowables, canvasmaker=_make_canvas_class(meta))
