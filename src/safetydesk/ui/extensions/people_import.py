"""File menu: import staff, classes and students from Excel, and save the import template."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction

from safetydesk.i18n import _


def install(window: Any) -> None:
    # The dialog (and openpyxl behind it) is imported on first use, not at start-up.
    def open_dialog() -> Any:
        from safetydesk.ui.dialogs import people_import as dialog_module

        dialog = dialog_module.PeopleImportDialog(window.workspace, window.runner, window)
        dialog.imported.connect(window.on_changes)
        dialog.imported.connect(lambda _c: window.statusBar().showMessage(dialog.status.text(), 8000))
        window.people_import_dialog = dialog
        dialog.open()
        return dialog

    import_action = QAction(_("Import staff, classes and students from Excel…"), window)
    import_action.setObjectName("import-people")
    import_action.triggered.connect(open_dialog)
    template_action = QAction(_("Save the staff and student import template…"), window)
    template_action.setObjectName("people-template")
    template_action.triggered.connect(lambda: _save_template(window))
    window.file_menu.insertAction(window.quit_action, import_action)
    window.file_menu.insertAction(window.quit_action, template_action)
    window.file_menu.insertSeparator(window.quit_action)
    window.people_import_action = import_action
    window.people_template_action = template_action


def _save_template(window: Any) -> None:
    from safetydesk.ui.dialogs import people_import as dialog_module

    dialog_module.save_template(window, window.runner)
