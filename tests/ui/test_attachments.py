"""An officer attaches a photo to a record: stored once by SHA-256, shown as a thumbnail."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from safetydesk.domain.registry import get_kind
from safetydesk.errors import SafetyDeskError
from safetydesk.services import attachments, records
from safetydesk.services.workspace import Workspace
from safetydesk.ui.record_form import RecordForm
from safetydesk.ui.tasks import TaskRunner
from tests.db_thread import allow_test_db_access, wait_idle


def make_photo(path: Path, colour: str = "red") -> Path:
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path))
    return path


def test_photo_attached_through_the_form(qtbot, qapp, workspace: Workspace, tmp_path: Path) -> None:
    photo = make_photo(tmp_path / "隐患照片.png")
    runner = TaskRunner()
    form = RecordForm(workspace, runner, get_kind("staff"), None)
    qtbot.addWidget(form)
    form.editors["name"].set_value("王老师")
    form.attachments.stage([photo])
    wait_idle(qtbot, runner)  # the thumbnail is read off the UI thread
    thumb = form.attachments.list.item(0).icon().pixmap(64, 48).toImage()
    assert thumb.pixelColor(thumb.width() // 2, thumb.height() // 2) == QColor("red")  # the photo itself
    form.save()
    wait_idle(qtbot, runner)
    assert not form.isVisible()

    with allow_test_db_access():
        uuid = records.fetch_page(workspace.sessions, records.ListQuery(kind="staff"), 0, 1)[0].uuid
        stored = attachments.attachments_of(workspace.sessions, workspace.paths, uuid)
    sha = hashlib.sha256(photo.read_bytes()).hexdigest()
    assert [(a.filename, a.sha256) for a in stored] == [("隐患照片.png", sha)]
    assert (workspace.paths.attachments / sha).read_bytes() == photo.read_bytes()

    # the same file again is stored once; removing the link keeps the file
    with allow_test_db_access():
        attachments.attach(workspace.sessions, workspace.paths, workspace.actor, "staff", uuid, photo)
        record = records.get(workspace.sessions, "staff", uuid)
    assert len(list(workspace.paths.attachments.iterdir())) == 1
    edit = RecordForm(workspace, runner, get_kind("staff"), record)
    qtbot.addWidget(edit)
    with qtbot.waitSignal(edit.data_loaded, timeout=10_000):
        pass  # the stored photos are read on the database thread
    assert edit.attachments.list.count() == 2
    edit.attachments.list.item(0).setSelected(True)
    edit.attachments.remove_selected()
    edit.save()
    wait_idle(qtbot, runner)
    with allow_test_db_access():
        assert len(attachments.attachments_of(workspace.sessions, workspace.paths, uuid)) == 1


def test_wrong_kind_of_file_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    bad = tmp_path / "virus.exe"
    bad.write_bytes(b"MZ")
    with pytest.raises(SafetyDeskError) as err:
        attachments.store_file(workspace.paths, bad)
    assert "PDF" in err.value.user_message
    assert not workspace.paths.attachments.exists() or not any(workspace.paths.attachments.iterdir())
