"""Every keyboard shortcut of the program, declared once.

Buttons and hints that name a key take its text from here (`Shortcut.keys`, `with_keys`), the
window, pages and dialogs bind it from here (`bind`, `set_on`), Help ▸ Keyboard shortcuts lists
this registry, and a test fires every entry with QTest and checks what it did. A key sequence
registered twice in one window fires neither (Qt's activatedAmbiguously): each window-wide key is
bound ONCE, by the main window, which hands it to the page in front; pages and dialogs bind only
keys of their own windows.

UI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from safetydesk.i18n import N_, _

# Where a shortcut works (N_()-marked; the Help list groups by it).
EVERYWHERE = N_("Main window")
LISTS = N_("Record lists")
FORMS = N_("Forms and dialogs")
DATES = N_("Date fields")
WALKER = N_("Checklist walker")
PREVIEW = N_("Print preview")


@dataclass(frozen=True)
class Shortcut:
    name: str  # stable id (tests, object names)
    sequence: str  # portable form: "Ctrl+S"
    label: str  # N_()-marked: what it does
    where: str  # one of the places above

    def key_sequence(self) -> QKeySequence:
        return QKeySequence(self.sequence)

    @property
    def keys(self) -> str:
        """The keys as the person presses them ("Ctrl+S", "Enter")."""
        text = self.key_sequence().toString(QKeySequence.SequenceFormat.PortableText)
        return text.replace("Return", "Enter") or self.sequence


_ALL: dict[str, Shortcut] = {}


def _register(name: str, sequence: str, label: str, where: str) -> Shortcut:
    if name in _ALL:
        raise ValueError(f"shortcut {name!r} declared twice")
    shortcut = Shortcut(name, sequence, label, where)
    _ALL[name] = shortcut
    return shortcut


NEW_RECORD = _register("new-record", "Ctrl+N", N_("New record on the page in front"), EVERYWHERE)
FIND = _register("find", "Ctrl+F", N_("Search the list in front"), EVERYWHERE)
UNDO_DELETE = _register("undo-delete", "Ctrl+Z", N_("Undo the last deletion"), EVERYWHERE)
DASHBOARD = _register("dashboard", "Ctrl+Home", N_("Go to the dashboard"), EVERYWHERE)
NEW_INCIDENT = _register("new-incident", "Ctrl+Shift+I", N_("New incident (发生事件)"), EVERYWHERE)
REPORTS = _register("reports", "Ctrl+P", N_("Reports and printing"), EVERYWHERE)
GUIDE = _register("guide", "F1", N_("User guide"), EVERYWHERE)
QUIT = _register("quit", "Ctrl+Q", N_("Exit"), EVERYWHERE)
OPEN_RECORD = _register("open-record", "Return", N_("Open the selected record"), LISTS)
DELETE_RECORD = _register("delete-record", "Delete", N_("Delete the selected record (it can be undone)"), LISTS)
SAVE = _register("save", "Ctrl+S", N_("Save"), FORMS)
CANCEL = _register("cancel", "Esc", N_("Cancel (asks before throwing away what was typed)"), FORMS)
CALENDAR = _register("calendar", "F4", N_("Open the calendar"), DATES)
DAY_LATER = _register("day-later", "Up", N_("One day later"), DATES)
DAY_EARLIER = _register("day-earlier", "Down", N_("One day earlier"), DATES)
PASS = _register("walker-pass", "1", N_("The item passes"), WALKER)
FAIL = _register("walker-fail", "2", N_("The item fails (then type what is wrong)"), WALKER)
NOT_APPLICABLE = _register("walker-na", "3", N_("The item does not apply"), WALKER)
NEXT_ITEM = _register("walker-next", "Return", N_("Next item"), WALKER)
SAVE_WALK = _register("walker-save", "Ctrl+Return", N_("Save and log hazards from failed items"), WALKER)
PRINT = _register("print", "Ctrl+P", N_("Print"), PREVIEW)
NEXT_PAGE = _register("next-page", "PgDown", N_("Next page"), PREVIEW)
PREVIOUS_PAGE = _register("previous-page", "PgUp", N_("Previous page"), PREVIEW)


def all_shortcuts() -> tuple[Shortcut, ...]:
    return tuple(_ALL.values())


def with_keys(text: str, shortcut: Shortcut) -> str:
    """A button's text naming its key: "保存 (Ctrl+S)"."""
    return f"{text} ({shortcut.keys})"


def bind(shortcut: Shortcut, widget: QWidget, slot: Callable[[], object],
         context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut) -> QShortcut:
    """A QShortcut on `widget` (by default while its window is active)."""
    sc = QShortcut(shortcut.key_sequence(), widget)
    sc.setObjectName(f"shortcut-{shortcut.name}")
    sc.setContext(context)
    sc.activated.connect(slot)
    return sc


def set_on(action: QAction, shortcut: Shortcut) -> QAction:
    """Give a menu or toolbar action its key (shown in the menu, fired by the window)."""
    action.setShortcut(shortcut.key_sequence())
    return action


def grouped() -> list[tuple[str, list[Shortcut]]]:
    """(place, its shortcuts) in declaration order, places translated: for the Help list."""
    out: dict[str, list[Shortcut]] = {}
    for s in _ALL.values():
        out.setdefault(s.where, []).append(s)
    return [(_(where), items) for where, items in out.items()]
