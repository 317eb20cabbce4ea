"""The semester calendar: a county setting (domain.md §12, all defaults marked U).

A semester is named "YYYY-autumn" (starts in year YYYY, ends the next January) or
"YYYY-spring". Dates between semesters (holidays) belong to no semester.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from safetydesk.i18n import _

SEMESTER_RE = re.compile(r"(\d{4})-(autumn|spring)")  # always fullmatch


@dataclass(frozen=True)
class SemesterCalendar:
    """Month/day bounds, inclusive. Autumn ends in the following calendar year."""

    autumn_start: tuple[int, int] = (9, 1)
    autumn_end: tuple[int, int] = (1, 20)
    spring_start: tuple[int, int] = (2, 15)
    spring_end: tuple[int, int] = (7, 10)

    def to_setting(self) -> dict[str, list[int]]:
        return {k: list(getattr(self, k)) for k in ("autumn_start", "autumn_end", "spring_start",
                                                    "spring_end")}

    @classmethod
    def from_setting(cls, value: dict | None) -> SemesterCalendar:
        if not value:
            return cls()
        return cls(**{k: tuple(v) for k, v in value.items() if k in cls.__dataclass_fields__})


DEFAULT_CALENDAR = SemesterCalendar()


@dataclass(frozen=True)
class Semester:
    key: str
    start: date
    end: date

    @property
    def label(self) -> str:
        year, season = SEMESTER_RE.fullmatch(self.key).groups()  # type: ignore[union-attr]
        if season == "autumn":
            return _("{year} autumn semester", year=year)
        return _("{year} spring semester", year=year)


def semester(key: str, cal: SemesterCalendar = DEFAULT_CALENDAR) -> Semester:
    m = SEMESTER_RE.fullmatch(key)
    if not m:
        raise ValueError(_("Unknown semester {key}; write it like 2026-autumn or 2027-spring.", key=key))
    year, season = int(m.group(1)), m.group(2)
    if season == "autumn":
        return Semester(key, date(year, *cal.autumn_start), date(year + 1, *cal.autumn_end))
    return Semester(key, date(year, *cal.spring_start), date(year, *cal.spring_end))


def semester_of(d: date, cal: SemesterCalendar = DEFAULT_CALENDAR) -> Semester | None:
    for key in (f"{d.year}-autumn", f"{d.year - 1}-autumn", f"{d.year}-spring"):
        s = semester(key, cal)
        if s.start <= d <= s.end:
            return s
    return None


def current_or_next(d: date, cal: SemesterCalendar = DEFAULT_CALENDAR) -> Semester:
    """The semester containing `d`, or during a holiday the one that just ended."""
    found = semester_of(d, cal)
    if found:
        return found
    spring = semester(f"{d.year}-spring", cal)
    if d < spring.start:
        return semester(f"{d.year - 1}-autumn", cal)
    if d > spring.end and d < semester(f"{d.year}-autumn", cal).start:
        return spring
    return semester(f"{d.year}-autumn", cal)


def recent_semesters(d: date, count: int = 6, cal: SemesterCalendar = DEFAULT_CALENDAR) -> list[Semester]:
    """The current semester and the ones before it, newest first."""
    out = [current_or_next(d, cal)]
    while len(out) < count:
        prev = out[-1]
        year, season = SEMESTER_RE.fullmatch(prev.key).groups()  # type: ignore[union-attr]
        key = f"{year}-spring" if season == "autumn" else f"{int(year) - 1}-autumn"
        out.append(semester(key, cal))
    return out
