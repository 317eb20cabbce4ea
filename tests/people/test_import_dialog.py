"""From the File menu the officer saves the template, fills it, checks it and imports it; a bad
file lists its problems and imports nothing."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtGui import QAction

from safetydesk.services import records
from safetydesk.services.workspace import Workspace
from safetydesk.ui.dialogs.people_import import PeopleImportDialog
from safetydesk.ui.main_window import MainWindow, Place
from tests.db_thread import allow_test_db_access
from tests.people.test_people_import import fill_template
from tests.support import dump


def _dialog(qtbot, workspace: Workspace):
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    names = [a.objectName() for a in window.menu(Place.FILE).actions()]
    assert names.index("import-people") < names.index("quit")
    window.findChild(QAction, "import-people").trigger()
    return window, window.findChild(PeopleImportDialog)


def test_save_template_check_and_import(qtbot, workspace: Workspace, tmp_path: Path) -> None:
    window, dialog = _dialog(qtbot, workspace)
    target = tmp_path / "模板.xlsx"
    from safetydesk.ui.dialogs.people_import import save_template

    saved: list[Path] = []
    save_template(dialog, window.runner, str(target), saved.append)
    qtbot.waitUntil(lambda: bool(saved), timeout=10_000)
    assert load_workbook(target).sheetnames[:3] == ["教职工", "班级", "学生"]

    path = fill_template(tmp_path / "people.xlsx")
    dialog.path_edit.setText(str(path))
    dialog.check_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    with allow_test_db_access():
        assert records.count(workspace.sessions, records.ListQuery(kind="staff")) == 0
    assert "2" in dialog.status.text()

    with qtbot.waitSignal(dialog.imported, timeout=10_000) as blocker:
        dialog.import_button.click()
    assert blocker.args[0].kinds == {"staff", "class", "student"}
    with allow_test_db_access():
        assert records.count(workspace.sessions, records.ListQuery(kind="student")) == 3
    window.close()


def test_a_bad_file_lists_its_problems(qtbot, workspace: Workspace, tmp_path: Path) -> None:
    window, dialog = _dialog(qtbot, workspace)
    path = fill_template(
        tmp_path / "bad.xlsx", classes=[["一年级1班", None, None, "不存在的老师", None]], students=[]
    )
    before = dump(workspace.paths.database)
    dialog.path_edit.setText(str(path))
    dialog.import_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert dialog.problems.rowCount() == 1
    cells = [dialog.problems.item(0, c).text() for c in range(4)]
    assert cells[:3] == ["班级", "3", "班主任"]
    assert "不存在的老师" in cells[3]
    assert dump(workspace.paths.database) == before

    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"\x00garbage" * 100)
    dialog.path_edit.setText(str(junk))
    dialog.import_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert "junk.xlsx" in dialog.status.text() and dialog.problems.rowCount() == 0
    assert dump(workspace.paths.database) == before
    window.close()
