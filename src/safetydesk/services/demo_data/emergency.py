"""Demo rows for the kinds declared in safetydesk.kinds.emergency: emergency_plan, drill."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from safetydesk.domain.demo import DemoContext
from safetydesk.services.demo_data import demo_rows
from safetydesk.services.demo_data._picks import days_ago, local_at, staff_uuid

_PLANS = (
    ("校园火灾事故应急预案", "accident_disaster", 200),
    ("地震灾害应急疏散预案", "natural_disaster", 200),
    ("突发公共卫生事件（传染病、食物中毒）应急预案", "public_health", 380),
    ("校园防暴力侵害应急预案", "social_safety", 120),
    ("教育舆情应对处置预案", "education_opinion", 60),
    ("网络与信息安全事件应急预案", "network_security", 400),
    ("考试安全应急预案", "exam_security", 300),
)


@demo_rows("emergency_plan")
def _plan_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "plan_type": ptype,
            "version": f"{days_ago(ctx, back).year}版",
            "approved_on": days_ago(ctx, back),
            "approved_by": "校务会",
            "next_review_on": days_ago(ctx, back - 365),
            "file_note": "安全办公室档案柜第2格",
        }
        for name, ptype, back in _PLANS
    ]


_DRILLS = (
    ("fire", "planned", "消防疏散演练", "连续急促哨声", 118, "个别学生弯腰捂鼻动作不规范。"),
    ("earthquake", "planned", "防震避险疏散演练", "广播警报", 125, "三楼楼梯口拥堵约10秒。"),
    ("stampede", "surprise", "防踩踏突发疏散演练", "电铃长鸣", 140, "一名教师未及时到楼梯口值守。"),
    ("violence", "planned", "防暴力侵害处置演练", "门卫一键报警", 95, "门卫使用钢叉不够熟练。"),
    ("fire", "surprise", "午休时段消防疏散演练", "连续急促哨声", 150, "宿舍学生穿衣耽误时间。"),
    ("school_bus", "planned", "校车应急疏散演练", "驾驶员口令", 60, "安全锤位置学生不熟悉。"),
)


@demo_rows("drill")
def _drill_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    """One drill a month for the last six months, skipping August (summer holiday)."""
    rows = []
    first_of_month = ctx.today.replace(day=1)
    n = len(ctx.students) or 48
    for back in range(6, -1, -1):
        month = first_of_month
        for _i in range(back):
            month = (month - timedelta(days=1)).replace(day=1)
        day = month + timedelta(days=9)
        if month.month == 8 or day >= ctx.today:
            continue
        dtype, mode, name, signal, seconds, problems = _DRILLS[back % len(_DRILLS)]
        start = local_at(day, 10, 0)
        rows.append(
            {
                "name": f"{day.month}月{name}",
                "drill_type": dtype,
                "mode": mode,
                "held_on": day,
                "started_at": start,
                "ended_at": start + timedelta(seconds=seconds + 300),
                "commander_uuid": staff_uuid(ctx, 0),
                "signal": signal,
                "route": "教学楼东西两侧楼梯分流，沿绿色指示标志到操场",
                "assembly_point": "学校操场",
                "classes": len(ctx.classes) or 6,
                "participants": n + 12,
                "evacuation_seconds": seconds,
                "headcount_reported": True,
                "problems": problems,
                "evaluation": ("总体有序，用时达标；" if seconds <= 120 else "疏散用时超过2分钟目标，需再次演练；")
                + ("问题已在教师会上讲评整改。" if back else "待讲评。"),
                "recorder_uuid": staff_uuid(ctx, 1),
            }
        )
    return rows
