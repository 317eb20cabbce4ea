"""Hazards in known states, made through the services (the test's own set-up)."""

from __future__ import annotations

from datetime import date
from typing import Any

from safetydesk.services import hazards, records
from tests.db_thread import allow_test_db_access
from tests.hazards.helpers import add_staff

FOUND = date(2026, 10, 20)


def hazard(ws: Any, location: str, description: str, *moves: tuple[str, dict[str, Any]]) -> str:
    with allow_test_db_access():
        uuid = records.save(ws.sessions, ws.actor, "hazard", {
            "found_on": FOUND, "category": "school_building", "location": location,
            "description": description, "grade": "general", "status": "registered"}).uuid
        for code, params in moves:
            hazards.move(ws.sessions, ws.actor, uuid, code, params)
        return uuid


def staff(ws: Any, *names: str) -> list[str]:
    with allow_test_db_access():
        return add_staff(ws, *names)


def status_of(ws: Any, uuid: str) -> str:
    with allow_test_db_access():
        return records.get(ws.sessions, "hazard", uuid).values["status"]


def graded() -> tuple[str, dict[str, Any]]:
    return ("grade", {"grade": "general", "risk_colour": "blue"})


def assigned(person: str) -> tuple[str, dict[str, Any]]:
    return ("assign", {"responsible_uuid": person, "measures": "修补", "deadline": date(2026, 11, 20)})


def verified_path(rectifier: str, verifier: str) -> list[tuple[str, dict[str, Any]]]:
    return [graded(), assigned(rectifier), ("start", {"rectified_by_uuid": rectifier}),
            ("request_verification", {"done_on": date(2026, 11, 1), "result": "已修补"}),
            ("verify", {"verifier_uuid": verifier, "verified_on": date(2026, 11, 2)})]
