"""The demo school and the demo township centre are the same data, row for row, whatever module
their makers live in: same seed, same rows, same order.

Each installation is filled on a fixed day, then every kind's table is read back in the order its
rows were written, with the uuids that link records replaced by "table#n" (uuids are random), and
hashed. If you change demo data on purpose, run this file, check the new counts make sense, and
paste the new numbers; a change nobody meant shows up here first.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

import safetydesk.kinds  # noqa: F401  (every kind registered)
from safetydesk.domain import clock
from safetydesk.domain.registry import all_kinds
from safetydesk.services import demo
from safetydesk.services.workspace import open_workspace
from tests.support import make_installation, make_school

DAY = datetime(2026, 11, 28, 15, 0)  # a school day of the autumn semester, China Standard Time
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# The letters' maker orders class teachers by their (random) uuid: the same rows in any order.
ORDERLESS = {"responsibility_letter"}

SCHOOL_COUNTS = {  # in the order they are made
    "staff": 16, "class": 6, "student": 48, "responsibility_assignment": 6, "responsibility_letter": 6,
    "six_check": 2, "education_session": 9, "drowning_letter": 12, "checklist_template": 3, "inspection": 5,
    "hazard": 11, "major_hazard_report": 1, "risk_point": 8, "school_bus": 2, "bus_driver": 2, "bus_escort": 2,
    "bus_route": 2, "bus_departure_check": 24, "meal_accompany": 12, "food_sample": 46,
    "canteen_staff_health": 5, "food_supplier": 4, "security_guard": 3, "guard_duty": 24, "visitor_log": 6,
    "security_system_test": 5, "closed_campus_check": 6, "water_area": 3, "water_patrol": 5,
    "special_group_student": 8, "psych_case": 4, "psych_followup": 10, "parent_meeting": 2,
    "home_visit": 4, "parent_open_day": 1, "parent_lecture": 2, "dispute_case": 3, "bullying_survey": 2,
    "bullying_case": 2, "guardian_condition": 4, "guardian_contact": 5, "emergency_plan": 7, "drill": 6,
    "incident": 6, "incident_report": 12, "incident_response_step": 18, "opinion_event": 2,
    "accountability_record": 2, "four_not_check": 3, "assessment_score": 2,
}
# a township makes no people of its own (they would travel down to every school)
TOWNSHIP_COUNTS = {"supervision_inspection": 4, "rectification_notice": 2, "rectification_item": 3,
                   "township_meeting": 3, "assessment_sheet": 3}


def _fingerprints(database: Path) -> dict[str, str]:
    """kind key -> sha256 of its rows' field values in write order, links as "table#n"."""
    labels: dict[str, str] = {}
    conn = sqlite3.connect(database)
    try:
        tables = {k.key: k.model.__tablename__ for k in all_kinds()}
        for table in tables.values():
            for n, (uuid,) in enumerate(conn.execute(f'SELECT uuid FROM "{table}" ORDER BY rowid')):
                labels[uuid] = f"{table}#{n}"
        result = {}
        for kind in all_kinds():
            cols = ", ".join(f'"{f.attr}"' for f in kind.fields)
            rows = conn.execute(f'SELECT {cols} FROM "{tables[kind.key]}" ORDER BY rowid').fetchall()
            if rows:
                lines = [UUID_RE.sub(lambda m: labels.get(m.group(0), "?"), repr(r)) for r in rows]
                text = "\n".join(sorted(lines) if kind.key in ORDERLESS else lines)
                result[kind.key] = hashlib.sha256(text.encode()).hexdigest()[:16]
        return result
    finally:
        conn.close()


@pytest.fixture(scope="module")
def demo_school(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, int], Path]:
    with clock.moved_to(DAY):
        paths = make_school(tmp_path_factory.mktemp("demo-fill") / "school")
        ws = open_workspace(paths)
        try:
            made = demo.fill(ws.sessions)
        finally:
            ws.close()
    return made, paths.database


@pytest.fixture(scope="module")
def demo_township(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, int], Path]:
    with clock.moved_to(DAY):
        paths = make_installation(tmp_path_factory.mktemp("demo-fill") / "township", "township")
        ws = open_workspace(paths)
        try:
            made = demo.fill(ws.sessions)
        finally:
            ws.close()
    return made, paths.database


def test_the_demo_school_has_the_same_records_per_kind(demo_school) -> None:
    made, database = demo_school
    assert made == SCHOOL_COUNTS
    assert list(made) == list(SCHOOL_COUNTS)  # filled in registry order
    conn = sqlite3.connect(database)
    try:
        for kind in all_kinds():
            (n,) = conn.execute(f'SELECT count(*) FROM "{kind.model.__tablename__}"').fetchone()
            assert n == SCHOOL_COUNTS.get(kind.key, 0), kind.key
    finally:
        conn.close()


