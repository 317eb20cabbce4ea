"""Demo rows for the kinds declared in safetydesk.kinds.supervision: supervision_inspection,
rectification_notice, rectification_reply.

Inspections and notices are the township's (a demo township centre gets them, about the schools
below); the reply is the school's, and a demo school has received no notices, so it makes none.
"""

from __future__ import annotations

from typing import Any

from safetydesk.domain.demo import DemoContext
from safetydesk.services.demo_data import demo_rows
from safetydesk.services.demo_data._picks import days_ago, staff_uuid

_DEMO_SCHOOLS = (
    ("4105220001", "安阳县示范小学"),
    ("4105220002", "示范镇第二小学"),
    ("4105220003", "示范镇初级中学"),
)


@demo_rows("supervision_inspection")
def _inspection_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    return [
        {
            "inspected_on": days_ago(ctx, 45),
            "method": "joint",
            "four_nots_two_directs": False,
            "school_code": code,
            "school_name": name,
            "team": "中心校安全办、派出所、市场监管所",
            "findings": "开学安全联合检查：食堂留样记录不全；消防器材部分过期。",
        }
        for code, name in _DEMO_SCHOOLS
    ] + [
        {
            "inspected_on": days_ago(ctx, 8),
            "method": "spot",
            "four_nots_two_directs": True,
            "school_code": _DEMO_SCHOOLS[0][0],
            "school_name": _DEMO_SCHOOLS[0][1],
            "team": "中心校安全办",
            "findings": "东侧围墙裂缝未设警戒线；演练记录缺照片。",
        },
    ]


@demo_rows("rectification_notice")
def _notice_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    year = ctx.today.year
    code, name = _DEMO_SCHOOLS[0]
    return [
        {
            "doc_number": f"示范中心校安〔{year}〕12号",
            "notice_type": "rectification",
            "school_code": code,
            "school_name": name,
            "inspected_on": days_ago(ctx, 8),
            "team": "中心校安全办",
            "method": "spot",
            "items": "1. 东侧围墙裂缝未设警戒线（依据：重大隐患须设警示）→ 立即设置警戒线，"
            "书面报告治理方案。\n2. 演练记录缺照片 → 补齐过程性资料。",
            "deadline": days_ago(ctx, -7),
            "reply_method": "书面整改报告加盖公章报中心校安全办",
            "issued_by": "示范镇中心校",
            "issued_on": days_ago(ctx, 7),
            "signed_by": "校长",
        },
        {
            "doc_number": f"示范中心校督〔{year}〕3号",
            "notice_type": "supervision_order",
            "school_code": _DEMO_SCHOOLS[2][0],
            "school_name": _DEMO_SCHOOLS[2][1],
            "inspected_on": days_ago(ctx, 45),
            "team": "中心校安全办、派出所、市场监管所",
            "method": "joint",
            "items": "消防器材过期问题逾期未整改且未说明原因，限期整改。",
            "deadline": days_ago(ctx, 3),
            "reply_method": "书面报告",
            "issued_by": "示范镇中心校",
            "issued_on": days_ago(ctx, 20),
        },
    ]


@demo_rows("rectification_reply")
def _reply_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    """Replies answer notices received from the township; the demo school has none yet."""
    return [
        {
            "notice_uuid": uuid,
            "completion": "partly_done",
            "replied_on": ctx.today,
            "replied_by_uuid": staff_uuid(ctx, 1),
            "items_measures": "隐患1：东侧围墙裂缝 → 已设警戒线并报送治理方案 → 拆除重建中。\n"
            "隐患2：演练记录缺照片 → 已补齐 → 已完成。",
        }
        for uuid in ctx.records.get("rectification_notice", [])[:1]
    ]
