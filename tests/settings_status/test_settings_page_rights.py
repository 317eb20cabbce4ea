"""A principal opens the Settings page: the county's rules are read-only for them, the one setting
a principal may change (class teachers and protected records) is not; the change is audited."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from safetydesk.ui.main_window import MainWindow
from tests.support import close_window


def test_a_principal_changes_only_what_a_principal_may(qtbot, workspace) -> None:
    workspace.actor = replace(workspace.actor, username="zhang", role="principal")
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    page = window.show_page("settings")
    qtbot.waitUntil(lambda: page.loaded, timeout=10_000)
    enabled = {key for key, editor in page.editors.items() if editor.isEnabled()}
    assert enabled == {"access.class_teacher_sensitive"}
    assert not page.read_only_note.isHidden()
    assert page.editors["parent_meetings_required"].value() == 2  # shown, read-only
    page.defaults_button.click()  # restores only what this person may change
    page.editors["access.class_teacher_sensitive"].single.setChecked(True)
    with qtbot.waitSignal(page.saved, timeout=10_000) as saved:
        page.save_button.click()
    assert saved.args[0]["access.class_teacher_sensitive"] is True
    close_window(qtbot, window)
    conn = sqlite3.connect(workspace.paths.database)
    try:
        rows = conn.execute("SELECT username, role, detail FROM audit_log WHERE action = 'setting'").fetchall()
    finally:
        conn.close()
    assert rows == [("zhang", "principal", "access.class_teacher_sensitive=true")]
