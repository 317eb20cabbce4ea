"""The supervision loop through real packages: a township's notice with two items (one about a
school hazard) goes down, the school answers, the answer comes up, the township sends it back,
the school answers again, the township accepts; at every step both ends count the notice alike.
Then an unanswered notice passes its deadline (the clock moves) and is escalated (逐级督办)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from safetydesk.domain import clock
from safetydesk.errors import SafetyDeskError, ValidationError, WorkflowError
from safetydesk.services import hazards, records, status, supervision
from safetydesk.services.storage import Storage
from safetydesk.sync.export import export_package
from safetydesk.sync.importer import import_package
from tests.support import dump
from tests.sync.conftest import SCHOOL_CODE, TOWNSHIP_CODE, Pair
from tests.township.network import actor, carry, enrol

TOWN = actor(TOWNSHIP_CODE, "township_admin")
SCHOOL = actor(SCHOOL_CODE)


def school_hazard(school: Storage) -> str:
    staff = records.save(school.sessions, SCHOOL, "staff", {"name": "王安全"}).uuid
    return records.save(school.sessions, SCHOOL, "hazard", {
        "category": "school_building", "description": "东侧围墙裂缝", "inspector_uuid": staff,
        "found_on": date(2026, 11, 2), "location": "东侧围墙", "grade": "major", "status": "assigned",
        "deadline": date(2026, 11, 30)}, workflow=True).uuid  # fmt: skip


def issue(pair: Pair, hazard: str | None, deadline: date, number: str = "1") -> str:
    return supervision.issue_notice(pair.township.sessions, TOWN, supervision.NoticeDraft(
        school_code=SCHOOL_CODE, doc_number=f"城关中心校安〔2026〕{number}号", deadline=deadline,
        issued_by="城关镇中心校", items=(
            supervision.ItemDraft("东侧围墙裂缝未设警戒线", "重大隐患须设置警示", "立即设置警戒线，限期维修", hazard),
            supervision.ItemDraft("演练记录缺照片", "应急演练资料要求", "补齐过程性资料"),
        )))  # fmt: skip


def notices_at(storage: Storage) -> dict[str, int]:
    """The school's notice counts as this end computes them (the school's `status --json` row)."""
    (st,) = status.statuses(storage.sessions, school=SCHOOL_CODE)
    return st.as_json()["notices"]


def both(pair: Pair, **expected: int) -> None:
    want = {"open": 0, "overdue": 0, "answered": 0, "sent_back": 0, "accepted": 0, "escalated": 0}
    want.update(expected)
    want["total"] = sum(v for k, v in want.items() if k != "overdue")
    assert notices_at(pair.township) == want
    assert notices_at(pair.school) == want


def answer(pair: Pair, notice: str, measures: tuple[str, str]) -> str:
    items = supervision.notice(pair.school.sessions, notice).items
    return supervision.reply(pair.school.sessions, SCHOOL, notice, [
        supervision.AnswerDraft(items[0].uuid, measures[0], "in_progress"),
        supervision.AnswerDraft(items[1].uuid, measures[1], "done", clock.today()),
    ])  # fmt: skip


def test_a_notice_goes_down_is_answered_sent_back_answered_again_and_accepted(pair, moving_clock):
    hazard = school_hazard(pair.school)
    carry(pair, pair.school, pair.township)  # the township holds the school's hazard
    notice = issue(pair, hazard, date(2026, 11, 27))
    assert notices_at(pair.township)["open"] == 1
    carry(pair, pair.township, pair.school, SCHOOL_CODE)
    both(pair, open=1)

    # the school sees its hazard under the township's supervision; its hazard record is untouched
    before = records.get(pair.school.sessions, "hazard", hazard)
    (under,) = hazards.under_supervision(pair.school.sessions, hazard)  # what the hazard page reads
    assert (under.notice_uuid, under.deadline, under.state, under.item_number) == (
        notice, date(2026, 11, 27), "open", 1)
    assert under.doc_number == "城关中心校安〔2026〕1号"
    assert records.get(pair.school.sessions, "hazard", hazard).row_version == before.row_version
    view = supervision.notice(pair.school.sessions, notice)
    assert [i.hazard_label for i in view.items] == ["东侧围墙：东侧围墙裂缝", ""]

    first = answer(pair, notice, ("已设警戒线", "已补齐照片"))
    assert notices_at(pair.school)["answered"] == 1
    with pytest.raises(WorkflowError):  # one report at a time: it awaits the township's review
        answer(pair, notice, ("再次", "再次"))
    carry(pair, pair.school, pair.township)
    both(pair, answered=1)

    with pytest.raises(ValidationError):  # a report is never sent back without saying why
        supervision.review(pair.township.sessions, TOWN, first, accept=False, reason=" ")
    supervision.review(pair.township.sessions, TOWN, first, accept=False, reason="围墙未维修，请附维修计划")
    carry(pair, pair.township, pair.school, SCHOOL_CODE)
    both(pair, sent_back=1)
    assert supervision.notice(pair.school.sessions, notice).replies[0].review.reason == "围墙未维修，请附维修计划"

    second = answer(pair, notice, ("已设警戒线，维修计划附后，12月10日前完工", "已补齐照片"))
    carry(pair, pair.school, pair.township)
    both(pair, answered=1)
    with pytest.raises(WorkflowError):  # the first report was answered again since
        supervision.review(pair.township.sessions, TOWN, first, accept=True)

    supervision.review(pair.township.sessions, TOWN, second, accept=True)
    carry(pair, pair.township, pair.school, SCHOOL_CODE)
    both(pair, accepted=1)
    at_school = supervision.notice(pair.school.sessions, notice)
    assert [r.uuid for r in at_school.replies] == [first, second]
    assert [r.review.decision for r in at_school.replies] == ["sent_back", "accepted"]
    assert at_school.replies[1].answers[0].measures.startswith("已设警戒线，维修计划")
    with pytest.raises(WorkflowError):  # nothing is left to answer
        answer(pair, notice, ("x", "y"))
    (under,) = supervision.hazard_supervision(pair.school.sessions, hazard)
    assert under.state == "accepted"


def test_an_overdue_notice_is_escalated_and_followed_through_its_supervision_order(pair, moving_clock):
    hazard = school_hazard(pair.school)
    carry(pair, pair.school, pair.township)
    notice = issue(pair, hazard, date(2026, 11, 21))
    carry(pair, pair.township, pair.school, SCHOOL_CODE)
    both(pair, open=1)

    before = dump(pair.township.paths.database)
    with pytest.raises(WorkflowError):  # not overdue yet: nothing to escalate, nothing written
        supervision.escalate(pair.township.sessions, TOWN, notice)
    assert dump(pair.township.paths.database) == before

    moving_clock.set(moving_clock.current + timedelta(days=3))  # 11-23: the deadline has passed
    both(pair, open=1, overdue=1)
    (late,) = supervision.notices(pair.township.sessions, SCHOOL_CODE, states=["open"])
    assert late.overdue

    order = supervision.escalate(pair.township.sessions, TOWN, notice, deadline=date(2026, 11, 30))
    with pytest.raises(WorkflowError):  # escalated once
        supervision.escalate(pair.township.sessions, TOWN, notice)
    carry(pair, pair.township, pair.school, SCHOOL_CODE)
    both(pair, open=1, escalated=1)
    at_school = supervision.notice(pair.school.sessions, order)
    assert at_school.notice_type == "supervision_order" and at_school.escalates_uuid == notice
    assert [i.problem for i in at_school.items] == ["东侧围墙裂缝未设警戒线", "演练记录缺照片"]
    assert at_school.items[0].hazard_uuid == hazard  # the hazard stays under 督办, now by the order
    assert supervision.notice(pair.school.sessions, notice).escalated_by == order
    assert {h.notice_uuid: h.state for h in supervision.hazard_supervision(pair.school.sessions, hazard)} == {
        notice: "escalated", order: "open"}

    with pytest.raises(WorkflowError):  # the escalated notice is answered through its order
        answer(pair, notice, ("x", "y"))
    answer(pair, order, ("已设警戒线并开工维修", "已补齐照片"))
    carry(pair, pair.school, pair.township)
    both(pair, answered=1, escalated=1)


def test_what_the_loop_refuses_changes_nothing(pair, moving_clock):
    second = enrol(pair, "4105220002", "城关镇第二小学")
    try:
        other_hazard = records.save(second.sessions, actor("4105220002"), "hazard", {
            "category": "fire", "description": "灭火器过期", "found_on": date(2026, 11, 2), "location": "二楼",
            "grade": "general"}).uuid  # fmt: skip
        carry(pair, second, pair.township)
        before = dump(pair.township.paths.database)
        with pytest.raises(ValidationError):  # a hazard of another school
            issue(pair, other_hazard, date(2026, 11, 30))
        with pytest.raises(SafetyDeskError):  # not one of the township's schools
            supervision.issue_notice(pair.township.sessions, TOWN, supervision.NoticeDraft(
                school_code="9999999999", doc_number="x", deadline=date(2026, 11, 30), issued_by="x",
                items=(supervision.ItemDraft("x"),)))  # fmt: skip
        with pytest.raises(ValidationError):  # a notice without items
            supervision.issue_notice(pair.township.sessions, TOWN, supervision.NoticeDraft(
                school_code=SCHOOL_CODE, doc_number="x", deadline=date(2026, 11, 30), issued_by="x", items=()))
        with pytest.raises(ValidationError):  # the deadline before the notice
            issue(pair, None, date(2026, 11, 1))
        assert dump(pair.township.paths.database) == before
        notice = issue(pair, None, date(2026, 11, 30))
        supervision.issue_notice(pair.township.sessions, TOWN, supervision.NoticeDraft(
            school_code="4105220002", doc_number="城关中心校安〔2026〕9号", deadline=date(2026, 11, 30),
            issued_by="城关镇中心校", items=(supervision.ItemDraft("灭火器过期", "", "更换", other_hazard),)))  # fmt: skip
        # each school gets its own notice and items only (routed by their school_code)
        sent = export_package(pair.township, SCHOOL_CODE, pair.root / "down.sdpkg", "tester")
        assert (sent.counts["rectification_notice"], sent.counts["rectification_item"]) == (1, 2)
        assert import_package(pair.school, sent.path, "tester").status == "imported"
        school_before = dump(pair.school.paths.database)
        with pytest.raises(WorkflowError):  # a school issues nothing
            supervision.issue_notice(pair.school.sessions, SCHOOL, supervision.NoticeDraft(
                school_code=SCHOOL_CODE, doc_number="x", deadline=date(2026, 11, 30), issued_by="x",
                items=(supervision.ItemDraft("x"),)))  # fmt: skip
        items = supervision.notice(pair.school.sessions, notice).items
        with pytest.raises(ValidationError):  # every item is answered
            supervision.reply(pair.school.sessions, SCHOOL, notice, [supervision.AnswerDraft(items[0].uuid, "x")])
        assert dump(pair.school.paths.database) == school_before
    finally:
        second.close()
