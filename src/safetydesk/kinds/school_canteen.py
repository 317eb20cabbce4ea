"""Canteen food safety (食品安全), mechanism 3, for schools with a canteen: the school leader's meal
with the pupils (陪餐), food samples kept (留样), food handlers' health certificates and the
suppliers' licences.

Sources (domain.md §13 "集中用餐陪餐与留样", §2): 《学校食品安全与营养健康管理规定》（教育部、
市场监管总局、卫健委，2019）asks primary and secondary schools and kindergartens for a 陪餐 system:
a responsible person of the school eats every meal with the pupils and keeps a record [S74][S19].
Samples: at least 125 g of every dish, refrigerated for 48 hours or more — the common practice of
the catering food-safety operating rules (**U**, domain.md asks to check the text). Both numbers
are county rules (canteen.sample_min_grams, canteen.sample_keep_hours in
domain/log_rule_settings.py): a sample is checked against them when saved (hook "county_rules",
read in the saving transaction) and on the dashboard. Food handlers' health certificates must be
valid. Supplier licences are checked on purchase (索证索票, bundled canteen checklist).

Rules that read these records (domain/expiries.py, domain/daily_logs.py): the expiry of
canteen_staff_health.valid_until and food_supplier.valid_until; 陪餐 per school day
(daily_logs.meals_accompanied_per_day); 留样 every school day and its weight and hours.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.domain import log_rule_settings as county
from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.registry import RecordKind, register
from safetydesk.i18n import N_, _
from safetydesk.kinds._shared import order_error, staff_ref
from safetydesk.models.base import Base, SyncedRecord

MEALS = choices(
    ("breakfast", N_("Breakfast")),
    ("lunch", N_("Lunch")),
    ("supper", N_("Supper")),
)

MEAL_RATINGS = choices(
    ("satisfied", N_("Satisfied")),
    ("fair", N_("Fairly satisfied")),
    ("unsatisfied", N_("Not satisfied")),
)

CANTEEN_POSTS = choices(
    ("manager", N_("Canteen manager")),
    ("cook", N_("Cook")),
    ("helper", N_("Kitchen helper")),
    ("buyer", N_("Buyer")),
    ("cleaner", N_("Cleaner")),
    ("other", N_("Other")),
)

LICENCE_TYPES = choices(
    ("food_business", N_("Food business licence")),
    ("food_production", N_("Food production licence")),
    ("business", N_("Business licence")),
    ("quarantine", N_("Animal quarantine certificate")),
    ("other", N_("Other")),
)


def _expiry_error(values: Mapping[str, Any], issued: str, until: str) -> dict[str, str]:
    return order_error(
        values, issued, until, _("The expiry date must come after the date of issue."), strict=True
    )


# --- 陪餐 ------------------------------------------------------------------------------------------


class MealAccompany(SyncedRecord, Base):
    __tablename__ = "meal_accompany"

    accompanied_on: Mapped[date] = mapped_column(index=True)
    meal: Mapped[str] = mapped_column(String(32), index=True)
    leader_uuid: Mapped[str] = staff_ref(nullable=False)
    dishes: Mapped[str | None] = mapped_column(String(200), default=None)
    rating: Mapped[str | None] = mapped_column(String(32), default=None)
    hygiene_ok: Mapped[bool] = mapped_column(default=False)
    remarks: Mapped[str | None] = mapped_column(String(500), default=None)
    handling: Mapped[str | None] = mapped_column(Text, default=None)


MEAL_ACCOMPANY = register(
    RecordKind(
        key="meal_accompany",
        title=N_("Meals with pupils (school leaders)"),
        mechanism=3,
        model=MealAccompany,
        title_field="dishes",
        date_field="accompanied_on",
        fields=(
            Field("accompanied_on", N_("Date"), FieldKind.DATE, required=True, width=11),
            Field("meal", N_("Meal"), FieldKind.CHOICE, required=True, choices=MEALS, filter=True, width=6),
            Field(
                "leader_uuid",
                N_("School leader eating with pupils"),
                FieldKind.STAFF,
                required=True,
                width=10,
            ),
            Field("dishes", N_("Dishes"), FieldKind.TEXT, max_length=200, width=22),
            Field(
                "rating",
                N_("Rating of the meal"),
                FieldKind.CHOICE,
                choices=MEAL_RATINGS,
                filter=True,
                width=6,
            ),
            Field("hygiene_ok", N_("Dining hall clean"), FieldKind.BOOL, default=False, width=6),
            Field("remarks", N_("Remarks and suggestions"), FieldKind.TEXT, max_length=500, width=24),
            Field(
                "handling",
                N_("How problems were handled"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=2000,
                width=30,
            ),
        ),
    )
)


# --- 留样 ------------------------------------------------------------------------------------------


class FoodSample(SyncedRecord, Base):
    __tablename__ = "food_sample"

    meal: Mapped[str] = mapped_column(String(32), index=True)
    dish: Mapped[str] = mapped_column(String(100))
    weight_g: Mapped[float] = mapped_column(Float)
    sampled_at: Mapped[datetime] = mapped_column(index=True)
    kept_until: Mapped[datetime] = mapped_column()
    storage: Mapped[str | None] = mapped_column(String(100), default=None)
    sampled_by_uuid: Mapped[str] = staff_ref(nullable=False)
    checked_by_uuid: Mapped[str | None] = staff_ref()


def _sample_rules(values: Mapping[str, Any], setting: Callable[[str], Any]) -> dict[str, str]:
    """The county's weight and hours (domain/log_rule_settings.py), read when the sample is saved."""
    errors: dict[str, str] = {}
    grams, hours = setting(county.SAMPLE_GRAMS.key), setting(county.SAMPLE_HOURS.key)
    weight = values.get("weight_g")
    if weight is not None and weight < grams:
        errors["weight_g"] = _(
            "Keep at least {n} g of each dish ({weight} g entered).", n=grams, weight=weight
        )
    taken, until = values.get("sampled_at"), values.get("kept_until")
    kept = until - taken if isinstance(taken, datetime) and isinstance(until, datetime) else None
    if kept is not None and kept < timedelta(hours=hours):
        errors["kept_until"] = _(
            "Keep samples refrigerated for at least {n} hours after they were taken.", n=hours
        )
    return errors


