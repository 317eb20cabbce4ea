"""`school/facilities.json`: a school's facility settings (校车, 食堂), carried up in each of its
packages so that its township counts the daily logs the school keeps, not the ones it cannot
have (no canteen: no meals with pupils, no food samples). {"facilities.canteen": true, ...}:
each key one of domain/reminder_settings.FACILITY_KINDS, each value a bool; a key left out
takes its default. Only a school writes it; a township stores it per school
(services/school_facilities.py). Pure; any thread.
"""

from __future__ import annotations

from collections.abc import Mapping

from safetydesk.domain.reminder_settings import FACILITY_KINDS
from safetydesk.sync import package, strict_json

MEMBER = "school/facilities.json"
_MAX_BYTES = 1024


def member_bytes(values: Mapping[str, bool]) -> bytes:
    return strict_json.dumps_canonical({k: bool(values[k]) for k in FACILITY_KINDS})


def read(data: bytes, *, file: str) -> dict[str, bool]:
    """The facility values a school's package reports; bad_payload for anything else."""
    try:
        body = strict_json.loads(data, max_bytes=_MAX_BYTES, max_depth=2)
    except strict_json.StrictJsonError as exc:
        raise package.reject("bad_payload", file=file, detail=MEMBER) from exc
    if not isinstance(body, dict) or not set(body) <= set(FACILITY_KINDS) or not all(
        v is True or v is False for v in body.values()
    ):
        raise package.reject("bad_payload", file=file, detail=MEMBER)
    return body
