"""The township centre's own duties under the county notice: its meetings (学校安全工作联席会议,
综治专项组) with minutes (mechanism 11), and the structured assessment sheet (考核评分表) with
which it scores each school (mechanism 12). Both are township-owned.

Source: the county notice (reference/anyang-county-school-safety-notice-2023.txt) names the
township's coordination meetings and the assessment of schools among its mechanisms (domain.md
table, mechanisms 11 and 12; §10 "考核与奖惩" in the responsibility letters [S65][S66]).

Why the sheet's items are lines of one record (项目｜满分｜得分｜佐证材料) rather than a child kind:
a township's row that names a school in `school_code` travels only to that school
(sync/export.py); child rows without it would go to every school, whose import would then refuse
them for pointing at a sheet it never received. The lines are checked like a paper sheet is: each
line's points between 0 and its full marks, the full marks adding up to the sheet's, and the total
equal to the sum of the points. The school-owned `assessment_score` (kinds/responsibility.py)
stays the school's own note of the result it received.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.registry import RecordKind, register
from safetydesk.i18n import N_, _
from safetydesk.kinds._shared import order_error
from safetydesk.models.base import Base, SyncedRecord

MEETING_TYPES = choices(
    ("joint_conference", N_("School safety joint conference")),
    ("governance_group", N_("Comprehensive governance task group")),
    ("other", N_("Other safety meeting")),
)

ASSESSMENT_GRADES = choices(
    ("excellent", N_("Excellent")),
    ("good", N_("Good")),
    ("pass", N_("Pass")),
    ("fail", N_("Fail")),
)

ITEM_SEPARATOR = re.compile(r"\s*[｜|]\s*")
TOLERANCE = 0.005


# --- meetings -------------------------------------------------------------------------------------


class TownshipMeeting(SyncedRecord, Base):
    __tablename__ = "township_meeting"

    meeting_type: Mapped[str] = mapped_column(String(32), index=True)
    held_on: Mapped[date] = mapped_column(index=True)
    topic: Mapped[str] = mapped_column(String(100))
    place: Mapped[str | None] = mapped_column(String(100), default=None)
    chair: Mapped[str | None] = mapped_column(String(50), default=None)
    attendees: Mapped[str | None] = mapped_column(String(500), default=None)
    minutes: Mapped[str] = mapped_column(Text)
    decisions: Mapped[str | None] = mapped_column(Text, default=None)
    follow_up_by: Mapped[date | None] = mapped_column(default=None)
    recorder: Mapped[str | None] = mapped_column(String(50), default=None)


def _validate_meeting(values: Mapping[str, Any]) -> dict[str, str]:
    return order_error(
        values, "held_on", "follow_up_by", _("The decisions cannot be due before the meeting was held.")
    )


TOWNSHIP_MEETING = register(
    RecordKind(
        key="township_meeting",
        title=N_("Joint conferences and task-group meetings"),
        mechanism=11,
        model=TownshipMeeting,
        title_field="topic",
        date_field="held_on",
        owner_role="township",
        validate=_validate_meeting,
        fields=(
            Field("held_on", N_("Date"), FieldKind.DATE, required=True, width=11),
            Field(
                "meeting_type",
                N_("Type of meeting"),
                FieldKind.CHOICE,
                required=True,
                choices=MEETING_TYPES,
                filter=True,
                width=14,
            ),
            Field("topic", N_("Topic"), FieldKind.TEXT, required=True, max_length=100, width=24),
            Field("place", N_("Place"), FieldKind.TEXT, max_length=100, width=12),
            Field("chair", N_("Chaired by"), FieldKind.TEXT, max_length=50, width=8),
            Field("attendees", N_("Units and people attending"), FieldKind.TEXT, max_length=500, width=28),
            Field(
                "minutes",
                N_("Minutes of the meeting"),
                FieldKind.LONG_TEXT,
                required=True,
                in_table=False,
                max_length=20_000,
                width=40,
            ),
            Field(
                "decisions",
                N_("Decisions taken"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=5000,
                width=40,
            ),
            Field("follow_up_by", N_("Decisions carried out by"), FieldKind.DATE, width=11),
            Field("recorder", N_("Minutes taken by"), FieldKind.TEXT, max_length=50, in_table=False, width=8),
        ),
    )
)


# --- assessment sheet -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentItem:
    item: str
    full_marks: float
    points: float
    evidence: str


class ItemError(ValueError):
    """A line of the sheet that cannot be read; the message is translated."""


def _number(text: str, line: int) -> float:
    try:
        return float(text)
    except ValueError:
        raise ItemError(_("Line {line}: {text} is not a number.", line=line, text=text or "—")) from None


def parse_items(text: str | None) -> list[AssessmentItem]:
    """The sheet's lines "项目｜满分｜得分｜佐证材料" as items; raises ItemError on a bad line."""
    items = []
    for line, raw in enumerate((text or "").splitlines(), 1):
        if not raw.strip():
            continue
        parts = ITEM_SEPARATOR.split(raw.strip(), maxsplit=3)
        if len(parts) < 3 or not parts[0]:
            raise ItemError(
                _("Line {line}: write the item, its full marks and the points, separated by ｜.", line=line)
            )
        full, points = _number(parts[1], line), _number(parts[2], line)
        if full <= 0:
            raise ItemError(_("Line {line}: the full marks must be more than 0.", line=line))
        if not 0 <= points <= full:
            raise ItemError(
                _("Line {line}: the points must be between 0 and the item's full marks.", line=line)
            )
        items.append(AssessmentItem(parts[0], full, points, parts[3] if len(parts) > 3 else ""))
    return items


