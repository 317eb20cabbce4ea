"""School buses (校车), mechanism 3, for schools that run them: vehicles, drivers, escorts (随车照管
人员), routes with their rosters, and the driver's check before every departure.

Source: 《校车安全管理条例》（国务院令第617号，2012）[S75] (domain.md §13): a school bus is a
licensed passenger vehicle of 7 seats or more carrying compulsory-education pupils; it carries a
school-bus sign (校车标牌), is driven by a qualified driver (校车驾驶资格) and carries an escort who
guides pupils on and off, counts them, stops overloading and unqualified driving, and leaves last.
Before each departure the driver checks brakes, steering, lights, tyres, the safety door, seats
and seat belts (制动、转向、照明、轮胎、安全门、座椅、安全带), and a bus that fails may not leave.
A safety-technical inspection every six months is a local draft's practice [S76] (**U**): the
interval is the county rule school_bus.inspection_months (domain/log_rule_settings.py), read when
a bus is saved (a next inspection later than that is refused) and by the expiry reminder. The driver's three years of driving before the
qualification is the 条例's condition for a school-bus driver.

Why a kind for the departure check rather than a bundled checklist template: the check belongs to
one bus, one driver and one trip, and a failed check decides whether the bus may leave; the
inspection machinery (services.checklists) records neither. Rosters hold a count of pupils and
the classes they come from, never copies of their names. The rules that remind read the expiry
dates (sign_valid_until, next_inspection_on or the county's interval, insurance_until,
licence_valid_until: domain/expiries.py) and the daily checks of every bus in service on a route
(daily_logs.bus_checks_per_day: domain/daily_logs.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.domain import log_rule_settings as county
from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.registry import RecordKind, register
from safetydesk.domain.reminders import add_months
from safetydesk.i18n import N_, _, format_date
from safetydesk.kinds._shared import order_error, record_ref, staff_ref
from safetydesk.models.base import Base, SyncedRecord

MIN_SEATS = 7  # 条例: a school bus carries 7 or more passengers
DRIVING_YEARS = 3  # 条例: three years of driving before the school-bus qualification

BUS_TYPES = choices(
    ("dedicated", N_("Dedicated school bus")),
    ("other", N_("Other vehicle licensed as a school bus")),
)

BUS_STATUSES = choices(
    ("in_service", N_("In service")),
    ("suspended", N_("Taken out of service")),
    ("retired", N_("Retired")),
)

LICENCE_CLASSES = choices(
    ("a1", N_("A1 (large bus)")),
    ("a3", N_("A3 (city bus)")),
    ("b1", N_("B1 (medium bus)")),
    ("c1", N_("C1 (small vehicle)")),
)

TRIPS = choices(
    ("morning", N_("Morning run")),
    ("noon", N_("Midday run")),
    ("afternoon", N_("Afternoon run")),
    ("other", N_("Other trip")),
)

# The seven items of the driver's check, in the order of the 条例.
CHECK_ITEMS = (
    ("brakes_ok", N_("Brakes")),
    ("steering_ok", N_("Steering")),
    ("lights_ok", N_("Lights")),
    ("tyres_ok", N_("Tyres")),
    ("safety_door_ok", N_("Safety door")),
    ("seats_ok", N_("Seats (fixed, undamaged)")),
    ("seat_belts_ok", N_("Seat belts")),
)


# --- vehicle --------------------------------------------------------------------------------------


class SchoolBus(SyncedRecord, Base):
    __tablename__ = "school_bus"

    plate: Mapped[str] = mapped_column(String(20))
    bus_type: Mapped[str] = mapped_column(String(32))
    seats: Mapped[int] = mapped_column(Integer)
    operator: Mapped[str | None] = mapped_column(String(100), default=None)
    sign_no: Mapped[str | None] = mapped_column(String(50), default=None)
    sign_issued_on: Mapped[date | None] = mapped_column(default=None)
    sign_valid_until: Mapped[date | None] = mapped_column(default=None, index=True)
    last_inspection_on: Mapped[date | None] = mapped_column(default=None)
    next_inspection_on: Mapped[date | None] = mapped_column(default=None, index=True)
    insurance_until: Mapped[date | None] = mapped_column(default=None, index=True)
    status: Mapped[str] = mapped_column(String(32), default="in_service", index=True)
    note: Mapped[str | None] = mapped_column(Text, default=None)


def _validate_bus(values: Mapping[str, Any]) -> dict[str, str]:
    errors = order_error(
        values,
        "sign_issued_on",
        "sign_valid_until",
        _("The school-bus sign must be valid until a day after it was issued."),
        strict=True,
    )
    errors |= order_error(
        values,
        "last_inspection_on",
        "next_inspection_on",
        _("The next inspection must come after the last one."),
        strict=True,
    )
    return errors


def _bus_rules(values: Mapping[str, Any], setting: Callable[[str], Any]) -> dict[str, str]:
    """The county's inspection interval, read when the bus is saved."""
    months = setting(county.BUS_INSPECTION_MONTHS.key)
    last, nxt = values.get("last_inspection_on"), values.get("next_inspection_on")
    if last is None or nxt is None or nxt <= add_months(last, months):
        return {}
    return {"next_inspection_on": _(
        "The county asks for a safety inspection at least every {n} months: the next one is due by {date}.",
        n=months, date=format_date(add_months(last, months)))}


