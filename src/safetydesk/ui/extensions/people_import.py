"""File menu: import staff, classes and students from Excel, and save the import template."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction

from safetydesk.i18n import _
from safetydesk.ui.main_window import Place

if TYPE_CHECKING:
    from safetydesk.ui.main_window import MainWindow


def open_dialog(window: MainWindow) -> Any:
    # The dialog (and openpyxl behind it) is imported on first use, not at start-up.
    from safetydesk.ui.dialogs import people_import as dialog_module

    dialog = dialog_module.PeopleImportDialog(window.workspace, window.runner, window)
    dialog.imported.connect(window.announce)
    dialog.imported.connect(lambda _c: window.show_message(dialog.status.text(), 8000))
    dialog.open()
    return dialog


def _save_template(window: MainWindow) -> None:
    from safetydesk.ui.dialogs import people_import as dialog_module

    dialog_module.save_template(window, window.runner)


def install(window: MainWindow) -> None:
    if window.workspace.info.role == "county":  # a county bureau keeps no staff or student lists
        return
    import_action = QAction(_("Import staff, classes and students from Excel…"), window)
    import_action.setObjectName("import-people")
    import_action.triggered.connect(lambda: open_dialog(window))
    template_action = QAction(_("Save the staff and student import template…"), window)
    template_action.setObjectName("people-template")
    template_action.triggered.connect(lambda: _save_template(window))
    window.add_action(Place.FILE, import_action, template_action)
