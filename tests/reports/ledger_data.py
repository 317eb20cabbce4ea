"""Columns, rows and file checks for report tests: Field(...) built directly, no database."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from safetydesk.domain.fields import Field, FieldKind, choices

GRADES = choices(("general", "一般隐患"), ("major", "重大隐患", "#d32f2f"))

HAZARD_COLUMNS = (
    Field("found_on", "排查日期", FieldKind.DATE, width=12),
    Field("location", "隐患部位", FieldKind.TEXT, width=12),
    Field("grade", "隐患等级", FieldKind.CHOICE, choices=GRADES, width=8),
    Field("description", "隐患描述", FieldKind.LONG_TEXT, width=30),
    Field("funding", "整改资金", FieldKind.DECIMAL, width=8),
    Field("people", "涉及人数", FieldKind.INT, width=6),
    Field("escalated", "是否上报", FieldKind.BOOL, width=6),
    Field("closed_at", "销号时间", FieldKind.DATETIME, width=16),
)

LOCATIONS = ("教学楼一楼东侧楼梯", "学生宿舍三楼", "食堂操作间", "操场北侧围墙")


def hazard_row(i: int) -> dict[str, Any]:
    return {
        "found_on": date(2026, 9, 1 + i % 28),
        "location": f"{LOCATIONS[i % 4]}{i}号",
        "grade": "major" if i % 5 == 0 else "general",
        "description": "消防通道堆放杂物，影响紧急疏散，需立即清理并设专人每日巡查。"
        if i % 2
        else "灭火器过期",
        "funding": 1500.5 if i % 3 == 0 else None,
        "people": i,
        "escalated": i % 5 == 0,
        "closed_at": datetime(2026, 12, 1, 2, 30, tzinfo=UTC) if i % 2 == 0 else None,
    }


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def pdffonts(path: Path) -> list[list[str]] | None:
    """Rows of `pdffonts` output (name, type, ..., emb, sub, uni, ...), or None without poppler."""
    if shutil.which("pdffonts") is None:
        return None
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def leftovers(folder: Path) -> list[str]:
    """Files in `folder` (temporary .part files included)."""
    return sorted(p.name for p in folder.iterdir())
