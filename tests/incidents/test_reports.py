"""The written reports as the command line prints them: 首报 from the record, 续报 by number or
the latest, 终报; the text that was sent is what prints."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from pypdf import PdfReader

from safetydesk.domain.clock import moved_to
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import LOCAL_TZ
from safetydesk.services import incidents
from safetydesk.services.progress import NoProgress
from safetydesk.services.report_catalog import ReportRequest, get_report, render

TEN = datetime(2026, 10, 12, 10, 0, tzinfo=LOCAL_TZ)


def _text(path) -> str:
    return "".join(p.extract_text() for p in PdfReader(path).pages)


def test_first_followup_and_final_reports(workspace, tmp_path) -> None:
    ws = workspace
    with moved_to(TEN) as clock:
        uuid = incidents.capture(
            ws.sessions,
            ws.actor,
            {
                "title": "学生溺水",
                "place": "村南河塘",
                "summary": "学生周末下河游泳溺水。",
                "occurred_at": TEN - timedelta(minutes=30),
                "learned_at": TEN,
                "level": "major",
                "deaths": 1,
                "injuries": 0,
                "measures": "配合派出所调查",
                "onsite_person": "副校长",
                "onsite_phone": "13800000003",
            },
        )
        spec = get_report("incident-first")
        assert spec.per_record and spec.formats == ("pdf",)
        out = tmp_path / "first.pdf"
        assert render(ws, spec, ReportRequest(out=out, record=uuid[:8]), NoProgress()) == 1
        text = _text(out)
        assert "关于学生溺水的首报" in text and "村南河塘" in text and "13800000003" in text
        assert "死亡：1人" in text and "配合派出所调查" in text
        clock.advance(hours=2)
        incidents.log_written_report(ws.sessions, ws.actor, uuid, "first", "首报已报送正文")
        incidents.log_written_report(ws.sessions, ws.actor, uuid, "followup", "第一次续报正文")
        incidents.log_written_report(ws.sessions, ws.actor, uuid, "followup", "第二次续报正文")
        render(ws, spec, ReportRequest(out=out, record=uuid), NoProgress())
        assert "首报已报送正文" in _text(out)
        follow = get_report("incident-followup")
        render(ws, follow, ReportRequest(out=out, record=uuid), NoProgress())
        assert "关于学生溺水的续报（二）" in _text(out) and "第二次续报正文" in _text(out)
        render(ws, follow, ReportRequest(out=out, record=f"{uuid}:1"), NoProgress())
        assert "关于学生溺水的续报（一）" in _text(out) and "第一次续报正文" in _text(out)
        render(ws, get_report("incident-final"), ReportRequest(out=out, record=uuid), NoProgress())
        assert "关于学生溺水的终报" in _text(out)
        with pytest.raises(SafetyDeskError):
            render(ws, spec, ReportRequest(out=out, record="nope-nope"), NoProgress())
