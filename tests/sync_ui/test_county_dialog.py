"""A township set up before it knew its county names it in the window: This installation's
identity → Set the county bureau… (an administrator only). A wrong code is refused in the dialog
and changes nothing; a right one is stored, audited, and offered by the export dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from safetydesk.models.access import AuditEntry
from safetydesk.models.local import Installation
from safetydesk.paths import DataPaths
from safetydesk.services.workspace import open_workspace
from safetydesk.ui.dialogs.sync import IdentityDialog
from safetydesk.ui.dialogs.sync.county_dialog import CountyDialog
from safetydesk.ui.extensions.sync import open_identity
from safetydesk.ui.main_window import MainWindow
from tests.db_thread import allow_test_db_access
from tests.sync_ui.conftest import Sites

WAIT = 20_000


def _installation(sessions) -> tuple[str | None, str | None]:
    with allow_test_db_access(), sessions() as s:
        row = s.get(Installation, 1)
        return row.county_code, row.county_name


def _county_sets(sessions) -> list[str]:
    with allow_test_db_access(), sessions() as s:
        return list(s.scalars(select(AuditEntry.detail).where(AuditEntry.action == "county_set")))


def test_an_administrator_names_the_county_and_a_wrong_code_changes_nothing(qtbot, windows, sites: Sites):
    window = MainWindow(sites.township)
    windows.append(window)
    identity = open_identity(window)
    assert isinstance(identity, IdentityDialog)
    assert "尚未" in identity.county.text()  # no county bureau named yet
    button = identity.findChild(type(identity.save_button), "set-county")
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = identity.county_dialog
    assert isinstance(dialog, CountyDialog)

    dialog.code.setText("县")  # not a code
    dialog.save()
    qtbot.waitUntil(lambda: bool(dialog.error.text()), timeout=WAIT)
    assert "410522" in dialog.error.text() and dialog.isVisible()
    dialog.code.setText("4105")  # the complaint goes as the clerk corrects the code
    assert dialog.error.text() == ""
    assert _installation(sites.township.sessions) == (None, None) and _county_sets(sites.township.sessions) == []

    dialog.code.setText("410522")
    dialog.name.setText("安阳县教育局")
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        dialog.save()
    assert _installation(sites.township.sessions) == ("410522", "安阳县教育局")
    assert _county_sets(sites.township.sessions) == ["410522 安阳县教育局"]
    assert sites.township.info.county_code == "410522"  # the export dialog offers it now
    assert "410522" in identity.county.text() and "安阳县教育局" in identity.county.text()


def test_only_an_administrator_may_set_it(qtbot, windows, sites: Sites):
    officer = open_workspace(DataPaths(sites.root / "township"), username="clerk", role="officer")
    try:
        window = MainWindow(officer)
        windows.append(window)
        identity = open_identity(window)
        button = identity.findChild(type(identity.save_button), "set-county")
        assert not button.isEnabled() and "管理员" in button.toolTip()
    finally:
        for w in list(windows):
            if w is window:
                from tests.support import close_window

                close_window(qtbot, w)
                windows.remove(w)
        officer.close()


def test_a_school_has_no_county_to_set(qtbot, windows, sites: Sites):
    window = MainWindow(sites.school)
    windows.append(window)
    identity = open_identity(window)
    assert identity.county is None and identity.findChild(type(identity.save_button), "set-county") is None