SCHOOL_BUS = register(
    RecordKind(
        key="school_bus",
        title=N_("School buses"),
        mechanism=3,
        model=SchoolBus,
        title_field="plate",
        status_field="status",
        default_sort="plate",
        unique_together=("plate",),
        validate=_validate_bus,
        hooks={"county_rules": _bus_rules},
        fields=(
            Field("plate", N_("Number plate"), FieldKind.TEXT, required=True, max_length=20, width=10),
            Field(
                "bus_type",
                N_("Type of bus"),
                FieldKind.CHOICE,
                required=True,
                choices=BUS_TYPES,
                default="dedicated",
                width=10,
            ),
            Field(
                "seats",
                N_("Approved seats"),
                FieldKind.INT,
                required=True,
                min_value=MIN_SEATS,
                max_value=80,
                width=6,
            ),
            Field("operator", N_("Owner or operator"), FieldKind.TEXT, max_length=100, width=16),
            Field("sign_no", N_("School-bus sign number"), FieldKind.TEXT, max_length=50, width=12),
            Field("sign_issued_on", N_("Sign issued on"), FieldKind.DATE, in_table=False, width=11),
            Field("sign_valid_until", N_("Sign valid until"), FieldKind.DATE, width=11),
            Field("last_inspection_on", N_("Last safety inspection"), FieldKind.DATE, width=11),
            Field("next_inspection_on", N_("Next safety inspection"), FieldKind.DATE, width=11),
            Field("insurance_until", N_("Carrier's insurance until"), FieldKind.DATE, width=11),
            Field(
                "status",
                N_("Status"),
                FieldKind.CHOICE,
                required=True,
                choices=BUS_STATUSES,
                filter=True,
                default="in_service",
                width=8,
            ),
            Field("note", N_("Note"), FieldKind.LONG_TEXT, in_table=False, max_length=2000, width=30),
        ),
    )
)


# --- driver ---------------------------------------------------------------------------------------


class BusDriver(SyncedRecord, Base):
    __tablename__ = "bus_driver"

    name: Mapped[str] = mapped_column(String(50))
    bus_uuid: Mapped[str | None] = record_ref("school_bus")
    licence_class: Mapped[str] = mapped_column(String(32))
    licence_first_issued: Mapped[date | None] = mapped_column(default=None)
    licence_valid_until: Mapped[date | None] = mapped_column(default=None, index=True)
    qualified_on: Mapped[date] = mapped_column(index=True)
    qualification_valid_until: Mapped[date | None] = mapped_column(default=None, index=True)
    clean_record: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    note: Mapped[str | None] = mapped_column(Text, default=None)


