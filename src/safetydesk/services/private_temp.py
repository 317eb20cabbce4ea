"""Temporary files that may hold sensitive text: print previews and opened attachments.

They live in the user's temp folder in owner-only folders named safetydesk-preview-* (made by the
reports dialog) and safetydesk-view-* (opened attachments of protected records), and are deleted
when they are done with (the preview closes) and at every start and close of the application,
so a crash leaves nothing behind for long. Any thread; no Qt.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from safetydesk import file_modes

PREVIEW_PREFIX = "safetydesk-preview-"
VIEW_PREFIX = "safetydesk-view-"
PREFIXES = (PREVIEW_PREFIX, VIEW_PREFIX)


def new_folder(prefix: str) -> Path:
    """A new owner-only folder in the temp folder (mkdtemp makes it 0700)."""
    return Path(tempfile.mkdtemp(prefix=prefix))


def is_ours(folder: Path) -> bool:
    """A folder made by new_folder() (or the reports dialog) in the temp folder."""
    try:
        temp = Path(tempfile.gettempdir()).resolve()
        return folder.resolve().parent == temp and folder.name.startswith(PREFIXES)
    except OSError:
        return False


def remove_folder_of(path: Path) -> bool:
    """Delete the temp folder holding `path` when it is one of ours; True when it was."""
    folder = path.parent
    if not is_ours(folder):
        return False
    shutil.rmtree(folder, ignore_errors=True)
    return True


def sweep() -> int:
    """Delete every folder of ours left in the temp folder; returns how many."""
    temp = Path(tempfile.gettempdir())
    n = 0
    try:
        entries = list(temp.iterdir())
    except OSError:
        return 0
    for entry in entries:
        if entry.name.startswith(PREFIXES) and entry.is_dir() and file_modes.owned_by_me(entry):
            shutil.rmtree(entry, ignore_errors=True)
            n += 1
    return n
