"""The window's side of people and access: sign in (the last user remembered), the first
administrator password, the audit page with its Excel export, the accounts page."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from safetydesk.paths import DataPaths
from safetydesk.services import accounts
from safetydesk.services.workspace import open_workspace
from tests.helpers import PASSWORD


def test_sign_in_remembers_the_last_user(qtbot, school_paths: DataPaths) -> None:
    from safetydesk.ui.dialogs.login import LoginDialog

    ws = open_workspace(school_paths)
    try:
        dialog = LoginDialog(ws)
        qtbot.addWidget(dialog)
        assert dialog.user.text() == ""
        dialog.user.setText("admin")
        dialog.password.setText("not-it")
        assert not dialog.try_login()
        assert dialog.error.text() and dialog.password.text() == ""
        dialog.password.setText(PASSWORD)
        assert dialog.try_login()
        assert dialog.result_ is not None and dialog.result_.recovery_code
        again = LoginDialog(ws)
        qtbot.addWidget(again)
        assert again.user.text() == "admin"
    finally:
        ws.close()


def test_installation_without_accounts_asks_for_the_admin_password(qtbot, tmp_path: Path) -> None:
    from safetydesk.services.installation import InitRequest, initialise
    from safetydesk.ui.dialogs.login import LoginDialog

    paths = DataPaths(tmp_path / "bare")
    initialise(
        paths, InitRequest(role="school", code="4105220001", name="安阳县示范小学", township_code="410522T01")
    ).close()
    ws = open_workspace(paths)
    try:
        dialog = LoginDialog(ws)
        qtbot.addWidget(dialog)
        assert dialog.first_admin and dialog.user.text() == "admin"
        dialog.password.setText("new-chief-pw-7")
        dialog.again.setText("different")
        assert not dialog.try_login()
        assert dialog.error.text()
        dialog.password.setText("new-chief-pw-7")  # a refused attempt clears the password
        dialog.again.setText("new-chief-pw-7")
        assert dialog.try_login()
        assert accounts.get_account(ws.sessions, "admin").role == "admin"
    finally:
        ws.close()


def test_audit_page_filters_and_exports_to_excel(qtbot, school, tmp_path: Path) -> None:
    from safetydesk.ui.main_window import MainWindow

    ws = school.workspace
    ws.actor = school.admin
    window = MainWindow(ws)
    qtbot.addWidget(window)
    page = window.show_page("access:audit")
    qtbot.waitUntil(lambda: page.table.rowCount() > 0)
    page.user.setText("wang")
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() == 0 or page.table.item(0, 2).text() == "wang")
    page.user.setText("")
    page.action.setCurrentIndex(page.action.findData("user_add"))
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2)
    out = tmp_path / "audit.xlsx"
    page.export_excel(str(out))
    qtbot.waitUntil(lambda: out.exists() and "2" in page.status.text())
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert len(rows) == 3 and {r[4] for r in rows[1:]} == {"user_add"}
    page.verify()
    qtbot.waitUntil(lambda: "完好" in page.status.text() or "intact" in page.status.text())
    users = window.show_page("access:users")
    qtbot.waitUntil(lambda: users.table.rowCount() == 3)
    assert users.class_teachers.isChecked()
    window.close()


def test_window_session_holds_the_lock_and_backs_up_on_close(qtbot, school, monkeypatch, tmp_path) -> None:
    from safetydesk.services import backup
    from safetydesk.ui.dialogs import login

    ws = school.workspace
    monkeypatch.setattr(
        login, "sign_in", lambda w: accounts.login(w.sessions, w.info.org_code, "li", "counsel-pw")
    )
    lock = login.start_session(ws)
    assert lock is not None and ws.actor.username == "li"
    assert len(backup.list_backups(ws.paths.backups, backup.AUTO_PREFIX)) == 1  # the daily one
    other = tmp_path / "x.sqlite3"
    backup.backup_database(ws.paths.database, other)
    import pytest

    with pytest.raises(backup.InstallationRunning):
        backup.restore(ws.paths.root, ws.paths.database, other)
    login.end_session(ws, lock)
    assert len(backup.list_backups(ws.paths.backups, backup.AUTO_PREFIX)) == 2  # on close
    assert not backup.InstanceLock(ws.paths.root).held_elsewhere()
