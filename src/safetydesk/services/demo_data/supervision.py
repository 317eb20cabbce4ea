"""Demo rows for the kinds declared in safetydesk.kinds.supervision: supervision_inspection,
rectification_notice and its rectification_item rows.

Inspections and notices are the township's (a demo township centre gets them, about the demo
network's schools, domain/demo.py); replies, their answers and the township's reviews are made by
the demo network itself through services/supervision.py (services/demo_network.py), since they
answer notices a school has received.
"""

from __future__ import annotations

from typing import Any

from safetydesk.domain.demo import DEMO_SCHOOLS, DEMO_TOWNSHIP, DemoContext
from safetydesk.services.demo_data import demo_rows
from safetydesk.services.demo_data._picks import days_ago


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
        for code, name, _type in DEMO_SCHOOLS
    ] + [
        {
            "inspected_on": days_ago(ctx, 8),
            "method": "spot",
            "four_nots_two_directs": True,
            "school_code": DEMO_SCHOOLS[0][0],
            "school_name": DEMO_SCHOOLS[0][1],
            "team": "中心校安全办",
            "findings": "东侧围墙裂缝未设警戒线；演练记录缺照片。",
        },
    ]


def _notices(ctx: DemoContext) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Each notice with its items (problem, basis, requirement), in the order they are made."""
    year = ctx.today.year
    first, second = DEMO_SCHOOLS[0], DEMO_SCHOOLS[1]
    return [
        (
            {
                "doc_number": f"示范中心校安〔{year}〕12号",
                "notice_type": "rectification",
                "school_code": first[0],
                "school_name": first[1],
                "inspected_on": days_ago(ctx, 8),
                "team": "中心校安全办",
                "method": "spot",
                "deadline": days_ago(ctx, -7),
                "reply_method": "书面整改报告加盖公章报中心校安全办",
                "issued_by": DEMO_TOWNSHIP[1],
                "issued_on": days_ago(ctx, 7),
                "signed_by": "校长",
            },
            [
                {"problem": "东侧围墙裂缝未设警戒线", "basis": "重大隐患须设置警示标志",
                 "requirement": "立即设置警戒线，书面报告治理方案"},
                {"problem": "演练记录缺照片", "basis": "应急演练过程性资料要求",
                 "requirement": "补齐过程性资料"},
            ],
        ),
        (
            {
                "doc_number": f"示范中心校督〔{year}〕3号",
                "notice_type": "supervision_order",
                "school_code": second[0],
                "school_name": second[1],
                "inspected_on": days_ago(ctx, 45),
                "team": "中心校安全办、派出所、市场监管所",
                "method": "joint",
                "deadline": days_ago(ctx, 3),
                "reply_method": "书面报告",
                "issued_by": DEMO_TOWNSHIP[1],
                "issued_on": days_ago(ctx, 20),
            },
            [
                {"problem": "消防器材过期问题逾期未整改且未说明原因", "basis": "开学联合检查整改通知",
                 "requirement": "限期更换全部过期灭火器并书面说明原因"},
            ],
        ),
    ]  # fmt: skip


@demo_rows("rectification_notice")
def _notice_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    return [notice for notice, _items in _notices(ctx)]


@demo_rows("rectification_item")
def _item_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    made = ctx.records.get("rectification_notice", [])
    return [
        {"notice_uuid": uuid, "school_code": notice["school_code"], "number": number, **item}
        for uuid, (notice, items) in zip(made, _notices(ctx), strict=False)
        for number, item in enumerate(items, 1)
    ]
