"""The county rules as people see them, real widgets offscreen on real installations: the school's
dashboard says which version it follows, its Settings page shows the county rules locked with the
county's name and version (its own settings stay editable), and the township console names the
schools still on an older version."""

from __future__ import annotations

from safetydesk.services.installation import installation_info
from safetydesk.services.workspace import Workspace
from safetydesk.ui.main_window import MainWindow
from tests.county_rules.helpers import county_keys, follow, rule_set
from tests.db_thread import allow_test_db_access, wait_idle
from tests.support import close_window
from tests.sync.conftest import SCHOOL_CODE, TOWNSHIP_CODE
from tests.township.network import actor
from tests.township.test_console_ui import township_window


def _school_window(qtbot, pair) -> MainWindow:
    with allow_test_db_access():
        info = installation_info(pair.school.sessions)
    window = MainWindow(Workspace(pair.school.paths, info, actor(SCHOOL_CODE), pair.school))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


def test_the_school_sees_the_version_and_the_locked_rules(qtbot, pair) -> None:
    follow(pair.township, rule_set(1, drill_months_school=2), county_keys())
    result = pair.imp(pair.down().path, pair.school)
    assert result.status == "imported", result.message
    window = _school_window(qtbot, pair)
    page = window.show_page("dashboard")
    wait_idle(qtbot, window.runner)
    assert "第 1 版" in page.county_rules.text() and "安阳县教育局" in page.county_rules.text()
    settings_page = window.show_page("settings")
    qtbot.waitUntil(lambda: settings_page.loaded, timeout=10_000)
    assert not settings_page.editors["drill_months_school"].isEnabled()
    assert settings_page.editors["drill_months_school"].value() == 2
    assert settings_page.editors["backup.keep"].isEnabled()
    assert not settings_page.county_note.isHidden()
    assert "第 1 版" in settings_page.county_note.text()
    assert settings_page.read_only_note.isHidden()  # an administrator: only the county's are locked
    close_window(qtbot, window)


def test_the_township_console_names_schools_on_an_old_version(qtbot, pair) -> None:
    follow(pair.township, rule_set(1), county_keys())
    window, page = township_window(qtbot, pair)
    wait_idle(qtbot, window.runner)
    text = page.county_rules.text()
    assert "第 1 版" in text and "第一小学" in text and "尚未报告" in text
    close_window(qtbot, window)
    assert TOWNSHIP_CODE


def test_the_county_publishes_from_its_settings_page(qtbot, net) -> None:
    from safetydesk.services import county_rules
    from tests.county.test_county_window import county_window

    window, _console = county_window(qtbot, net)
    page = window.show_page("settings")
    qtbot.waitUntil(lambda: page.loaded, timeout=10_000)
    assert not page.publish_button.isHidden()
    assert "尚未发布" in page.county_note.text()
    assert page.editors["drill_months_school"].isEnabled()  # the county's own rules
    page.editors["drill_months_school"].set_value(2)
    page.publish_button.click()  # unsaved: asks to save first, publishes nothing
    assert "先保存" in page.error_label.text()
    with qtbot.waitSignal(page.saved, timeout=10_000):
        page.save_button.click()
    page.publish_button.click()
    qtbot.waitUntil(lambda: "第 1 版" in page.county_note.text(), timeout=10_000)
    wait_idle(qtbot, window.runner)
    with allow_test_db_access():
        found = county_rules.following(net.county.sessions)
    assert found is not None and found.version == 1 and found.rules["drill_months_school"] == 2
    close_window(qtbot, window)
