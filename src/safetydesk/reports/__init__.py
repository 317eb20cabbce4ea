"""Printed forms and ledgers: PDF on one shared page template, Excel in write-only mode.

This package receives plain data (rows as mappings, registry Fields) and never touches the
database or Qt. Rendering is CPU and file work: run it on a worker thread, pass `progress` and
`cancelled` callbacks, and catch SafetyDeskError (unwritable path) and Cancelled.
"""

from __future__ import annotations

from safetydesk.reports.excel_ledger import write_ledger_xlsx
from safetydesk.reports.layout import (
    ReportMeta,
    WithSignatures,
    build_pdf,
    escape,
    report_styles,
    signature_block,
    wrap_text,
)
from safetydesk.reports.masking import mask_id_number, mask_name, mask_phone
from safetydesk.reports.output import atomic_output, check_writable
from safetydesk.reports.pdf_ledger import display_text, ledger_table, write_ledger_pdf

__all__ = [
    "ReportMeta",
    "WithSignatures",
    "atomic_output",
    "build_pdf",
    "check_writable",
    "display_text",
    "escape",
    "ledger_table",
    "mask_id_number",
    "mask_name",
    "mask_phone",
    "report_styles",
    "signature_block",
    "wrap_text",
    "write_ledger_pdf",
    "write_ledger_xlsx",
]
