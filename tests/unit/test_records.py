"""The generic records service: validation, search, tombstones with undo, history."""

from __future__ import annotations

from datetime import date

import pytest

from safetydesk.domain import clock
from safetydesk.errors import ValidationError
from safetydesk.services import records
from safetydesk.services.workspace import Workspace


def save_staff(ws: Workspace, name: str, **extra: object) -> str:
    return records.save(ws.sessions, ws.actor, "staff", {"name": name, **extra}).uuid


def names(ws: Workspace, kind: str, text: str) -> list[str]:
    q = records.ListQuery(kind=kind, search=text)
    return [r.values["name"] for r in records.fetch_page(ws.sessions, q, 0, 100)]


def test_chinese_substring_search_short_and_long(workspace: Workspace) -> None:
    save_staff(workspace, "欧阳娜娜", position="心理健康教师")
    save_staff(workspace, "王建国", position="安全专干")
    assert names(workspace, "staff", "娜") == ["欧阳娜娜"]  # 1 character: instr fallback
    assert names(workspace, "staff", "建国") == ["王建国"]  # 2 characters
    assert names(workspace, "staff", "心理健康") == ["欧阳娜娜"]  # 3+: trigram index
    assert names(workspace, "staff", "安全专干") == ["王建国"]
    assert names(workspace, "staff", "不存在的") == []


def test_required_and_length_errors_name_the_field(workspace: Workspace) -> None:
    with pytest.raises(ValidationError) as err:
        records.save(workspace.sessions, workspace.actor, "staff", {"name": ""})
    assert "name" in err.value.field_errors
    with pytest.raises(ValidationError) as err:
        records.save(workspace.sessions, workspace.actor, "staff", {"name": "长" * (10 * 1024 * 1024)})
    assert "50" in err.value.field_errors["name"]
    assert records.count(workspace.sessions, records.ListQuery(kind="staff")) == 0


def test_dates_far_in_the_past_or_future_are_refused(workspace: Workspace) -> None:
    with pytest.raises(ValidationError) as err:
        records.save(workspace.sessions, workspace.actor, "student",
                     {"name": "李小明", "birth_date": date(1800, 1, 1)})
    assert "birth_date" in err.value.field_errors
    with pytest.raises(ValidationError):
        records.save(workspace.sessions, workspace.actor, "student",
                     {"name": "李小明", "birth_date": date(2999, 1, 1)})


def test_duplicate_class_refused(workspace: Workspace) -> None:
    values = {"name": "一年级（1）班", "school_year": "2026-2027"}
    records.save(workspace.sessions, workspace.actor, "class", values)
    with pytest.raises(ValidationError) as err:
        records.save(workspace.sessions, workspace.actor, "class", values)
    assert "name" in err.value.field_errors


def test_delete_restore_and_history(workspace: Workspace) -> None:
    with clock.moved_to(__import__("datetime").datetime(2026, 10, 8, 9, 0)) as c:
        uuid = save_staff(workspace, "张老师")
        c.advance(minutes=5)
        records.save(workspace.sessions, workspace.actor, "staff", {"name": "张老师", "phone": "13800000000"}, uuid)
        records.delete(workspace.sessions, workspace.actor, "staff", uuid)
        assert names(workspace, "staff", "张老师") == []
        assert records.count(workspace.sessions, records.ListQuery(kind="staff")) == 0
        records.restore(workspace.sessions, workspace.actor, "staff", uuid)
    assert names(workspace, "staff", "张老师") == ["张老师"]
    entries = records.history(workspace.sessions, "staff", uuid)
    assert [e.action for e in entries] == ["create", "update", "delete", "restore"]
    assert entries[1].changes == {"phone": [None, "13800000000"]}
    row = records.get(workspace.sessions, "staff", uuid)
    assert row.row_version == 4


def test_semester_filter_follows_the_calendar_setting(workspace: Workspace) -> None:
    """Bullying surveys in autumn 2026 and spring 2027; the calendar is a setting."""
    from safetydesk.services import settings

    for held, scope in ((date(2026, 9, 2), "全校"), (date(2027, 1, 15), "三年级"), (date(2027, 3, 1), "全校")):
        records.save(workspace.sessions, workspace.actor, "bullying_survey",
                     {"surveyed_on": held, "scope": scope})
    autumn = records.ListQuery(kind="bullying_survey", semester="2026-autumn")
    spring = records.ListQuery(kind="bullying_survey", semester="2027-spring")
    assert records.count(workspace.sessions, autumn) == 2
    assert records.count(workspace.sessions, spring) == 1
    # a county whose autumn semester ends on 10 January
    settings.write(workspace.sessions, workspace.actor, {"semester_calendar": {
        "autumn_start": [9, 1], "autumn_end": [1, 10], "spring_start": [2, 20], "spring_end": [7, 5]}})
    assert records.count(workspace.sessions, autumn) == 1


def test_sensitive_kind_is_searchable_but_never_indexed(workspace: Workspace) -> None:
    import sqlite3

    student = records.save(workspace.sessions, workspace.actor, "student", {"name": "赵小雨"}).uuid
    values = {"student_uuid": student, "source": "teacher_observation", "opened_on": date(2026, 10, 9),
              "description": "情绪低落紫罗兰", "status": "open"}
    kind = __import__("safetydesk.domain.registry", fromlist=["get_kind"]).get_kind("psych_case")
    values = {k: v for k, v in values.items() if kind.has_field(k)}
    for f in kind.fields:
        if f.required and f.attr not in values:
            values[f.attr] = f.choices[0].code if f.choices else "示例"
    records.save(workspace.sessions, workspace.actor, "psych_case", values)
    for fragment in ("紫罗", "紫罗兰"):
        q = records.ListQuery(kind="psych_case", search=fragment)
        assert records.count(workspace.sessions, q) == 1
    conn = sqlite3.connect(workspace.paths.database)
    indexed = conn.execute("SELECT count(*) FROM record_fts WHERE kind = 'psych_case'").fetchone()[0]
    conn.close()
    assert indexed == 0
