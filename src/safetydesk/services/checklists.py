"""Checklist templates: the bundled ones (resources/checklists/*.json) and the school's own.

Templates live as checklist_template records (items one per line, "检查项目：检查内容"), so they
sync and print like any record. The bundled set is installed once, by name; the school edits its
copies in the template editor, and every change to the items bumps the version. An inspection
copies the items and the version it used, so later edits never rewrite an old inspection.
Runs on the database thread; returns plain data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from safetydesk.errors import ValidationError
from safetydesk.i18n import _
from safetydesk.resources import resource
from safetydesk.services import records
from safetydesk.services.changes import Actor, Changes

KIND = "checklist_template"
SEPARATOR = "："

# Words in an item that name its hazard category (for mixed templates: weekly, kindergarten).
_CATEGORY_WORDS = (
    ("lab_chemicals", ("实验室", "危化品")),
    ("food", ("食堂", "食品", "陪餐", "留样", "从业人员", "食材", "操作间")),
    ("fire", ("消防", "灭火器", "防火", "疏散", "用火", "应急照明", "燃气")),
    ("electricity", ("用电", "电箱", "配电", "漏电", "线路", "插座", "避雷", "电器")),
    ("traffic", ("校车", "交通", "驾驶", "车辆", "载客")),
    ("drowning", ("溺水", "水域", "河塘")),
    ("security", ("门卫", "安保", "防暴", "来访", "监控", "接送", "交接")),
    ("surroundings", ("周边", "摊点", "娱乐场所", "施工")),
    ("sports_equipment", ("体育", "旗杆", "玩具", "运动场")),
    ("school_building", ("校舍", "建筑", "墙", "栏杆", "门窗", "园舍", "树木", "厕所", "水管", "路面")),
)


@dataclass(frozen=True)
class ChecklistItem:
    item: str  # 检查项目
    content: str = ""  # 检查内容

    @property
    def text(self) -> str:
        return f"{self.item}{SEPARATOR}{self.content}" if self.content else self.item


@dataclass(frozen=True)
class Template:
    name: str
    category: str | None
    frequency: str | None
    version: int
    items: tuple[ChecklistItem, ...]
    uuid: str | None = None  # None for a bundled template not installed yet
    key: str | None = None  # bundled file's key


def parse_items(text: str) -> tuple[ChecklistItem, ...]:
    out = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        item, sep, content = line.replace(":", SEPARATOR, 1).partition(SEPARATOR)
        out.append(ChecklistItem(item.strip(), content.strip() if sep else ""))
    return tuple(out)


def items_text(items: tuple[ChecklistItem, ...] | list[ChecklistItem]) -> str:
    return "\n".join(i.text for i in items)


def guess_category(item: ChecklistItem, default: str | None) -> str:
    """The hazard category of an item: by its own words first (检查项目, then 检查内容: the
    燃气 item of the canteen checklist is a fire hazard, the 消防 items of the monthly buildings
    checklist are too), else the template's category."""
    for text in (item.item, item.content):
        for code, words in _CATEGORY_WORDS:
            if any(w in text for w in words):
                return code
    return default or "other"


def bundled_templates(folder: Path | None = None) -> list[Template]:
    folder = folder or resource("checklists")
    out = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        items = tuple(ChecklistItem(i["item"], i.get("content", "")) for i in data["items"])
        out.append(
            Template(
                data["name"],
                data.get("category"),
                data.get("frequency"),
                int(data.get("version", 1)),
                items,
                key=data.get("key", path.stem),
            )
        )
    return out


def _from_record(r: records.RecordData) -> Template:
    v = r.values
    return Template(
        v["name"],
        v.get("category"),
        v.get("frequency"),
        int(v.get("version") or 1),
        parse_items(v.get("items") or ""),
        uuid=r.uuid,
    )


def list_templates(sessions: sessionmaker[Session]) -> list[Template]:
    q = records.ListQuery(kind=KIND, sort="name")
    return [_from_record(r) for r in records.fetch_page(sessions, q, 0, 10_000)]


def get_template(sessions: sessionmaker[Session], uuid: str) -> Template:
    return _from_record(records.get(sessions, KIND, uuid))


def install_bundled(sessions: sessionmaker[Session], actor: Actor) -> Changes:
    """Add every bundled template the school does not hold yet (matched by name)."""
    have = {t.name for t in list_templates(sessions)}
    changes = Changes()
    for t in bundled_templates():
        if t.name in have:
            continue
        res = records.save(
            sessions,
            actor,
            KIND,
            {
                "name": t.name,
                "category": t.category,
                "frequency": t.frequency,
                "version": t.version,
                "items": items_text(t.items),
            },
        )
        changes |= res.changes
    return changes


def save_template(
    sessions: sessionmaker[Session],
    actor: Actor,
    name: str,
    category: str | None,
    frequency: str | None,
    items: list[ChecklistItem],
    uuid: str | None = None,
) -> str:
    """Create or edit a template; a change to its items makes a new version. Returns its uuid."""
    items = [i for i in items if i.item.strip()]
    if not items:
        raise ValidationError(
            _("A checklist needs at least one item."), {"items": _("A checklist needs at least one item.")}
        )
    text = items_text(items)
    version = 1
    if uuid is not None:
        old = records.get(sessions, KIND, uuid)
        version = int(old.values.get("version") or 1)
        if (old.values.get("items") or "").strip() != text:
            version += 1
    res = records.save(
        sessions,
        actor,
        KIND,
        {
            "name": name.strip(),
            "category": category,
            "frequency": frequency,
            "version": version,
            "items": text,
        },
        uuid,
        reason=_("Checklist version {n}", n=version),
    )
    return res.uuid
