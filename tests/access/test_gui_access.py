"""The window's side of people and access: sign in (the last user remembered), the first
administrator password, the audit page with its Excel export, the accounts page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QLabel, QPushButton

from safetydesk.paths import DataPaths
from safetydesk.services import accounts
from safetydesk.services.workspace import open_workspace
from safetydesk.ui.extensions._access_pages import action_label
from tests.db_thread import allow_test_db_access, wait_idle
from tests.support import PASSWORD


@pytest.fixture
def runner(qapp):
    from safetydesk.ui.tasks import TaskRunner

    runner = TaskRunner()
    yield runner
    runner.wait_done()


def _ready(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: dialog.first_admin is not None, timeout=20_000)


def _sign_in(qtbot, dialog) -> None:
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.working, timeout=20_000)


def test_sign_in_remembers_the_last_user(qtbot, school_paths: DataPaths, runner) -> None:
    from PySide6.QtWidgets import QDialog

    from safetydesk.ui.dialogs.login import LoginDialog

    ws = open_workspace(school_paths)
    try:
        dialog = LoginDialog(ws, runner)
        qtbot.addWidget(dialog)
        _ready(qtbot, dialog)
        assert dialog.user.text() == ""
        dialog.user.setText("admin")
        dialog.password.setText("not-it")
        _sign_in(qtbot, dialog)
        assert dialog.result() != QDialog.DialogCode.Accepted
        assert dialog.field_errors["password"].text() and dialog.password.text() == ""
        dialog.password.setText(PASSWORD)
        _sign_in(qtbot, dialog)
        assert dialog.result() == QDialog.DialogCode.Accepted
        assert dialog.result_ is not None and dialog.result_.recovery_code
        again = LoginDialog(ws, runner)
        qtbot.addWidget(again)
        assert again.user.text() == "admin"
        _ready(qtbot, again)
    finally:
        ws.close()


def test_installation_without_accounts_asks_for_the_admin_password(qtbot, tmp_path: Path, runner) -> None:
    from safetydesk.services.installation import InitRequest, initialise
    from safetydesk.ui.dialogs.login import LoginDialog

    paths = DataPaths(tmp_path / "bare")
    initialise(
        paths, InitRequest(role="school", code="4105220001", name="安阳县示范小学", township_code="410522T01")
    ).close()
    ws = open_workspace(paths)
    try:
        dialog = LoginDialog(ws, runner)
        qtbot.addWidget(dialog)
        _ready(qtbot, dialog)
        assert dialog.first_admin and dialog.user.text() == "admin" and not dialog.user.isEnabled()
        dialog.password.setText("new-chief-pw-7")
        dialog.again.setText("different")
        dialog.ok_button.click()
        assert dialog.field_errors["again"].text() and dialog.result_ is None
        with allow_test_db_access():
            assert accounts.needs_first_admin(ws.sessions)
        dialog.again.setText("new-chief-pw-7")
        _sign_in(qtbot, dialog)
        assert dialog.result_ is not None
        with allow_test_db_access():
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
    qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=20_000)  # behind the dashboard
    # the demo's records: an action in words, the record by its serial and title, never a uuid
    created = [r for r in range(page.table.rowCount()) if page.table.item(r, 3).text() == action_label("create")]
    assert created and action_label("create") != "create"
    shown = [page.table.item(r, 5).text() for r in created]
    assert all(t and not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", t) for t in shown), shown[:5]
    assert any(re.match(r"YH-\d{4}-\d{4} ", t) for t in shown), shown[:5]
    assert "_" not in "".join(page.table.item(r, 7).text() for r in created)  # field labels, not attrs
    # the date span reads 从 … 至 … (its "To" once borrowed the incident form's 报送单位)
    assert [w.text() for w in page.date_from.parentWidget().findChildren(QLabel)] == ["从", "至"]
    page.user.setText("wang")
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() == 0 or page.table.item(0, 2).text() == "wang")
    page.user.setText("")
    page.action.setCurrentIndex(page.action.findData("user_add"))
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2)
    assert page.action.currentText() == action_label("user_add") != "user_add"
    out = tmp_path / "audit.xlsx"
    page.export_excel(str(out))
    qtbot.waitUntil(lambda: out.exists() and "2" in page.status.text())
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert len(rows) == 3 and {r[4] for r in rows[1:]} == {action_label("user_add")} == {"添加用户"}
    assert {r[3] for r in rows[1:]} <= {"管理员"}, rows
    page.verify()
    qtbot.waitUntil(lambda: "完好" in page.status.text() or "intact" in page.status.text())
    users = window.show_page("access:users")
    qtbot.waitUntil(lambda: users.table.rowCount() == 3)
    users.findChild(QPushButton, "open-settings").click()  # the access setting lives on the Settings page
    settings_page = window.stack.currentWidget()
    qtbot.waitUntil(lambda: settings_page.loaded)
    assert settings_page.editors["access.class_teacher_sensitive"].single.isChecked()
    window.close()


def test_window_session_holds_the_lock_and_backs_up_on_close(qtbot, school, monkeypatch, tmp_path, runner) -> None:
    from safetydesk.services import backup
    from safetydesk.ui import app
    from safetydesk.ui.dialogs import login

    ws = school.workspace
    monkeypatch.setattr(
        login, "sign_in", lambda w, r: _login_in_test(w, r)
    )

    def _login_in_test(w, r):  # stands in for the dialog: it signs in on the worker
        done: list = []
        r.db(lambda: accounts.login(w.sessions, w.info.org_code, "li", "counsel-pw"), done.append)
        qtbot.waitUntil(lambda: bool(done), timeout=20_000)
        return done[0]

    lock = app.start_session(ws, runner)
    assert lock is not None and ws.actor.username == "li"
    app.after_sign_in(ws, runner, None)
    wait_idle(qtbot, runner, timeout=20_000)
    assert len(backup.list_backups(ws.paths.backups, backup.AUTO_PREFIX)) == 1  # the daily one
    other = tmp_path / "x.sqlite3"
    backup.backup_database(ws.paths.database, other)

    with pytest.raises(backup.InstallationRunning):
        backup.restore(ws.paths.root, ws.paths.database, other)
    app.end_session(ws, runner, lock)
    assert len(backup.list_backups(ws.paths.backups, backup.AUTO_PREFIX)) == 2  # on close
    assert not backup.InstanceLock(ws.paths.root).held_elsewhere()
