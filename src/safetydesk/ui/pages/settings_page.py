"""The 设置 page: the semester calendar and the county's rules (education hours, parent meetings).

Values are read and saved on the database thread (runner.db); only checked values are saved.
Every list filters by semester with the calendar read at query time, so a saved calendar applies
to the next refresh of any list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from safetydesk.domain.semester import DEFAULT_CALENDAR, SemesterCalendar
from safetydesk.errors import ValidationError
from safetydesk.i18n import _
from safetydesk.services import settings
from safetydesk.services.workspace import Workspace
from safetydesk.ui import messages
from safetydesk.ui.tasks import TaskRunner

EDUCATION_HOURS = "education_hours"
PARENT_MEETINGS = "parent_meetings_required"
DEFAULT_EDUCATION_HOURS = {"primary": 14, "middle": 12, "high": 8}
DEFAULT_PARENT_MEETINGS = 2
SCHOOL_LEVELS = ("primary", "middle", "high")
CALENDAR_PARTS = ("autumn_start", "autumn_end", "spring_start", "spring_end")
_CHECK_YEAR = 2027  # not a leap year: a 29 February bound would break three years in four


@dataclass(frozen=True)
class CountySettings:
    calendar: SemesterCalendar = DEFAULT_CALENDAR
    education_hours: tuple[tuple[str, int], ...] = tuple(DEFAULT_EDUCATION_HOURS.items())
    parent_meetings: int = DEFAULT_PARENT_MEETINGS


def load(sessions: Any) -> CountySettings:
    """Database thread."""
    hours = dict(DEFAULT_EDUCATION_HOURS)
    stored = settings.get_setting(sessions, EDUCATION_HOURS) or {}
    if isinstance(stored, dict):
        hours.update({k: int(v) for k, v in stored.items() if k in hours and isinstance(v, int)})
    meetings = settings.get_setting(sessions, PARENT_MEETINGS, DEFAULT_PARENT_MEETINGS)
    return CountySettings(
        settings.semester_calendar(sessions),
        tuple(hours.items()),
        int(meetings) if isinstance(meetings, int) else DEFAULT_PARENT_MEETINGS,
    )


def check(values: CountySettings) -> None:
    """Raise ValidationError (field -> message) unless the values make a usable school year."""
    errors: dict[str, str] = {}
    labels = part_labels()
    bounds: dict[str, date] = {}
    for part in CALENDAR_PARTS:
        month, day = getattr(values.calendar, part)
        try:
            if (month, day) == (2, 29):
                raise ValueError
            bounds[part] = date(_CHECK_YEAR, month, day)
        except ValueError:
            errors[part] = _(
                "{label}: {month}/{day} is not a date in every year.",
                label=labels[part],
                month=month,
                day=day,
            )
    if not errors:
        order = [bounds["autumn_end"], bounds["spring_start"], bounds["spring_end"], bounds["autumn_start"]]
        if order != sorted(order) or len(set(order)) != 4:
            errors["autumn_start"] = _(
                "The dates must follow the school year: the autumn semester ends in January or "
                "February of the next year, before the spring semester starts; the spring semester "
                "ends before the autumn semester starts."
            )
    for level, hours in values.education_hours:
        if not 0 <= hours <= 200:
            errors[f"hours_{level}"] = _("Education hours must be between 0 and 200.")
    if not 0 <= values.parent_meetings <= 20:
        errors["parent_meetings"] = _("Parent meetings must be between 0 and 20.")
    if errors:
        raise ValidationError(" ".join(dict.fromkeys(errors.values())), errors)


def save(sessions: Any, values: CountySettings) -> CountySettings:
    """Database thread: check, then store every value."""
    check(values)
    settings.set_setting(sessions, settings.SEMESTER_CALENDAR, values.calendar.to_setting())
    settings.set_setting(sessions, EDUCATION_HOURS, dict(values.education_hours))
    settings.set_setting(sessions, PARENT_MEETINGS, values.parent_meetings)
    return values


def part_labels() -> dict[str, str]:
    return {
        "autumn_start": _("Autumn semester starts"),
        "autumn_end": _("Autumn semester ends"),
        "spring_start": _("Spring semester starts"),
        "spring_end": _("Spring semester ends"),
    }


def level_labels() -> dict[str, str]:
    return {"primary": _("Primary school"), "middle": _("Middle school"), "high": _("High school")}


class MonthDay(QWidget):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.month = QSpinBox(minimum=1, maximum=12)
        self.month.setObjectName(f"{name}-month")
        self.month.setSuffix(_(" month"))
        self.day = QSpinBox(minimum=1, maximum=31)
        self.day.setObjectName(f"{name}-day")
        self.day.setSuffix(_(" day"))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.month)
        lay.addWidget(self.day)
        lay.addStretch(1)

    def value(self) -> tuple[int, int]:
        return self.month.value(), self.day.value()

    def set_value(self, md: tuple[int, int]) -> None:
        self.month.setValue(md[0])
        self.day.setValue(md[1])


class SettingsPage(QWidget):
    saved = Signal(object)  # CountySettings, after they were stored

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.runner = workspace, runner
        self.setObjectName("page-settings")
        self.loaded = False

        cal_box = QGroupBox(_("Semester calendar"))
        cal_form = QFormLayout(cal_box)
        self.calendar_edits: dict[str, MonthDay] = {}
        labels = part_labels()
        for part in CALENDAR_PARTS:
            edit = MonthDay(part)
            self.calendar_edits[part] = edit
            cal_form.addRow(labels[part], edit)
        cal_form.addRow(
            QLabel(
                _(
                    "Every list's semester filter uses these dates. The autumn "
                    "semester ends in the following year."
                )
            )
        )

        rules_box = QGroupBox(_("County rules"))
        rules_form = QFormLayout(rules_box)
        self.hours_edits: dict[str, QSpinBox] = {}
        for level, label in level_labels().items():
            spin = QSpinBox(minimum=0, maximum=200)
            spin.setObjectName(f"hours-{level}")
            spin.setSuffix(_(" hours"))
            self.hours_edits[level] = spin
            rules_form.addRow(_("Safety education hours per school year, {level}", level=label), spin)
        self.meetings_edit = QSpinBox(minimum=0, maximum=20)
        self.meetings_edit.setObjectName("parent-meetings")
        rules_form.addRow(_("Parent meetings required per semester"), self.meetings_edit)

        self.error_label = QLabel()
        self.error_label.setObjectName("settings-error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828")
        self.save_button = QPushButton(_("Save settings"))
        self.save_button.setObjectName("save-settings")
        self.save_button.clicked.connect(self.save)
        self.defaults_button = QPushButton(_("Restore defaults"))
        self.defaults_button.clicked.connect(lambda: self.show_values(CountySettings()))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.defaults_button)
        buttons.addWidget(self.save_button)

        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(f"<h2>{_('Settings')}</h2>"))
        lay.addWidget(cal_box)
        lay.addWidget(rules_box)
        lay.addWidget(self.error_label)
        lay.addLayout(buttons)
        lay.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        sessions = self.workspace.sessions
        self.runner.db(lambda: load(sessions), self._loaded)

    def _loaded(self, values: CountySettings) -> None:
        self.show_values(values)
        self.loaded = True

    kinds_shown: frozenset[str] = frozenset()  # no record kind: refreshed only when asked

    def show_values(self, values: CountySettings) -> None:
        for part, edit in self.calendar_edits.items():
            edit.set_value(getattr(values.calendar, part))
        for level, hours in values.education_hours:
            if level in self.hours_edits:
                self.hours_edits[level].setValue(hours)
        self.meetings_edit.setValue(values.parent_meetings)
        self.error_label.clear()
        self._mark({})

    def values(self) -> CountySettings:
        cal = SemesterCalendar(**{part: edit.value() for part, edit in self.calendar_edits.items()})
        hours = tuple((level, spin.value()) for level, spin in self.hours_edits.items())
        return CountySettings(cal, hours, self.meetings_edit.value())

    def _editors(self) -> dict[str, QWidget]:
        out: dict[str, QWidget] = dict(self.calendar_edits)
        out.update({f"hours_{level}": spin for level, spin in self.hours_edits.items()})
        out["parent_meetings"] = self.meetings_edit
        return out

    def _mark(self, errors: dict[str, str]) -> None:
        """Outline the fields in error and put their message in the tooltip."""
        for name, widget in self._editors().items():
            message = errors.get(name, "")
            widget.setStyleSheet("QSpinBox { border: 1px solid #c62828; }" if message else "")
            widget.setToolTip(message)

    def save(self) -> None:
        values = self.values()
        try:
            check(values)
        except ValidationError as exc:
            self.error_label.setText(exc.user_message)
            self._mark(exc.field_errors)
            return
        self.error_label.clear()
        self._mark({})
        sessions = self.workspace.sessions
        self.save_button.setEnabled(False)

        def done(result: CountySettings) -> None:
            self.save_button.setEnabled(True)
            self.saved.emit(result)

        def failed(exc: BaseException) -> None:
            self.save_button.setEnabled(True)
            messages.show_error(self, exc)

        self.runner.db(lambda: save(sessions, values), done, failed)
