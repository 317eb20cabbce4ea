"""A row's own times (created, updated, deleted) stay the package's canonical UTC text from the
decoder to the database (values._utc_text, upsert._sqlite_utc): the stored value must be what
formatting the parsed datetime stored before, for every spelling a package may use."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safetydesk.models.org import StaffMember
from safetydesk.sync.upsert import _sqlite_utc
from safetydesk.sync.values import _RowError, _utc_text

from .conftest import rows_of
from .craft import craft, jsonl, row

OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
TIMES = st.builds(
    lambda naive, tz: naive.replace(tzinfo=tz),
    st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2199, 12, 30)),
    OFFSETS,
)


def _formatted(dt: datetime) -> str:
    """How the importer stored a time before it kept the text: from the datetime."""
    return dt.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


@given(TIMES, st.sampled_from(["auto", "seconds", "milliseconds", "microseconds"]))
def test_every_spelling_is_stored_as_formatting_the_time_would_store_it(dt: datetime, spec: str) -> None:
    wire = dt.isoformat(timespec=spec)  # a shorter timespec drops digits: another time
    meant = datetime.fromisoformat(wire)
    text = _utc_text(wire)
    assert text == meant.astimezone(UTC).isoformat(timespec="microseconds")
    assert _sqlite_utc(text) == _formatted(meant) == _sqlite_utc(meant.astimezone(UTC))


def test_canonical_text_is_kept_as_it_came() -> None:
    wire = "2026-12-01T08:30:05.123456+00:00"
    assert _utc_text(wire) is wire


@pytest.mark.parametrize(
    "wire",
    [
        "2026-13-01T08:30:05.123456+00:00",  # canonical shape, no such month
        "2026-02-30T08:30:05.123456+00:00",
        "1899-12-31T23:59:59.999999+00:00",  # before EARLIEST
        "2200-01-01T00:00:00.000000+00:00",
        "2026-12-01T24:00:00.000000+00:00",
        "2026-12-01T08:30:05.123456",  # no time zone
        "2026-12-01T08:30:05.12345a+00:00",
        20261201,
        None,
    ],
)
def test_what_is_not_a_plausible_time_is_refused(wire: object) -> None:
    with pytest.raises(_RowError):
        _utc_text(wire)


def test_an_imported_row_keeps_its_times_whatever_their_spelling(pair) -> None:
    canonical = row(name="王老师")
    canonical["created_at"] = "2026-09-01T08:00:00.250000+00:00"
    canonical["updated_at"] = "2026-10-01T16:30:00.500000+08:00"  # another offset
    canonical["deleted"] = "2026-11-01T00:00:00+00:00"  # no fraction
    path = pair.root / "times.sdpkg"
    path.write_bytes(craft(pair, tables={"staff": jsonl(canonical)}))
    assert pair.imp(path).status == "imported"
    got = rows_of(pair.township, StaffMember)[canonical["uuid"]]
    assert got["created_at"] == datetime(2026, 9, 1, 8, 0, 0, 250000, tzinfo=UTC)
    assert got["updated_at"] == datetime(2026, 10, 1, 8, 30, 0, 500000, tzinfo=UTC)
    assert got["deleted_at"] == datetime(2026, 11, 1, tzinfo=UTC)
    with sqlite3.connect(pair.township.paths.database) as db:
        stored = db.execute(
            "SELECT created_at, updated_at, deleted_at FROM staff_member WHERE uuid = ?", (canonical["uuid"],)
        ).fetchone()
    assert stored == ("2026-09-01 08:00:00.250000", "2026-10-01 08:30:00.500000", "2026-11-01 00:00:00.000000")
