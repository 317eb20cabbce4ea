"""A county bureau's safety section on a fresh PC: the first-run wizard creates a county."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWizard

from safetydesk.paths import DataPaths
from safetydesk.services.installation import installation_info
from safetydesk.services.storage import open_storage
from safetydesk.ui.dialogs.setup_wizard import SetupWizard
from tests.db_thread import allow_test_db_access
from tests.support import type_chinese


def _finish(qtbot, wizard: SetupWizard, paths: DataPaths):
    """The administrator's password twice, Finish; what the new installation says it is."""
    wizard.password.setText("abc-12345-xy")
    wizard.password2.setText("abc-12345-xy")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted, timeout=20_000)
    with allow_test_db_access():
        storage = open_storage(paths)
        info = installation_info(storage.sessions)
        storage.close()
    return info

def test_wizard_creates_a_county(qtbot, tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "new")
    wizard = SetupWizard(paths)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.county_radio.setChecked(True)
    assert wizard.validateCurrentPage()
    wizard.next()
    assert "县教育局" in wizard.code_label.text()
    assert not wizard.township_code.parentWidget().isVisible()  # a county names no township
    wizard.code.setText("410522")
    type_chinese(wizard.name, "安阳县教育局安全股")
    assert wizard.validateCurrentPage()
    wizard.next()
    info = _finish(qtbot, wizard, paths)
    assert (info.role, info.org_code, info.org_name, info.township_code) == (
        "county", "410522", "安阳县教育局安全股", None)


def test_wizard_creates_a_township_with_its_county(qtbot, tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "new")
    wizard = SetupWizard(paths)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.township_radio.setChecked(True)
    wizard.next()
    assert wizard.county_code.parentWidget().isVisible()
    wizard.code.setText("410522T01")
    type_chinese(wizard.name, "城关镇中心校")
    wizard.county_code.setText("410522T01")  # its own code: refused, nothing created
    assert not wizard.validateCurrentPage()
    assert wizard.ident_error.text() and not paths.is_initialised()
    wizard.county_code.setText("410522")
    type_chinese(wizard.county_name, "安阳县教育局安全股")
    assert wizard.validateCurrentPage()
    wizard.next()
    info = _finish(qtbot, wizard, paths)
    assert (info.role, info.county_code, info.county_name) == ("township", "410522", "安阳县教育局安全股")
