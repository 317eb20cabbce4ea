"""Photos and scans of a record, as thumbnails: add, open, remove.

New files are only staged here; the form stores them on the DB thread together with the save.
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

from safetydesk.i18n import _
from safetydesk.services.attachments import AttachmentInfo

THUMB = 96
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
UUID_ROLE = Qt.ItemDataRole.UserRole + 2


def thumbnail(path: Path, widget: QWidget) -> QIcon:
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
            self._add_item(info.filename, info.path, info.uuid)
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

    def _add_item(self, name: str, path: Path, uuid: str | None) -> None:
        item = QListWidgetItem(thumbnail(path, self), name)
        item.setData(PATH_ROLE, str(path))
        item.setData(UUID_ROLE, uuid)
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
        QDesktopServices.openUrl(QUrl.fromLocalFile(item.data(PATH_ROLE)))

    def has_changes(self) -> bool:
        return bool(self.staged or self.removed)
