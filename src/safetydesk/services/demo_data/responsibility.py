"""Demo rows for the kinds declared in safetydesk.kinds.responsibility: responsibility_assignment,
responsibility_letter, six_check, accountability_record, four_not_check, assessment_score.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from safetydesk.domain.demo import DemoContext
from safetydesk.domain.semester import current_or_next, recent_semesters
from safetydesk.kinds.responsibility import SIX_ITEMS
from safetydesk.services.demo_data import demo_rows
from safetydesk.services.demo_data._picks import days_ago, staff_uuid
from safetydesk.services.demo_data.incidents import paired_demo_incidents


def _semester_name(d: date) -> str:
    sem = current_or_next(d)
    year, season = sem.key.split("-")
    return f"{year}年{'秋季' if season == 'autumn' else '春季'}学期"


@demo_rows("responsibility_assignment")
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


@demo_rows("responsibility_letter")
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


@demo_rows("six_check")
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


@demo_rows("accountability_record")
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


@demo_rows("four_not_check")
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


@demo_rows("assessment_score")
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