def test_the_demo_school_has_the_same_values(demo_school) -> None:
    _made, database = demo_school
    conn = sqlite3.connect(database)
    try:
        assert conn.execute("SELECT name, position FROM staff_member ORDER BY rowid LIMIT 2").fetchall() \
            == SCHOOL_FIRST_STAFF
        levels = [r for (r,) in conn.execute("SELECT level FROM incident ORDER BY rowid")]
        assert levels == SCHOOL_INCIDENT_LEVELS
        statuses = [r for (r,) in conn.execute("SELECT status FROM hazard ORDER BY rowid")]
        assert statuses == SCHOOL_HAZARD_STATUSES
    finally:
        conn.close()
    assert _fingerprints(database) == SCHOOL_FINGERPRINTS


def test_the_demo_township_has_the_same_records(demo_township) -> None:
    made, database = demo_township
    assert made == TOWNSHIP_COUNTS
    assert list(made) == list(TOWNSHIP_COUNTS)
    conn = sqlite3.connect(database)
    try:
        schools = [r for (r,) in conn.execute("SELECT school_name FROM supervision_inspection ORDER BY rowid")]
        assert schools == ["安阳县示范小学", "示范镇初级中学", "示范镇中心幼儿园", "安阳县示范小学"]
    finally:
        conn.close()
    assert _fingerprints(database) == TOWNSHIP_FINGERPRINTS


SCHOOL_FIRST_STAFF = [("张诗强", "校长"), ("邱兰彤", "安全专干")]
SCHOOL_INCIDENT_LEVELS = ["general", "larger", "major", "especially_major", "general", "general"]
SCHOOL_HAZARD_STATUSES = [
    "registered", "graded", "assigned", "rectifying", "assigned", "rectifying", "verification_requested",
    "verified", "closed", "closed", "closed",
]
SCHOOL_FINGERPRINTS = {
    "responsibility_assignment": "e5bddb53eb80efa2", "responsibility_letter": "0afcb63316454d6d",
    "six_check": "1cde2f43406d0bc6", "education_session": "42de843043c86e5e",
    "checklist_template": "f9c315f4c1e12bd7", "inspection": "702038e6a3c4566a",
    "hazard": "bfa3315ab80ef5ff", "special_group_student": "f56c4382c2cd9676",
    "psych_case": "c79c33eff60a91c8", "psych_followup": "e90a7e462c42987c",
    "parent_meeting": "8980e56939f705d8", "home_visit": "087d083b95616e4f",
    "parent_open_day": "c5e8fe982c77c44d", "parent_lecture": "5605c485b060553d",
    "dispute_case": "3e48ac6144d6197c", "bullying_survey": "404f2809e2036db7",
    "bullying_case": "74f02dc7e1cee1c9", "guardian_condition": "a0fb8edcbc9bf4fc",
    "guardian_contact": "c77fe4891ca18cfc", "emergency_plan": "2c5bd5845c2601c3",
    "drill": "466facc033bd5b52", "incident": "28172836ca8c0bf0", "incident_report": "60e9de7e3eea8b69",
    "incident_response_step": "a06badc78bd65d44", "opinion_event": "ed16a91a0dfb1db4",
    "accountability_record": "66557e9e84b4df25", "four_not_check": "b60b5594fa0ac42f",
    "assessment_score": "b1e65784c239a6b0", "staff": "9166175b041f65a3", "class": "f2cf3cdf82614465",
    "student": "483cd35c90b9115b",
    # issue 17 (beyond the notice); education_session changed with its new `theme` column, and in
    # phase 2 (the six-don'ts lesson is held the day the holiday letter goes home); drill: a drill
    # slower than the 2-minute target is no longer evaluated "用时达标"
    "drowning_letter": "f220fabb438ecc6f", "major_hazard_report": "01cd975dad48e3aa",
    "risk_point": "5473b07d60e26087", "school_bus": "1753d9d39cbd73c8", "bus_driver": "6daf6ef10ca8f845",
    "bus_escort": "adc7a1d04ed600ba", "bus_route": "340e69eb78a7de01",
    "bus_departure_check": "4e73c17a05ac008b", "meal_accompany": "2cc23a8e1358ed4c",
    "food_sample": "86ec397bd342b294", "canteen_staff_health": "f51a68d3aaf107c1",
    "food_supplier": "7d5aa4a8d341a5e4", "security_guard": "1a009afdfa7da099",
    "guard_duty": "22f711f0effed201", "visitor_log": "ec35e866910d8ee2",
    "security_system_test": "cae7fe8a8f13fd8c", "closed_campus_check": "6f4ae831e991a71d",
    "water_area": "57e580e7346bac1f", "water_patrol": "e35b906a7ee539c8",
}
TOWNSHIP_FINGERPRINTS = {
    "township_meeting": "cf535e926ef07021", "assessment_sheet": "d936a3764d288fb5",
    "supervision_inspection": "3399caf4fd7986a0", "rectification_notice": "c4eb4889997ec8a9",
    "rectification_item": "36be18a9770beed7",
}


def test_a_maker_for_an_unknown_kind_or_a_second_maker_is_refused() -> None:
    from safetydesk.services.demo_data import demo_rows, maker_for

    with pytest.raises(ValueError, match="unknown"):
        demo_rows("no_such_kind")(lambda ctx: [])
    with pytest.raises(ValueError, match="twice"):
        demo_rows("hazard")(lambda ctx: [])
    assert maker_for("hazard") is not None and maker_for("staff") is None
