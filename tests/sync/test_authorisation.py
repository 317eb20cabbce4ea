"""sync.md "Who may write what": a package may create or change only rows of kinds whose owner role
is the sender's role; at a township, only rows of the sending school. Anything else rejects the
whole package with a code, and nothing changes but one attempt-log row."""

from __future__ import annotations

from .conftest import SCHOOL_CODE, TOWNSHIP_CODE, add_staff, dump
from .craft import craft, jsonl, row
from .test_hostile import attempts


def _refused(pair, data: bytes, code: str, *, at_school: bool = False):
    storage = pair.school if at_school else pair.township
    path = pair.root / "attack.sdpkg"
    path.write_bytes(data)
    before = dump(storage.paths.database)
    n = attempts(storage)
    result = pair.imp(path, storage)
    assert result.status == "rejected", (result.status, result.counts)
    assert result.code == code, (result.code, result.message)
    assert dump(storage.paths.database) == before
    assert attempts(storage) == n + 1
    return result


def _notice(**values):
    data = {
        "doc_number": "督〔2026〕9号",
        "notice_type": "supervision_order",
        "school_code": "4105220002",
        "school_name": "第二小学",
        "deadline": "2026-10-01",
        "issued_by": "城关镇中心校",
        "issued_on": "2026-09-01",
    }
    data.update(values)
    return data


def test_a_school_cannot_issue_a_supervision_order_in_the_townships_name(pair):
    """The review's attack: a school package carried a 督办单 'issued by' the township against
    another school, and the township imported it as if it had issued it."""
    forged = row(**_notice())
    r = _refused(pair, craft(pair, tables={"rectification_notice": jsonl(forged)}), "not_senders_kind")
    assert "整改通知书" in r.message or "Rectification" in r.message


def test_a_township_cannot_create_students_or_cases_at_a_school(pair):
    cls = row(owner=TOWNSHIP_CODE, name="一班")
    student = row(owner=TOWNSHIP_CODE, name="假学生", class_uuid=cls["uuid"])
    case = row(
        owner=TOWNSHIP_CODE,
        student_uuid=student["uuid"],
        source="screening",
        risk_level="high",
        opened_on="2026-09-01",
        description="township wrote this",
        referred_to_township=True,
    )
    data = craft(
        pair,
        down=True,
        tables={"class": jsonl(cls), "student": jsonl(student), "psych_case": jsonl(case)},
    )
    _refused(pair, data, "not_senders_kind", at_school=True)


def test_a_township_cannot_send_a_single_school_owned_row_down(pair):
    staff = row(owner=TOWNSHIP_CODE, name="镇里派来的人")
    _refused(pair, craft(pair, down=True, tables={"staff": jsonl(staff)}), "not_senders_kind", at_school=True)


def test_attachments_follow_the_kind_of_their_record(pair):
    """An attachment row may hang only on a kind the sender may write."""
    photo = row(
        sha256="a" * 64,
        filename="x.jpg",
        size=1,
        record_kind="rectification_notice",
        record_uuid=row()["uuid"],
    )
    _refused(pair, craft(pair, tables={"attachment": jsonl(photo)}), "not_senders_kind")


def test_what_each_side_may_send_still_arrives(pair):
    """The rule refuses only what the sender may not write: a school's replies and a township's
    notice addressed to that school still travel."""
    add_staff(pair.school, "学校的人")
    up = pair.export()
    assert pair.imp(up.path).status == "imported"
    notice = row(owner=TOWNSHIP_CODE, **_notice(school_code=SCHOOL_CODE, school_name="第一小学"))
    path = pair.root / "down.sdpkg"
    path.write_bytes(craft(pair, down=True, tables={"rectification_notice": jsonl(notice)}))
    r = pair.imp(path, pair.school)
    assert r.status == "imported", r.message
