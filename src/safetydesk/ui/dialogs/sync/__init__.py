"""The data-exchange dialogs, one module per dialog (issue 11.7): identity, trust, export, import.

Every database or file job runs on the runner's DB thread (TaskRunner.db / long) and comes back
on the UI thread; widgets only show the plain results of services.sync_status, and no session is
ever opened on the UI thread. Each dialog has a method that does its job without a file chooser
(save_to, load_file, set_path, add_files) so a test, or a drag and drop, can drive it.
"""

from __future__ import annotations

from safetydesk.ui.dialogs.sync.export_dialog import ExportDialog, export_summary
from safetydesk.ui.dialogs.sync.identity_dialog import IdentityDialog
from safetydesk.ui.dialogs.sync.import_dialog import ImportDialog, result_html
from safetydesk.ui.dialogs.sync.trust_dialog import TrustDialog

__all__ = ["ExportDialog", "IdentityDialog", "ImportDialog", "TrustDialog", "export_summary", "result_html"]
