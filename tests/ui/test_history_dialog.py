"""A record's history names people and linked records as the rest of the program does, never by
their uuids: a hazard's 整改责任人 changed from one teacher to another reads 甲 → 乙."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from safetydesk.domain.registry import get_kind
from safetydesk.services import records
from safetydesk.services.changes import Actor
from safetydesk.services.workspace import Workspace
from safetydesk.ui.pages.record_list import RecordListPage
from safetydesk.ui.tasks import TaskRunner
from tests.db_thread import allow_test_db_access, wait_idle


def test_history_shows_names_not_uuids(qtbot, demo_workspace: Workspace, tmp_path: Path) -> None:
    ws = demo_workspace
    actor = Actor(username="admin", org_code=ws.info.org_code)
    with allow_test_db_access():
        hazard = records.fetch_page(ws.sessions, records.ListQuery(kind="hazard"), 0, 1)[0]
        staff = records.reference_options(ws.sessions, get_kind("hazard").field("responsible_uuid"))
        old = hazard.values.get("responsible_uuid")
        new_uuid, new_name = next((u, n) for u, n in staff if u != old)
        old_name = dict(staff).get(old, "—")
        records.save(ws.sessions, actor, "hazard", {**hazard.values, "responsible_uuid": new_uuid},
                     uuid=hazard.uuid)
    runner = TaskRunner()
    page = RecordListPage(ws, runner, get_kind("hazard"), QSettings(str(tmp_path / "ui.ini"),
                                                                    QSettings.Format.IniFormat))
    qtbot.addWidget(page)
    page.show()
    wait_idle(qtbot, runner)
    row = next(i for i in range(page.model.total()) if page.model.record_at(i).uuid == hazard.uuid)
    page.table.selectRow(row)
    page.show_history()
    wait_idle(qtbot, runner)
    table = page.history_dialog.table
    text = "\n".join(table.item(r, 3).text() for r in range(table.rowCount()))
    assert f"{old_name} → {new_name}" in text, text
    assert new_uuid not in text and (not old or old not in text)
    page.history_dialog.close()
