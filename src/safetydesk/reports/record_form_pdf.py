"""A form about one record (a drill, a home visit, a notice, a responsibility letter...).

Each record prints as a bordered two-column table (label | value) whose values wrap Chinese
between any two characters, then optional text sections (a letter's clauses), item tables (a
reply item by item), the attachments' names, and its own signature block. Several records: each
starts on a new page. No records: one page that says so. CPU and file work only; run it off the
UI thread; `cancelled` is polled per record and per page, and a cancelled render leaves no file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from safetydesk.errors import Cancelled
from safetydesk.i18n import _
from safetydesk.reports.fonts import FONT_NAME, register_fonts
from safetydesk.reports.layout import ReportMeta, Signature, build_pdf, escape, report_styles, signature_block
from safetydesk.reports.output import check_writable

LABEL_WIDTH = 38 * mm
MAX_CELL_CHARS = 900  # longer values continue in further rows, so a row never outgrows a page


@dataclass(frozen=True)
class FormSection:
    """A titled block of running text (a clause of a letter, a notice's requirements)."""

    heading: str
    text: str


@dataclass(frozen=True)
class ItemTable:
    """A small table under the fields (a reply's items, a case's follow-ups)."""

    heading: str
    columns: Sequence[str]
    rows: Sequence[Sequence[str]]
    widths: Sequence[float] = ()  # relative; equal when empty


@dataclass(frozen=True)
class RecordForm:
    fields: Sequence[tuple[str, str]]  # (label, display text), already translated and masked
    heading: str = ""  # e.g. the drill's name, printed above the table
    sections: Sequence[FormSection] = ()
    items: Sequence[ItemTable] = ()
    attachments: Sequence[str] = ()
    signatures: tuple[Signature, ...] | None = None  # None: the report's signatures
    extra: Sequence[str] = field(default_factory=tuple)  # closing lines (a privacy note)
    signed_on: date | None = None  # printed on the date line instead of blanks


def _para(text: str, style: str = "cell") -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), report_styles()[style])


def _chunks(text: str) -> list[str]:
    if len(text) <= MAX_CELL_CHARS:
        return [text]
    return [text[i : i + MAX_CELL_CHARS] for i in range(0, len(text), MAX_CELL_CHARS)]


_GRID = [
    ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("LEFTPADDING", (0, 0), (-1, -1), 4),
    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
]


def fields_table(meta: ReportMeta, rows: Sequence[tuple[str, str]]) -> Table:
    """The bordered label | value table; the label column shaded."""
    data: list[list[Flowable]] = []
    for label, value in rows:
        for index, chunk in enumerate(_chunks(value or "")):
            shown = label if index == 0 else _("{label} (continued)", label=label)
            data.append([_para(shown), _para(chunk)])
    if not data:
        data.append([_para(""), _para("")])
    width = meta.content_width
    table = Table(data, colWidths=[LABEL_WIDTH, width - LABEL_WIDTH], repeatRows=0)
    table.setStyle(TableStyle([*_GRID, ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.92, 0.92, 0.92))]))
    return table


def item_table(meta: ReportMeta, items: ItemTable) -> Table:
    n = len(items.columns)
    weights = list(items.widths) or [1.0] * n
    total = sum(weights)
    widths = [meta.content_width * w / total for w in weights]
    data = [[_para(c) for c in items.columns]]
    for row in items.rows:
        data.append([_para(str(v or "")) for v in row])
    if not items.rows:
        data.append([_para(_("None")), *[_para("") for _i in range(n - 1)]])
    table = Table(data, colWidths=widths, repeatRows=1)
    style = [
        *_GRID,
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
    ]
    if not items.rows:
        style.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(TableStyle(style))
    return table


def form_flowables(meta: ReportMeta, form: RecordForm) -> list[Flowable]:
    styles = report_styles()
    story: list[Flowable] = []
    if form.heading:
        story.append(Paragraph(escape(form.heading), styles["heading"]))
    story.append(fields_table(meta, form.fields))
    for section in form.sections:
        story.append(
            KeepTogether([Paragraph(escape(section.heading), styles["heading"]), _para(section.text, "body")])
        )
    for items in form.items:
        story += [Paragraph(escape(items.heading), styles["heading"]), item_table(meta, items)]
    if form.attachments:
        story.append(Paragraph(escape(_("Attachments")), styles["heading"]))
        for index, name in enumerate(form.attachments, 1):
            story.append(_para(f"{index}. {name}", "body"))
    for line in form.extra:
        story += [Spacer(1, 3 * mm), _para(line, "body")]
    signed = meta if form.signatures is None else replace(meta, signatures=form.signatures)
    if form.signed_on is not None:
        signed = replace(signed, signed_on=form.signed_on)
    story.append(signature_block(signed))
    return story


def write_record_forms(
    out: Path,
    meta: ReportMeta,
    forms: Iterable[RecordForm],
    *,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    empty_text: str | None = None,
) -> int:
    """Write one form per record to `out` (each from a new page); returns the number of forms.

    With no records the PDF holds one page that says so (`empty_text`), with the signature
    block, so an empty period is a printed statement, not a blank sheet.
    """
    check_writable(Path(out))
    register_fonts()
    story: list[Flowable] = []
    count = 0
    for form in forms:
        if cancelled is not None and cancelled():
            raise Cancelled(_("Cancelled: no file was written."))
        if count:
            story.append(PageBreak())
        story += form_flowables(meta, form)
        count += 1
        if progress is not None:
            progress(count)
    if not count:
        text = empty_text or _("No records in this period")
        story = [
            Spacer(1, 20 * mm),
            Paragraph(escape(text), report_styles()["notice"]),
            signature_block(meta),
        ]
    build_pdf(Path(out), meta, story, cancelled=cancelled, signatures=False)
    return count