FOOD_SAMPLE = register(
    RecordKind(
        key="food_sample",
        title=N_("Food samples kept"),
        mechanism=3,
        model=FoodSample,
        title_field="dish",
        date_field="sampled_at",
        hooks={"county_rules": _sample_rules},
        fields=(
            Field("sampled_at", N_("Sampled at"), FieldKind.DATETIME, required=True, width=16),
            Field("meal", N_("Meal"), FieldKind.CHOICE, required=True, choices=MEALS, filter=True, width=6),
            Field("dish", N_("Dish"), FieldKind.TEXT, required=True, max_length=100, width=16),
            Field(
                "weight_g",
                N_("Weight (g)"),
                FieldKind.DECIMAL,
                required=True,
                min_value=0,
                max_value=5000,
                width=7,
                help=N_("At least the county's weight of each dish (125 g unless changed in Settings)."),
            ),
            Field(
                "kept_until",
                N_("Kept until"),
                FieldKind.DATETIME,
                required=True,
                width=16,
                help=N_("Refrigerated for at least the county's hours (48 unless changed in Settings)."),
            ),
            Field("storage", N_("Sample fridge"), FieldKind.TEXT, max_length=100, in_table=False, width=12),
            Field("sampled_by_uuid", N_("Sampled by"), FieldKind.STAFF, required=True, width=10),
            Field("checked_by_uuid", N_("Reviewed by"), FieldKind.STAFF, width=10),
        ),
    )
)


# --- food handlers' health certificates -------------------------------------------------------------


