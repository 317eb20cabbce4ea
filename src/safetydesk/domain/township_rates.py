"""A township's bulletin (通报) of its schools: rates per school and a ranking, never totals.

Each rate is a school's own numerator over its own denominator, by its own rules (a kindergarten
owes drills every three months and no class hours), read from the school's status object
(domain/school_status.py) and facts, so the bulletin agrees with `safetydesk status`:
- 隐患整改率: hazards found this semester (up to the day) that are rectified (rectification
  finished: awaiting verification, verified or struck off), over those found;
- 演练完成率: drills held over drills required so far this semester;
- 家长会完成率: parent meetings held over meetings required this semester;
- 课时完成率: safety-education class hours done over hours required this school year;
- 信息报送及时率: incidents this semester reported on time, over those whose report was due
  (on time, late, or still missing past the deadline; a report whose time has not run out yet
  is not counted either way).
A rate with nothing required does not apply ("—") and stays out of the school's score, the mean
of the rates that apply (0-100). Schools are ranked by score, ties sharing a place; a school with
no rate that applies comes last, unranked.

Pure: no database, no clock. Any thread.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from safetydesk.domain import hazard_flow
from safetydesk.domain.school_status import SchoolFacts, SchoolStatus
from safetydesk.domain.semester import Semester
from safetydesk.i18n import N_

RATE_KEYS = ("hazards", "drills", "parent_meetings", "education_hours", "reporting")
RATE_TITLES = {
    "hazards": N_("Hazard rectification rate"),
    "drills": N_("Drill completion rate"),
    "parent_meetings": N_("Parent meeting completion rate"),
    "education_hours": N_("Class hour completion rate"),
    "reporting": N_("Timely reporting rate"),
}


@dataclass(frozen=True)
class Rate:
    done: float
    required: float

    @property
    def value(self) -> float | None:
        """Done over required, at most 1; None when nothing is required (the rate does not apply)."""
        if self.required <= 0:
            return None
        return min(self.done / self.required, 1.0)

    @property
    def percent(self) -> float | None:
        v = self.value
        return None if v is None else round(v * 100, 1)


@dataclass(frozen=True)
class SchoolRates:
    code: str
    name: str
    school_type: str | None
    as_of: date
    hazards: Rate
    drills: Rate
    parent_meetings: Rate
    education_hours: Rate
    reporting: Rate
    notices_open: int  # not answered or sent back
    notices_overdue: int
    rank: int | None = None

    def rate(self, key: str) -> Rate:
        return getattr(self, key)

    @property
    def score(self) -> float | None:
        values = [v for k in RATE_KEYS if (v := self.rate(k).value) is not None]
        return round(sum(values) / len(values) * 100, 1) if values else None


def _rectified(status: str) -> bool:
    return status not in hazard_flow.UNFINISHED_STATES


def rates(facts: SchoolFacts, status: SchoolStatus, sem: Semester) -> SchoolRates:
    """One school's rates on `status.as_of`, in the semester `sem` (that of the status)."""
    as_of = status.as_of
    found = [h for h in facts.hazards if sem.start <= h.found_on <= as_of]
    inc = status.incidents
    return SchoolRates(
        code=status.code,
        name=status.name,
        school_type=facts.school_type,
        as_of=as_of,
        hazards=Rate(sum(1 for h in found if _rectified(h.status)), len(found)),
        drills=Rate(status.drills.held, status.drills.required),
        parent_meetings=Rate(status.parent_meetings.held, status.parent_meetings.required),
        education_hours=Rate(status.education_hours.held, status.education_hours.required),
        reporting=Rate(inc.on_time, inc.on_time + inc.late + inc.overdue),
        notices_open=status.notices.open + status.notices.sent_back,
        notices_overdue=status.notices.overdue,
    )


def ranked(schools: Iterable[SchoolRates]) -> list[SchoolRates]:
    """Best score first; equal scores share a place (1, 2, 2, 4); schools without a score last."""
    items = sorted(schools, key=lambda r: (r.score is None, -(r.score or 0), r.code))
    out: list[SchoolRates] = []
    for index, r in enumerate(items):
        if r.score is None:
            out.append(replace(r, rank=None))
        elif out and out[-1].score == r.score:
            out.append(replace(r, rank=out[-1].rank))
        else:
            out.append(replace(r, rank=index + 1))
    return out
