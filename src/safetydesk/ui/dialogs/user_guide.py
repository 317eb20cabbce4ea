"""Help ▸ User guide: short "how to" pages for the safety officer, one per mechanism of the
county notice, plus the keyboard shortcuts generated from ui/shortcuts.py.

The pages are Markdown files in resources/guide/<language>/ (NN-name.md, the first line "# Title"
gives the title), written for a safety officer rather than for IT staff, and bundled with the
program. The dialog shows them with QTextBrowser's Markdown support. UI thread; files only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from safetydesk.i18n import _, current_language
from safetydesk.resources import resource
from safetydesk.ui import shortcuts
from safetydesk.ui.widgets.screen_fit import resize_within_screen

SHORTCUTS_TOPIC = "shortcuts"
TOPIC_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Topic:
    key: str  # file stem without its number ("hazards"), or SHORTCUTS_TOPIC
    title: str
    markdown: str


def guide_folder(lang: str | None = None) -> Path:
    lang = lang or current_language()
    folder = resource("guide") / lang
    return folder if folder.is_dir() else resource("guide") / "zh_CN"


def load_topics(lang: str | None = None) -> list[Topic]:
    """The guide's pages in order, then the keyboard shortcuts."""
    out = []
    for path in sorted(guide_folder(lang).glob("*.md")):
        text = path.read_text(encoding="utf-8")
        first, _sep, _rest = text.partition("\n")
        key = path.stem.split("-", 1)[-1]
        out.append(Topic(key, first.lstrip("# ").strip() or key, text))
    out.append(Topic(SHORTCUTS_TOPIC, _("Keyboard shortcuts"), shortcuts_markdown()))
    return out


def shortcuts_markdown() -> str:
    """The shortcut list, from the registry the program binds its keys from."""
    lines = [f"# {_('Keyboard shortcuts')}", ""]
    for where, items in shortcuts.grouped():
        lines += [f"## {where}", "", f"| {_('Keys')} | {_('What it does')} |", "|---|---|"]
        lines += [f"| {s.keys} | {_(s.label)} |" for s in items]
        lines.append("")
    return "\n".join(lines)


class UserGuideDialog(QDialog):
    """Topics on the left, the page on the right; not modal, so it can stay open beside the work."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("user-guide")
        self.setWindowTitle(_("SafetyDesk user guide"))
        self.setModal(False)
        self.topics = load_topics()
        self.list = QListWidget()
        self.list.setObjectName("guide-topics")
        self.list.setMaximumWidth(300)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for t in self.topics:
            item = QListWidgetItem(t.title)
            item.setData(TOPIC_ROLE, t.key)
            self.list.addItem(item)
        self.page = QTextBrowser()
        self.page.setObjectName("guide-page")
        self.page.setOpenExternalLinks(False)
        self.list.currentRowChanged.connect(self._show_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.list)
        row.addWidget(self.page, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(row, 1)
        lay.addWidget(buttons)
        resize_within_screen(self, 900, 640)
        self.list.setCurrentRow(0)

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.topics):
            self.page.setMarkdown(self.topics[row].markdown)

    def show_topic(self, key: str | None) -> None:
        for row, t in enumerate(self.topics):
            if t.key == key:
                self.list.setCurrentRow(row)
                return
        if key is None and self.list.currentRow() < 0:
            self.list.setCurrentRow(0)

    def current_text(self) -> str:
        return self.page.toPlainText()
