"""Shared steps for the desktop stories: a window on a real school, shown and active."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from safetydesk.domain.clock import MovableClock, moved_to
from safetydesk.i18n import LOCAL_TZ

# 01:00 in China is still the previous day in UTC: a date taken from the PC's clock (UTC on
# many test machines) instead of the app's would be a day early.
EARLY_MORNING = datetime(2026, 11, 3, 1, 0, tzinfo=LOCAL_TZ)


@pytest.fixture
def china_clock() -> Iterator[MovableClock]:
    with moved_to(EARLY_MORNING) as clock:
        yield clock
