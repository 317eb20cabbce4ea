"""A class teacher sees the psychological cases of their own class only; break-glass is logged."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from safetydesk.errors import PermissionDenied
from safetydesk.services import access_policy, accounts, audit, records


def _case(school, class_uuid: str, phrase: str = "情况说明") -> str:
    from safetydesk.models.org import Student

    with school.workspace.sessions() as s:
        student = s.scalar(select(Student.uuid).where(Student.class_uuid == class_uuid).limit(1))
    values = {
        "student_uuid": student,
        "class_uuid": class_uuid,
        "source": "screening",
        "risk_level": "medium",
        "opened_on": date(2026, 10, 9),
        "description": phrase,
        "status": "open",
    }
    return records.save(school.workspace.sessions, school.admin, "psych_case", values).uuid


def test_class_teacher_cannot_open_another_class_case_in_the_service_layer(school) -> None:
    mine = _case(school, school.teacher_class)
    other = _case(school, school.other_class)
    ws = school.workspace
    teacher = accounts.login(ws.sessions, ws.info.org_code, "wang", "teacher-pw").actor
    visible = {
        r.uuid for r in records.fetch_page(ws.sessions, records.ListQuery("psych_case"), 0, 999, teacher)
    }
    assert mine in visible and other not in visible
    assert records.get(ws.sessions, "psych_case", mine, teacher).values["description"] == "情况说明"
    with pytest.raises(PermissionDenied):
        records.get(ws.sessions, "psych_case", other, teacher)
    # The school can withdraw the permission: then not even their own class.
    access_policy.set_class_teachers_allowed(ws.sessions, school.admin, False)
    with pytest.raises(PermissionDenied):
        records.get(ws.sessions, "psych_case", mine, teacher)
    # A counsellor sees every case.
    counsellor = accounts.login(ws.sessions, ws.info.org_code, "li", "counsel-pw").actor
    assert records.get(ws.sessions, "psych_case", other, counsellor).uuid == other


def test_break_glass_read_leaves_an_audit_entry_and_is_shown_to_the_principal(school) -> None:
    other = _case(school, school.other_class)
    ws = school.workspace
    teacher = accounts.login(ws.sessions, ws.info.org_code, "wang", "teacher-pw").actor
    with pytest.raises(PermissionDenied):
        records.get(ws.sessions, "psych_case", other, teacher)
    access_policy.break_glass(
        ws.sessions, teacher, "psych_case", other, "学生在我班课堂上情绪失控，需要了解既往干预措施"
    )
    assert records.get(ws.sessions, "psych_case", other, teacher).uuid == other
    log = audit.entries(ws.sessions, audit.AuditQuery(username="wang"))
    actions = [(e.action, e.record_uuid) for e in log]
    assert ("break_glass", other) in actions and ("read", other) in actions
    pending = access_policy.grants(ws.sessions, unseen_only=True)
    assert [g.record_uuid for g in pending] == [other] and "情绪失控" in pending[0].reason
    assert audit.verify(ws.sessions).ok


def test_class_teacher_list_page_shows_only_their_class(school, qtbot, tmp_path) -> None:
    from PySide6.QtCore import QSettings

    from safetydesk.domain.registry import get_kind
    from safetydesk.ui.pages.record_list import RecordListPage
    from safetydesk.ui.tasks import TaskRunner

    mine = _case(school, school.teacher_class)
    other = _case(school, school.other_class)
    ws = school.workspace
    ws.actor = accounts.login(ws.sessions, ws.info.org_code, "wang", "teacher-pw").actor
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    from tests.db_thread import wait_idle

    runner = TaskRunner()
    page = RecordListPage(ws, runner, get_kind("psych_case"), settings)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    wait_idle(qtbot, runner)
    shown = {page.model.record_at(i).uuid for i in range(page.model.rowCount())}
    assert mine in shown and other not in shown
    # Even a stale selection cannot open the other class's case: the form is refused.
    errors = []
    import safetydesk.ui.messages as messages

    original = messages.show_error
    messages.show_error = lambda parent, exc: errors.append(exc)
    try:
        page.model.record_at = lambda row: records.RecordData(  # type: ignore[method-assign]
            "psych_case", other, {}, ws.info.org_code, 1, None, "", False
        )
        page.table.selectRow(0)
        page.edit_selected()  # read through the policy on the database thread: refused
        wait_idle(qtbot, runner)
    finally:
        messages.show_error = original
    assert errors and isinstance(errors[0], PermissionDenied)
    assert page.open_forms == []
