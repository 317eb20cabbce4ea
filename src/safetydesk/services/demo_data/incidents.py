"""Demo rows for the kinds declared in safetydesk.kinds.incidents: incident, incident_report,
incident_response_step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from safetydesk.domain import incident_clock as ic
from safetydesk.domain.demo import DemoContext
from safetydesk.i18n import LOCAL_TZ
from safetydesk.services.demo_data import demo_rows
from safetydesk.services.demo_data._picks import local_at, staff_uuid


@dataclass(frozen=True)
class _DemoIncident:
    """One demo incident's facts and the reports it gets (minutes after learned_at)."""

    values: dict[str, Any]
    learned_at: datetime
    reports: tuple[tuple[str, int, int, str], ...]  # (type, number, minutes after learned, body)
    steps: tuple[tuple[str, int, str], ...]  # (step, minutes after learned, note)


def _demo_plan(ctx: DemoContext) -> list[_DemoIncident]:
    """Deterministic (no rng), so the report and step makers can rebuild it and pair by order."""
    today = ctx.now.astimezone(LOCAL_TZ).date()
    plan: list[_DemoIncident] = []

    def add(
        days: int,
        hour: int,
        minute: int,
        delay: int,
        phone_after: int | None,
        reports: tuple[tuple[str, int, int, str], ...],
        steps: tuple[tuple[str, int, str], ...],
        **values: Any,
    ) -> None:
        occurred = local_at(today - timedelta(days=days), hour, minute)
        learned = occurred + timedelta(minutes=delay)
        row = {"occurred_at": occurred, "learned_at": learned, "reporter_uuid": staff_uuid(ctx, 1), **values}
        if phone_after is not None:
            # The late flag as the incident service sets it when the phone report is logged.
            at = learned + timedelta(minutes=phone_after)
            dl = ic.deadlines(values["level"], values.get("sensitive", False), learned)
            row["phone_reported_at"] = at
            row["phone_reported_to"] = "县教育局安全科"
            row["phone_late"] = not ic.on_time(at, dl.phone or dl.written)
        plan.append(_DemoIncident(row, learned, reports, steps))

    # 一般: written report at 35 minutes (on time); closed.
    add(
        21,
        9,
        40,
        10,
        None,
        (
            ("first", 0, 35, "我校一名四年级学生课间在操场追逐时摔倒，左前臂骨折，已送县医院治疗。"),
            ("final", 0, 4320, "学生手术顺利，已返校上课。学校已与家长沟通，开展课间安全教育。"),
        ),
        (
            ("medical_care", 5, "校医现场处置后由班主任陪同送县医院。"),
            ("notify_parents", 15, "电话告知家长，家长赶到医院。"),
            ("report", 35, "书面报告中心校和县教育局。"),
        ),
        title="学生课间摔伤骨折",
        level="general",
        category="accidental_injury",
        place="学校操场",
        info_source="值周教师报告",
        summary="课间操结束后，四年级一名学生在操场追逐打闹时摔倒，左前臂骨折。",
        cause_nature="学生追逐打闹，意外伤害。",
        deaths=0,
        injuries=1,
        property_loss="无",
        scope="一名学生",
        trend="已稳定",
        measures="送医治疗，通知家长，开展课间安全教育。",
        onsite_person="值周教师",
        onsite_phone="13800000001",
        cause_conclusion="学生课间追逐打闹摔倒，属意外伤害；值周教师在岗，学校无管理过错。",
        handling_result="学生手术顺利，已返校上课。",
        aftermath="学校与家长协商，由学生平安保险理赔医疗费用。",
        rectification="开展课间安全教育，增设课间值守点。",
        status="closed",
    )
    # 较大: learned 10:00, phone at 10:21 (late), written at 10:38 (on time); closed.
    add(
        14,
        9,
        50,
        10,
        21,
        (
            ("first", 0, 38, "我校午餐后7名学生出现呕吐、腹痛症状，已送乡卫生院观察治疗。"),
            ("followup", 1, 300, "7名学生经治疗症状缓解，疾控中心已对留样采样。"),
            ("final", 0, 2880, "经疾控检测为食堂豆角未炒熟所致，学生均已康复，食堂已整改。"),
        ),
        (
            ("medical_care", 3, "立即送乡卫生院。"),
            ("notify_parents", 20, "逐一电话通知家长。"),
            ("report", 21, "电话报县教育局，超过20分钟时限。"),
            ("aftermath", 1440, "医疗费用由学校责任险理赔。"),
        ),
        title="学生疑似食物中毒",
        level="larger",
        category="food_safety",
        place="学校食堂",
        info_source="班主任报告",
        summary="午餐后约40分钟，三至五年级共7名学生先后出现呕吐、腹痛症状。",
        cause_nature="疑似食物中毒，待疾控检测。",
        deaths=0,
        injuries=7,
        property_loss="无",
        scope="7名学生",
        trend="症状缓解",
        measures="送医、封存留样、停用食堂待查。",
        requests="请县疾控中心协助检测。",
        onsite_person="校长",
        onsite_phone="13800000002",
        verified_facts="经核实，共7名学生出现症状，均为轻症，无重症、无死亡。",
        progress="学生经治疗症状缓解，疾控中心已对留样采样送检。",
        cause_conclusion="经县疾控中心检测，为食堂豆角未炒熟所致。",
        handling_result="7名学生均已康复返校。",
        accountability="食堂管理员诫勉谈话，分管副校长作书面检查。",
        aftermath="医疗费用由学校责任险理赔，逐一回访学生家庭。",
        rectification="食堂停业整顿三天，完善加工操作规程和留样制度。",
        status="closed",
    )
    # 重大: drowning off campus; phone on time (12 min), written late (55 min); still open.
    add(
        6,
        17,
        30,
        60,
        12,
        (
            ("first", 0, 55, "我校一名六年级学生周末在村南河塘溺水，经抢救无效死亡。"),
            ("followup", 1, 1440, "学校已慰问家属，配合派出所调查，开展防溺水专题教育。"),
            ("followup", 2, 2880, "家属情绪稳定，善后工作正在进行。"),
        ),
        (
            ("report", 12, "电话报县教育局。"),
            ("notify_parents", 30, "校长赶到现场慰问家属。"),
            ("aftermath", 1440, "协调村委会、派出所做好善后。"),
            ("dispute_channels", 2880, "向家属说明依法解决纠纷的途径。"),
        ),
        title="学生校外溺水死亡",
        level="major",
        category="drowning",
        sensitive=True,
        place="村南河塘",
        info_source="家长电话",
        summary="周六下午一名六年级学生与同伴到村南河塘玩水，不慎溺水。",
        cause_nature="校外私自下水游泳。",
        deaths=1,
        injuries=0,
        scope="一名学生",
        trend="善后处置中",
        measures="配合调查，慰问家属，全校开展防溺水教育。",
        onsite_person="副校长",
        onsite_phone="13800000003",
        verified_facts="经核实，死亡学生1名，系本校六年级学生；同行2名学生未受伤。",
        progress="家属情绪稳定，善后工作正在进行；已在村南河塘设置警示牌。",
        status="open",
    )
    # 特别重大: on time throughout; closed.
    add(
        60,
        7,
        20,
        15,
        10,
        (
            ("first", 0, 30, "一辆私自接送学生的车辆在乡道侧翻，造成人员伤亡。"),
            ("followup", 1, 480, "伤员均已送县人民医院救治。"),
            ("final", 0, 10080, "事故调查已结束，责任人已依法处理，学校加强上下学交通安全管理。"),
        ),
        (
            ("medical_care", 5, "拨打120，组织救治。"),
            ("report", 10, "电话报县教育局。"),
            ("notify_parents", 30, "逐一通知家长。"),
            ("opinion_control", 120, "统一对外发布信息。"),
            ("aftermath", 1440, "配合政府善后工作组。"),
        ),
        title="接送学生车辆侧翻事故",
        level="especially_major",
        category="traffic",
        place="乡道3公里处",
        info_source="交警通报",
        summary="上学途中一辆非法营运车辆超载接送学生，在乡道侧翻。",
        cause_nature="非法营运、超载。",
        deaths=5,
        injuries=12,
        property_loss="车辆报废",
        scope="本校及邻校学生",
        trend="已结束",
        onsite_person="校长",
        onsite_phone="13800000002",
        verified_facts="经核实，死亡5人，受伤12人，伤员均已送县人民医院救治。",
        progress="伤员病情稳定，事故调查组已进驻。",
        cause_conclusion="非法营运车辆超载行驶，驾驶人操作不当，在乡道侧翻。",
        handling_result="伤员均已出院，事故调查已结束。",
        accountability="驾驶人已被依法追究刑事责任。",
        aftermath="配合县政府善后工作组完成赔偿和心理疏导。",
        rectification="加强上下学交通安全管理，与家长签订不乘坐非法营运车辆承诺书。",
        status="closed",
    )
    # 一般 but 重大敏感: phone 15 min (on time), written 45 min (late); open.
    add(
        3,
        7,
        45,
        5,
        15,
        (("first", 0, 45, "十余名家长因校车线路调整在校门口聚集，要求恢复原线路。"),),
        (("opinion_control", 60, "安排专人关注家长群动态。"),),
        title="家长校门口聚集",
        level="general",
        category="public_order",
        sensitive=True,
        place="学校大门",
        info_source="门卫报告",
        summary="十余名家长因校车线路调整，在校门口聚集表达诉求。",
        deaths=0,
        injuries=0,
        scope="部分家长",
        trend="已劝散，需持续关注",
        measures="校长出面接待，说明调整原因。",
        onsite_person="校长",
        onsite_phone="13800000002",
        status="open",
    )
    # 一般: learned just over an hour ago and not yet reported, so the clock shows it overdue.
    occurred = ctx.now.astimezone(LOCAL_TZ) - timedelta(minutes=80)
    learned = occurred + timedelta(minutes=10)
    plan.append(
        _DemoIncident(
            {
                "occurred_at": occurred,
                "learned_at": learned,
                "title": "学生体育课扭伤脚踝",
                "level": "general",
                "reporter_uuid": staff_uuid(ctx, 1),
                "place": "学校操场",
                "info_source": "体育教师报告",
                "summary": "体育课跳远练习时一名学生扭伤右脚踝。",
                "deaths": 0,
                "injuries": 1,
                "status": "open",
            },
            learned,
            (),
            (("medical_care", 5, "校医冰敷处理。"),),
        )
    )
    return plan


