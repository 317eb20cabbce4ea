"""Fixtures for report tests."""

from __future__ import annotations

from typing import Any

import pytest

from safetydesk.reports import ReportMeta
from tests.reports.ledger_data import hazard_row


@pytest.fixture
def meta() -> ReportMeta:
    return ReportMeta("安阳县城关镇中心小学", "隐患排查整改台账", "2026—2027学年第一学期", landscape=True)


@pytest.fixture
def rows() -> list[dict[str, Any]]:
    return [hazard_row(i) for i in range(1, 121)]
