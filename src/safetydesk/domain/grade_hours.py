"""Safety education hours per grade, and parent meetings per class: pure rules.

Hours per grade. The hours a school owes (domain.md §4 [S31]: local rules after 国办发〔2017〕35号,
default 14/12/8 a school year for primary, middle and high school) are hours each pupil receives,
so they are counted for each grade: a session counts for the grades its "classes or grades" names
(kinds/education.py keeps it as the text a teacher writes: 全校, 全校各班, 四至六年级, 五、六年级,
三（1）班, 初二, or a class's own name). Text that names no grade we can read is counted for none
and said so ("unassigned"), never guessed. Each grade needs its level's hours (grades 1–6 primary,
7–9 middle, 10–12 high); kindergartens owe none. A county rule turns this on (default on).

Parent meetings per class. The notice asks for two parent meetings a semester per school; a county
may ask it per class (domain.md "Rules": "per class if the county says so"; §5). A whole-school
meeting counts for every class, a grade meeting for the classes of the grades it names, a class
meeting for the classes it names. Default off.

The grades a school has come from its classes (their `grade`, else their name), or, with no
classes recorded, from its type. Pure: no database, no clock. Any thread.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from safetydesk.domain.compliance import ComplianceRules, State, count_state, school_year_of
from safetydesk.domain.semester import DEFAULT_CALENDAR, Semester, SemesterCalendar, current_or_next
from safetydesk.i18n import N_, _

KINDERGARTEN = "kindergarten"
DEFAULT_GRADES = {
    "primary": range(1, 7),
    "teaching_point": range(1, 7),
    "nine_year": range(1, 10),
    "middle": range(7, 10),
    "high": range(10, 13),
}
WHOLE_SCHOOL = re.compile(r"全校|全体|全部|所有年级|各年级|全年级")
EVERY_CLASS = re.compile(r"各班|所有班")  # the whole school, unless a grade is named with it
_NUM = r"(?:十[一二]?|[一二三四五六七八九]|1[0-2]|[1-9])"
_PREFIXED = rf"(?:[初高]{_NUM})"
_GRADE = rf"(?:{_PREFIXED}|{_NUM})"
_SEP = r"\s*(?:至|到|—|–|-|~|～)\s*"
_LIST_SEP = r"\s*(?:、|，|,|和|与|及|/|／)\s*"
PATTERNS = (
    ("range", re.compile(rf"({_GRADE}){_SEP}({_GRADE})\s*年级")),
    ("prefixed_range", re.compile(rf"({_PREFIXED}){_SEP}({_PREFIXED})")),
    ("list", re.compile(rf"((?:{_GRADE}{_LIST_SEP})+{_GRADE})\s*年级")),
    ("class", re.compile(rf"({_GRADE})\s*(?:年级)?\s*[（(]\s*(\d{{1,2}})\s*[)）]\s*班?")),
    ("class_plain", re.compile(rf"({_GRADE})\s*年级\s*(\d{{1,2}})\s*班")),
    ("grade", re.compile(rf"({_GRADE})\s*年级")),
    ("prefixed", re.compile(rf"({_PREFIXED})(?![年（(\d])")),
)
_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
           "十一": 11, "十二": 12}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def grade_number(text: str) -> int | None:
    """一 → 1, 六 → 6, 初二 → 8, 高一 → 10, 7 → 7."""
    text = text.strip()
    offset = 0
    if text[:1] in ("初", "高"):
        offset = 6 if text[0] == "初" else 9
        text = text[1:]
    n = int(text) if text.isdigit() else _DIGITS.get(text)
    if n is None or not 1 <= n + offset <= 12 or (offset and n > 3):  # 初一–初三, 高一–高三
        return None
    return n + offset


def level_of(grade: int) -> str:
    return "primary" if grade <= 6 else "middle" if grade <= 9 else "high"


GRADE_LABELS = (
    N_("Grade 1"), N_("Grade 2"), N_("Grade 3"), N_("Grade 4"), N_("Grade 5"), N_("Grade 6"),
    N_("Grade 7"), N_("Grade 8"), N_("Grade 9"), N_("Senior 1"), N_("Senior 2"), N_("Senior 3"),
)


def grade_label(grade: int) -> str:
    return _(GRADE_LABELS[grade - 1])


@dataclass(frozen=True)
class ClassFacts:
    name: str
    grade: str | None  # as the class register writes it (一年级, 初二, 7)


@dataclass(frozen=True)
class Mentions:
    """What a "classes or grades" text names: whole school, grades, classes (grade, number)."""

    whole_school: bool = False
    grades: frozenset[int] = frozenset()
    classes: frozenset[tuple[int, int]] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.whole_school or self.grades or self.classes)


def read_mentions(text: str | None) -> Mentions:
    """The grades and classes a teacher's text names (see the module docstring's examples)."""
    if not text:
        return Mentions()
    text = text.translate(_FULL_WIDTH)
    if WHOLE_SCHOOL.search(text):
        return Mentions(whole_school=True)
    grades: set[int] = set()
    classes: set[tuple[int, int]] = set()
    taken = [False] * len(text)
    for name, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            for i in range(m.start(), m.end()):
                taken[i] = True
            if name in ("range", "prefixed_range"):
                a, b = grade_number(m.group(1)), grade_number(m.group(2))
                if a is not None and b is not None and a <= b:
                    grades.update(range(a, b + 1))
            elif name == "list":
                parts = re.split(_LIST_SEP, m.group(1))
                grades.update(g for g in (grade_number(p) for p in parts) if g is not None)
            elif name in ("class", "class_plain"):
                g = grade_number(m.group(1))
                if g is not None:
                    classes.add((g, int(m.group(2))))
            else:
                g = grade_number(m.group(1))
                if g is not None:
                    grades.add(g)
    if not grades and not classes and EVERY_CLASS.search(text):
        return Mentions(whole_school=True)
    return Mentions(False, frozenset(grades), frozenset(classes))


def class_grade(c: ClassFacts) -> int | None:
    """A class's grade from the register's grade, else from its name."""
    for text in (c.grade, c.name):
        m = read_mentions(text)
        found = set(m.grades) | {g for g, _n in m.classes}
        if len(found) == 1:
            return found.pop()
    return None


def class_key(c: ClassFacts) -> tuple[int, int] | None:
    m = read_mentions(c.name)
    return next(iter(m.classes)) if len(m.classes) == 1 else None


def school_grades(classes: Sequence[ClassFacts], school_type: str | None) -> list[int]:
    if school_type == KINDERGARTEN:
        return []
    found = {g for g in (class_grade(c) for c in classes) if g is not None}
    if found:
        return sorted(found)
    return list(DEFAULT_GRADES.get(school_type or "primary", DEFAULT_GRADES["primary"]))


def grades_named(text: str | None, grades: Sequence[int], classes: Sequence[ClassFacts]) -> set[int]:
    """The school's grades a text names: all of them for the whole school; a class's grade for a
    class (by its number or its exact name)."""
    m = read_mentions(text)
    if m.whole_school:
        return set(grades)
    named = set(m.grades) | {g for g, _n in m.classes}
    for c in classes:
        if text and c.name and c.name in text:
            g = class_grade(c)
            if g is not None:
                named.add(g)
    return named & set(grades)


# --- hours per grade ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionFacts:
    uuid: str
    held_on: date
    classes: str | None
    hours: float | None
    theme: str | None = None


@dataclass(frozen=True)
class GradeHours:
    grade: int
    done: float
    required: float
    state: State

    @property
    def label(self) -> str:
        return grade_label(self.grade)


@dataclass(frozen=True)
class HoursByGrade:
    grades: tuple[GradeHours, ...]
    unassigned: float  # hours of sessions whose text names no grade of the school
    start: date
    end: date

    @property
    def state(self) -> State:
        """The worst grade's state."""
        order = (State.OVERDUE, State.DUE, State.NOT_SCHEDULED, State.DONE)
        found = {g.state for g in self.grades}
        return next((s for s in order if s in found), State.NOT_SCHEDULED)


