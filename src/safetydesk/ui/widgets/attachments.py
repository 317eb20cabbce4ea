"""Photos and scans of a record, as thumbnails: add, open, remove.

New files are only staged here; the form stores them on the DB thread together with the save.
An attachment of a protected record is encrypted at rest: its thumbnail is made from the opened
bytes in memory, and opening it hands the viewer a temporary copy (services.attachments).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon, QPixmap
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

THUMB = 96
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
UUID_ROLE = Qt.ItemDataRole.UserRole + 2
INFO_ROLE = Qt.ItemDataRole.UserRole + 3


def thumbnail(path: Path, widget: QWidget, info: AttachmentInfo | None = None) -> QIcon:
    pixmap = QPixmap()
    if info is not None and info.sealed:
        try:
            pixmap.loadFromData(info.content())
        except SafetyDeskError:
            pixmap = QPixmap()
    else:
        pixmap = QPixmap(str(path))
    if pixmap.isNull():
        return widget.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
    return QIcon(pixmap.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                               Qt.TransformationMode.SmoothTransformation))


class AttachmentsBox(QWidget):
    def __init__(self, existing: list[AttachmentInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachments")
        self.list = QListWidget()
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setMaximumHeight(THUMB + 48)
        self.list.itemDoubleClicked.connect(self._open)
        self.staged: list[Path] = []
        self.removed: list[str] = []
        for info in existing:
            self._add_item(info.filename, info.path, info.uuid, info)
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

    def _add_item(self, name: str, path: Path, uuid: str | None, info: AttachmentInfo | None = None) -> None:
        item = QListWidgetItem(thumbnail(path, self, info), name)
        item.setData(PATH_ROLE, str(path))
        item.setData(UUID_ROLE, uuid)
        item.setData(INFO_ROLE, info)
        item.setToolTip(name)
        self.list.addItem(item)

    def stage(self, paths: list[Path]) -> None:
        for p in paths:
            self.staged.append(p)
            self._add_item(p.name, p, None)

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
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def has_changes(self) -> bool:
        return bool(self.staged or self.removed)
