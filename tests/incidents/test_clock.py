"""The reporting clock, told as a school's morning: the deadlines, on time and late, refusals."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from safetydesk.domain import incident_clock as ic
from safetydesk.domain.clock import moved_to
from safetydesk.errors import ValidationError, WorkflowError
from safetydesk.i18n import LOCAL_TZ
from safetydesk.services import incidents, records
from tests.support import dump

TEN = datetime(2026, 10, 12, 10, 0, tzinfo=LOCAL_TZ)


def _capture(ws, level: str = "larger", sensitive: bool = False) -> str:
    return incidents.capture(
        ws.sessions,
        ws.actor,
        {
            "title": "学生食堂集体腹痛",
            "place": "学校食堂",
            "summary": "午餐后多名学生腹痛。",
            "occurred_at": TEN - timedelta(minutes=10),
            "learned_at": TEN,
            "level": level,
            "sensitive": sensitive,
            "deaths": 0,
            "injuries": 5,
        },
    )


def test_serious_incident_phone_due_at_20_and_written_at_40(workspace) -> None:
    with moved_to(TEN + timedelta(minutes=1)):
        uuid = _capture(workspace)
        st = incidents.status(workspace.sessions, uuid)
        assert st.deadlines.phone == TEN + timedelta(minutes=20)
        assert st.deadlines.written == TEN + timedelta(minutes=40)
        due = incidents.due_reports(workspace.sessions)
        assert [(d.kind, d.due_at, d.overdue) for d in due] == [
            ("phone", TEN + timedelta(minutes=20), False),
            ("written", TEN + timedelta(minutes=40), False),
        ]
        assert due[0].due_at.tzinfo is not None and due[0].incident_uuid == uuid


def test_sensitive_general_incident_follows_the_20_40_rule() -> None:
    dl = ic.deadlines("general", True, TEN)
    assert (dl.phone, dl.written) == (TEN + timedelta(minutes=20), TEN + timedelta(minutes=40))


def test_general_incident_is_due_within_the_hour(workspace) -> None:
    with moved_to(TEN + timedelta(minutes=5)):
        uuid = _capture(workspace, level="general")
        st = incidents.status(workspace.sessions, uuid)
        assert st.deadlines.phone is None
        assert st.deadlines.written == datetime(2026, 10, 12, 11, 0, tzinfo=LOCAL_TZ)
        assert [(d.kind, d.due_at) for d in incidents.due_reports(workspace.sessions)] == [
            ("written", TEN + timedelta(hours=1))
        ]


def test_phone_report_at_10_21_is_late_and_stays_flagged(workspace) -> None:
    with moved_to(TEN) as clock:
        uuid = _capture(workspace)
        clock.advance(minutes=21)
        assert incidents.due_reports(workspace.sessions)[0].overdue
        assert incidents.status(workspace.sessions, uuid).phone is ic.Timeliness.MISSING
        incidents.log_phone_report(workspace.sessions, workspace.actor, uuid, clock.current, "县教育局安全科")
        clock.advance(days=3)
        st = incidents.status(workspace.sessions, uuid)
        assert st.phone is ic.Timeliness.LATE
        assert st.phone_to == "县教育局安全科"
        # Correcting the learned time later (with a reason) does not clear the flag.
        incidents.update_incident(
            workspace.sessions,
            workspace.actor,
            uuid,
            {"learned_at": TEN + timedelta(minutes=5)},
            reason="更正",
        )
        assert incidents.status(workspace.sessions, uuid).phone is ic.Timeliness.LATE
        assert records.get(workspace.sessions, "incident", uuid).values["phone_late"] is True


def test_phone_report_at_exactly_10_20_00_is_on_time_and_a_second_later_is_late(workspace) -> None:
    assert ic.on_time(TEN + timedelta(minutes=20), TEN + timedelta(minutes=20))
    assert not ic.on_time(TEN + timedelta(minutes=20, seconds=1), TEN + timedelta(minutes=20))
    with moved_to(TEN) as clock:
        uuid = _capture(workspace)
        clock.advance(minutes=20)
        incidents.log_phone_report(workspace.sessions, workspace.actor, uuid, clock.current, "县教育局")
        assert incidents.status(workspace.sessions, uuid).phone is ic.Timeliness.ON_TIME
        assert [d.kind for d in incidents.due_reports(workspace.sessions)] == ["written"]


def test_written_reports_are_numbered_and_close_the_clock(workspace) -> None:
    with moved_to(TEN) as clock:
        uuid = _capture(workspace)
        clock.advance(minutes=12)
        incidents.log_phone_report(workspace.sessions, workspace.actor, uuid, None, "县教育局")
        clock.advance(minutes=30)  # 10:42: the written report is two minutes late
        incidents.log_written_report(workspace.sessions, workspace.actor, uuid, "first", "首报正文")
        assert incidents.due_reports(workspace.sessions) == []
        clock.advance(hours=3)
        incidents.log_written_report(workspace.sessions, workspace.actor, uuid, "followup", "续报")
        incidents.log_written_report(workspace.sessions, workspace.actor, uuid, "followup", "续报")
        st = incidents.status(workspace.sessions, uuid)
        assert [(r.report_type, r.number) for r in st.reports] == [
            ("first", None),
            ("followup", 1),
            ("followup", 2),
        ]
        assert st.written is ic.Timeliness.LATE and st.reports[0].late
        first = records.get(workspace.sessions, "incident_report", st.reports[0].uuid)
        assert first.values["late"] is True
        assert st.overall is ic.Timeliness.LATE
        assert incidents.report_title("溺水", "followup", 2) == "关于溺水的续报（二）"
        assert incidents.report_title("溺水", "first") == "关于溺水的首报"
        assert incidents.report_title("溺水", "final") == "关于溺水的终报"
        assert incidents.report_title("", "followup", 12) == "续报（十二）"  # the report's own name
        with pytest.raises(WorkflowError):
            incidents.log_written_report(workspace.sessions, workspace.actor, uuid, "first", "again")


def test_editing_learned_time_after_a_report_needs_a_reason_and_leaves_history(workspace) -> None:
    with moved_to(TEN) as clock:
        uuid = _capture(workspace)
        clock.advance(minutes=15)
        incidents.log_phone_report(workspace.sessions, workspace.actor, uuid, None, "县教育局")
        before = dump(workspace.paths.database)
        with pytest.raises(WorkflowError) as err:
            incidents.update_incident(
                workspace.sessions, workspace.actor, uuid, {"learned_at": TEN - timedelta(minutes=5)}
            )
        assert "原因" in err.value.user_message
        with pytest.raises(WorkflowError):
            incidents.update_incident(workspace.sessions, workspace.actor, uuid, {"level": "general"})
        assert dump(workspace.paths.database) == before
        incidents.update_incident(
            workspace.sessions,
            workspace.actor,
            uuid,
            {"learned_at": TEN - timedelta(minutes=5)},
            reason="值班记录核对后更正",
        )
        last = records.history(workspace.sessions, "incident", uuid)[-1]
        assert last.reason == "值班记录核对后更正" and "learned_at" in last.changes
        # Editing a fact the clock does not read needs no reason.
        incidents.update_incident(workspace.sessions, workspace.actor, uuid, {"measures": "送医"})


def test_bad_input_is_refused_and_nothing_changes(workspace) -> None:
    with moved_to(TEN) as clock:
        uuid = _capture(workspace)
        clock.advance(minutes=5)
        before = dump(workspace.paths.database)
        with pytest.raises(ValidationError):  # learned before it happened
            incidents.capture(
                workspace.sessions,
                workspace.actor,
                {
                    "title": "x",
                    "place": "y",
                    "summary": "z",
                    "level": "general",
                    "occurred_at": TEN,
                    "learned_at": TEN - timedelta(minutes=1),
                },
            )
        with pytest.raises(ValidationError):  # phone report before learned
            incidents.log_phone_report(
                workspace.sessions, workspace.actor, uuid, TEN - timedelta(minutes=1), "县教育局"
            )
        with pytest.raises(ValidationError):  # written report before learned
            incidents.log_written_report(
                workspace.sessions, workspace.actor, uuid, "first", "x", sent_at=TEN - timedelta(seconds=1)
            )
        with pytest.raises(ValidationError):  # edit: learned before occurred
            incidents.update_incident(
                workspace.sessions, workspace.actor, uuid, {"learned_at": TEN - timedelta(hours=1)}
            )
        assert dump(workspace.paths.database) == before


def test_response_checklist_and_media_contact(workspace) -> None:
    with moved_to(TEN):
        uuid = _capture(workspace)
        incidents.log_step(workspace.sessions, workspace.actor, uuid, "medical_care", note="送乡卫生院")
        steps = incidents.response_steps(workspace.sessions, uuid)
        assert [s.step for s in steps] == [
            "medical_care",
            "report",
            "notify_parents",
            "opinion_control",
            "aftermath",
            "dispute_channels",
        ]
        assert steps[0].done_at == TEN and steps[0].note == "送乡卫生院"
        assert all(s.done_at is None for s in steps[1:])
    incidents.set_media_contact(workspace.sessions, "王主任", "13900000000", workspace.actor)
    assert incidents.media_contact(workspace.sessions) == {"name": "王主任", "phone": "13900000000"}


def test_demo_incidents_show_their_timeliness(demo_workspace) -> None:
    sts = incidents.statuses(demo_workspace.sessions)
    by_title = {s.title: s for s in sts.values()}
    assert by_title["学生疑似食物中毒"].phone is ic.Timeliness.LATE
    assert by_title["学生校外溺水死亡"].written is ic.Timeliness.LATE
    assert by_title["接送学生车辆侧翻事故"].overall is ic.Timeliness.ON_TIME
    assert by_title["学生体育课扭伤脚踝"].overall is ic.Timeliness.MISSING
    assert any(
        d.title == "学生体育课扭伤脚踝" and d.overdue for d in incidents.due_reports(demo_workspace.sessions)
    )