def hours_by_grade(
    sessions: Iterable[SessionFacts],
    today: date,
    rules: ComplianceRules,
    classes: Sequence[ClassFacts],
    school_type: str | None,
    cal: SemesterCalendar = DEFAULT_CALENDAR,
) -> HoursByGrade:
    """Each grade's hours this school year (sessions dated up to `today`)."""
    start, end = school_year_of(today, cal)
    grades = school_grades(classes, school_type)
    done = dict.fromkeys(grades, 0.0)
    unassigned = 0.0
    for s in sessions:
        if not start <= s.held_on <= min(end, today):
            continue
        hours = float(s.hours or 0)
        named = grades_named(s.classes, grades, classes)
        if not named:
            unassigned += hours
        for g in named:
            done[g] += hours
    out = []
    for g in grades:
        required = float(rules.education_hours.get(level_of(g), 0))
        out.append(GradeHours(g, done[g], required, count_state(done[g], required, today, start, end)))
    return HoursByGrade(tuple(out), unassigned, start, end)


# --- parent meetings per class --------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingFacts:
    held_on: date
    scope: str  # school | grade | class (kinds/home_school.py)
    classes: str | None


@dataclass(frozen=True)
class ClassMeetings:
    name: str
    held: int
    required: int
    state: State


def meetings_by_class(
    meetings: Iterable[MeetingFacts],
    today: date,
    rules: ComplianceRules,
    classes: Sequence[ClassFacts],
    cal: SemesterCalendar = DEFAULT_CALENDAR,
    sem: Semester | None = None,
) -> list[ClassMeetings]:
    """Each class's parent meetings this semester (meetings dated up to `today`)."""
    sem = sem or current_or_next(today, cal)
    held: dict[str, int] = {c.name: 0 for c in classes}
    for m in meetings:
        if not sem.start <= m.held_on <= min(sem.end, today):
            continue
        for c in classes_of_meeting(m, classes):
            held[c.name] += 1
    required = rules.parent_meetings_per_semester
    return [
        ClassMeetings(c.name, held[c.name], required, count_state(held[c.name], required, today, sem.start, sem.end))
        for c in classes
    ]


def classes_of_meeting(m: MeetingFacts, classes: Sequence[ClassFacts]) -> list[ClassFacts]:
    mentions = read_mentions(m.classes)
    if m.scope == "school" or mentions.whole_school:
        return list(classes)
    def named(c: ClassFacts) -> bool:
        by_name = bool(m.classes and c.name and c.name in m.classes)
        by_grade = m.scope == "grade" and class_grade(c) in mentions.grades
        key = class_key(c)
        return by_name or by_grade or (key is not None and key in mentions.classes)

    return [c for c in classes if named(c)]


def worst(states: Iterable[State]) -> State:
    found = set(states)
    order = (State.OVERDUE, State.DUE, State.NOT_SCHEDULED, State.DONE)
    return next((s for s in order if s in found), State.NOT_SCHEDULED)


def short_list(items: Mapping[str, str], limit: int = 6) -> str:
    """"一年级 6/14、二年级 6/14…": at most `limit` entries, then an ellipsis."""
    shown = [f"{k} {v}" for k, v in list(items.items())[:limit]]
    return _(", ").join(shown) + ("…" if len(items) > limit else "")