def _shown(number: float) -> str:
    return f"{number:g}"


def _validate_sheet(values: Mapping[str, Any]) -> dict[str, str]:
    try:
        items = parse_items(values.get("items"))
    except ItemError as exc:
        return {"items": str(exc)}
    if not items:
        return {}
    errors: dict[str, str] = {}
    full = sum(i.full_marks for i in items)
    if values.get("full_marks") is not None and abs(full - values["full_marks"]) > TOLERANCE:
        errors["full_marks"] = _(
            "The items' full marks add up to {sum}, not {full}.",
            sum=_shown(full),
            full=_shown(values["full_marks"]),
        )
    total = sum(i.points for i in items)
    if values.get("total_score") is not None and abs(total - values["total_score"]) > TOLERANCE:
        errors["total_score"] = _(
            "The items' points add up to {sum}; enter that as the total.", sum=_shown(total)
        )
    return errors


class AssessmentSheet(SyncedRecord, Base):
    __tablename__ = "assessment_sheet"

    title: Mapped[str] = mapped_column(String(100))
    school_code: Mapped[str | None] = mapped_column(String(32), default=None, index=True)
    school_name: Mapped[str] = mapped_column(String(100))
    period: Mapped[str] = mapped_column(String(30), index=True)
    assessed_on: Mapped[date] = mapped_column(index=True)
    assessors: Mapped[str | None] = mapped_column(String(200), default=None)
    items: Mapped[str] = mapped_column(Text)
    full_marks: Mapped[float] = mapped_column(Float, default=100.0)
    total_score: Mapped[float] = mapped_column(Float)
    grade: Mapped[str | None] = mapped_column(String(32), default=None)
    remarks: Mapped[str | None] = mapped_column(Text, default=None)


ASSESSMENT_SHEET = register(
    RecordKind(
        key="assessment_sheet",
        title=N_("Safety work assessment sheets"),
        mechanism=12,
        model=AssessmentSheet,
        title_field="title",
        date_field="assessed_on",
        owner_role="township",
        validate=_validate_sheet,
        fields=(
            Field("title", N_("Title"), FieldKind.TEXT, required=True, max_length=100, width=24),
            Field("school_code", N_("School code"), FieldKind.TEXT, max_length=32, in_table=False, width=12),
            Field("school_name", N_("School"), FieldKind.TEXT, required=True, max_length=100, width=16),
            Field(
                "period",
                N_("Assessment period"),
                FieldKind.TEXT,
                required=True,
                max_length=30,
                filter=True,
                width=14,
            ),
            Field("assessed_on", N_("Date assessed"), FieldKind.DATE, required=True, width=11),
            Field("assessors", N_("Assessment team"), FieldKind.TEXT, max_length=200, width=16),
            Field(
                "items",
                N_("Items (item｜full marks｜points｜evidence)"),
                FieldKind.LONG_TEXT,
                required=True,
                in_table=False,
                max_length=20_000,
                width=40,
                help=N_("One item per line, e.g. 隐患排查整改｜20｜18｜台账齐全，1项逾期扣2分"),
            ),
            Field(
                "full_marks",
                N_("Full marks"),
                FieldKind.DECIMAL,
                required=True,
                min_value=1,
                max_value=1000,
                default=100.0,
                width=6,
            ),
            Field(
                "total_score",
                N_("Total score"),
                FieldKind.DECIMAL,
                required=True,
                min_value=0,
                max_value=1000,
                width=6,
            ),
            Field(
                "grade",
                N_("Assessment result"),
                FieldKind.CHOICE,
                choices=ASSESSMENT_GRADES,
                filter=True,
                width=6,
            ),
            Field(
                "remarks",
                N_("Problems found and what must be put right"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=5000,
                width=40,
            ),
        ),
    )
)
