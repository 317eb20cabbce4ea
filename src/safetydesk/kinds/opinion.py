"""Mechanism 10 (舆情应对): public-opinion events, usually linked to an incident."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.domain.fields import Field, FieldKind, choices
from safetydesk.domain.registry import RecordKind, register
from safetydesk.i18n import N_
from safetydesk.kinds._shared import record_ref
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
    )
)
