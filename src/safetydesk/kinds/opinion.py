"""Mechanism 10 (舆情应对): public-opinion events, usually linked to an incident."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.domain.demo import DemoContext
from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.registry import RecordKind, register
from safetydesk.i18n import N_
from safetydesk.kinds._shared import record_ref
from safetydesk.kinds.incidents import paired_demo_incidents
from safetydesk.models.base import Base, SyncedRecord

OPINION_CHANNELS = choices(
    ("wechat", N_("WeChat groups and Moments")),
    ("short_video", N_("Short-video platforms")),
    ("weibo", N_("Weibo")),
    ("news_media", N_("News media")),
    ("forum", N_("Online forums")),
    ("hotline", N_("12345 hotline")),
    ("other", N_("Other")),
)

OPINION_STATUSES = choices(
    ("monitoring", N_("Monitoring")),
    ("responding", N_("Being handled")),
    ("subsided", N_("Subsided")),
)


class OpinionEvent(SyncedRecord, Base):
    __tablename__ = "opinion_event"

    title: Mapped[str] = mapped_column(String(100))
    incident_uuid: Mapped[str | None] = record_ref("incident")
    found_at: Mapped[datetime] = mapped_column(index=True)
    channel: Mapped[str] = mapped_column(String(32), index=True)
    content: Mapped[str] = mapped_column(Text)
    response: Mapped[str | None] = mapped_column(Text, default=None)
    spokesperson: Mapped[str | None] = mapped_column(String(50), default=None)
    clarification: Mapped[str | None] = mapped_column(Text, default=None)
    legal_action: Mapped[str | None] = mapped_column(String(200), default=None)
    status: Mapped[str] = mapped_column(String(32), default="monitoring", index=True)


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


OPINION_EVENT = register(
    RecordKind(
        key="opinion_event",
        title=N_("Public-opinion events"),
        mechanism=10,
        model=OpinionEvent,
        title_field="title",
        date_field="found_at",
        status_field="status",
        fields=(
            Field("title", N_("Title"), FieldKind.TEXT, required=True, max_length=100, width=20),
            Field("incident_uuid", N_("Incident"), FieldKind.RECORD, ref_kind="incident", width=16),
            Field("found_at", N_("Found at"), FieldKind.DATETIME, required=True, width=16),
            Field(
                "channel",
                N_("Channel"),
                FieldKind.CHOICE,
                required=True,
                choices=OPINION_CHANNELS,
                filter=True,
                width=10,
            ),
            Field(
                "content",
                N_("Content"),
                FieldKind.LONG_TEXT,
                required=True,
                in_table=False,
                max_length=5000,
                width=40,
            ),
            Field(
                "response",
                N_("Response taken"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=5000,
                width=40,
            ),
            Field("spokesperson", N_("Spokesperson"), FieldKind.TEXT, max_length=50, width=10),
            Field(
                "clarification",
                N_("Clarification"),
                FieldKind.LONG_TEXT,
                in_table=False,
                max_length=5000,
                width=40,
            ),
            Field(
                "legal_action", N_("Legal action"), FieldKind.TEXT, max_length=200, in_table=False, width=20
            ),
            Field(
                "status",
                N_("Status"),
                FieldKind.CHOICE,
                required=True,
                choices=OPINION_STATUSES,
                filter=True,
                default="monitoring",
                width=8,
            ),
        ),
        hooks={"demo": _demo},
    )
)
