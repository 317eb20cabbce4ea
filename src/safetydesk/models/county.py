"""What a county bureau holds about the schools of its townships (issue 16, local, never travels).

One row per school, replaced whole by the newest upward package of the township the school
belongs to (sync/upward.py writes it; services/county.py reads it). The school is the
dimension: every column is about one school, and `township_code` says whose school it is. A
school belongs to the first township that reported it; another township naming it later is
refused (sync/upward.py, sync.md "Who may write what").
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from safetydesk.models.base import Base, utcnow


class CountySchool(Base):
    """A school as its township last reported it to the county."""

    __tablename__ = "county_school"

    school_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    township_code: Mapped[str] = mapped_column(String(32), index=True)
    school_name: Mapped[str] = mapped_column(String(100))
    school_type: Mapped[str | None] = mapped_column(String(16), default=None)
    seq: Mapped[int] = mapped_column(Integer)  # the township's package that carried this row
    signed_at: Mapped[datetime] = mapped_column()  # when the township signed that package
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    # the school's `status --json` object, as the township computed it when it signed
    status: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # major hazards (重大隐患) with their 五定, incidents of 较大 and above, the counts of general
    # ones, and the township's 整改通知书 / 督办单 to the school (sync/upward.py lists the keys)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
