"""The one date editor of the program (forms, filters, dialogs) and its date-and-time companion.

Why not QDateEdit: a blank QDateEdit is a date in 1900 with "special value" text, so its calendar
opens in January 1900, typing into it gives "(未填)0261201", Ctrl+A does not clear it, and it shows
dates in the locale's short format unless every caller remembers a display format. This editor
is a line edit: blank is empty text under a "(未填)" placeholder that typing replaces, Ctrl+A and
Delete clear it, it understands the forms Chinese users type (i18n.parse_date: 2026-12-01,
2026/12/1, 20261201, 2026年12月1日, 12月1日) and shows every date as 2026-12-01. Its calendar
(the button at its end, F4 or Alt+↓) opens on the chosen date, or on this month: the school's
today (domain.clock, China time), never the PC's clock, which may be in another time zone.
↑/↓ move the date by a day.

UI thread only; no database.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QDate, QPoint, QRect, Qt, QTime, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain import clock
from safetydesk.i18n import LOCAL_TZ, _, edit_date, parse_date

INVALID_STYLE = "QLineEdit { border: 1px solid #c62828; background: #fff5f5; }"


def _calendar_icon() -> QIcon:
    """A small calendar drawn once (no icon theme is certain on a school PC)."""
    pix = QPixmap(16, 16)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setPen(QPen(QColor("#455a64"), 1))
    p.drawRect(QRect(1, 2, 13, 12))
    p.fillRect(QRect(2, 3, 12, 3), QColor("#c62828"))
    for x in (4, 7, 10):
        for y in (8, 11):
            p.fillRect(QRect(x, y, 2, 2), QColor("#455a64"))
    p.end()
    return QIcon(pix)


class CalendarPopup(QFrame):
    """The calendar under a date editor; a click picks the date, Esc or a click outside closes."""

    picked = Signal(object)  # date

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("calendar-popup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setObjectName("calendar")
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.clicked.connect(self._chosen)
        self.calendar.activated.connect(self._chosen)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.calendar)

    def show_at(self, anchor: QWidget, current: date | None) -> None:
        shown = current or clock.today()
        q = QDate(shown.year, shown.month, shown.day)
        self.calendar.setSelectedDate(q)
        self.calendar.setCurrentPage(shown.year, shown.month)
        self.adjustSize()
        below = anchor.mapToGlobal(QPoint(0, anchor.height()))
        screen = anchor.screen().availableGeometry() if anchor.screen() else None
        if screen is not None:
            if below.y() + self.height() > screen.bottom():
                below.setY(anchor.mapToGlobal(QPoint(0, 0)).y() - self.height())
            below.setX(max(screen.left(), min(below.x(), screen.right() - self.width())))
        self.move(below)
        self.show()
        self.calendar.setFocus()

    def _chosen(self, q: QDate) -> None:
        self.picked.emit(date(q.year(), q.month(), q.day()))
        self.close()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)


class DateEdit(QLineEdit):
    """A date, or blank when `optional` (a placeholder says so).

    `edited` fires on every keystroke (forms mark themselves changed and clear an old message);
    `date_changed(date | None)` fires when the date itself changes: a pick in the calendar,
    ↑/↓, a typed date confirmed with Enter/Tab or leaving the field, clearing it, set_date.
    """

    edited = Signal()
    date_changed = Signal(object)  # date | None

    def __init__(self, optional: bool = True, blank_text: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.optional = optional
        self._committed: date | None = None
        self.popup: CalendarPopup | None = None
        self.setPlaceholderText(blank_text or (_("(not set)") if optional else _("e.g. 2026-12-01")))
        self.setToolTip(_("Type a date (2026-12-01, 2026/12/1, 20261201, 12月1日) or press F4 for the calendar."))
        self.setMaxLength(20)
        width = self.fontMetrics().horizontalAdvance("2026-12-28") + 56
        self.setMinimumWidth(max(width, self.fontMetrics().horizontalAdvance(self.placeholderText()) + 48))
        self.setMaximumWidth(max(self.minimumWidth(), 190))
        action = self.addAction(_calendar_icon(), QLineEdit.ActionPosition.TrailingPosition)
        action.setObjectName("open-calendar")
        action.setToolTip(_("Calendar (F4)"))
        action.triggered.connect(self.open_calendar)
        self.textChanged.connect(self._typed)
        self.editingFinished.connect(self.commit)

    # --- value ---------------------------------------------------------------------------------
    def date(self) -> date | None:
        """The date shown or typed (None when blank or not a date)."""
        return parse_date(self.text(), clock.today()) if self.text().strip() else None

    def value(self) -> date | str | None:
        """The date; None when blank; the typed text itself when it is not a date (so that saving
        says, beside the field, what to type)."""
        text = self.text().strip()
        if not text:
            return None
        return parse_date(text, clock.today()) or text

    def is_valid(self) -> bool:
        return not self.text().strip() or self.date() is not None

    def set_date(self, value: date | None) -> None:
        self.setText(edit_date(value) if value else "")
        self.commit()

    def clear_date(self) -> None:
        self.set_date(None)

    # --- typing --------------------------------------------------------------------------------
    def _typed(self, text: str) -> None:
        if self.property("invalid") and self.is_valid():
            self._mark(False)
        self.edited.emit()
        if not text.strip():
            self._emit_if_changed(None)

    def commit(self) -> None:
        """Show a typed date the one way (2026-12-01), or mark text that is not a date."""
        text = self.text().strip()
        if not text:
            self._mark(False)
            self._emit_if_changed(None)
            return
        parsed = parse_date(text, clock.today())
        if parsed is None:
            self._mark(True)
            return
        self._mark(False)
        if self.text() != edit_date(parsed):
            self.blockSignals(True)
            self.setText(edit_date(parsed))
            self.blockSignals(False)
        self._emit_if_changed(parsed)

    def _emit_if_changed(self, value: date | None) -> None:
        if value != self._committed:
            self._committed = value
            self.date_changed.emit(value)

    def _mark(self, invalid: bool) -> None:
        self.setProperty("invalid", invalid)
        self.setStyleSheet(INVALID_STYLE if invalid else "")
        if invalid:
            self.setToolTip(_("“{text}” is not a date. Type it like 2026-12-01.", text=self.text().strip()))
        else:
            self.setToolTip(_("Type a date (2026-12-01, 2026/12/1, 20261201, 12月1日) or press F4 for the calendar."))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier):
            self.open_calendar()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not mods & Qt.KeyboardModifier.AltModifier:
            current = self.date() or clock.today()
            step = 1 if key == Qt.Key.Key_Up else -1
            self.set_date(current + timedelta(days=step) if self.date() else current)
            return
        super().keyPressEvent(event)

    # --- calendar ------------------------------------------------------------------------------
    def open_calendar(self) -> CalendarPopup:
        if self.popup is None:
            self.popup = CalendarPopup(self)
            self.popup.picked.connect(self._picked)
        self.popup.show_at(self, self.date())
        return self.popup

    def _picked(self, value: date) -> None:
        self.set_date(value)
        self.setFocus()


class DateTimeEdit(QWidget):
    """A date (the editor above) and a time (HH:mm) in China Standard Time; the value is an aware
    UTC datetime, None when the date is blank, or the typed text when the date is not one."""

    edited = Signal()

    def __init__(self, optional: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.date_edit = DateEdit(optional, parent=self)
        self.date_edit.setObjectName("date")
        self.time_edit = QTimeEdit(self)
        self.time_edit.setObjectName("time")
        self.time_edit.setDisplayFormat("HH:mm")
        self.time_edit.setMaximumWidth(90)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.date_edit)
        lay.addWidget(self.time_edit)
        lay.addStretch(1)
        self.setFocusProxy(self.date_edit)
        self.date_edit.edited.connect(self.edited)
        self.time_edit.timeChanged.connect(lambda _t: self.edited.emit())

    def value(self) -> datetime | str | None:
        d = self.date_edit.value()
        if d is None or isinstance(d, str):
            return d if d is None else f"{d} {self.time_edit.time().toString('HH:mm')}"
        t = self.time_edit.time()
        local = datetime.combine(d, time(t.hour(), t.minute()), tzinfo=LOCAL_TZ)
        return local.astimezone(UTC)

    def set_value(self, value: Any) -> None:
        if not value:
            self.date_edit.set_date(None)
            self.time_edit.setTime(QTime(0, 0))
            return
        lt = value.astimezone(LOCAL_TZ) if value.tzinfo else value.replace(tzinfo=UTC).astimezone(LOCAL_TZ)
        self.date_edit.set_date(lt.date())
        self.time_edit.setTime(QTime(lt.hour, lt.minute))
