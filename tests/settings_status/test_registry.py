"""The settings registry: declared once, typed, checked; old databases keep their values."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from safetydesk.domain import settings as setting_vars
from safetydesk.domain.compliance import ComplianceRules
from safetydesk.errors import PermissionDenied, ValidationError
from safetydesk.i18n import _
from safetydesk.models import migrate
from safetydesk.models.db import make_engine
from safetydesk.paths import DataPaths
from safetydesk.services import access_policy, backup, settings
from safetydesk.services.changes import Actor
from safetydesk.services.storage import open_storage


def test_a_key_declared_twice_is_refused_at_import_time() -> None:
    again = setting_vars.SettingVar(
        key="parent_meetings_required", type=setting_vars.SettingType.INT, default=2, label="x", help="",
        scope=setting_vars.Scope.COUNTY_RULE, group="x", minimum=0, maximum=20,
    )  # fmt: skip
    with pytest.raises(ValueError, match="declared twice"):
        setting_vars.declare(again)
    assert [v.key for v in setting_vars.all_vars()].count("parent_meetings_required") == 1


def test_every_declaration_has_a_chinese_label_and_a_valid_default() -> None:
    for var in setting_vars.all_vars():
        assert var.clean(var.default) == var.default, var.key
        assert var.scope in (setting_vars.Scope.INSTALLATION, setting_vars.Scope.COUNTY_RULE)
        label = _(var.label)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in label), var.key


def test_compliance_rules_come_from_the_registry_values() -> None:
    assert ComplianceRules() == ComplianceRules.from_settings({})
    rules = ComplianceRules.from_settings({
        "parent_meetings_required": 3, "drill_months_school": 2, "drill_months_kindergarten": 4,
        "education_hours": {"primary": 10, "middle": 16, "high": 8},
    })  # fmt: skip
    assert rules.parent_meetings_per_semester == 3
    assert (rules.drill_months("primary"), rules.drill_months("kindergarten")) == (2, 4)
    assert [rules.hours_required(t) for t in ("primary", "teaching_point", "nine_year", "middle", "kindergarten")] \
        == [10, 10, 10, 16, 0]


def test_reads_are_typed_writes_are_checked_and_rights_enforced(workspace) -> None:
    s, admin = workspace.sessions, workspace.actor
    assert settings.get(s, "backup.keep") == 10 and backup.keep_count(s) == 10
    settings.write(s, admin, {"backup.keep": "4", "access.class_teacher_sensitive": "true"})
    assert backup.keep_count(s) == 4 and access_policy.class_teachers_setting(s) is True
    with pytest.raises(ValidationError) as bad:
        settings.write(s, admin, {"backup.keep": 3, "parent_meetings_required": 99})
    assert set(bad.value.field_errors) == {"parent_meetings_required"}
    assert backup.keep_count(s) == 4  # all or nothing
    principal = Actor("zhang", admin.org_code, "principal")
    access_policy.set_class_teachers_allowed(s, principal, False)  # the principal may change this one
    with pytest.raises(PermissionDenied):
        settings.write(s, principal, {"parent_meetings_required": 3})
    with pytest.raises(PermissionDenied):
        access_policy.set_class_teachers_allowed(s, Actor("li", admin.org_code, "class_teacher"), True)
    assert access_policy.class_teachers_setting(s) is False


def test_an_unusable_stored_value_reads_as_the_default(workspace) -> None:
    conn = sqlite3.connect(workspace.paths.database)
    with conn:
        conn.execute("INSERT INTO setting (key, value) VALUES ('parent_meetings_required', ?)",
                     (json.dumps({"v": "lots"}),))
    conn.close()
    assert settings.get(workspace.sessions, "parent_meetings_required") == 2


def test_old_databases_keep_their_settings_through_migration_0007(tmp_path: Path) -> None:
    db = tmp_path / "safetydesk.sqlite3"
    engine = make_engine(db)
    migrate.upgrade(engine, "0006")
    engine.dispose()
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("INSERT INTO installation (id, role, org_code, org_name, is_demo, created_at) "
                     "VALUES (1, 'school', '4105220001', '安阳县示范小学', 0, '2026-09-01 08:00:00')")
        for key, value in (
            ("backup.keep", {"n": 3}),
            ("access.class_teacher_sensitive", {"enabled": True}),
            ("education_hours", {"v": {"primary": 14, "middle": 16, "high": 8}}),
            ("parent_meetings_required", {"v": 3}),
            ("semester_calendar", {"v": {"autumn_start": [8, 25], "autumn_end": [1, 20],
                                         "spring_start": [2, 15], "spring_end": [7, 10]}}),
        ):
            conn.execute("INSERT INTO setting (key, value) VALUES (?, ?)", (key, json.dumps(value)))
    conn.close()
    storage = open_storage(DataPaths(tmp_path))  # backs up, then upgrades to head
    try:
        values = settings.all_values(storage.sessions)
    finally:
        storage.close()
    assert values["backup.keep"] == 3 and values["access.class_teacher_sensitive"] is True
    assert values["education_hours"]["middle"] == 16 and values["parent_meetings_required"] == 3
    assert values["semester_calendar"]["autumn_start"] == [8, 25]
    conn = sqlite3.connect(db)
    assert dict(conn.execute("SELECT key, value FROM setting WHERE key LIKE 'backup%' OR key LIKE 'access%'")) \
        == {"backup.keep": '{"v": 3}', "access.class_teacher_sensitive": '{"v": true}'}
    conn.close()
