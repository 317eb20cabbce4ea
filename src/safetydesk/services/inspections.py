"""Inspections: walk a checklist template item by item (pass / fail / not applicable, a note, a
photo), save the filled checklist, and turn its failed items into hazards in one action.

The inspection keeps a copy of the items and the template's version, so editing the template
later never changes what was checked. A failed item's hazard is prefilled (category, location,
description, photo) and linked back to its item, so running "make hazards" twice makes no
duplicates.

Saving an inspection and logging its failed items as hazards is one use-case and one
transaction (`save_with_hazards`): an item whose hazard is refused, or whose photo cannot be
read, leaves neither the inspection nor any hazard saved, so trying again duplicates nothing.
Runs on the database thread; returns plain data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from safetydesk.domain import clock
from safetydesk.domain.registry import get_kind
from safetydesk.errors import ValidationError
from safetydesk.i18n import _
from safetydesk.paths import DataPaths
from safetydesk.services import attachments, checklists, records
from safetydesk.services.changes import Actor, Changes
from safetydesk.services.workspace import Workspace

KIND = "inspection"
PASS, FAIL, NA = "ok", "problem", "na"
RESULTS = (PASS, FAIL, NA)


@dataclass
class ItemResult:
    item: str  # the item's text as checked ("检查项目：检查内容")
    category: str = "other"
    result: str = ""  # "" until answered
    note: str = ""
    photo: str = ""  # a file chosen by the inspector; copied into attachments with the hazard
    hazard_uuid: str = ""

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v or k in ("item", "result")}


@dataclass
class InspectionDraft:
    template_uuid: str | None
    template_name: str
    template_version: int
    items: list[ItemResult] = field(default_factory=list)
    location: str = ""

    @property
    def answered(self) -> int:
        return sum(1 for i in self.items if i.result)

    @property
    def failed(self) -> list[ItemResult]:
        return [i for i in self.items if i.result == FAIL]


def new_draft(template: checklists.Template) -> InspectionDraft:
    return InspectionDraft(
        template.uuid,
        template.name,
        template.version,
        [ItemResult(i.text, checklists.guess_category(i, template.category)) for i in template.items],
    )


def results_json(draft: InspectionDraft) -> str:
    return json.dumps([i.as_dict() for i in draft.items], ensure_ascii=False)


def parse_results(text: str | None) -> list[ItemResult]:
    if not text:
        return []
    out = []
    for d in json.loads(text):
        known = {k: str(v) for k, v in d.items() if k in ItemResult.__dataclass_fields__}
        out.append(ItemResult(**known))
    return out


def save_inspection(
    sessions: sessionmaker[Session],
    actor: Actor,
    draft: InspectionDraft,
    *,
    inspected_on: date,
    inspector_uuid: str,
    check_type: str = "routine",
    summary: str = "",
    uuid: str | None = None,
) -> str:
    """Save the filled checklist (every item answered); returns the inspection's uuid."""
    with sessions.begin() as s:
        return _save_inspection_in(s, actor, draft, inspected_on, inspector_uuid, check_type, summary, uuid)


def _save_inspection_in(
    s: Session,
    actor: Actor,
    draft: InspectionDraft,
    inspected_on: date,
    inspector_uuid: str,
    check_type: str,
    summary: str,
    uuid: str | None,
) -> str:
    unanswered = [i.item for i in draft.items if i.result not in RESULTS]
    if unanswered:
        raise ValidationError(
            _("{n} items are not answered yet, the first: {item}", n=len(unanswered), item=unanswered[0])
        )
    failed_without_note = [i.item for i in draft.failed if not i.note.strip()]
    if failed_without_note:
        raise ValidationError(
            _("Say what is wrong for each failed item: {item}", item=failed_without_note[0])
        )
    res = records.save_in(
        s,
        actor,
        get_kind(KIND),
        {
            "template_key": draft.template_uuid,
            "template_name": draft.template_name,
            "template_version": draft.template_version,
            "inspected_on": inspected_on,
            "inspector_uuid": inspector_uuid,
            "check_type": check_type,
            "results": results_json(draft),
            "summary": summary or None,
        },
        uuid,
    )
    return res.uuid


def save_with_hazards(
    ws: Workspace,
    actor: Actor,
    draft: InspectionDraft,
    *,
    inspected_on: date,
    inspector_uuid: str,
    location: str = "",
    make_hazards: bool = True,
    check_type: str = "routine",
    summary: str = "",
) -> tuple[str, list[str], Changes]:
    """Save the filled checklist and (with `make_hazards`) one hazard per failed item, with the
    items' photos, in ONE transaction. Returns (inspection uuid, new hazards' uuids, changes)."""
    with ws.sessions.begin() as s:
        uuid = _save_inspection_in(s, actor, draft, inspected_on, inspector_uuid, check_type, summary, None)
        made: list[str] = []
        changes = Changes.of(KIND)
        if make_hazards:
            made, more = _make_hazards_in(s, ws.paths, actor, uuid, location)
            changes |= more
    return uuid, made, changes


def load(sessions: sessionmaker[Session], uuid: str) -> tuple[records.RecordData, list[ItemResult]]:
    rec = records.get(sessions, KIND, uuid)
    return rec, parse_results(rec.values.get("results"))


def make_hazards(
    ws: Workspace, actor: Actor, inspection_uuid: str, *, location: str = ""
) -> tuple[list[str], Changes]:
    """One hazard per failed item that has none yet, prefilled from the item, in one
    transaction; the inspection remembers each hazard's uuid. Returns the new hazards' uuids."""
    with ws.sessions.begin() as s:
        return _make_hazards_in(s, ws.paths, actor, inspection_uuid, location)


def _make_hazards_in(
    s: Session, paths: DataPaths, actor: Actor, inspection_uuid: str, location: str
) -> tuple[list[str], Changes]:
    inspection = get_kind(KIND)
    hazard = get_kind("hazard")
    rec = records.get_in(s, inspection, inspection_uuid)
    items = parse_results(rec.values.get("results"))
    v = rec.values
    made: list[str] = []
    changes = Changes()
    for item in items:
        if item.result != FAIL or item.hazard_uuid:
            continue
        name, _sep, _content = item.item.partition(checklists.SEPARATOR)
        description = item.note.strip() or _("Failed check: {item}", item=item.item)
        res = records.save_in(
            s,
            actor,
            hazard,
            {
                "found_on": v["inspected_on"] or clock.today(),
                "check_type": v.get("check_type"),
                "inspector_uuid": v.get("inspector_uuid"),
                "category": item.category or "other",
                # 部位: the item checked (检查项目), after the inspection's building or area
                "location": ("·".join(x for x in (location, name or item.item) if x))[:100],
                "description": description[:2000],
                "grade": "general",
                "inspection_uuid": inspection_uuid,
            },
            reason=_("From the inspection “{name}”", name=v.get("template_name") or ""),
        )
        item.hazard_uuid = res.uuid
        made.append(res.uuid)
        changes |= res.changes
        if item.photo:  # the photo before rectification goes with the hazard
            changes |= attachments.attach_in(
                s,
                paths,
                actor,
                "hazard",
                res.uuid,
                Path(item.photo),
                caption=_("Photo before rectification"),
            )
    if made:
        new = dict(v)
        new["results"] = json.dumps([i.as_dict() for i in items], ensure_ascii=False)
        changes |= records.save_in(
            s,
            actor,
            inspection,
            new,
            inspection_uuid,
            reason=_("{n} hazards logged from failed items", n=len(made)),
        ).changes
    return made, changes
