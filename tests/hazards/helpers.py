"""Shared steps for the hazard tests: staff, a monthly inspection with failed items."""

from __future__ import annotations

from datetime import date

from safetydesk.services import checklists, inspections, records
from safetydesk.services.workspace import Workspace

MONTHLY = "校舍及附属设施设备安全检查记录（月查）"
FAILED_NOTES = ("东侧围墙约15米出现贯通裂缝", "二楼走廊灭火器压力不足", "一年级教室插座面板破损")


def add_staff(ws: Workspace, *names: str) -> list[str]:
    return [records.save(ws.sessions, ws.actor, "staff", {"name": n, "active": True}).uuid for n in names]


def monthly_template(ws: Workspace) -> checklists.Template:
    checklists.install_bundled(ws.sessions, ws.actor)
    return next(t for t in checklists.list_templates(ws.sessions) if t.name == MONTHLY)


def inspect_with_failures(ws: Workspace, inspector: str, on: date, notes=FAILED_NOTES) -> str:
    """A monthly inspection: the first items fail with `notes`, the rest pass (one n/a)."""
    draft = inspections.new_draft(monthly_template(ws))
    for i, item in enumerate(draft.items):
        if i < len(notes):
            item.result, item.note = inspections.FAIL, notes[i]
        else:
            item.result = inspections.NA if i == len(draft.items) - 1 else inspections.PASS
    return inspections.save_inspection(
        ws.sessions, ws.actor, draft, inspected_on=on, inspector_uuid=inspector
    )