def _years_later(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _validate_driver(values: Mapping[str, Any]) -> dict[str, str]:
    errors = order_error(
        values,
        "licence_first_issued",
        "licence_valid_until",
        _("The driving licence must be valid until a day after it was first issued."),
        strict=True,
    )
    errors |= order_error(
        values,
        "qualified_on",
        "qualification_valid_until",
        _("The school-bus qualification must be valid until a day after it was granted."),
        strict=True,
    )
    first, qualified = values.get("licence_first_issued"), values.get("qualified_on")
    if first and qualified and qualified < _years_later(first, DRIVING_YEARS):
        errors.setdefault(
            "qualified_on",
            _(
                "A school-bus driver needs {n} years of driving before the qualification; "
                "check the two dates.",
                n=DRIVING_YEARS,
            ),
        )
    return errors


BUS_DRIVER = register(
    RecordKind(
        key="bus_driver",
        title=N_("School-bus drivers"),
        mechanism=3,
        model=BusDriver,
        title_field="name",
        date_field="qualified_on",
        default_sort="name",
        validate=_validate_driver,
        fields=(
            Field("name", N_("Driver"), FieldKind.TEXT, required=True, max_length=50, width=10),
            Field("bus_uuid", N_("School bus"), FieldKind.RECORD, ref_kind="school_bus", width=10),
            Field(
                "licence_class",
                N_("Licence class"),
                FieldKind.CHOICE,
                required=True,
                choices=LICENCE_CLASSES,
                width=10,
            ),
            Field(
                "licence_first_issued", N_("Licence first issued"), FieldKind.DATE, in_table=False, width=11
            ),
            Field("licence_valid_until", N_("Licence valid until"), FieldKind.DATE, width=11),
            Field(
                "qualified_on",
                N_("School-bus qualification granted"),
                FieldKind.DATE,
                required=True,
                width=11,
            ),
            Field("qualification_valid_until", N_("Qualification valid until"), FieldKind.DATE, width=11),
            Field(
                "clean_record",
                N_("No full-points or fatal-accident record"),
                FieldKind.BOOL,
                default=False,
                width=6,
            ),
            Field("active", N_("In post"), FieldKind.BOOL, default=True, filter=True, width=5),
            Field("note", N_("Note"), FieldKind.LONG_TEXT, in_table=False, max_length=2000, width=30),
        ),
    )
)


# --- escort ---------------------------------------------------------------------------------------


class BusEscort(SyncedRecord, Base):
    __tablename__ = "bus_escort"

    name: Mapped[str] = mapped_column(String(50))
    staff_uuid: Mapped[str | None] = staff_ref()
    bus_uuid: Mapped[str | None] = record_ref("school_bus")
    appointed_on: Mapped[date] = mapped_column(index=True)
    trained_on: Mapped[date | None] = mapped_column(default=None)
    duties_briefed: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)


ESCORT_DUTIES_HELP = N_(
    "Guides pupils on and off, counts them, stops overloading and unqualified driving, and leaves "
    "the bus only after every pupil has left."
)

BUS_ESCORT = register(
    RecordKind(
        key="bus_escort",
        title=N_("School-bus escorts"),
        mechanism=3,
        model=BusEscort,
        title_field="name",
        date_field="appointed_on",
        default_sort="name",
        fields=(
            Field("name", N_("Escort"), FieldKind.TEXT, required=True, max_length=50, width=10),
            Field("staff_uuid", N_("Staff member"), FieldKind.STAFF, in_table=False, width=10),
            Field("bus_uuid", N_("School bus"), FieldKind.RECORD, ref_kind="school_bus", width=10),
            Field("appointed_on", N_("Appointed on"), FieldKind.DATE, required=True, width=11),
            Field("trained_on", N_("Safety training on"), FieldKind.DATE, width=11),
            Field(
                "duties_briefed",
                N_("Duties explained to the escort"),
                FieldKind.BOOL,
                default=False,
                width=6,
                help=ESCORT_DUTIES_HELP,
            ),
            Field("active", N_("In post"), FieldKind.BOOL, default=True, filter=True, width=5),
        ),
    )
)


# --- route and its roster ---------------------------------------------------------------------------


class BusRoute(SyncedRecord, Base):
    __tablename__ = "bus_route"

    route_name: Mapped[str] = mapped_column(String(100))
    bus_uuid: Mapped[str] = record_ref("school_bus", nullable=False)
    driver_uuid: Mapped[str | None] = record_ref("bus_driver")
    escort_uuid: Mapped[str | None] = record_ref("bus_escort")
    stops: Mapped[str] = mapped_column(String(500))
    times: Mapped[str | None] = mapped_column(String(100), default=None)
    pupils: Mapped[int] = mapped_column(Integer)
    classes: Mapped[str | None] = mapped_column(String(200), default=None)
    roster_checked_on: Mapped[date] = mapped_column(index=True)
    roster_kept: Mapped[str | None] = mapped_column(String(100), default=None)


