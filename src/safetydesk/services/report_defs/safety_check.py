"""安全检查记录表, the most printed daily form: one inspection per page, each checklist item a row.

The inspection screen stores its results as data (item, result code, note, the hazard a failed item
became); the paper shows them as a person writes them: 检查项目 / 检查内容 / 结果 (合格·不合格·不适用) /
问题描述 / 已登记隐患编号, then the summary and the signatures of the inspector (named), the person
who accompanied the inspection and the person in charge (domain.md §2: 巡查人和主管人签名).
Runs on a worker thread.
"""

from __future__ import annotations

from safetydesk.domain.registry import get_kind
from safetydesk.i18n import N_, _
from safetydesk.reports.record_form_pdf import ItemTable, RecordForm
from safetydesk.services import report_privacy
from safetydesk.services.inspection_paper import RESULT_LABELS, items_with_hazards
from safetydesk.services.report_catalog import ReportRequest
from safetydesk.services.report_defs._form_base import (
    FormDef,
    Row,
    attachments,
    field_rows,
    register_forms,
    text,
)
from safetydesk.services.workspace import Workspace

ITEM_COLUMNS = (N_("No."), N_("Item checked"), N_("What is checked"), N_("Result"), N_("Problem found"),
                N_("Hazard No."))  # fmt: skip


def _items(ws: Workspace, row: Row, req: ReportRequest) -> tuple[list[list[str]], bool]:
    """The item rows, and whether any item has a 检查内容 of its own."""
    from safetydesk.services.checklists import SEPARATOR

    out, any_content = [], False
    for n, (item, hazard) in enumerate(items_with_hazards(ws, {row.uuid: row.raw.get("results")})[row.uuid], 1):
        name, _sep, content = item.item.partition(SEPARATOR)
        any_content = any_content or bool(content)
        label = RESULT_LABELS.get(item.result)
        note = report_privacy.mask_text(item.note) if req.mask_names else item.note
        out.append([str(n), name, content, _(label) if label else "", note, hazard])
    return out, any_content


def _check_form(ws: Workspace, fd: FormDef, row: Row, req: ReportRequest) -> RecordForm:
    fields = field_rows(fd, row, skip=("results", "summary", "template_version"))
    version = row.raw.get("template_version")
    if version:
        fields = [
            (label, _("{name} (version {n})", name=value, n=version) if label == _("Checklist") else value)
            for label, value in fields
        ]
    items, any_content = _items(ws, row, req)
    headers, widths = [_(c) for c in ITEM_COLUMNS], [0.6, 2.2, 3.2, 1, 3, 1.7]
    if not any_content:  # items without a 检查内容: no empty column
        headers, widths = headers[:2] + headers[3:], widths[:2] + widths[3:]
        items = [cells[:2] + cells[3:] for cells in items]
    table = ItemTable(_("Check results"), headers, items, widths=widths)
    summary = text(get_kind(fd.kind).field("summary"), row)
    return RecordForm(
        fields=fields,
        items=[table],
        attachments=attachments(ws, fd.kind, row.uuid),
        extra=[_("Inspection summary: {text}", text=summary)] if summary else [],
        signatures=(
            (N_("Checked by"), str(row.shown.get("inspector_uuid") or "")),
            N_("Accompanied by"),
            N_("Person in charge"),
        ),
        signed_on=row.raw.get("inspected_on"),
    )


SAFETY_CHECK = FormDef(
    "safety-check-record",
    N_("Safety inspection record"),
    "inspection",
    per_record=True,
    build=_check_form,
)

register_forms((SAFETY_CHECK,))
