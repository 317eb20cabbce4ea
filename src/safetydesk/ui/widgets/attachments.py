"""Photos and scans of a record, as thumbnails: add, open, remove.

New files are only staged here; the form stores them with the record in one transaction on the
database thread. Thumbnails are read from disk on the runner's thread (`load_thumbnail` builds a
QImage, which is safe off the UI thread) and turned into icons here when they arrive; until then
an item shows the plain file icon.
An attachment of a protected record is encrypted at rest: its thumbnail is made from the opened
bytes in memory (on the runner's thread too), and opening it hands the viewer a temporary copy
(services.attachments).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _
from safetydesk.services import attachments
from safetydesk.services.attachments import AttachmentInfo
from safetydesk.ui.tasks import TaskRunner

THUMB = 96
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
UUID_ROLE = Qt.ItemDataRole.UserRole + 2

INFO_ROLE = Qt.ItemDataRole.UserRole + 3


def load_thumbnail(source: Path | AttachmentInfo) -> QImage | None:
    """Any thread: the file's picture scaled to a thumbnail, or None (not a picture, unreadable,
    or sealed while nobody with the key is signed in)."""
    if isinstance(source, AttachmentInfo) and source.sealed:
        try:
            image = QImage.fromData(source.content())
        except SafetyDeskError:
            return None
    else:
        image = QImage(str(source.path if isinstance(source, AttachmentInfo) else source))
    if image.isNull():
        return None
    return image.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation)


def load_thumbnails(sources: list[Path] | list[AttachmentInfo]) -> dict[str, QImage]:
    """Any thread: thumbnails by path (as str) of the files that are pictures."""
    out = {}
    for source in sources:
        image = load_thumbnail(source)
        if image is not None:
            out[str(source.path if isinstance(source, AttachmentInfo) else source)] = image
    return out


class AttachmentsBox(QWidget):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setObjectName("attachments")
        self.list = QListWidget()
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setMaximumHeight(THUMB + 48)
        self.list.itemDoubleClicked.connect(self._open)
        self.staged: list[Path] = []
        self.removed: list[str] = []
        add = QPushButton(_("Add photo or scan…"))
        add.setObjectName("add-attachment")
        add.clicked.connect(self.choose_files)
        remove = QPushButton(_("Remove"))
        remove.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.list)
        lay.addLayout(buttons)
        self._staging = 0

    def set_existing(self, existing: list[AttachmentInfo], thumbnails: dict[str, QImage]) -> None:
        """The record's stored attachments (read on the DB thread), shown before staged ones."""
        for row, info in enumerate(existing):
            item = self._item(info.filename, info.path, info.uuid, thumbnails.get(str(info.path)), info)
            self.list.insertItem(row, item)

    def _item(self, name: str, path: Path, uuid: str | None, image: QImage | None,
              info: AttachmentInfo | None = None) -> QListWidgetItem:
        item = QListWidgetItem(self._icon(image), name)
        item.setData(PATH_ROLE, str(path))
        item.setData(UUID_ROLE, uuid)
        item.setData(INFO_ROLE, info)
        item.setToolTip(name)
        return item

    def _icon(self, image: QImage | None) -> QIcon:
        if image is None:
            return self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        return QIcon(QPixmap.fromImage(image))

    def stage(self, paths: list[Path]) -> None:
        for p in paths:
            self.staged.append(p)
            item = self._item(p.name, p, None, None)
            self.list.addItem(item)
        if paths:
            self._staging += 1
            chosen = list(paths)
            self.runner.query(lambda: load_thumbnails(chosen), self._show_thumbnails,
                              lambda _exc: None, owner=self, key=f"stage-{self._staging}")

    def _show_thumbnails(self, thumbnails: dict[str, QImage]) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            image = thumbnails.get(item.data(PATH_ROLE))
            if image is not None and not item.data(UUID_ROLE):
                item.setIcon(self._icon(image))

    def choose_files(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self, _("Add photo or scan…"), "",
            _("Photos and scans (*.jpg *.jpeg *.png *.bmp *.gif *.webp *.tif *.tiff *.pdf)"))
        self.stage([Path(f) for f in files])

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            uuid = item.data(UUID_ROLE)
            if uuid:
                self.removed.append(uuid)
            else:
                path = Path(item.data(PATH_ROLE))
                if path in self.staged:
                    self.staged.remove(path)
            self.list.takeItem(self.list.row(item))

    def _open(self, item: QListWidgetItem) -> None:
        info = item.data(INFO_ROLE)
        path = str(item.data(PATH_ROLE))
        if isinstance(info, AttachmentInfo) and info.sealed:
            try:
                path = str(attachments.viewing_copy(info))
            except SafetyDeskError:
                return
        from safetydesk.ui.system_viewer import open_with_system

        open_with_system(Path(path), self)

    def has_changes(self) -> bool:
        return bool(self.staged or self.removed)
