"""Adds the 设置 page (semester calendar, county rules) to the navigation's Settings group."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from safetydesk.i18n import _
from safetydesk.services.changes import Changes

if TYPE_CHECKING:
    from safetydesk.ui.main_window import MainWindow

PAGE_ID = "settings"


def install(window: MainWindow) -> None:
    def announce() -> None:
        from safetydesk.domain.registry import all_kinds  # loaded with the workspace

        # Lists filtered by semester show the new calendar; the dashboard the new rules.
        window.announce(Changes.of(*(k.key for k in all_kinds() if k.date_field)))

    def saved(_values: object) -> None:
        window.show_message(_("Settings saved."), 6000)
        announce()

    def make() -> QWidget:
        from safetydesk.ui.pages.settings_page import SettingsPage

        page = SettingsPage(window.workspace, window.runner, window)
        page.saved.connect(saved)
        page.rules_changed.connect(announce)
        return page

    window.add_page(PAGE_ID, _("Settings"), make, _("Settings"))
