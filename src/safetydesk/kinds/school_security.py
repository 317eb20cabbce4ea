"""Campus security (人防 物防 技防), mechanism 3: security staff and their certificates, the 护学岗
duty at the gate at peak times, the gatekeeper's visitor log, tests of the one-button alarm and
video surveillance, and checks of closed campus management (封闭化管理).

Source: 《中小学幼儿园安全防范工作规范（试行）》（公安部、教育部，2015）and local rules [S77][S78]
(domain.md §13 "人防物防技防"): full-time security guards (locally e.g. at least 2 for up to 500
pupils, **U**: the county rule security.guards_per_pupils, domain/log_rule_settings.py), a gate
watched 24 hours with visitors registered, 护学岗 at the morning and afternoon peaks, a one-button
emergency alarm in the gatehouse linked to the police, video surveillance of the main entrances
keeping images for at least 30 days, and closed campus management. §2 lists 门卫/来访登记 and
上下学交接 among a school's checks.

Privacy: the visitor log records that an identity document was checked, never its number; the
visitor's name is kept out of the search index and the change history (Field.sensitive). The
rules that read these records: security_guard.certificate_valid_until and
security_system_test.next_test_on (expiry reminders, domain/expiries.py); full-time guards in post
against the pupils (security.guards_per_pupils); guard_duty per school day and period
(daily_logs.guard_duty_periods) and closed_campus_check.checked_on
(daily_logs.closed_campus_check_days) (domain/daily_logs.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.registry import RecordKind, register
from safetydesk.i18n import N_, _
from safetydesk.kinds._shared import order_error, record_ref, staff_ref
from safetydesk.models.base import Base, SyncedRecord

MIN_VIDEO_DAYS = 30  # images kept at least 30 days (规范)

GUARD_POSTS = choices(
    ("full_time", N_("Full-time security guard")),
    ("gatekeeper", N_("Gatekeeper")),
    ("patrol", N_("Campus patrol")),
    ("other", N_("Other")),
)

DUTY_PERIODS = choices(
    ("arrival", N_("Morning arrival")),
    ("noon", N_("Midday")),
    ("dismissal", N_("Afternoon dismissal")),
    ("evening", N_("Evening (boarders)")),
)

SECURITY_SYSTEMS = choices(
    ("one_button_alarm", N_("One-button emergency alarm")),
    ("video", N_("Video surveillance")),
    ("intrusion_alarm", N_("Intrusion alarm")),
    ("other", N_("Other")),
)

TEST_RESULTS = choices(
    ("normal", N_("Working normally"), "#2e7d32"),
    ("fault", N_("Fault"), "#d32f2f"),
    ("repaired", N_("Fault repaired on the spot"), "#f57c00"),
)

CLOSURE_ITEMS = (
    ("gate_closed", N_("Gate closed outside arrival and dismissal"), ""),
    ("walls_intact", N_("Walls and fences without gaps"), ""),
    ("visitors_registered", N_("Visitors and vehicles registered before entering"), ""),
    ("gate_watched", N_("Gate watched 24 hours"), ""),
    ("defence_gear", N_("Defence equipment at the gate (forks, shields, batons)"),
     N_("Defence equipment in place")),
    ("pickup_handover", N_("Pupils handed over at arrival and dismissal"), ""),
)


# --- security staff -------------------------------------------------------------------------------


class SecurityGuard(SyncedRecord, Base):
    __tablename__ = "security_guard"

    name: Mapped[str] = mapped_column(String(50))
    post: Mapped[str] = mapped_column(String(32), index=True)
    employer: Mapped[str | None] = mapped_column(String(100), default=None)
    started_on: Mapped[date] = mapped_column(index=True)
    certificate_no: Mapped[str | None] = mapped_column(String(50), default=None)
    certificate_issued_on: Mapped[date | None] = mapped_column(default=None)
    certificate_valid_until: Mapped[date | None] = mapped_column(default=None, index=True)
    trained_on: Mapped[date | None] = mapped_column(default=None)
    on_duty: Mapped[bool] = mapped_column(default=True)


def _validate_guard(values: Mapping[str, Any]) -> dict[str, str]:
    return order_error(
        values,
        "certificate_issued_on",
        "certificate_valid_until",
        _("The expiry date must come after the date of issue."),
        strict=True,
    )


SECURITY_GUARD = register(
    RecordKind(
        key="security_guard",
        title=N_("Security staff"),
        mechanism=3,
        model=SecurityGuard,
        title_field="name",
        date_field="started_on",
        default_sort="name",
        validate=_validate_guard,
        fields=(
            Field("name", N_("Name"), FieldKind.TEXT, required=True, max_length=50, width=10),
            Field(
                "post",
                N_("Post"),
                FieldKind.CHOICE,
                required=True,
                choices=GUARD_POSTS,
                filter=True,
                width=10,
            ),
            Field("employer", N_("Employer (security company)"), FieldKind.TEXT, max_length=100, width=18),
            Field("started_on", N_("On duty since"), FieldKind.DATE, required=True, width=11),
            Field(
                "certificate_no",
                N_("Security guard certificate number"),
                FieldKind.TEXT,
                max_length=50,
                width=14,
            ),
            Field(
                "certificate_issued_on", N_("Certificate issued on"), FieldKind.DATE, in_table=False, width=11
            ),
            Field("certificate_valid_until", N_("Certificate valid until"), FieldKind.DATE, width=11),
            Field("trained_on", N_("Last training"), FieldKind.DATE, width=11),
            Field("on_duty", N_("In post"), FieldKind.BOOL, default=True, filter=True, width=5),
        ),
    )
)


# --- 护学岗 ------------------------------------------------------------------------------------------


class GuardDuty(SyncedRecord, Base):
    __tablename__ = "guard_duty"

    duty_on: Mapped[date] = mapped_column(index=True)
    period: Mapped[str] = mapped_column(String(32), index=True)
    post: Mapped[str] = mapped_column(String(100))
    staff_uuid: Mapped[str] = staff_ref(nullable=False)
    present: Mapped[bool] = mapped_column(default=False)
    police_present: Mapped[bool] = mapped_column(default=False)
    others: Mapped[str | None] = mapped_column(String(200), default=None)
    situation: Mapped[str | None] = mapped_column(String(500), default=None)


GUARD_DUTY = register(
    RecordKind(
        key="guard_duty",
        title=N_("School-gate guard duty"),
        mechanism=3,
        model=GuardDuty,
        title_field="post",
        date_field="duty_on",
        fields=(
            Field("duty_on", N_("Date"), FieldKind.DATE, required=True, width=11),
            Field(
                "period",
                N_("Time of day"),
                FieldKind.CHOICE,
                required=True,
                choices=DUTY_PERIODS,
                filter=True,
                width=10,
            ),
            Field("post", N_("Duty post"), FieldKind.TEXT, required=True, max_length=100, width=14),
            Field("staff_uuid", N_("Teacher on duty"), FieldKind.STAFF, required=True, width=10),
            Field("present", N_("At the post on time"), FieldKind.BOOL, default=False, filter=True, width=6),
            Field(
                "police_present",
                N_("Police or auxiliary police present"),
                FieldKind.BOOL,
                default=False,
                width=6,
            ),
            Field(
                "others", N_("Others on duty (volunteers, guards)"), FieldKind.TEXT, max_length=200, width=16
            ),
            Field("situation", N_("What happened"), FieldKind.TEXT, max_length=500, width=24),
        ),
    )
)


# --- visitor log ------------------------------------------------------------------------------------


class VisitorLog(SyncedRecord, Base):
    __tablename__ = "visitor_log"

    time_in: Mapped[datetime] = mapped_column(index=True)
    time_out: Mapped[datetime | None] = mapped_column(default=None)
    # Sensitive: never leaves the school, so a hub keeps the row without it (nullable there).
    visitor_name: Mapped[str | None] = mapped_column(String(50), default=None)
    visitor_unit: Mapped[str | None] = mapped_column(String(100), default=None)
    party_size: Mapped[int] = mapped_column(Integer, default=1)
    purpose: Mapped[str] = mapped_column(String(200))
    host_uuid: Mapped[str | None] = staff_ref()
    id_checked: Mapped[bool] = mapped_column(default=False)
    vehicle: Mapped[str | None] = mapped_column(String(20), default=None)
    registered_by_uuid: Mapped[str | None] = staff_ref()


def _validate_visit(values: Mapping[str, Any]) -> dict[str, str]:
    return order_error(
        values, "time_in", "time_out", _("A visitor cannot leave before arriving."), strict=True
    )


VISITOR_LOG = register(
    RecordKind(
        key="visitor_log",
        title=N_("Visitor log"),
        mechanism=3,
        model=VisitorLog,
        title_field="purpose",
        date_field="time_in",
        validate=_validate_visit,
        fields=(
            Field("time_in", N_("Time in"), FieldKind.DATETIME, required=True, width=16),
            Field(
                "visitor_name",
                N_("Visitor"),
                FieldKind.TEXT,
                required=True,
                max_length=50,
                sensitive=True,
                width=8,
            ),
            Field("visitor_unit", N_("Visitor's organisation"), FieldKind.TEXT, max_length=100, width=16),
            Field(
                "party_size",
                N_("Number of people"),
                FieldKind.INT,
                required=True,
                min_value=1,
                max_value=100,
                default=1,
                width=5,
            ),
            Field(
                "purpose", N_("Purpose of the visit"), FieldKind.TEXT, required=True, max_length=200, width=20
            ),
            Field("host_uuid", N_("Person visited"), FieldKind.STAFF, width=10),
            Field(
                "id_checked",
                N_("Identity document checked"),
                FieldKind.BOOL,
                default=False,
                filter=True,
                width=6,
                help=N_("Tick when the document was seen; do not write its number here."),
            ),
            Field("vehicle", N_("Vehicle plate"), FieldKind.TEXT, max_length=20, in_table=False, width=10),
            Field("time_out", N_("Time out"), FieldKind.DATETIME, width=16),
            Field("registered_by_uuid", N_("Registered by"), FieldKind.STAFF, width=10),
        ),
    )
)


# --- one-button alarm and video surveillance tests -----------------------------------------------------


class SecuritySystemTest(SyncedRecord, Base):
    __tablename__ = "security_system_test"

    tested_on: Mapped[date] = mapped_column(index=True)
    system: Mapped[str] = mapped_column(String(32), index=True)
    location: Mapped[str] = mapped_column(String(100))
    result: Mapped[str] = mapped_column(String(32), index=True)
    linked_to_police: Mapped[bool] = mapped_column(default=False)
    cameras: Mapped[int | None] = mapped_column(Integer, default=None)
    cameras_working: Mapped[int | None] = mapped_column(Integer, default=None)
    retention_days: Mapped[int | None] = mapped_column(Integer, default=None)
    tested_by_uuid: Mapped[str | None] = staff_ref()
    maintainer: Mapped[str | None] = mapped_column(String(100), default=None)
    problems: Mapped[str | None] = mapped_column(String(500), default=None)
    next_test_on: Mapped[date | None] = mapped_column(default=None, index=True)


def _validate_system_test(values: Mapping[str, Any]) -> dict[str, str]:
    errors = order_error(
        values, "tested_on", "next_test_on", _("The next test must come after this one."), strict=True
    )
    cameras, working = values.get("cameras"), values.get("cameras_working")
    if cameras is not None and working is not None and working > cameras:
        errors["cameras_working"] = _("More cameras working than cameras installed: check the two numbers.")
    if values.get("system") == "video":
        days = values.get("retention_days")
        if days is None:
            errors["retention_days"] = _("For video surveillance, write how many days the images are kept.")
        elif days < MIN_VIDEO_DAYS and values.get("result") == "normal":
            errors["result"] = _(
                "Images kept {days} days, fewer than the {n} required: record the result as a fault.",
                days=days,
                n=MIN_VIDEO_DAYS,
            )
    if values.get("result") in ("fault", "repaired") and not (values.get("problems") or "").strip():
        errors.setdefault("problems", _("Describe the fault and what was done about it."))
    return errors


SECURITY_SYSTEM_TEST = register(
    RecordKind(
        key="security_system_test",
        title=N_("Alarm and video surveillance tests"),
        mechanism=3,
        model=SecuritySystemTest,
        title_field="location",
        date_field="tested_on",
        validate=_validate_system_test,
        fields=(
            Field("tested_on", N_("Date tested"), FieldKind.DATE, required=True, width=11),
            Field(
                "system",
                N_("Security system"),
                FieldKind.CHOICE,
                required=True,
                choices=SECURITY_SYSTEMS,
                filter=True,
                width=12,
            ),
            Field("location", N_("Installed at"), FieldKind.TEXT, required=True, max_length=100, width=14),
            Field(
                "result",
                N_("Result"),
                FieldKind.CHOICE,
                required=True,
                choices=TEST_RESULTS,
                filter=True,
                width=8,
            ),
            Field("linked_to_police", N_("Linked to the police"), FieldKind.BOOL, default=False, width=6),
            Field("cameras", N_("Cameras installed"), FieldKind.INT, min_value=0, max_value=2000, width=6),
            Field(
                "cameras_working", N_("Cameras working"), FieldKind.INT, min_value=0, max_value=2000, width=6
            ),
            Field(
                "retention_days",
                N_("Images kept (days)"),
                FieldKind.INT,
                min_value=0,
                max_value=3650,
                width=6,
                help=N_("At least 30 days."),
            ),
            Field("tested_by_uuid", N_("Tested by"), FieldKind.STAFF, width=10),
            Field(
                "maintainer",
                N_("Maintenance company"),
                FieldKind.TEXT,
                max_length=100,
                in_table=False,
                width=16,
            ),
            Field("problems", N_("Faults and handling"), FieldKind.TEXT, max_length=500, width=22),
            Field("next_test_on", N_("Next test"), FieldKind.DATE, width=11),
        ),
    )
)


# --- closed campus management ----------------------------------------------------------------------


class ClosedCampusCheck(SyncedRecord, Base):
    __tablename__ = "closed_campus_check"

    checked_on: Mapped[date] = mapped_column(index=True)
    checked_by_uuid: Mapped[str | None] = staff_ref()
    gate_closed: Mapped[bool] = mapped_column(default=False)
    walls_intact: Mapped[bool] = mapped_column(default=False)
    visitors_registered: Mapped[bool] = mapped_column(default=False)
    gate_watched: Mapped[bool] = mapped_column(default=False)
    defence_gear: Mapped[bool] = mapped_column(default=False)
    pickup_handover: Mapped[bool] = mapped_column(default=False)
    problems: Mapped[str | None] = mapped_column(String(500), default=None)
    measures: Mapped[str | None] = mapped_column(Text, default=None)
    hazard_uuid: Mapped[str | None] = record_ref("hazard")


def _validate_closure(values: Mapping[str, Any]) -> dict[str, str]:
    if (
        any(not values.get(attr) for attr, _label, _short in CLOSURE_ITEMS)
        and not (values.get("problems") or "").strip()
    ):
        return {"problems": _("Write down what was wrong with the items that were not ticked.")}
    return {}


CLOSED_CAMPUS_CHECK = register(
    RecordKind(
        key="closed_campus_check",
        title=N_("Closed campus management checks"),
        mechanism=3,
        model=ClosedCampusCheck,
        title_field="checked_on",
        date_field="checked_on",
        validate=_validate_closure,
        fields=(
            Field("checked_on", N_("Date checked"), FieldKind.DATE, required=True, width=11),
            Field("checked_by_uuid", N_("Checked by"), FieldKind.STAFF, width=10),
            *(Field(attr, label, FieldKind.BOOL, default=False, width=6, short_label=short)
              for attr, label, short in CLOSURE_ITEMS),
            Field("problems", N_("Problems found"), FieldKind.TEXT, max_length=500, width=24),
            Field(
                "measures",
                N_("Rectification measures"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=2000,
                width=30,
            ),
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
