"""What leaves the school (issue 13, point 2; sync.md "What each channel carries"; docs/sync-privacy.md).

Sensitive fields of ordinary kinds and records about one child stay at the school (counts go up);
the roster goes up as counts per class and grade; a referred case goes up with its student's name
only; withdrawing the referral travels and the township keeps no case text; counts of 1–2 are
sent as "<3" and no breakdown lets them be worked out.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from safetydesk.kinds.family import GuardianContact
from safetydesk.kinds.home_school import HomeVisit
from safetydesk.kinds.psych import PsychCase
from safetydesk.models.local import Setting
from safetydesk.models.org import Student

from .conftest import SCHOOL_CODE, add_class_and_students, add_staff, change, rows_of
from .craft import craft, jsonl, row
from .test_hostile import rejected

FAMILY = "父母离异后随祖母生活，祖母患病卧床"
CONTACT = "电话告知家长孩子近期情绪低落，请多陪伴"
CASE_TEXT = "在作业本上写下轻生的念头，需立即干预"


def _file_text(storage) -> bytes:
    """Every byte the township keeps on disk for its database (after a checkpoint)."""
    conn = sqlite3.connect(storage.paths.database)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    root = Path(storage.paths.database)
    return b"".join(
        p.read_bytes() for p in (root, Path(f"{root}-wal"), Path(f"{root}-journal")) if p.exists()
    )


def _child_records(pair) -> tuple[list[str], str]:
    cid, sids = add_class_and_students(pair.school, 3)
    with pair.school.sessions.begin() as s:
        s.execute(Student.__table__.update().values(guardian_phone="13912345678"))
    teacher = add_staff(pair.school, "家访老师")
    with pair.school.sessions.begin() as s:
        s.add(
            HomeVisit(
                owner=SCHOOL_CODE,
                student_uuid=sids[0],
                class_uuid=cid,
                visited_on=date(2026, 10, 9),
                method=_first("home_visit", "method"),
                teacher_uuid=teacher,
                family_situation=FAMILY,
            )
        )
        s.add(
            GuardianContact(
                owner=SCHOOL_CODE,
                student_uuid=sids[1],
                class_uuid=cid,
                contacted_on=date(2026, 10, 10),
                content=CONTACT,
                feedback="家长表示会多关心",
            )
        )
    return sids, cid


def _first(kind_key: str, attr: str) -> str:
    from safetydesk.domain.registry import get_kind

    return get_kind(kind_key).field(attr).choices[0].code


def test_sensitive_fields_and_records_about_one_child_stay_at_the_school(pair):
    _child_records(pair)
    result = pair.export()
    r = pair.imp(result.path)
    assert r.status == "imported", r.message
    assert rows_of(pair.township, HomeVisit) == {} and rows_of(pair.township, GuardianContact) == {}
    kept = _file_text(pair.township)
    for text in (FAMILY, CONTACT, "13912345678", "学生0", "学生1"):
        assert text.encode() not in kept, text
    # The township still learns how much home-school work was done: counts.
    assert result.summaries["home_visit"] in (1, "<3")
    assert set(r.summaries) >= {"home_visit", "guardian_contact", "student"}


def test_the_roster_goes_up_as_counts_per_class_and_grade(pair):
    cid, _sids = add_class_and_students(pair.school, 5)
    result = pair.export()
    assert "student" not in result.counts
    assert pair.imp(result.path).status == "imported"
    assert rows_of(pair.township, Student) == {}
    with pair.township.sessions() as s:
        summary = s.get(Setting, f"sync.summary.{SCHOOL_CODE}.student").value
    assert summary["total"] == 5
    assert summary["by"]["class_uuid"] == {cid: 5}
    assert summary["by"]["grade"] == {"三年级": 5}


def test_a_crafted_row_with_a_sensitive_field_is_refused(pair):
    """A package that carries a child's home-visit notes (or any sensitive field outside a
    referral) is refused whole."""
    cls = row(name="一班")
    visit = row(
        student_uuid=row()["uuid"],
        class_uuid=cls["uuid"],
        visited_on="2026-10-09",
        method=_first("home_visit", "method"),
        teacher_uuid=row()["uuid"],
        family_situation=FAMILY,
    )
    r = rejected(pair, craft(pair, tables={"class": jsonl(cls), "home_visit": jsonl(visit)}), "not_referred")
    assert "学校" in r.message or "school" in r.message


def test_a_crafted_roster_is_refused(pair):
    cls = row(name="一班")
    student = row(name="张三", class_uuid=cls["uuid"], guardian_phone="13900000000")
    rejected(pair, craft(pair, tables={"class": jsonl(cls), "student": jsonl(student)}), "not_referred")


def _case(pair, sid: str, cid: str, referred: bool, risk: str = "high", text: str = CASE_TEXT) -> str:
    with pair.school.sessions.begin() as s:
        case = PsychCase(
            owner=SCHOOL_CODE,
            student_uuid=sid,
            class_uuid=cid,
            source="teacher_observation",
            risk_level=risk,
            opened_on=date(2026, 10, 1),
            description=text,
            assessment="高风险",
            status="open",
            referred_to_township=referred,
        )
        s.add(case)
        s.flush()
        return case.uuid


def test_a_referred_case_goes_up_with_its_students_name_only(pair):
    cid, sids = add_class_and_students(pair.school, 2)
    with pair.school.sessions.begin() as s:
        s.execute(Student.__table__.update().values(guardian_phone="13912345678"))
    case = _case(pair, sids[1], cid, referred=True)
    assert pair.imp(pair.export().path).status == "imported"
    assert set(rows_of(pair.township, PsychCase)) == {case}
    students = rows_of(pair.township, Student)
    assert set(students) == {sids[1]}
    label = students[sids[1]]
    assert label["name"] == "学生1" and label["class_uuid"] == cid
    assert label["guardian_phone"] is None and label["guardian_name"] is None
    assert label["birth_date"] is None and label["student_no"] is None


def test_withdrawing_a_referral_travels_and_the_township_keeps_no_case_text(pair):
    cid, sids = add_class_and_students(pair.school, 2)
    case = _case(pair, sids[0], cid, referred=True)
    referred = pair.export()
    assert pair.imp(referred.path).status == "imported"
    assert CASE_TEXT.encode() in _file_text(pair.township)
    change(pair.school, PsychCase, case, referred_to_township=False)
    withdrawn = pair.export()
    r = pair.imp(withdrawn.path)
    assert r.status == "imported", r.message
    assert rows_of(pair.township, PsychCase) == {}
    assert rows_of(pair.township, Student) == {}
    kept = _file_text(pair.township)
    assert CASE_TEXT.encode() not in kept and "学生0".encode() not in kept
    # The old package arriving late (a copy on another stick) brings nothing back.
    again = pair.imp(referred.path)
    assert again.status == "duplicate"
    assert rows_of(pair.township, PsychCase) == {}


def test_a_withdrawal_arriving_before_the_referral_wins(pair, tmp_path):
    import shutil

    from safetydesk.paths import DataPaths
    from safetydesk.services.storage import open_storage
    from safetydesk.sync.importer import import_package

    cid, sids = add_class_and_students(pair.school, 1)
    case = _case(pair, sids[0], cid, referred=True)
    template = tmp_path / "township-before"
    shutil.copytree(pair.township.paths.root, template)
    referred = pair.export()
    assert pair.imp(referred.path).status == "imported"  # the school learns nothing of it
    change(pair.school, PsychCase, case, referred_to_township=False)
    withdrawn = pair.export()
    storage = open_storage(DataPaths(template))
    try:
        assert import_package(storage, withdrawn.path, "t").status == "imported"
        assert import_package(storage, referred.path, "t").status == "imported"
        assert rows_of(storage, PsychCase) == {}
        assert CASE_TEXT.encode() not in _file_text(storage)
    finally:
        storage.close()


def _derivable(summary: dict[str, Any]) -> list[str]:
    """Cells whose exact value 1 or 2 can be read or worked out from what was sent."""
    found = []
    total = summary["total"]
    for dim, cells in summary["by"].items():
        for key, n in cells.items():
            if isinstance(n, int) and 0 < n < 3:
                found.append(f"{dim}.{key}")
        hidden = [k for k, n in cells.items() if not isinstance(n, int)]
        if isinstance(total, int) and hidden:
            rest = total - sum(n for n in cells.values() if isinstance(n, int))
            k = len(hidden)
            if k == 1 or rest in (k, 2 * k):
                found.append(f"{dim} (from the total)")
    if isinstance(total, int) and 0 < total < 3:
        found.append("total")
    return found


def test_small_counts_leave_the_school_as_less_than_three(pair):
    cid, sids = add_class_and_students(pair.school, 4)
    _case(pair, sids[0], cid, referred=False, risk="high")
    for sid in sids[1:]:
        _case(pair, sid, cid, referred=False, risk="low")
    result = pair.export()
    assert pair.imp(result.path).status == "imported"
    with pair.township.sessions() as s:
        summary = s.get(Setting, f"sync.summary.{SCHOOL_CODE}.psych_case").value
    assert summary["total"] == 4
    assert _derivable(summary) == [], summary
    assert "1" not in [str(v) for v in summary["by"].get("risk_level", {}).values()]


def test_a_total_of_one_or_two_is_sent_as_less_than_three(pair):
    cid, sids = add_class_and_students(pair.school, 2)
    for sid in sids:
        _case(pair, sid, cid, referred=False)
    result = pair.export()
    assert result.summaries["psych_case"] == "<3"
    assert pair.imp(result.path).status == "imported"
    with pair.township.sessions() as s:
        summary = s.get(Setting, f"sync.summary.{SCHOOL_CODE}.psych_case").value
    assert summary["total"] == "<3" and _derivable(summary) == []
