"""The responsibility system (domain.md §10): mechanism 1 (安全责任) and mechanism 12 (责任追究).

Mechanism 1: who holds which post's safety duties (一岗双责), the safety responsibility letters
signed each semester, and the 六落实 self-check. Mechanism 12: accountability measures, the
四个不放过 check of an incident, and the assessment score the school received.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.domain.demo import DemoContext
from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.registry import RecordKind, register
from safetydesk.domain.semester import current_or_next, recent_semesters
from safetydesk.i18n import N_, _
from safetydesk.kinds._shared import days_ago, order_error, record_ref, staff_ref, staff_uuid
from safetydesk.kinds.incidents import paired_demo_incidents
from safetydesk.models.base import Base, SyncedRecord

ACCOUNTABILITY_MEASURES = choices(
    ("admonition_talk", N_("Admonition talk")),
    ("reassignment", N_("Reassignment")),
    ("interview", N_("Formal interview")),
    ("circulated_criticism", N_("Criticism circulated")),
    ("other", N_("Other")),
)


def _semester_name(d: date) -> str:
    sem = current_or_next(d)
    year, season = sem.key.split("-")
    return f"{year}年{'秋季' if season == 'autumn' else '春季'}学期"


# --- responsibility assignment --------------------------------------------------------------------


class ResponsibilityAssignment(SyncedRecord, Base):
    __tablename__ = "responsibility_assignment"

    post: Mapped[str] = mapped_column(String(50))
    person_uuid: Mapped[str] = staff_ref(nullable=False)
    duties: Mapped[str] = mapped_column(Text)
    dual_duty: Mapped[bool] = mapped_column(default=True)
    assigned_on: Mapped[date | None] = mapped_column(default=None, index=True)


def _assignment_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    start = current_or_next(ctx.today).start
    posts = [
        (0, "校长（第一责任人）", "全面负责学校安全工作，组织制定安全制度和应急预案，签订安全责任书。"),
        (1, "安全专干", "具体负责日常安全检查、隐患台账、安全教育和演练组织，及时上报信息。"),
        (3, "分管副校长", "协助校长抓好安全工作，分管校园欺凌防治和心理健康教育。"),
        (5, "总务主任", "负责校舍、水电、消防设施的维护和隐患整改经费保障。"),
        (13, "食堂管理员", "负责食品采购索证索票、留样、陪餐记录和食堂卫生安全。"),
        (14, "门卫", "负责来访登记、校门管控、上下学时段护学岗。"),
    ]
    return [
        {
            "post": post,
            "person_uuid": staff_uuid(ctx, i),
            "duties": duties,
            "dual_duty": True,
            "assigned_on": start if start <= ctx.today else days_ago(ctx, 30),
        }
        for i, post, duties in posts
    ]


RESPONSIBILITY_ASSIGNMENT = register(
    RecordKind(
        key="responsibility_assignment",
        title=N_("Responsibility assignments"),
        mechanism=1,
        model=ResponsibilityAssignment,
        title_field="post",
        date_field="assigned_on",
        fields=(
            Field("post", N_("Post"), FieldKind.TEXT, required=True, max_length=50, width=16),
            Field("person_uuid", N_("Person responsible"), FieldKind.STAFF, required=True, width=10),
            Field(
                "duties",
                N_("Duties"),
                FieldKind.LONG_TEXT,
                required=True,
                in_table=False,
                max_length=5000,
                width=40,
            ),
            Field("dual_duty", N_("One post, two responsibilities"), FieldKind.BOOL, default=True, width=8),
            Field("assigned_on", N_("Assigned on"), FieldKind.DATE, width=11),
        ),
        hooks={"demo": _assignment_demo},
    )
)


# --- responsibility letter ------------------------------------------------------------------------


class ResponsibilityLetter(SyncedRecord, Base):
    __tablename__ = "responsibility_letter"

    title: Mapped[str] = mapped_column(String(100))
    semester: Mapped[str | None] = mapped_column(String(30), default=None, index=True)
    signer_uuid: Mapped[str] = staff_ref(nullable=False)
    counterpart: Mapped[str] = mapped_column(String(50))
    signed_on: Mapped[date] = mapped_column(index=True)
    term_start: Mapped[date | None] = mapped_column(default=None)
    term_end: Mapped[date | None] = mapped_column(default=None)
    targets: Mapped[str | None] = mapped_column(Text, default=None)


def _validate_letter(values: Mapping[str, Any]) -> dict[str, str]:
    return order_error(values, "term_start", "term_end", _("The term cannot end before it starts."))


def _letter_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    sem = current_or_next(ctx.today)
    name = _semester_name(ctx.today)
    signed = sem.start if sem.start <= ctx.today else days_ago(ctx, 1)
    teachers = sorted(set(ctx.class_teacher.values())) or [s for s in (staff_uuid(ctx, 6),) if s]
    return [
        {
            "title": f"{name}班主任安全工作责任书",
            "semester": name,
            "signer_uuid": t,
            "counterpart": "校长",
            "signed_on": signed,
            "term_start": sem.start,
            "term_end": sem.end,
            "targets": "责任事故为零；班级安全教育课时落实；每月开展一次疏散演练；留守儿童结对帮扶到位。",
        }
        for t in teachers
    ]


RESPONSIBILITY_LETTER = register(
    RecordKind(
        key="responsibility_letter",
        title=N_("Safety responsibility letters"),
        mechanism=1,
        model=ResponsibilityLetter,
        title_field="title",
        date_field="signed_on",
        validate=_validate_letter,
        fields=(
            Field("title", N_("Title"), FieldKind.TEXT, required=True, max_length=100, width=24),
            Field("semester", N_("Semester"), FieldKind.TEXT, max_length=30, filter=True, width=14),
            Field("signer_uuid", N_("Signatory"), FieldKind.STAFF, required=True, width=10),
            Field("counterpart", N_("Other party"), FieldKind.TEXT, required=True, max_length=50, width=10),
            Field("signed_on", N_("Date signed"), FieldKind.DATE, required=True, width=11),
            Field("term_start", N_("Term starts"), FieldKind.DATE, width=11),
            Field("term_end", N_("Term ends"), FieldKind.DATE, width=11),
            Field(
                "targets",
                N_("Targets and accident-control indicators"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=5000,
                width=40,
            ),
        ),
        hooks={"demo": _letter_demo},
    )
)


# --- 六落实 self-check ------------------------------------------------------------------------------

SIX_ITEMS = (
    ("organisation", N_("Organisation in place"), N_("Organisation: note")),
    ("personnel", N_("Personnel in place"), N_("Personnel: note")),
    ("duties", N_("Duties in place"), N_("Duties: note")),
    ("funds", N_("Funds in place"), N_("Funds: note")),
    ("premises", N_("Premises in place"), N_("Premises: note")),
    ("equipment", N_("Equipment in place"), N_("Equipment: note")),
)


class SixCheck(SyncedRecord, Base):
    __tablename__ = "six_check"

    checked_on: Mapped[date] = mapped_column(index=True)
    checked_by_uuid: Mapped[str | None] = staff_ref()
    organisation_ok: Mapped[bool] = mapped_column(default=False)
    organisation_note: Mapped[str | None] = mapped_column(String(200), default=None)
    personnel_ok: Mapped[bool] = mapped_column(default=False)
    personnel_note: Mapped[str | None] = mapped_column(String(200), default=None)
    duties_ok: Mapped[bool] = mapped_column(default=False)
    duties_note: Mapped[str | None] = mapped_column(String(200), default=None)
    funds_ok: Mapped[bool] = mapped_column(default=False)
    funds_note: Mapped[str | None] = mapped_column(String(200), default=None)
    premises_ok: Mapped[bool] = mapped_column(default=False)
    premises_note: Mapped[str | None] = mapped_column(String(200), default=None)
    equipment_ok: Mapped[bool] = mapped_column(default=False)
    equipment_note: Mapped[str | None] = mapped_column(String(200), default=None)


def _six_fields() -> tuple[Field, ...]:
    out: list[Field] = []
    for attr, ok_label, note_label in SIX_ITEMS:
        out.append(Field(f"{attr}_ok", ok_label, FieldKind.BOOL, default=False, width=6))
        out.append(
            Field(f"{attr}_note", note_label, FieldKind.TEXT, max_length=200, in_table=False, width=20)
        )
    return tuple(out)


def _six_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    notes = {
        "organisation": "成立安全工作领导小组，校长任组长。",
        "personnel": "配备专职安全专干1名。",
        "duties": "岗位安全职责已上墙。",
        "funds": "安全经费列入学校预算。",
        "premises": "设有安全教育室和心理辅导室。",
        "equipment": "监控、钢叉、灭火器配备到位。",
    }
    rows = []
    for back, missing in ((100, "equipment"), (10, "")):
        row: dict[str, Any] = {"checked_on": days_ago(ctx, back), "checked_by_uuid": staff_uuid(ctx, 1)}
        for attr, _ok, _note in SIX_ITEMS:
            row[f"{attr}_ok"] = attr != missing
            row[f"{attr}_note"] = "一键报警装置未接入公安平台。" if attr == missing else notes[attr]
        rows.append(row)
    return rows


SIX_CHECK = register(
    RecordKind(
        key="six_check",
        title=N_("Six-in-place self-checks"),
        mechanism=1,
        model=SixCheck,
        title_field="checked_on",
        date_field="checked_on",
        fields=(
            Field("checked_on", N_("Date checked"), FieldKind.DATE, required=True, width=11),
            Field("checked_by_uuid", N_("Checked by"), FieldKind.STAFF, width=10),
            *_six_fields(),
        ),
        hooks={"demo": _six_demo},
    )
)


# --- accountability record (mechanism 12) ---------------------------------------------------------


class AccountabilityRecord(SyncedRecord, Base):
    __tablename__ = "accountability_record"

    person_name: Mapped[str] = mapped_column(String(50))
    person_uuid: Mapped[str | None] = staff_ref()
    measure: Mapped[str] = mapped_column(String(32), index=True)
    basis: Mapped[str] = mapped_column(Text)
    decided_on: Mapped[date] = mapped_column(index=True)
    incident_uuid: Mapped[str | None] = record_ref("incident")


def _accountability_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    paired = paired_demo_incidents(ctx)
    food = paired[1][0] if len(paired) > 1 else None
    canteen = ctx.staff[13 % len(ctx.staff)] if ctx.staff else None
    rows = []
    if canteen is not None:
        rows.append(
            {
                "person_name": canteen.name,
                "person_uuid": canteen.uuid,
                "measure": "admonition_talk",
                "basis": "食堂加工豆角未炒熟导致学生食物中毒，违反食品安全操作规范。",
                "decided_on": days_ago(ctx, 10),
                "incident_uuid": food,
            }
        )
    duty = ctx.staff[12 % len(ctx.staff)] if ctx.staff else None
    rows.append(
        {
            "person_name": duty.name if duty else "值周教师",
            "person_uuid": duty.uuid if duty else None,
            "measure": "circulated_criticism",
            "basis": "上下学护学岗值周时未按时到岗，在全校教职工会上通报批评。",
            "decided_on": days_ago(ctx, 40),
        }
    )
    return rows


ACCOUNTABILITY_RECORD = register(
    RecordKind(
        key="accountability_record",
        title=N_("Accountability records"),
        mechanism=12,
        model=AccountabilityRecord,
        title_field="person_name",
        date_field="decided_on",
        fields=(
            Field(
                "person_name",
                N_("Person held accountable"),
                FieldKind.TEXT,
                required=True,
                max_length=50,
                width=10,
            ),
            Field("person_uuid", N_("Staff member"), FieldKind.STAFF, in_table=False, width=10),
            Field(
                "measure",
                N_("Accountability measure"),
                FieldKind.CHOICE,
                required=True,
                choices=ACCOUNTABILITY_MEASURES,
                filter=True,
                width=10,
            ),
            Field(
                "basis",
                N_("Basis"),
                FieldKind.LONG_TEXT,
                required=True,
                in_table=False,
                max_length=5000,
                width=40,
            ),
            Field("decided_on", N_("Date"), FieldKind.DATE, required=True, width=11),
            Field("incident_uuid", N_("Incident"), FieldKind.RECORD, ref_kind="incident", width=20),
        ),
        hooks={"demo": _accountability_demo},
    )
)


# --- 四个不放过 ------------------------------------------------------------------------------------


class FourNotCheck(SyncedRecord, Base):
    __tablename__ = "four_not_check"

    incident_uuid: Mapped[str] = record_ref("incident", nullable=False)
    checked_on: Mapped[date] = mapped_column(index=True)
    checked_by_uuid: Mapped[str | None] = staff_ref()
    cause_found: Mapped[bool] = mapped_column(default=False)
    cause_evidence: Mapped[str | None] = mapped_column(Text, default=None)
    cause_on: Mapped[date | None] = mapped_column(default=None)
    responsible_handled: Mapped[bool] = mapped_column(default=False)
    responsible_evidence: Mapped[str | None] = mapped_column(Text, default=None)
    responsible_on: Mapped[date | None] = mapped_column(default=None)
    measures_done: Mapped[bool] = mapped_column(default=False)
    measures_evidence: Mapped[str | None] = mapped_column(Text, default=None)
    measures_on: Mapped[date | None] = mapped_column(default=None)
    people_educated: Mapped[bool] = mapped_column(default=False)
    educated_evidence: Mapped[str | None] = mapped_column(Text, default=None)
    educated_on: Mapped[date | None] = mapped_column(default=None)


def _four_not_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    rows = []
    for uuid, incident in paired_demo_incidents(ctx):
        if incident.values.get("status") != "closed":
            continue
        done = incident.values["level"] != "general"
        rows.append(
            {
                "incident_uuid": uuid,
                "checked_on": days_ago(ctx, 5),
                "checked_by_uuid": staff_uuid(ctx, 0),
                "cause_found": True,
                "cause_evidence": "事故原因已查清，见终报。",
                "responsible_handled": done,
                "responsible_evidence": "已对相关责任人诫勉谈话。" if done else "",
                "measures_done": True,
                "measures_evidence": "整改措施已落实并验收。",
                "people_educated": True,
                "educated_evidence": "召开全体教职工安全警示教育会。",
                "cause_on": days_ago(ctx, 12),
                "responsible_on": days_ago(ctx, 10) if done else None,
                "measures_on": days_ago(ctx, 8),
                "educated_on": days_ago(ctx, 6),
            }
        )
    return rows


FOUR_NOT_CHECK = register(
    RecordKind(
        key="four_not_check",
        title=N_("Four-not-let-go checks"),
        mechanism=12,
        model=FourNotCheck,
        title_field="checked_on",
        date_field="checked_on",
        fields=(
            Field(
                "incident_uuid",
                N_("Incident"),
                FieldKind.RECORD,
                required=True,
                ref_kind="incident",
                width=20,
            ),
            Field("checked_on", N_("Date checked"), FieldKind.DATE, required=True, width=11),
            Field("checked_by_uuid", N_("Checked by"), FieldKind.STAFF, width=10),
            Field("cause_found", N_("Cause established"), FieldKind.BOOL, default=False, width=6),
            Field(
                "cause_evidence",
                N_("Cause: evidence"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=2000,
                width=30,
            ),
            Field("cause_on", N_("Cause: date"), FieldKind.DATE, in_table=False, width=11),
            Field(
                "responsible_handled",
                N_("Those responsible dealt with"),
                FieldKind.BOOL,
                default=False,
                width=6,
            ),
            Field(
                "responsible_evidence",
                N_("Those responsible: evidence"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=2000,
                width=30,
            ),
            Field("responsible_on", N_("Those responsible: date"), FieldKind.DATE, in_table=False, width=11),
            Field(
                "measures_done", N_("Corrective measures carried out"), FieldKind.BOOL, default=False, width=6
            ),
            Field(
                "measures_evidence",
                N_("Corrective measures: evidence"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=2000,
                width=30,
            ),
            Field("measures_on", N_("Corrective measures: date"), FieldKind.DATE, in_table=False, width=11),
            Field("people_educated", N_("People concerned educated"), FieldKind.BOOL, default=False, width=6),
            Field(
                "educated_evidence",
                N_("Education: evidence"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=2000,
                width=30,
            ),
            Field("educated_on", N_("Education: date"), FieldKind.DATE, in_table=False, width=11),
        ),
        hooks={"demo": _four_not_demo},
    )
)


# --- assessment score -----------------------------------------------------------------------------


class AssessmentScore(SyncedRecord, Base):
    __tablename__ = "assessment_score"

    period: Mapped[str] = mapped_column(String(30), index=True)
    score: Mapped[float] = mapped_column(Float)
    assessor: Mapped[str] = mapped_column(String(100))
    assessed_on: Mapped[date | None] = mapped_column(default=None, index=True)
    items: Mapped[str | None] = mapped_column(Text, default=None)


def _assessment_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    rows = []
    for i, sem in enumerate(recent_semesters(ctx.today, 3)[1:]):
        year, season = sem.key.split("-")
        rows.append(
            {
                "period": f"{year}年{'秋季' if season == 'autumn' else '春季'}学期",
                "score": 92.5 - 3 * i,
                "assessor": "示范镇中心校",
                "assessed_on": min(sem.end, ctx.today),
                "items": "安全责任 10/10；隐患排查 18/20；安全教育 14/15；应急演练 15/15；"
                "信息报告 9/10；家校共育 9/10；其他 17.5/20",
            }
        )
    return rows


ASSESSMENT_SCORE = register(
    RecordKind(
        key="assessment_score",
        title=N_("Assessment scores"),
        mechanism=12,
        model=AssessmentScore,
        title_field="period",
        date_field="assessed_on",
        fields=(
            Field(
                "period",
                N_("Assessment period"),
                FieldKind.TEXT,
                required=True,
                max_length=30,
                filter=True,
                width=14,
            ),
            Field(
                "score", N_("Score"), FieldKind.DECIMAL, required=True, min_value=0, max_value=100, width=6
            ),
            Field("assessor", N_("Assessed by"), FieldKind.TEXT, required=True, max_length=100, width=16),
            Field("assessed_on", N_("Date assessed"), FieldKind.DATE, width=11),
            Field(
                "items", N_("Scores by item"), FieldKind.LONG_TEXT, in_table=False, max_length=5000, width=40
            ),
        ),
        hooks={"demo": _assessment_demo},
    )
)
