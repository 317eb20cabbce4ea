"""A safety officer on a fresh PC: the setup wizard creates the installation; Qt speaks Chinese."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox, QWizard

from safetydesk.paths import DataPaths
from safetydesk.services.installation import installation_info
from safetydesk.services.storage import open_storage
from safetydesk.ui.dialogs.setup_wizard import SetupWizard
from safetydesk.ui.qt_setup import install_qt_translations
from tests.db_thread import allow_test_db_access
from tests.support import type_chinese


def test_wizard_creates_a_school(qtbot, tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "new")
    wizard = SetupWizard(paths)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.validateCurrentPage()  # role page: school is preselected
    wizard.next()
    wizard.code.setText("4105220099")
    type_chinese(wizard.name, "安阳县第二小学")
    wizard.township_code.setText("410522T01")
    type_chinese(wizard.township_name, "示范镇中心校")
    assert wizard.validateCurrentPage()
    wizard.next()
    wizard.password.setText("abc-12345-xy")
    wizard.password2.setText("abc-12399-xy")
    assert not wizard.validateCurrentPage()
    assert "不一致" in wizard.pw_error.text()
    assert not paths.is_initialised()
    wizard.password2.setText("abc-12345-xy")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    # Created on the DB thread: the wizard waits, busy, with its buttons off, then closes itself.
    assert wizard.working and not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted, timeout=20_000)
    assert not wizard.isVisible() and wizard.created
    with allow_test_db_access():
        storage = open_storage(paths)
        info = installation_info(storage.sessions)
        storage.close()
    assert (info.role, info.org_code, info.org_name, info.township_code) == (
        "school", "4105220099", "安阳县第二小学", "410522T01")


def test_wizard_refuses_bad_codes_without_creating_anything(qtbot, tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "new")
    wizard = SetupWizard(paths)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    wizard.code.setText("x")
    assert not wizard.validateCurrentPage()
    assert wizard.ident_error.text()
    assert not paths.root.exists() or not paths.is_initialised()


def test_standard_buttons_in_chinese(qapp) -> None:
    install_qt_translations(qapp, "zh_CN")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "确定"
