"""The user story: a monthly inspection with three failed items makes three hazards; one is
fixed, verified by another staff member and struck off; one passes its deadline and shows as
overdue; one graded major cannot be struck off without a 五定 plan and verification."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from safetydesk.domain.clock import moved_to
from safetydesk.errors import WorkflowError
from safetydesk.services import dashboard, hazards, inspections, records
from tests.hazards.helpers import FAILED_NOTES, add_staff, inspect_with_failures
from tests.support import dump

FOUND = date(2026, 11, 2)


def test_monthly_inspection_to_struck_off_overdue_and_major(workspace) -> None:
    ws = workspace
    with moved_to(datetime(2026, 11, 2, 9, 0)) as clock:
        inspector, rectifier, verifier, principal = add_staff(ws, "李明", "王强", "张校长", "赵主任")
        insp = inspect_with_failures(ws, inspector, FOUND)
        made, changes = inspections.make_hazards(ws, ws.actor, insp)
        assert len(made) == 3 and "hazard" in changes.kinds
        # running it again makes no duplicates; the inspection remembers its hazards
        assert inspections.make_hazards(ws, ws.actor, insp)[0] == []
        _rec, items = inspections.load(ws.sessions, insp)
        assert sorted(i.hazard_uuid for i in items if i.result == inspections.FAIL) == sorted(made)
        values = [records.get(ws.sessions, "hazard", u).values for u in made]
        assert [v["description"] for v in values] == list(FAILED_NOTES)
        assert all(v["found_on"] == FOUND and v["inspection_uuid"] == insp for v in values)
        assert {v["category"] for v in values} == {"school_building"}
        fixed, late, major = made

        # 1. fixed, verified by someone else, struck off
        hazards.move(ws.sessions, ws.actor, fixed, "grade", {"grade": "general", "risk_colour": "yellow"})
        hazards.move(
            ws.sessions,
            ws.actor,
            fixed,
            "assign",
            {"responsible_uuid": rectifier, "measures": "修补裂缝", "deadline": FOUND + timedelta(days=7)},
        )
        hazards.move(ws.sessions, ws.actor, fixed, "start", {"rectified_by_uuid": rectifier})
        clock.advance(days=2)
        hazards.move(ws.sessions, ws.actor, fixed, "request_verification", {"result": "已修补"})
        before = dump(ws.paths.database)
        with pytest.raises(WorkflowError, match="验收人不能是整改人"):
            hazards.move(ws.sessions, ws.actor, fixed, "verify", {"verifier_uuid": rectifier})
        assert dump(ws.paths.database) == before
        hazards.move(ws.sessions, ws.actor, fixed, "verify", {"verifier_uuid": verifier})
        hazards.move(ws.sessions, ws.actor, fixed, "close")
        done = records.get(ws.sessions, "hazard", fixed).values
        assert done["status"] == "closed" and done["closed_on"] == date(2026, 11, 4)
        assert done["verifier_uuid"] == verifier and done["rectified_by_uuid"] == rectifier
        moves = [h for h in records.history(ws.sessions, "hazard", fixed) if h.action == "move"]
        assert [h.changes["status"][1] for h in moves] == [
            "graded",
            "assigned",
            "rectifying",
            "verification_requested",
            "verified",
            "closed",
        ]
        assert all(h.by == ws.actor.username and h.at for h in moves)
        assert any("张校长" in (h.reason or "") for h in moves)

        # 2. passes its deadline
        hazards.move(ws.sessions, ws.actor, late, "grade", {"grade": "general"})
        hazards.move(
            ws.sessions,
            ws.actor,
            late,
            "assign",
            {"responsible_uuid": rectifier, "measures": "更换灭火器", "deadline": date(2026, 11, 6)},
        )
        soon = hazards.deadline_summary(ws.sessions)
        assert [d.uuid for d in soon.due_soon] == [late] and soon.overdue == []
        clock.advance(days=5)  # 2026-11-09
        summary = hazards.deadline_summary(ws.sessions)
        assert [d.uuid for d in summary.overdue] == [late]
        due = summary.overdue[0]
        assert (due.description, due.responsible_name, due.deadline, due.grade) == (
            FAILED_NOTES[1],
            "王强",
            date(2026, 11, 6),
            "general",
        )
        board = dashboard.load(ws.sessions, "primary")
        overdue = [i for i in board.section("hazards") if i.record == late]
        assert overdue and overdue[0].state.name == "OVERDUE"
        assert "supervise" in hazards.allowed_moves(records.get(ws.sessions, "hazard", late).values)
        hazards.move(ws.sessions, ws.actor, late, "supervise", reason="逾期未整改")
        assert records.get(ws.sessions, "hazard", late).values["supervised_on"] == date(2026, 11, 9)

        # 3. graded major: escalated at once; no closing without 五定 and verification
        hazards.move(ws.sessions, ws.actor, major, "grade", {"grade": "major", "risk_colour": "red"})
        v = records.get(ws.sessions, "hazard", major).values
        assert v["escalated_to_township"] is True and v["status"] == "graded"
        before = dump(ws.paths.database)
        with pytest.raises(WorkflowError) as err:
            hazards.move(ws.sessions, ws.actor, major, "close")
        assert "销号" in err.value.user_message
        with pytest.raises(WorkflowError) as err:
            hazards.move(
                ws.sessions,
                ws.actor,
                major,
                "assign",
                {"responsible_uuid": principal, "measures": "拆除重建", "deadline": date(2026, 12, 30)},
            )
        assert "资金来源" in err.value.user_message and "临时防护" in err.value.user_message
        assert dump(ws.paths.database) == before
        hazards.move(
            ws.sessions,
            ws.actor,
            major,
            "assign",
            {
                "responsible_uuid": principal,
                "measures": "拆除重建",
                "deadline": date(2026, 12, 30),
                "funds_amount": 48000,
                "funds_source": "县教育局专项资金",
                "interim_controls": "设警戒线",
            },
        )
        hazards.move(ws.sessions, ws.actor, major, "start", {"rectified_by_uuid": rectifier})
        with pytest.raises(WorkflowError):
            hazards.move(ws.sessions, ws.actor, major, "close")
        hazards.move(ws.sessions, ws.actor, major, "request_verification", {"result": "已重建"})
        hazards.move(ws.sessions, ws.actor, major, "verify", {"verifier_uuid": verifier})
        hazards.move(ws.sessions, ws.actor, major, "close")
        assert records.get(ws.sessions, "hazard", major).values["status"] == "closed"