BUS_ROUTE = register(
    RecordKind(
        key="bus_route",
        title=N_("School-bus routes and rosters"),
        mechanism=3,
        model=BusRoute,
        title_field="route_name",
        date_field="roster_checked_on",
        default_sort="route_name",
        fields=(
            Field("route_name", N_("Route name"), FieldKind.TEXT, required=True, max_length=100, width=18),
            Field(
                "bus_uuid", N_("School bus"), FieldKind.RECORD, required=True, ref_kind="school_bus", width=10
            ),
            Field("driver_uuid", N_("Driver"), FieldKind.RECORD, ref_kind="bus_driver", width=8),
            Field("escort_uuid", N_("Escort"), FieldKind.RECORD, ref_kind="bus_escort", width=8),
            Field(
                "stops",
                N_("Stops and times, in order"),
                FieldKind.TEXT,
                required=True,
                max_length=500,
                width=30,
                help=N_("Separate the stops with —, e.g. 小王庄村口（06:50）—李家岗村委会（07:00）—学校"),
            ),
            Field("times", N_("Running times"), FieldKind.TEXT, max_length=100, width=14),
            Field(
                "pupils",
                N_("Pupils on the roster"),
                FieldKind.INT,
                required=True,
                min_value=0,
                max_value=200,
                width=6,
            ),
            Field("classes", N_("Classes of the pupils"), FieldKind.TEXT, max_length=200, width=16),
            Field("roster_checked_on", N_("Roster checked on"), FieldKind.DATE, required=True, width=11),
            Field(
                "roster_kept",
                N_("Where the name list is kept"),
                FieldKind.TEXT,
                max_length=100,
                in_table=False,
                width=16,
            ),
        ),
    )
)


# --- the driver's check before departure ------------------------------------------------------------


class BusDepartureCheck(SyncedRecord, Base):
    __tablename__ = "bus_departure_check"

    bus_uuid: Mapped[str] = record_ref("school_bus", nullable=False)
    checked_on: Mapped[date] = mapped_column(index=True)
    trip: Mapped[str] = mapped_column(String(32))
    driver_uuid: Mapped[str | None] = record_ref("bus_driver")
    brakes_ok: Mapped[bool] = mapped_column(default=False)
    steering_ok: Mapped[bool] = mapped_column(default=False)
    lights_ok: Mapped[bool] = mapped_column(default=False)
    tyres_ok: Mapped[bool] = mapped_column(default=False)
    safety_door_ok: Mapped[bool] = mapped_column(default=False)
    seats_ok: Mapped[bool] = mapped_column(default=False)
    seat_belts_ok: Mapped[bool] = mapped_column(default=False)
    fit_to_depart: Mapped[bool] = mapped_column(default=False)
    problems: Mapped[str | None] = mapped_column(String(200), default=None)
    confirmed_by_uuid: Mapped[str | None] = staff_ref()


def _validate_check(values: Mapping[str, Any]) -> dict[str, str]:
    failed = [label for attr, label in CHECK_ITEMS if not values.get(attr)]
    if values.get("fit_to_depart") and failed:
        return {
            "fit_to_depart": _(
                "A bus that fails the check may not leave ({items}); clear 'Fit to depart' or "
                "tick the items once they are put right.",
                items="、".join(_(label) for label in failed),
            )
        }
    if failed and not (values.get("problems") or "").strip():
        return {"problems": _("Write down what was wrong with the items that were not ticked.")}
    return {}


BUS_DEPARTURE_CHECK = register(
    RecordKind(
        key="bus_departure_check",
        title=N_("School-bus checks before departure"),
        mechanism=3,
        model=BusDepartureCheck,
        title_field="checked_on",
        date_field="checked_on",
        validate=_validate_check,
        fields=(
            Field("checked_on", N_("Date"), FieldKind.DATE, required=True, width=11),
            Field("trip", N_("Trip"), FieldKind.CHOICE, required=True, choices=TRIPS, filter=True, width=8),
            Field(
                "bus_uuid", N_("School bus"), FieldKind.RECORD, required=True, ref_kind="school_bus", width=10
            ),
            Field("driver_uuid", N_("Driver"), FieldKind.RECORD, ref_kind="bus_driver", width=8),
            *(Field(attr, label, FieldKind.BOOL, default=False, width=4) for attr, label in CHECK_ITEMS),
            Field("fit_to_depart", N_("Fit to depart"), FieldKind.BOOL, default=False, filter=True, width=5),
            Field(
                "problems", N_("Problems and how they were handled"), FieldKind.TEXT, max_length=200, width=22
            ),
            Field("confirmed_by_uuid", N_("Confirmed by (school)"), FieldKind.STAFF, width=10),
        ),
    )
)
