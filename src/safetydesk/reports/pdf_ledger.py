"""The generic PDF ledger (台账): one table of records of any kind on the shared page template.

Columns come from registry Fields, rows are display-ready mappings attr -> value. Cells are
pre-wrapped into plain multi-line strings with the report font's metrics instead of one
Paragraph per cell: a Paragraph per cell made a 1,000-row ledger 2.5-3.5x slower than a raw
Table (measured), while the plain strings render at its speed (see bench/bench_ledgers.py).
CPU and file work only; run it off the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table, TableStyle

from safetydesk.domain.fields import Field, FieldKind
from safetydesk.domain.serials import SERIAL_ATTR
from safetydesk.errors import Cancelled
from safetydesk.i18n import _, format_date, format_datetime
from safetydesk.reports.fonts import FONT_NAME, char_widths, register_fonts, string_width
from safetydesk.reports.layout import (
    ReportMeta,
    WithSignatures,
    build_pdf,
    with_school_column,
    wrap_text,
)
from safetydesk.reports.output import check_writable

CELL_SIZE = 9
CELL_LEADING = 11.5
PAD_X = 3
PAD_Y = 2.5
TAIL_ROWS = 3  # records kept on the page of the signatures
_CHECK_EVERY = 256  # rows between cancel checks while preparing cells
_NUMERIC = frozenset({FieldKind.INT, FieldKind.DECIMAL})


def choice_label(column: Field, value: Any) -> Any:
    """A choice code's translated label; anything else (a label already) unchanged."""
    if column.choices and isinstance(value, str):
        choice = column.choice(value)
        if choice is not None:
            return _(choice.label)
    return value


def display_text(column: Field, value: Any) -> str:
    """How a value is written on a printed form: dates as the UI language writes them, 是/否."""
    if value is None:
        return ""
    if isinstance(value, str):
        return choice_label(column, value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return format_date(value) if column.kind == FieldKind.DATE else format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, list | tuple | set | frozenset):
        return "、".join(display_text(column, v) for v in value)
    return str(value)


