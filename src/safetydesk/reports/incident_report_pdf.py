"""首报/续报/终报: an incident's written report on the shared page template.

Receives plain text (the report's title and its body, as the person edited it in the dialog or
as services.incidents.draft wrote it) and prints it like an official report: the title centred
(page header), the reporting school and the time of writing, the numbered elements one paragraph each, and the
signature lines of the person who reports and the person in charge. Pure CPU and file work.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from safetydesk.i18n import N_, _
from safetydesk.reports.layout import ReportMeta, build_pdf, escape, report_styles

SIGNATURES = (N_("Reported by"), N_("Person in charge"), N_("Contact phone"))


def incident_report_meta(
    school_name: str, title: str, period_text: str = "", signed_on: date | None = None
) -> ReportMeta:
    return ReportMeta(
        school_name=school_name,
        title=title,
        period_text=period_text,
        signatures=SIGNATURES,
        signed_on=signed_on,
    )


def write_incident_report_pdf(out: Path, meta: ReportMeta, body: str, *, to: str = "") -> None:
    """One report: `to` is the addressee line (e.g. 县教育局), `body` one paragraph per line."""
    styles = report_styles()
    story: list = [Spacer(1, 2 * mm)]  # the title is in the page header
    if to:
        story.append(Paragraph(escape(_("{to}:", to=to)), styles["heading"]))
    for line in body.splitlines():
        if line.strip():
            story.append(Paragraph(escape(line.strip()), styles["body"]))
            story.append(Spacer(1, 1.5 * mm))
    build_pdf(Path(out), meta, story)