@demo_rows("incident")
def _incident_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    return [dict(p.values) for p in _demo_plan(ctx)]


def paired_demo_incidents(ctx: DemoContext) -> list[tuple[str, _DemoIncident]]:
    return list(zip(ctx.records.get("incident", []), _demo_plan(ctx), strict=False))


def _first_late(incident: _DemoIncident, sent: datetime) -> bool:
    """The late flag of a 首报 as the incident service sets it when the report is logged."""
    v = incident.values
    dl = ic.deadlines(v["level"], v.get("sensitive", False), incident.learned_at)
    made = sent if dl.urgent else ic.general_report_time(v.get("phone_reported_at"), sent)
    return made is not None and not ic.on_time(made, dl.written)


@demo_rows("incident_report")
def _report_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    rows = []
    for uuid, incident in paired_demo_incidents(ctx):
        for report_type, number, minutes, body in incident.reports:
            sent = incident.learned_at + timedelta(minutes=minutes)
            rows.append(
                {
                    "incident_uuid": uuid,
                    "report_type": report_type,
                    "number": number or None,
                    "sent_at": sent,
                    "receiver": "县教育局安全科",
                    "sent_by_uuid": staff_uuid(ctx, 1),
                    "channel": "online" if report_type == "followup" else "written",
                    "body": body,
                    "late": report_type == "first" and _first_late(incident, sent),
                }
            )
    return rows


@demo_rows("incident_response_step")
def _step_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    rows = []
    for uuid, incident in paired_demo_incidents(ctx):
        for i, (step, minutes, note) in enumerate(incident.steps):
            rows.append(
                {
                    "incident_uuid": uuid,
                    "step": step,
                    "done_at": incident.learned_at + timedelta(minutes=minutes),
                    "person_uuid": staff_uuid(ctx, i),
                    "note": note,
                }
            )
    return rows