class _LedgerTable(Table):
    """The ledger's table (its split pieces keep the class, which progress counting relies on).

    Text cells are drawn as one PDF text object each (not one per line), centred and
    right-aligned text is measured with a cached width table, and empty cells draw nothing:
    together about a third of the drawing time of a long ledger.
    """

    def _drawCell(
        self, cellval: Any, cellstyle: Any, pos: tuple[float, float], size: tuple[float, float]
    ) -> None:
        if type(cellval) is not str or cellstyle.direction or cellstyle.shaping:
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        if not cellval:
            return
        just = cellstyle.alignment
        if just not in _FAST_ALIGN:
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        canv = self.canv
        if self._curcellstyle is not cellstyle:
            cur = self._curcellstyle
            if cur is None or cellstyle.color != cur.color:
                canv.setFillColor(cellstyle.color)
            if (
                cur is None
                or cellstyle.leading != cur.leading
                or cellstyle.fontname != cur.fontname
                or cellstyle.fontsize != cur.fontsize
            ):
                canv.setFont(cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
            self._curcellstyle = cellstyle
        lines = cellval.split("\n")
        leading, fontsize = cellstyle.leading, cellstyle.fontsize
        colpos, rowpos = pos
        colwidth, rowheight = size
        valign = cellstyle.valign
        if valign == "TOP":
            y = rowpos + rowheight - cellstyle.topPadding - fontsize
        elif valign == "BOTTOM":
            y = rowpos + cellstyle.bottomPadding + len(lines) * leading - fontsize
        else:
            y = (
                rowpos
                + (cellstyle.bottomPadding + rowheight - cellstyle.topPadding + len(lines) * leading) / 2
                - fontsize
            )
        text = canv.beginText(colpos, y)
        if just == "LEFT":
            x = colpos + cellstyle.leftPadding
            text.setTextOrigin(x, y)
            for line in lines:
                text.textLine(line)
        else:
            em = char_widths()
            default = em[-1]
            right = colpos + colwidth - cellstyle.rightPadding
            centre = colpos + (colwidth + cellstyle.leftPadding - cellstyle.rightPadding) / 2
            for line in lines:
                w = sum(em.get(ord(ch), default) for ch in line) * fontsize
                text.setTextOrigin(right - w if just == "RIGHT" else centre - w / 2, y)
                text.textOut(line)
                y -= leading
        canv.drawText(text)


_FAST_ALIGN = frozenset({"LEFT", "RIGHT", "CENTER", "CENTRE"})


HEADER_MIN_CHARS = 4  # a header wraps after four characters at the narrowest, never one a line


def _min_width(column: Field) -> float:
    """The narrowest a column may be: its header four characters a line (or whole, if shorter),
    a date as "2026年10月" on its first line, a cell carrying ISO dates one "2026-10-19" a line,
    text four characters a line."""
    label = _(column.column_label)
    head = string_width(label[:HEADER_MIN_CHARS] if len(label) > HEADER_MIN_CHARS else label, CELL_SIZE)
    if column.attr == SERIAL_ATTR:
        head = max(head, string_width("YH-2026-0000", CELL_SIZE))  # a serial never breaks
    elif column.kind in (FieldKind.DATE, FieldKind.DATETIME):
        head = max(head, string_width("2026年10月", CELL_SIZE))
    elif column.carries_date:
        head = max(head, string_width("2026-10-19", CELL_SIZE))
    elif column.kind not in _NUMERIC and column.kind is not FieldKind.BOOL:
        head = max(head, HEADER_MIN_CHARS * CELL_SIZE)  # names, classes, text: four characters a line
    return head + 2 * PAD_X + 1


def column_widths(meta: ReportMeta, columns: Sequence[Field]) -> list[float]:
    """序号 (just wide enough for its label and five digits), then each column in proportion to
    Field.width, filling the page width; a column narrower than its header needs (four
    characters a line, a date whole) is widened, the room taken from the long-text columns (which
    wrap anyway) and, when they have too little, from any column's room above its own narrowest,
    so short columns sized with care (a date that just fits) keep their width."""
    seq = max(string_width(_("No."), CELL_SIZE), string_width("00000", CELL_SIZE)) + 2 * PAD_X + 1
    weights = [float(max(1, c.width)) for c in columns]
    rest = meta.content_width - seq
    total = sum(weights) or 1
    widths = [rest * w / total for w in weights]
    mins = [_min_width(c) for c in columns]
    short = [i for i, w in enumerate(widths) if w < mins[i]]
    deficit = sum(mins[i] - widths[i] for i in short)
    if not deficit:
        return [seq, *widths]
    others = [i for i in range(len(columns)) if i not in short]
    long_text = [i for i in others if columns[i].kind is FieldKind.LONG_TEXT]
    for donors in (long_text, others):  # the long texts first; any column's spare room after
        slack = {i: widths[i] - mins[i] for i in donors if widths[i] > mins[i]}
        if sum(slack.values()) >= deficit:
            break
    else:
        return [seq, *widths]  # no room anywhere: plain proportions
    spare = sum(slack.values())
    for i in short:
        widths[i] = mins[i]
    for i, room in slack.items():
        widths[i] -= deficit * room / spare
    return [seq, *widths]


def _max_lines(meta: ReportMeta, header_lines: int) -> int:
    """The most lines one cell may have so that its row still fits on a page under the header."""
    frame_h = meta.frame_height
    usable = frame_h - (header_lines * CELL_LEADING + 2 * PAD_Y) - 2 * PAD_Y - 4
    return max(1, int(usable // CELL_LEADING))


def _clip(lines: list[str], limit: int) -> list[str]:
    if len(lines) <= limit:
        return lines
    return [*lines[: limit - 1], lines[limit - 1] + "…"]


@dataclass
class _Ledger:
    """The ledger's cells, already formatted and wrapped, and their row heights (header first)."""

    widths: list[float]
    data: list[list[str]]
    heights: list[float]
    numeric: list[int]  # column indexes aligned right
    count: int

    def table(self, start: int = 1, stop: int | None = None, *, header: bool = True) -> _LedgerTable:
        """A table of data rows [start, stop) (1-based, as in `data`), with or without the header."""
        body = slice(start, stop)
        data = ([self.data[0]] if header else []) + self.data[body]
        heights = ([self.heights[0]] if header else []) + self.heights[body]
        first = 1 if header else 0  # first data row in this table
        style = [*_BASE_STYLE]
        if header:
            style += _HEADER_STYLE
        style += [("ALIGN", (i, first), (i, -1), "RIGHT") for i in self.numeric]
        if self.count == 0:
            style += _EMPTY_STYLE
        return _LedgerTable(
            data,
            colWidths=self.widths,
            rowHeights=heights,
            repeatRows=1 if header else 0,
            style=TableStyle(style),
            hAlign="CENTER",
        )


_BASE_STYLE = [
    ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
    ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
    ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
    ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
    ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
    ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
    ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y + 1),
    ("ALIGN", (0, 0), (0, -1), "CENTER"),
]
_HEADER_STYLE = [
    ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
    ("ALIGN", (0, 0), (-1, 0), "CENTER"),
    ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
]
_EMPTY_STYLE = [
    ("SPAN", (0, 1), (-1, 1)),
    ("ALIGN", (0, 1), (-1, 1), "CENTER"),
    ("FONTSIZE", (0, 1), (-1, 1), 12),
    ("LEADING", (0, 1), (-1, 1), 18),
    ("TOPPADDING", (0, 1), (-1, 1), 10),
    ("BOTTOMPADDING", (0, 1), (-1, 1), 10),
]
_EMPTY_ROW_HEIGHT = 18 + 20


def _prepare(
    meta: ReportMeta,
    columns: Sequence[Field],
    rows: Iterable[Mapping[str, Any]],
    cancelled: Callable[[], bool] | None,
) -> _Ledger:
    register_fonts()
    columns = with_school_column(meta, columns)
    widths = column_widths(meta, columns)
    text_w = [w - 2 * PAD_X for w in widths]
    header = [_("No."), *(_(c.column_label) for c in columns)]
    header_cells = ["\n".join(wrap_text(h, tw, CELL_SIZE)) for h, tw in zip(header, text_w, strict=True)]
    header_lines = max(cell.count("\n") + 1 for cell in header_cells)
    limit = _max_lines(meta, header_lines)
    attrs = [(c.attr, c, tw) for c, tw in zip(columns, text_w[1:], strict=True)]

    data: list[list[str]] = [header_cells]
    pad = PAD_Y + PAD_Y + 1
    # Row heights known up front spare reportlab measuring every remaining row at each page
    # break (quadratic in the number of rows).
    heights: list[float] = [header_lines * CELL_LEADING + pad]
    for number, row in enumerate(rows, 1):
        if cancelled is not None and number % _CHECK_EVERY == 0 and cancelled():
            raise Cancelled(_("Cancelled: no file was written."))
        cells = [str(number)]
        for attr, column, tw in attrs:
            text = display_text(column, row.get(attr))
            if text:
                lines = wrap_text(text, tw, CELL_SIZE)
                if len(lines) > 1:
                    text = "\n".join(_clip(lines, limit))
                elif lines[0] != text:  # only line breaks normalised
                    text = lines[0]
            cells.append(text)
        data.append(cells)
        heights.append((max(cell.count("\n") for cell in cells) + 1) * CELL_LEADING + pad)
    count = len(data) - 1
    if count == 0:
        data.append([_("No records in this period"), *[""] * len(columns)])
        heights.append(_EMPTY_ROW_HEIGHT)
    numeric = [i for i, c in enumerate(columns, 1) if c.kind in _NUMERIC]
    return _Ledger(widths, data, heights, numeric, count)


def ledger_table(
    meta: ReportMeta,
    columns: Sequence[Field],
    rows: Iterable[Mapping[str, Any]],
    *,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[Table, int]:
    """The ledger as one Table (header repeated on every page) and its number of data rows.

    Forms that add their own content around a ledger build it with this and `build_pdf`.
    """
    ledger = _prepare(meta, columns, rows, cancelled)
    return ledger.table(), ledger.count


def write_ledger_pdf(
    out: Path,
    meta: ReportMeta,
    columns: Sequence[Field],
    rows: Iterable[Mapping[str, Any]],
    *,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write a ledger of `rows` to `out` as PDF and return the number of records written.

    The last few records share their page with the signature lines, so the signatures never
    stand alone on a page that could be swapped. `progress(n)` is called after each page with
    the number of records laid out so far; `cancelled()` is polled while preparing rows and
    once per page: when it returns true, Cancelled is raised and no file is left.
    An unwritable `out` raises SafetyDeskError.
    """
    check_writable(Path(out))  # fail before the slow part
    ledger = _prepare(meta, columns, rows, cancelled)
    count = ledger.count
    story: list[Flowable] = []
    tail_start = max(1, count + 1 - TAIL_ROWS) if count else 1
    if tail_start > 1:
        story.append(ledger.table(1, tail_start))
    continuing = ledger.table(tail_start, header=False) if tail_start > 1 else None
    story.append(WithSignatures(meta, ledger.table(tail_start), continuing))
    done = 0

    def after(flowable: Flowable) -> None:
        nonlocal done
        if progress is None or not count:
            return
        if isinstance(flowable, WithSignatures):
            flowable = flowable.drawn
        if isinstance(flowable, _LedgerTable):
            done += len(flowable._cellvalues) - flowable.repeatRows
            progress(min(done, count))

    build_pdf(out, meta, story, cancelled=cancelled, after_flowable=after, signatures=False)
    return count
