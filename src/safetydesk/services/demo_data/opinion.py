"""Demo rows for the kinds declared in safetydesk.kinds.opinion: opinion_event."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from safetydesk.domain.demo import DemoContext
from safetydesk.services.demo_data import demo_rows
from safetydesk.services.demo_data.incidents import paired_demo_incidents


@demo_rows("opinion_event")
def _demo(ctx: DemoContext) -> list[dict[str, Any]]:
    rows = []
    for uuid, incident in paired_demo_incidents(ctx):
        title = incident.values["title"]
        if title == "家长校门口聚集":
            rows.append(
                {
                    "title": "家长群转发校门口聚集视频",
                    "incident_uuid": uuid,
                    "found_at": incident.learned_at + timedelta(minutes=50),
                    "channel": "wechat",
                    "content": "家长群内转发校门口聚集视频，称学校“取消校车”。",
                    "response": "班主任在各班家长群说明线路调整原因和替代方案。",
                    "spokesperson": "校长",
                    "status": "responding",
                }
            )
        elif title == "学生校外溺水死亡":
            rows.append(
                {
                    "title": "短视频平台出现不实信息",
                    "incident_uuid": uuid,
                    "found_at": incident.learned_at + timedelta(hours=20),
                    "channel": "short_video",
                    "content": "有短视频称学生“在校期间溺亡”，与事实不符。",
                    "response": "报告县教育局，配合网信部门处置。",
                    "spokesperson": "县教育局新闻发言人",
                    "clarification": "事件发生在周末校外，学校已多次开展防溺水教育并签订告知书。",
                    "legal_action": "已向派出所报案，发布者已删除视频并道歉。",
                    "status": "subsided",
                }
            )
    return rows
