"""Checklist templates: the bundled set, versions on edit, inspections keeping their version."""

from __future__ import annotations

from datetime import date

import pytest

from safetydesk.errors import ValidationError
from safetydesk.services import checklists, inspections, records
from safetydesk.ui.dialogs.checklist_editor import ChecklistEditor
from safetydesk.ui.tasks import TaskRunner
from tests.db_thread import wait_idle
from tests.hazards.helpers import MONTHLY, add_staff, monthly_template

EXPECTED = {
    "daily_fire_patrol",
    "weekly_check",
    "monthly_buildings",
    "canteen_food",
    "electrical",
    "school_bus",
    "lab_chemicals",
    "drowning_prevention",
    "gate_security",
    "surroundings",
    "kindergarten",
}


def test_bundled_templates_cover_domain_section_2() -> None:
    bundled = checklists.bundled_templates()
    assert {t.key for t in bundled} == EXPECTED
    for t in bundled:
        assert t.items and all(i.item for i in t.items), t.key
    monthly = next(t for t in bundled if t.key == "monthly_buildings")
    texts = " ".join(i.text for i in monthly.items)
    for word in ("墙体", "栏杆扶手", "灭火器", "应急灯", "监控", "旗杆", "井盖", "树木", "功能室"):
        assert word in texts, word
    fire = next(t for t in bundled if t.key == "daily_fire_patrol")
    assert "常闭防火门" in " ".join(i.text for i in fire.items)


def test_mixed_templates_give_each_item_its_category() -> None:
    weekly = next(t for t in checklists.bundled_templates() if t.key == "weekly_check")
    cats = {i.item: checklists.guess_category(i, weekly.category) for i in weekly.items}
    assert cats["消防"] == "fire" and cats["用电"] == "electricity" and cats["食堂食品"] == "food"


def test_installing_twice_adds_nothing_and_editing_items_makes_a_new_version(workspace) -> None:
    ws = workspace
    checklists.install_bundled(ws.sessions, ws.actor)
    assert checklists.install_bundled(ws.sessions, ws.actor).kinds == frozenset()
    assert len(checklists.list_templates(ws.sessions)) == len(EXPECTED)
    t = monthly_template(ws)
    (inspector,) = add_staff(ws, "李明")
    draft = inspections.new_draft(t)
    for item in draft.items:
        item.result = inspections.PASS
    old = inspections.save_inspection(
        ws.sessions, ws.actor, draft, inspected_on=date(2026, 11, 2), inspector_uuid=inspector
    )
    items = [*t.items, checklists.ChecklistItem("消防栓", "是否有水、阀门完好")]
    checklists.save_template(ws.sessions, ws.actor, t.name, t.category, t.frequency, items, t.uuid)
    edited = checklists.get_template(ws.sessions, t.uuid)
    assert edited.version == 2 and edited.items[-1].text == "消防栓：是否有水、阀门完好"
    # same items again: no new version
    checklists.save_template(ws.sessions, ws.actor, "月查表", t.category, t.frequency, items, t.uuid)
    assert checklists.get_template(ws.sessions, t.uuid).version == 2
    rec, results = inspections.load(ws.sessions, old)
    assert rec.values["template_version"] == 1 and len(results) == len(t.items)
    with pytest.raises(ValidationError):
        checklists.save_template(ws.sessions, ws.actor, "空表", None, None, [], None)


def test_an_unanswered_item_or_a_failure_without_note_is_refused(workspace) -> None:
    ws = workspace
    (inspector,) = add_staff(ws, "李明")
    draft = inspections.new_draft(monthly_template(ws))
    with pytest.raises(ValidationError):
        inspections.save_inspection(
            ws.sessions, ws.actor, draft, inspected_on=date(2026, 11, 2), inspector_uuid=inspector
        )
    for item in draft.items:
        item.result = inspections.FAIL
    with pytest.raises(ValidationError, match="不合格"):
        inspections.save_inspection(
            ws.sessions, ws.actor, draft, inspected_on=date(2026, 11, 2), inspector_uuid=inspector
        )
    assert records.count(ws.sessions, records.ListQuery(kind="inspection")) == 0


def test_the_editor_saves_a_new_version(qtbot, workspace) -> None:
    ws = workspace
    runner = TaskRunner()
    monthly_template(ws)
    editor = ChecklistEditor(ws, runner)
    qtbot.addWidget(editor)
    wait_idle(qtbot, runner)  # the templates are read on the database thread
    editor.templates.setCurrentIndex(editor.templates.findText(f"{MONTHLY} (v1)"))
    assert editor.name.text() == MONTHLY and editor.version.text() == "1"
    editor.items.setPlainText(editor.items.toPlainText() + "\n消防栓：是否有水")
    editor.save()
    qtbot.waitUntil(lambda: editor.version.text() == "2", timeout=10_000)
    assert editor.templates.currentText() == f"{MONTHLY} (v2)"