class CanteenStaffHealth(SyncedRecord, Base):
    __tablename__ = "canteen_staff_health"

    name: Mapped[str] = mapped_column(String(50))
    post: Mapped[str] = mapped_column(String(32), index=True)
    staff_uuid: Mapped[str | None] = staff_ref()
    certificate_no: Mapped[str] = mapped_column(String(50))
    issued_on: Mapped[date] = mapped_column(index=True)
    valid_until: Mapped[date] = mapped_column(index=True)
    issued_by: Mapped[str | None] = mapped_column(String(100), default=None)
    on_duty: Mapped[bool] = mapped_column(default=True)


def _validate_health(values: Mapping[str, Any]) -> dict[str, str]:
    return _expiry_error(values, "issued_on", "valid_until")


CANTEEN_STAFF_HEALTH = register(
    RecordKind(
        key="canteen_staff_health",
        title=N_("Food handlers' health certificates"),
        mechanism=3,
        model=CanteenStaffHealth,
        title_field="name",
        date_field="issued_on",
        default_sort="name",
        validate=_validate_health,
        fields=(
            Field("name", N_("Name"), FieldKind.TEXT, required=True, max_length=50, width=10),
            Field(
                "post",
                N_("Post"),
                FieldKind.CHOICE,
                required=True,
                choices=CANTEEN_POSTS,
                filter=True,
                width=10,
            ),
            Field("staff_uuid", N_("Staff member"), FieldKind.STAFF, in_table=False, width=10),
            Field(
                "certificate_no",
                N_("Health certificate number"),
                FieldKind.TEXT,
                required=True,
                max_length=50,
                width=14,
            ),
            Field("issued_on", N_("Date of issue"), FieldKind.DATE, required=True, width=11),
            Field("valid_until", N_("Valid until"), FieldKind.DATE, required=True, width=11),
            Field("issued_by", N_("Issued by"), FieldKind.TEXT, max_length=100, in_table=False, width=16),
            Field(
                "on_duty", N_("Working in the canteen"), FieldKind.BOOL, default=True, filter=True, width=6
            ),
        ),
    )
)


# --- suppliers' licences ----------------------------------------------------------------------------


class FoodSupplier(SyncedRecord, Base):
    __tablename__ = "food_supplier"

    supplier: Mapped[str] = mapped_column(String(100))
    supplies: Mapped[str | None] = mapped_column(String(100), default=None)
    licence_type: Mapped[str] = mapped_column(String(32), index=True)
    licence_no: Mapped[str] = mapped_column(String(50))
    issued_on: Mapped[date | None] = mapped_column(default=None)
    valid_until: Mapped[date] = mapped_column(index=True)
    checked_on: Mapped[date] = mapped_column(index=True)
    checked_by_uuid: Mapped[str | None] = staff_ref()
    contract_until: Mapped[date | None] = mapped_column(default=None)


def _validate_supplier(values: Mapping[str, Any]) -> dict[str, str]:
    return _expiry_error(values, "issued_on", "valid_until")


FOOD_SUPPLIER = register(
    RecordKind(
        key="food_supplier",
        title=N_("Food suppliers' licences"),
        mechanism=3,
        model=FoodSupplier,
        title_field="supplier",
        date_field="checked_on",
        default_sort="supplier",
        validate=_validate_supplier,
        fields=(
            Field("supplier", N_("Supplier"), FieldKind.TEXT, required=True, max_length=100, width=20),
            Field("supplies", N_("Goods supplied"), FieldKind.TEXT, max_length=100, width=14),
            Field(
                "licence_type",
                N_("Licence type"),
                FieldKind.CHOICE,
                required=True,
                choices=LICENCE_TYPES,
                filter=True,
                width=12,
            ),
            Field("licence_no", N_("Licence number"), FieldKind.TEXT, required=True, max_length=50, width=16),
            Field("issued_on", N_("Date of issue"), FieldKind.DATE, in_table=False, width=11),
            Field("valid_until", N_("Valid until"), FieldKind.DATE, required=True, width=11),
            Field("checked_on", N_("Checked on"), FieldKind.DATE, required=True, width=11),
            Field("checked_by_uuid", N_("Checked by"), FieldKind.STAFF, width=10),
            Field("contract_until", N_("Supply contract until"), FieldKind.DATE, in_table=False, width=11),
        ),
    )
)
