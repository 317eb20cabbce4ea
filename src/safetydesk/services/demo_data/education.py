"""Demo rows for the kinds declared in safetydesk.kinds.education: education_session."""

from __future__ import annotations

from datetime import date
from typing import Any

from safetydesk.domain.demo import DemoContext
from safetydesk.services.demo_data import demo_rows
from safetydesk.services.demo_data._picks import class_teacher_of, semester_days, spread, staff_uuid

_TOPICS = (
    ("开学第一课：校园安全制度", "social_safety", "flag_speech", "全校", 0.5),
    ("防溺水“六不”专题教育", "accidental_injury", "class_meeting", "全校各班", 1.0),
    ("交通安全：上下学不乘坐无牌无证车辆", "accidental_injury", "classroom", "四至六年级", 1.0),
    ("预防传染病和食品安全", "public_health", "classroom", "一至三年级", 1.0),
    ("防范电信网络诈骗", "network_safety", "lecture", "五、六年级", 1.0),
    ("地震和雷电的自我保护", "natural_disaster", "classroom", "全校各班", 1.0),
    ("防校园欺凌：学会求助", "social_safety", "class_meeting", "三至六年级", 1.0),
    ("消防安全知识及火灾逃生", "accidental_injury", "drill", "全校", 1.0),
    ("寒假安全教育及家长告知书", "other_events", "online_platform", "全校各班", 1.0),
)
# The special topic (kinds.education.EDUCATION_THEMES) of each session above, in the same order.
_THEMES = (
    None,
    "drowning",
    "traffic",
    "food_health",
    "cyber_fraud",
    "disaster",
    "bullying",
    "fire",
    "holiday",
)


def _six_donts_day(ctx: DemoContext, start: date, end: date, spread_day: date) -> date:
    """The 六不 lesson is held the day the latest holiday letter goes home (water_safety's demo
    letters), when that falls in this semester: the campaign on the dashboard counts it."""
    from safetydesk.services.demo_data.water_safety import recent_letters

    sent = [d for d, _occasion, _batch in recent_letters(ctx.today) if start <= d <= end]
    return sent[-1] if sent else spread_day


@demo_rows("education_session")
def _demo(ctx: DemoContext) -> list[dict[str, Any]]:
    start, end = semester_days(ctx)
    days = spread(start, end, len(_TOPICS))
    days[_THEMES.index("drowning")] = _six_donts_day(ctx, start, end, days[_THEMES.index("drowning")])
    rows = []
    for i, ((topic, module, form, classes, hours), day) in enumerate(zip(_TOPICS, days, strict=True)):
        cls = ctx.classes[i % len(ctx.classes)] if ctx.classes else None
        rows.append(
            {
                "held_on": day,
                "classes": classes,
                "topic": topic,
                "module": module,
                "theme": _THEMES[i],
                "form": form,
                "hours": hours,
                "teacher_uuid": class_teacher_of(ctx, cls.uuid if cls else None)
                if form in ("class_meeting", "classroom")
                else staff_uuid(ctx, 1),
                "attendance": 48 if "全校" in classes else 16,
                "materials": "课件、教案、签到表、照片"
                + ("、家长告知书回执" if "溺水" in topic or "寒假" in topic else ""),
            }
        )
    return rows
