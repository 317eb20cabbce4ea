"""首报/续报/终报: an incident's written report on the shared page template.

Receives plain text and facts (the report's title and body as the person edited it in the dialog,
as services.incidents.draft wrote it, or as it was sent; who reports and how) and prints it like an
official report: the title centred in the page header (wrapped when long), the addressee, a box of
the facts the bureau reads first (报告单位, 报告人, 联系电话, 报送方式, 报送时间, 事件类别...), the
numbered elements one paragraph each, then the signatures of the person who reports and the
person in charge, the school's seal and the date the report was sent. A report not yet logged as
sent is a draft: 草稿 across every page, and no date on the date line. Pure CPU and file work.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from safetydesk.i18n import N_, _
from safetydesk.reports.fonts import FONT_NAME
from safetydesk.reports.layout import ReportMeta, Signature, build_pdf, escape, report_styles

DRAFT_MARK = N_("DRAFT")


def incident_report_meta(
    school_name: str,
    title: str,
    period_text: str = "",
    signed_on: date | None = None,
    *,
    reporter: str = "",
    draft: bool = False,
) -> ReportMeta:
    """The report's page: the reporter's name already on their signature line; a draft marked."""
    signatures: tuple[Signature, ...] = ((N_("Reported by (signature)"), reporter), N_("Person in charge (signature)"))
    return ReportMeta(
        school_name=school_name,
        title=title,
        period_text=period_text,
        signatures=signatures,
        signed_on=None if draft else signed_on,
        watermark=_(DRAFT_MARK) if draft else "",
    )


def facts_table(meta: ReportMeta, facts: Sequence[tuple[str, str]]) -> Table:
    """Label | value pairs, two pairs a row, the labels shaded."""
    styles = report_styles()
    cells = [Paragraph(escape(t), styles["cell"]) for pair in facts for t in pair]
    while len(cells) % 4:
        cells.append(Paragraph("", styles["cell"]))
    rows = [cells[i : i + 4] for i in range(0, len(cells), 4)]
    width = meta.content_width
    table = Table(rows, colWidths=[width * w for w in (0.16, 0.34, 0.16, 0.34)])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.92, 0.92, 0.92)),
                ("BACKGROUND", (2, 0), (2, -1), colors.Color(0.92, 0.92, 0.92)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def write_incident_report_pdf(
    out: Path, meta: ReportMeta, body: str, *, to: str = "", facts: Sequence[tuple[str, str]] = ()
) -> None:
    """One report: `to` is the addressee line (e.g. 县教育局), `facts` the box under it, `body`
    one paragraph per line."""
    styles = report_styles()
    story: list[Flowable] = [Spacer(1, 2 * mm)]  # the title is in the page header
    if to:
        story.append(Paragraph(escape(_("{to}:", to=to)), styles["heading"]))
    if facts:
        story += [facts_table(meta, facts), Spacer(1, 4 * mm)]
    for line in body.splitlines():
        if line.strip():
            story.append(Paragraph(escape(line.strip()), styles["body"]))
            story.append(Spacer(1, 1.5 * mm))
    build_pdf(Path(out), meta, story)
