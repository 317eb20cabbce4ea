"""Demo rows for the kinds declared in safetydesk.kinds.disputes: dispute_case, bullying_survey,
bullying_case.
"""

from __future__ import annotations

from typing import Any

from safetydesk.domain.demo import DemoContext
from safetydesk.services.demo_data import demo_rows
from safetydesk.services.demo_data._picks import days_ago, staff_uuid


@demo_rows("dispute_case")
def _dispute_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    return [
        {
            "found_on": days_ago(ctx, 14),
            "reporter_uuid": staff_uuid(ctx, 4),
            "parties": "四年级学生家长与学校",
            "dispute_type": "injury_compensation",
            "demands": "学生课间摔伤，家长要求学校承担全部医疗费用。",
            "risk_level": "medium",
            "leader_uuid": staff_uuid(ctx, 3),
            "measures": "包案副校长与家长面谈，协调学平险理赔。",
            "deadline": days_ago(ctx, 0),
            "result": "保险理赔到位，家长表示满意。",
            "revisit_on": days_ago(ctx, 2),
            "status": "resolved",
        },
        {
            "found_on": days_ago(ctx, 5),
            "reporter_uuid": staff_uuid(ctx, 1),
            "parties": "部分家长与学校",
            "dispute_type": "home_school",
            "demands": "要求恢复原校车接送线路。",
            "risk_level": "high",
            "leader_uuid": staff_uuid(ctx, 0),
            "measures": "校长接待，联系交通部门论证线路。",
            "deadline": days_ago(ctx, -10),
            "status": "resolving",
        },
        {
            "found_on": days_ago(ctx, 1),
            "reporter_uuid": staff_uuid(ctx, 4),
            "parties": "两名教师",
            "dispute_type": "staff",
            "demands": "因排课产生矛盾。",
            "risk_level": "low",
            "leader_uuid": staff_uuid(ctx, 4),
            "deadline": days_ago(ctx, -7),
            "status": "pending",
        },
    ]


@demo_rows("bullying_survey")
def _survey_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    return [
        {
            "surveyed_on": days_ago(ctx, 150),
            "scope": "三至六年级",
            "method": "questionnaire",
            "respondents": 32,
            "cases_found": 0,
            "findings": "未发现欺凌行为，个别学生反映被起绰号。",
            "follow_up": "班会开展文明用语教育。",
        },
        {
            "surveyed_on": days_ago(ctx, 20),
            "scope": "全校",
            "method": "questionnaire",
            "respondents": 48,
            "cases_found": 1,
            "findings": "发现疑似欺凌线索1条，已移交学生欺凌治理委员会调查。",
            "follow_up": "启动调查；全体教职工防欺凌培训。",
        },
    ]


@demo_rows("bullying_case")
def _bullying_demo(ctx: DemoContext) -> list[dict[str, Any]]:
    return [
        {
            "found_on": days_ago(ctx, 19),
            "channel": "survey",
            "place_and_time": "放学路上，下午5点左右",
            "students_involved": "学生A（受害）、学生B、学生C",
            "behaviour": "insult",
            "description": "两名学生多次给学生A起侮辱性绰号并在路上推搡。",
            "investigation_start": days_ago(ctx, 18),
            "investigation_end": days_ago(ctx, 11),
            "conclusion": "bullying",
            "handling": "education",
            "parents_informed": True,
            "review": "家长未提出申诉。",
            "revisit_on": days_ago(ctx, 4),
            "status": "closed",
            "referred_to_township": True,
        },
        {
            "found_on": days_ago(ctx, 4),
            "channel": "parent_report",
            "place_and_time": "班级微信群",
            "students_involved": "学生D（受害）、学生E",
            "behaviour": "cyber",
            "description": "家长反映有同学在群里散布其孩子的家庭隐私。",
            "investigation_start": days_ago(ctx, 3),
            "conclusion": "pending",
            "parents_informed": True,
            "status": "investigating",
        },
    ]
