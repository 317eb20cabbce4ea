"""An inspection on paper: its checklist items as a person reads them, each failed item with the
hazard it became (隐患编号), instead of the data the inspection screen stores.

A failed item names the hazard its record links (the inspection screen's "make hazards"); for an
older inspection whose items carry no link, the hazards logged from that inspection in the item's
category. Used by the safety check record (one inspection per page) and the inspection ledger.
Runs on the caller's thread; one query for the hazards of the inspections printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from safetydesk.domain.registry import get_kind
from safetydesk.i18n import N_, _
from safetydesk.services.checklists import SEPARATOR, ChecklistItem, guess_category
from safetydesk.services.inspections import FAIL, NA, PASS, ItemResult, parse_results
from safetydesk.services.workspace import Workspace

RESULT_LABELS = {PASS: N_("Pass"), FAIL: N_("Fail"), NA: N_("Not applicable")}


def items_of(raw: str | None) -> list[ItemResult]:
    try:
        return parse_results(raw)
    except (ValueError, TypeError):
        return []


def _hazards(ws: Workspace, inspections: Sequence[str], linked: set[str]) -> tuple[dict, dict]:
    """uuid -> serial of the linked hazards; inspection -> [(uuid, category, serial)] of those
    logged from each inspection, oldest first."""
    model = get_kind("hazard").model
    by_uuid: dict[str, str] = {}
    by_inspection: dict[str, list[tuple[str, str, str]]] = {}
    if not inspections and not linked:
        return by_uuid, by_inspection
    with ws.sessions() as s:
        stmt = (
            select(model.uuid, model.inspection_uuid, model.category, model.serial)
            .where(model.deleted_at.is_(None),
                   model.inspection_uuid.in_(list(inspections)) | model.uuid.in_(list(linked)))
            .order_by(model.created_at)
        )  # fmt: skip
        for uuid, inspection, category, serial in s.execute(stmt):
            by_uuid[uuid] = serial or ""
            if inspection:
                by_inspection.setdefault(inspection, []).append((uuid, category or "", serial or ""))
    return by_uuid, by_inspection


def items_with_hazards(ws: Workspace, inspections: dict[str, str | None]) -> dict[str, list[tuple[ItemResult, str]]]:
    """inspection uuid -> its items, each with the serial(s) of the hazard(s) it became."""
    items = {uuid: items_of(raw) for uuid, raw in inspections.items()}
    linked = {i.hazard_uuid for its in items.values() for i in its if i.hazard_uuid}
    failing = [u for u, its in items.items() if any(i.result == FAIL for i in its)]
    by_uuid, by_inspection = _hazards(ws, failing, linked)
    out: dict[str, list[tuple[ItemResult, str]]] = {}
    for uuid, its in items.items():
        claimed = {i.hazard_uuid for i in its if i.hazard_uuid}
        pairs = []
        for item in its:
            serial = by_uuid.get(item.hazard_uuid, "") if item.hazard_uuid else ""
            if item.result == FAIL and not serial:
                name, _sep, content = item.item.partition(SEPARATOR)
                category = guess_category(ChecklistItem(name, content), item.category)
                found = [(h, n) for h, c, n in by_inspection.get(uuid, []) if c == category and h not in claimed]
                claimed |= {h for h, _n in found}
                serial = "、".join(n for _h, n in found)
            pairs.append((item, serial))
        out[uuid] = pairs
    return out


def results_text(pairs: list[tuple[ItemResult, str]]) -> str:
    """共5项：合格4项，不合格1项，不适用0项; then each failed item with its problem and hazard."""
    if not pairs:
        return ""
    counts = {code: sum(1 for i, _s in pairs if i.result == code) for code in (PASS, FAIL, NA)}
    lines = [_("{n} items: {ok} passed, {failed} failed, {na} not applicable", n=len(pairs),
               ok=counts[PASS], failed=counts[FAIL], na=counts[NA])]  # fmt: skip
    for item, serial in pairs:
        if item.result != FAIL:
            continue
        text = "：".join(p for p in (item.item, item.note.strip()) if p)
        lines.append(_("{text} (hazard {serial})", text=text, serial=serial) if serial else text)
    return "\n".join(lines)


def inspection_extras(ws: Workspace, rows: list[dict[str, Any]]) -> None:
    """The inspection ledger's results cell, in words."""
    pairs = items_with_hazards(ws, {row["_uuid"]: row["_values"].get("results") for row in rows})
    for row in rows:
        row["results"] = results_text(pairs.get(row["_uuid"], []))
