"""Drowning prevention (防溺水), seasonal work: the letter to parents and its receipts per class
(mechanism 2), the register of dangerous waters near the school and their patrols (mechanism 3).

Sources (domain.md §13 "防溺水“六不”", §4, §2): a letter to parents with a returned receipt
(告家长书及回执), a survey of dangerous waters with warning signs (重点水域排查与警示), and special
education before the holidays are common practice, set each year by the county's notice (**U**);
the duty to teach pupils about drowning (with traffic and fire) is 《中小学幼儿园安全管理办法》
第四十一条 [S29], and education before the holidays its 第三十九条 [S29] (domain.md §4). §4 lists
"家长告知书回执（如防溺水告知书）" among the records of safety education, and §2 lists
"防溺水（重点水域巡查、警示牌）" among the checks a school keeps. The 六不 education itself is an
education_session whose `theme` is "drowning" (kinds/education.py), so its hours count with the
rest of the school's safety education.

The rules that read these records: drowning_letter.sent_on / sent_count / returned_count per
class_uuid, water_area.signs_in_place and the latest water_patrol.patrolled_on per area give the
campaign's progress from May to September (domain/drowning_campaign.py, county rule
campaign.drowning_period); the letter and a 六不 lesson before each holiday
(domain/education_calendar.py, campaign.holiday_notice_days).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.registry import RecordKind, register
from safetydesk.i18n import N_, _
from safetydesk.kinds._shared import RISK_LEVELS, class_ref, order_error, record_ref, staff_ref
from safetydesk.models.base import Base, SyncedRecord

LETTER_OCCASIONS = choices(
    ("summer", N_("Summer holiday")),
    ("winter", N_("Winter holiday")),
    ("short_holiday", N_("Short holiday (May Day, Dragon Boat, National Day)")),
    ("weekend", N_("Weekends in the swimming season")),
    ("other", N_("Other")),
)

WATER_TYPES = choices(
    ("river", N_("River or stream")),
    ("pond", N_("Pond")),
    ("reservoir", N_("Reservoir")),
    ("canal", N_("Canal or ditch")),
    ("pit", N_("Flooded pit (sand, brick or construction pit)")),
    ("well", N_("Well or cellar")),
    ("other", N_("Other")),
)


# --- letter to parents and its receipts, per class --------------------------------------------------


class DrowningLetter(SyncedRecord, Base):
    __tablename__ = "drowning_letter"

    batch: Mapped[str] = mapped_column(String(100))
    occasion: Mapped[str] = mapped_column(String(32), index=True)
    class_uuid: Mapped[str] = class_ref(nullable=False)
    teacher_uuid: Mapped[str | None] = staff_ref()
    sent_on: Mapped[date] = mapped_column(index=True)
    sent_count: Mapped[int] = mapped_column(Integer)
    returned_count: Mapped[int] = mapped_column(Integer, default=0)
    receipts_due: Mapped[date | None] = mapped_column(default=None)
    not_returned_follow_up: Mapped[str | None] = mapped_column(Text, default=None)


def _validate_letter(values: Mapping[str, Any]) -> dict[str, str]:
    errors = order_error(
        values, "sent_on", "receipts_due", _("Receipts cannot be due before the letter was sent.")
    )
    sent, returned = values.get("sent_count"), values.get("returned_count")
    if sent is not None and returned is not None and returned > sent:
        errors["returned_count"] = _(
            "More receipts ({returned}) than letters sent ({sent}): check the two numbers.",
            returned=returned,
            sent=sent,
        )
    return errors


DROWNING_LETTER = register(
    RecordKind(
        key="drowning_letter",
        title=N_("Drowning-prevention letters to parents"),
        mechanism=2,
        model=DrowningLetter,
        title_field="batch",
        date_field="sent_on",
        class_field="class_uuid",
        unique_together=("batch", "class_uuid"),
        validate=_validate_letter,
        fields=(
            Field(
                "batch",
                N_("Letter name"),
                FieldKind.TEXT,
                required=True,
                max_length=100,
                width=24,
                help=N_("The same name for every class, e.g. 2027年暑假防溺水致家长的一封信"),
            ),
            Field(
                "occasion",
                N_("Occasion"),
                FieldKind.CHOICE,
                required=True,
                choices=LETTER_OCCASIONS,
                filter=True,
                width=10,
            ),
            Field("class_uuid", N_("Class"), FieldKind.CLASS, required=True, filter=True, width=14),
            Field("teacher_uuid", N_("Class teacher"), FieldKind.STAFF, width=10),
            Field("sent_on", N_("Date sent"), FieldKind.DATE, required=True, width=11),
            Field(
                "sent_count",
                N_("Letters sent"),
                FieldKind.INT,
                required=True,
                min_value=0,
                max_value=500,
                width=7,
            ),
            Field(
                "returned_count",
                N_("Receipts returned"),
                FieldKind.INT,
                required=True,
                min_value=0,
                max_value=500,
                default=0,
                width=7,
            ),
            Field("receipts_due", N_("Receipts due by"), FieldKind.DATE, width=11),
            Field(
                "not_returned_follow_up",
                N_("Follow-up of missing receipts"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=2000,
                width=30,
            ),
        ),
    )
)


# --- dangerous waters register ---------------------------------------------------------------------


class WaterArea(SyncedRecord, Base):
    __tablename__ = "water_area"

    name: Mapped[str] = mapped_column(String(100))
    water_type: Mapped[str] = mapped_column(String(32), index=True)
    location: Mapped[str] = mapped_column(String(200))
    distance_m: Mapped[int | None] = mapped_column(Integer, default=None)
    risk_level: Mapped[str] = mapped_column(String(32), index=True)
    signs_in_place: Mapped[bool] = mapped_column(default=False)
    fence_in_place: Mapped[bool] = mapped_column(default=False)
    rescue_equipment: Mapped[bool] = mapped_column(default=False)
    responsible_uuid: Mapped[str | None] = staff_ref()
    local_contact: Mapped[str | None] = mapped_column(String(100), default=None)
    registered_on: Mapped[date] = mapped_column(index=True)
    note: Mapped[str | None] = mapped_column(Text, default=None)


WATER_AREA = register(
    RecordKind(
        key="water_area",
        title=N_("Dangerous waters register"),
        mechanism=3,
        model=WaterArea,
        title_field="name",
        date_field="registered_on",
        default_sort="name",
        fields=(
            Field("name", N_("Name of the water"), FieldKind.TEXT, required=True, max_length=100, width=18),
            Field(
                "water_type",
                N_("Type of water"),
                FieldKind.CHOICE,
                required=True,
                choices=WATER_TYPES,
                filter=True,
                width=10,
            ),
            Field("location", N_("Where it is"), FieldKind.TEXT, required=True, max_length=200, width=22),
            Field(
                "distance_m",
                N_("Distance from the school (m)"),
                FieldKind.INT,
                min_value=0,
                max_value=100_000,
                width=7,
            ),
            Field(
                "risk_level",
                N_("Risk level"),
                FieldKind.CHOICE,
                required=True,
                choices=RISK_LEVELS,
                filter=True,
                width=6,
            ),
            Field(
                "signs_in_place",
                N_("Warning signs in place"),
                FieldKind.BOOL,
                default=False,
                filter=True,
                width=6,
            ),
            Field("fence_in_place", N_("Fence or railing in place"), FieldKind.BOOL, default=False, width=6),
            Field(
                "rescue_equipment",
                N_("Rescue equipment (life buoy, pole, rope)"),
                FieldKind.BOOL,
                default=False,
                short_label=N_("Rescue equipment"),
                in_table=False,
                width=6,
            ),
            Field("responsible_uuid", N_("Person responsible at the school"), FieldKind.STAFF, width=10),
            Field(
                "local_contact",
                N_("Village or owner responsible"),
                FieldKind.TEXT,
                max_length=100,
                width=14,
            ),
            Field("registered_on", N_("Date registered"), FieldKind.DATE, required=True, width=11),
            Field("note", N_("Note"), FieldKind.LONG_TEXT, in_table=False, max_length=2000, width=30),
        ),
    )
)


# --- patrols of the dangerous waters -----------------------------------------------------------------


class WaterPatrol(SyncedRecord, Base):
    __tablename__ = "water_patrol"

    area_uuid: Mapped[str] = record_ref("water_area", nullable=False)
    patrolled_on: Mapped[date] = mapped_column(index=True)
    patroller_uuid: Mapped[str] = staff_ref(nullable=False)
    companions: Mapped[str | None] = mapped_column(String(100), default=None)
    signs_ok: Mapped[bool] = mapped_column(default=False)
    students_seen: Mapped[bool] = mapped_column(default=False)
    findings: Mapped[str] = mapped_column(String(500))
    measures: Mapped[str | None] = mapped_column(String(500), default=None)
    hazard_uuid: Mapped[str | None] = record_ref("hazard")


WATER_PATROL = register(
    RecordKind(
        key="water_patrol",
        title=N_("Dangerous waters patrols"),
        mechanism=3,
        model=WaterPatrol,
        title_field="findings",
        date_field="patrolled_on",
        fields=(
            Field(
                "area_uuid",
                N_("Water patrolled"),
                FieldKind.RECORD,
                required=True,
                ref_kind="water_area",
                width=16,
            ),
            Field("patrolled_on", N_("Date of patrol"), FieldKind.DATE, required=True, width=11),
            Field("patroller_uuid", N_("Patrolled by"), FieldKind.STAFF, required=True, width=10),
            Field(
                "companions",
                N_("Together with (village cadres, parents)"),
                FieldKind.TEXT,
                max_length=100,
                in_table=False,
                width=16,
            ),
            Field("signs_ok", N_("Warning signs intact"), FieldKind.BOOL, default=False, width=6),
            Field(
                "students_seen",
                N_("Students found playing or swimming"),
                FieldKind.BOOL,
                default=False,
                filter=True,
                width=6,
            ),
            Field("findings", N_("Patrol findings"), FieldKind.TEXT, required=True, max_length=500, width=26),
            Field("measures", N_("Measures taken"), FieldKind.TEXT, max_length=500, width=22),
            Field(
                "hazard_uuid",
                N_("Hazard logged"),
                FieldKind.RECORD,
                ref_kind="hazard",
                in_table=False,
                width=16,
            ),
        ),
    )
)
