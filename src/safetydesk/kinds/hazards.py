"""Mechanism 3 (隐患排查): checklist templates, inspections (filled checklists) and hazards.

A hazard carries every field of the ledger in domain.md §1: the 五定 plan (measures, responsible
person, deadline, funds, interim controls), its grade and risk colour, escalation of a major hazard
to the township, and the workflow to closure (销号) verified by someone other than the rectifier.

Checklist items are plain text, one item per line ("检查项目：检查内容"), so a template can be
edited in the generic form. An inspection's results are JSON written by the inspection screen:
a list of {"item": str, "result": "ok" | "problem", "note": str}.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.domain import hazard_flow
from safetydesk.domain.demo import DemoContext
from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.registry import RecordKind, register
from safetydesk.i18n import N_, _
from safetydesk.kinds._shared import (
    CHECK_TYPES,
    HAZARD_CATEGORIES,
    days_ago,
    order_error,
    other_staff,
    record_ref,
    staff_ref,
    staff_uuid,
)
from safetydesk.models.base import Base, SyncedRecord

FREQUENCIES = choices(
    ("daily", N_("Daily")),
    ("weekly", N_("Weekly")),
    ("monthly", N_("Monthly")),
    ("semester", N_("Each semester")),
    ("occasional", N_("As needed")),
)

HAZARD_GRADES = choices(
    ("general", N_("General"), "#1976d2"),
    ("major", N_("Major"), "#d32f2f"),
)

RISK_COLOURS = choices(
    ("red", N_("Red (major risk)"), "#d32f2f"),
    ("orange", N_("Orange (serious risk)"), "#f57c00"),
    ("yellow", N_("Yellow (general risk)"), "#fbc02d"),
    ("blue", N_("Blue (low risk)"), "#1976d2"),
)

# The workflow's states, labels included, are declared once in domain.hazard_flow.
HAZARD_STATUSES = hazard_flow.STATUS_CHOICES


# --- checklist template ---------------------------------------------------------------------------


class ChecklistTemplate(SyncedRecord, Base):
    __tablename__ = "checklist_template"

    name: Mapped[str] = mapped_column(String(100))
    category: Mapped[str | None] = mapped_column(String(32), default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)
    frequency: Mapped[str | None] = mapped_column(String(32), default=None)
    items: Mapped[str] = mapped_column(Text)


def _template_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    return [
        {
            "name": "校舍及附属设施设备月检表",
            "category": "school_building",
            "version": 2,
            "frequency": "monthly",
            "items": "建筑用房：墙体有无裂缝、栏杆扶手是否牢固、门窗玻璃是否完好\n"
            "消防：通道畅通、应急灯完好、灭火器在位有效\n"
            "用电：有无裸露老化线路，开关插座是否完好\n"
            "路面和运动场：有无坑洼、积水\n"
            "体育器材和旗杆：是否牢固、有无锈蚀\n"
            "校门、围墙、厕所、车棚：有无倾斜、破损\n"
            "强弱电箱、漏电保护、井盖：是否上锁、完好",
        },
        {
            "name": "每日防火巡查记录",
            "category": "fire",
            "version": 1,
            "frequency": "daily",
            "items": "用火用电：有无违章用火用电\n"
            "安全出口和疏散通道：是否畅通\n"
            "疏散标志和应急照明：是否完好\n"
            "消防器材：是否在位完好\n"
            "常闭防火门：是否关闭\n"
            "重点部位：人员是否在岗",
        },
        {
            "name": "食堂食品安全周查表",
            "category": "food",
            "version": 1,
            "frequency": "weekly",
            "items": "陪餐：学校负责人每餐陪餐并记录\n"
            "留样：每餐留样并冷藏\n"
            "燃气：报警器完好，无泄漏\n"
            "排烟罩：每天擦拭，每月清洗",
        },
    ]


CHECKLIST_TEMPLATE = register(
    RecordKind(
        key="checklist_template",
        title=N_("Checklist templates"),
        mechanism=3,
        model=ChecklistTemplate,
        title_field="name",
        default_sort="name",
        fields=(
            Field("name", N_("Template name"), FieldKind.TEXT, required=True, max_length=100, width=24),
            Field(
                "category", N_("Category"), FieldKind.CHOICE, choices=HAZARD_CATEGORIES, filter=True, width=12
            ),
            Field(
                "version",
                N_("Version"),
                FieldKind.INT,
                required=True,
                min_value=1,
                max_value=999,
                default=1,
                width=6,
            ),
            Field("frequency", N_("Frequency"), FieldKind.CHOICE, choices=FREQUENCIES, filter=True, width=8),
            Field(
                "items",
                N_("Items (one per line)"),
                FieldKind.LONG_TEXT,
                required=True,
                in_table=False,
                max_length=20_000,
                width=40,
            ),
        ),
        hooks={"demo": _template_demo},
    )
)


# --- inspection -----------------------------------------------------------------------------------


class Inspection(SyncedRecord, Base):
    __tablename__ = "inspection"

    template_key: Mapped[str | None] = mapped_column(String(64), default=None)
    template_name: Mapped[str] = mapped_column(String(100))
    template_version: Mapped[int | None] = mapped_column(Integer, default=None)
    inspected_on: Mapped[date] = mapped_column(index=True)
    inspector_uuid: Mapped[str] = staff_ref(nullable=False)
    check_type: Mapped[str] = mapped_column(String(32))
    results: Mapped[str | None] = mapped_column(Text, default=None)
    summary: Mapped[str | None] = mapped_column(Text, default=None)


def _results(items: list[tuple[str, bool, str]]) -> str:
    return json.dumps(
        [{"item": i, "result": "ok" if ok else "problem", "note": note} for i, ok, note in items],
        ensure_ascii=False,
    )


def _inspection_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for n, back in enumerate((60, 30, 2)):
        rows.append(
            {
                "template_name": "校舍及附属设施设备月检表",
                "template_version": 2,
                "inspected_on": days_ago(ctx, back),
                "inspector_uuid": staff_uuid(ctx, 1),
                "check_type": "routine",
                "results": _results(
                    [
                        ("建筑用房", True, ""),
                        ("消防", n != 2, "" if n != 2 else "二楼灭火器压力不足"),
                        ("用电", n != 1, "" if n != 1 else "教学楼一楼插座面板破损"),
                        ("体育器材和旗杆", True, ""),
                        ("校门、围墙、厕所、车棚", n != 2, "" if n != 2 else "东侧围墙有裂缝"),
                    ]
                ),
                "summary": "月度全面排查，发现问题已登记隐患台账。" if n else "月度排查，未发现明显隐患。",
            }
        )
    rows.append(
        {
            "template_name": "每日防火巡查记录",
            "template_version": 1,
            "inspected_on": days_ago(ctx, 1),
            "inspector_uuid": staff_uuid(ctx, 14),
            "check_type": "routine",
            "results": _results(
                [
                    ("安全出口和疏散通道", True, ""),
                    ("消防器材", True, ""),
                    ("常闭防火门", False, "实验楼防火门被楔子卡住常开"),
                ]
            ),
            "summary": "已当场撤除楔子，门已关闭。",
        }
    )
    rows.append(
        {
            "template_name": "开学前安全专项检查",
            "inspected_on": days_ago(ctx, 20),
            "inspector_uuid": staff_uuid(ctx, 0),
            "check_type": "special",
            "summary": "校长带队对校舍、食堂、周边环境开展专项检查。",
        }
    )
    return rows


INSPECTION = register(
    RecordKind(
        key="inspection",
        title=N_("Inspections"),
        mechanism=3,
        model=Inspection,
        title_field="template_name",
        date_field="inspected_on",
        fields=(
            Field("inspected_on", N_("Date checked"), FieldKind.DATE, required=True, width=11),
            Field("template_name", N_("Checklist"), FieldKind.TEXT, required=True, max_length=100, width=24),
            Field(
                "template_key", N_("Checklist key"), FieldKind.TEXT, max_length=64, in_table=False, width=12
            ),
            Field(
                "template_version",
                N_("Checklist version"),
                FieldKind.INT,
                min_value=1,
                max_value=999,
                in_table=False,
                width=6,
            ),
            Field(
                "check_type",
                N_("Type of check"),
                FieldKind.CHOICE,
                required=True,
                choices=CHECK_TYPES,
                filter=True,
                width=10,
            ),
            Field("inspector_uuid", N_("Inspector"), FieldKind.STAFF, required=True, width=10),
            Field(
                "results",
                N_("Check results"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=50_000,
                width=40,
            ),
            Field(
                "summary",
                N_("Inspection summary"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=5000,
                width=40,
            ),
        ),
        hooks={"demo": _inspection_demo},
    )
)


# --- hazard ---------------------------------------------------------------------------------------


class Hazard(SyncedRecord, Base):
    __tablename__ = "hazard"

    found_on: Mapped[date] = mapped_column(index=True)
    check_type: Mapped[str | None] = mapped_column(String(32), default=None)
    inspector_uuid: Mapped[str | None] = staff_ref()
    category: Mapped[str] = mapped_column(String(32), index=True)
    location: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text)
    grade: Mapped[str] = mapped_column(String(32), index=True)
    risk_colour: Mapped[str | None] = mapped_column(String(32), default=None)
    measures: Mapped[str | None] = mapped_column(Text, default=None)
    responsible_uuid: Mapped[str | None] = staff_ref()
    deadline: Mapped[date | None] = mapped_column(default=None, index=True)
    funds_amount: Mapped[float | None] = mapped_column(Float, default=None)
    funds_source: Mapped[str | None] = mapped_column(String(100), default=None)
    interim_controls: Mapped[str | None] = mapped_column(Text, default=None)
    warning_set: Mapped[bool] = mapped_column(default=False)
    escalated_to_township: Mapped[bool] = mapped_column(default=False)
    escalated_on: Mapped[date | None] = mapped_column(default=None)
    rectified_by_uuid: Mapped[str | None] = staff_ref()
    done_on: Mapped[date | None] = mapped_column(default=None)
    result: Mapped[str | None] = mapped_column(String(500), default=None)
    verifier_uuid: Mapped[str | None] = staff_ref()
    verified_on: Mapped[date | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(32), default="registered", index=True)
    closed_on: Mapped[date | None] = mapped_column(default=None)
    supervised_on: Mapped[date | None] = mapped_column(default=None)
    inspection_uuid: Mapped[str | None] = record_ref("inspection")
    notice_uuid: Mapped[str | None] = record_ref("rectification_notice")


def _validate_hazard(values: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    errors |= order_error(
        values, "found_on", "deadline", _("The deadline cannot be before the date the hazard was found.")
    )
    errors |= order_error(
        values, "found_on", "escalated_on", _("The hazard cannot be reported before it was found.")
    )
    errors |= order_error(
        values, "found_on", "done_on", _("Rectification cannot be finished before the hazard was found.")
    )
    errors |= order_error(
        values, "found_on", "verified_on", _("Verification cannot be before the hazard was found.")
    )
    errors |= order_error(
        values, "done_on", "verified_on", _("Verification cannot be before the rectification was finished.")
    )
    errors |= order_error(
        values, "found_on", "closed_on", _("The hazard cannot be struck off before it was found.")
    )
    verifier, rectifier = values.get("verifier_uuid"), values.get("rectified_by_uuid")
    if verifier and verifier == rectifier:
        errors["verifier_uuid"] = _(
            "The verifier must be someone other than the person who rectified the hazard."
        )
    if values.get("status") in ("verified", "closed") and not verifier:
        errors.setdefault(
            "verifier_uuid", _("A verified or struck-off hazard needs the verifier who signed for it.")
        )
    return errors


def _hazard_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    inspections = ctx.records.get("inspection", [])

    def insp(i: int) -> str | None:
        return inspections[i] if len(inspections) > i else None

    rectifier, verifier = other_staff(ctx, 4), staff_uuid(ctx, 0)
    base = {"check_type": "routine", "inspector_uuid": staff_uuid(ctx, 1)}
    rows: list[dict[str, Any]] = [
        {
            **base,
            "found_on": days_ago(ctx, 0),
            "category": "fire",
            "location": "实验楼一楼",
            "description": "常闭防火门被楔子卡住，处于常开状态。",
            "grade": "general",
            "status": "registered",
            "inspection_uuid": insp(3),
        },
        {
            **base,
            "found_on": days_ago(ctx, 2),
            "category": "sports_equipment",
            "location": "操场篮球架",
            "description": "篮球架底座螺栓松动，存在倾倒风险。",
            "grade": "general",
            "risk_colour": "yellow",
            "status": "graded",
        },
        {
            **base,
            "found_on": days_ago(ctx, 2),
            "category": "fire",
            "location": "教学楼二楼东侧",
            "description": "走廊灭火器压力表指针在红区，压力不足。",
            "grade": "general",
            "risk_colour": "yellow",
            "measures": "更换灭火器，全面检查其余灭火器压力。",
            "responsible_uuid": staff_uuid(ctx, 5),
            "deadline": days_ago(ctx, -2),
            "funds_amount": 300.0,
            "funds_source": "学校公用经费",
            "status": "assigned",
            "inspection_uuid": insp(2),
        },
        {
            **base,
            "found_on": days_ago(ctx, 30),
            "category": "electricity",
            "location": "教学楼一楼",
            "description": "一年级教室插座面板破损，线头外露。",
            "grade": "general",
            "risk_colour": "orange",
            "measures": "断电后更换插座面板，检查线路。",
            "responsible_uuid": staff_uuid(ctx, 5),
            "deadline": days_ago(ctx, 23),
            "interim_controls": "已断开该回路电源，贴警示标识。",
            "warning_set": True,
            "funds_amount": 80.0,
            "funds_source": "学校公用经费",
            "rectified_by_uuid": rectifier,
            "status": "rectifying",
            "inspection_uuid": insp(1),
        },
        {
            **base,
            "found_on": days_ago(ctx, 20),
            "category": "drowning",
            "location": "学校南侧河塘",
            "description": "河塘边警示牌被风刮倒，护栏缺失约10米。",
            "grade": "general",
            "risk_colour": "orange",
            "measures": "重新设置警示牌，联系村委会补设护栏。",
            "responsible_uuid": staff_uuid(ctx, 1),
            "deadline": days_ago(ctx, 10),
            "check_type": "special",
            "status": "assigned",
        },
        {
            **base,
            "found_on": days_ago(ctx, 2),
            "category": "school_building",
            "location": "东侧围墙",
            "description": "东侧围墙约15米出现贯通裂缝并向外倾斜，雨后有倒塌危险。",
            "grade": "major",
            "risk_colour": "red",
            "measures": "五定方案：聘请有资质单位鉴定，拆除重建东侧围墙；校长负责，总务主任具体实施。",
            "responsible_uuid": staff_uuid(ctx, 0),
            "deadline": days_ago(ctx, -45),
            "funds_amount": 48000.0,
            "funds_source": "申请县教育局校舍维修专项资金",
            "interim_controls": "围墙内侧5米设警戒线，禁止学生靠近；雨天安排专人值守。",
            "warning_set": True,
            "escalated_to_township": True,
            "escalated_on": days_ago(ctx, 1),
            "rectified_by_uuid": staff_uuid(ctx, 5),
            "status": "rectifying",
            "inspection_uuid": insp(2),
        },
        {
            **base,
            "found_on": days_ago(ctx, 12),
            "category": "food",
            "location": "食堂操作间",
            "description": "燃气泄漏报警器不报警。",
            "grade": "general",
            "risk_colour": "orange",
            "measures": "更换燃气报警器。",
            "responsible_uuid": staff_uuid(ctx, 13),
            "deadline": days_ago(ctx, 5),
            "funds_amount": 450.0,
            "funds_source": "学校公用经费",
            "rectified_by_uuid": rectifier,
            "done_on": days_ago(ctx, 1),
            "result": "已更换新报警器并试验报警正常。",
            "status": "verification_requested",
        },
        {
            **base,
            "found_on": days_ago(ctx, 25),
            "category": "security",
            "location": "学校大门",
            "description": "门卫室防暴器材（钢叉）缺少一件。",
            "grade": "general",
            "risk_colour": "blue",
            "measures": "补充配备钢叉。",
            "responsible_uuid": staff_uuid(ctx, 5),
            "deadline": days_ago(ctx, 18),
            "rectified_by_uuid": rectifier,
            "done_on": days_ago(ctx, 19),
            "result": "已补齐。",
            "verifier_uuid": verifier,
            "verified_on": days_ago(ctx, 17),
            "status": "verified",
        },
    ]
    for back, place, text in (
        (55, "厕所", "男厕地面瓷砖破损，易滑倒。"),
        (40, "学生宿舍", "宿舍内发现学生私接电源插排。"),
        (70, "旗杆", "旗杆底座锈蚀。"),
    ):
        rows.append(
            {
                **base,
                "found_on": days_ago(ctx, back),
                "category": "school_building" if back != 40 else "electricity",
                "location": place,
                "description": text,
                "grade": "general",
                "risk_colour": "blue",
                "measures": "立即整改。",
                "responsible_uuid": staff_uuid(ctx, 5),
                "deadline": days_ago(ctx, back - 7),
                "rectified_by_uuid": rectifier,
                "done_on": days_ago(ctx, back - 5),
                "result": "已整改到位。",
                "verifier_uuid": verifier,
                "verified_on": days_ago(ctx, back - 6),
                "status": "closed",
                "closed_on": days_ago(ctx, back - 6),
                "inspection_uuid": insp(0) if back == 55 else None,
            }
        )
    return rows


HAZARD = register(
    RecordKind(
        key="hazard",
        title=N_("Hazards"),
        mechanism=3,
        model=Hazard,
        title_field="location",
        date_field="found_on",
        status_field="status",
        validate=_validate_hazard,
        fields=(
            Field("found_on", N_("Date found"), FieldKind.DATE, required=True, width=11),
            Field("check_type", N_("Type of check"), FieldKind.CHOICE, choices=CHECK_TYPES, width=10),
            Field("inspector_uuid", N_("Inspector"), FieldKind.STAFF, width=10),
            Field(
                "category",
                N_("Category"),
                FieldKind.CHOICE,
                required=True,
                choices=HAZARD_CATEGORIES,
                filter=True,
                width=12,
            ),
            Field("location", N_("Location"), FieldKind.TEXT, required=True, max_length=100, width=16),
            Field(
                "description",
                N_("Description"),
                FieldKind.LONG_TEXT,
                required=True,
                in_table=False,
                max_length=2000,
                width=40,
            ),
            Field(
                "grade",
                N_("Hazard grade"),
                FieldKind.CHOICE,
                required=True,
                choices=HAZARD_GRADES,
                filter=True,
                width=8,
            ),
            Field(
                "risk_colour", N_("Risk level"), FieldKind.CHOICE, choices=RISK_COLOURS, filter=True, width=10
            ),
            Field(
                "measures",
                N_("Rectification measures"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=5000,
                width=40,
            ),
            Field("responsible_uuid", N_("Person responsible for rectification"), FieldKind.STAFF, width=10),
            Field("deadline", N_("Deadline"), FieldKind.DATE, width=11),
            Field(
                "funds_amount",
                N_("Funds (yuan)"),
                FieldKind.DECIMAL,
                min_value=0,
                max_value=100_000_000,
                in_table=False,
                width=10,
            ),
            Field(
                "funds_source",
                N_("Source of funds"),
                FieldKind.TEXT,
                max_length=100,
                in_table=False,
                width=16,
            ),
            Field(
                "interim_controls",
                N_("Interim protective or emergency measures"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=2000,
                width=40,
            ),
            Field(
                "warning_set",
                N_("Warning line or signs set"),
                FieldKind.BOOL,
                default=False,
                in_table=False,
                width=6,
            ),
            Field(
                "escalated_to_township",
                N_("Reported to the authorities"),
                FieldKind.BOOL,
                default=False,
                filter=True,
                width=6,
                editable=False,
                short_label=N_("Reported"),
            ),
            Field(
                "escalated_on", N_("Date reported"), FieldKind.DATE, in_table=False, width=11, editable=False
            ),
            Field("rectified_by_uuid", N_("Rectified by"), FieldKind.STAFF, in_table=False, width=10),
            Field("done_on", N_("Date rectified"), FieldKind.DATE, width=11),
            Field(
                "result", N_("Rectification result"), FieldKind.TEXT, max_length=500, in_table=False, width=30
            ),
            Field(
                "verifier_uuid", N_("Verified by"), FieldKind.STAFF, in_table=False, width=10, editable=False
            ),
            Field(
                "verified_on", N_("Date verified"), FieldKind.DATE, in_table=False, width=11, editable=False
            ),
            Field(
                "status",
                N_("Status"),
                FieldKind.CHOICE,
                required=True,
                choices=HAZARD_STATUSES,
                filter=True,
                default=hazard_flow.REGISTERED,
                width=10,
                editable=False,
            ),
            Field("closed_on", N_("Date struck off"), FieldKind.DATE, width=11, editable=False),
            Field(
                "supervised_on",
                N_("Date put under supervision"),
                FieldKind.DATE,
                in_table=False,
                width=11,
                editable=False,
            ),
            Field(
                "inspection_uuid",
                N_("Inspection"),
                FieldKind.RECORD,
                ref_kind="inspection",
                in_table=False,
                width=16,
            ),
            Field(
                "notice_uuid",
                N_("Rectification notice"),
                FieldKind.RECORD,
                ref_kind="rectification_notice",
                in_table=False,
                width=16,
            ),
        ),
        hooks={"demo": _hazard_demo},
    )
)
