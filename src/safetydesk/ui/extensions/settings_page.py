"""Adds the 设置 page (semester calendar, county rules) to the navigation's Settings group."""

from __future__ import annotations

from typing import Any

from safetydesk.domain.registry import all_kinds
from safetydesk.i18n import _
from safetydesk.services.changes import Changes

PAGE_ID = "settings"


def install(window: Any) -> None:
    def make() -> Any:
        from safetydesk.ui.pages.settings_page import SettingsPage

        page = SettingsPage(window.workspace, window.runner, window)
        dated = Changes.of(*(k.key for k in all_kinds() if k.date_field))

        def saved(_values: object) -> None:
            window.statusBar().showMessage(_("Settings saved."), 6000)
            window.on_changes(dated)  # lists filtered by semester show the new calendar

        page.saved.connect(saved)
        return page

    window.add_page(PAGE_ID, _("Settings"), make, _("Settings"))
