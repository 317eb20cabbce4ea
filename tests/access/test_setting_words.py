"""A setting change in the 操作日志 and its Excel export reads as the settings page says it (the
setting's label, 是/否, a number with its unit), not as the key and JSON the hash chain keeps."""

from __future__ import annotations

from openpyxl import load_workbook

from safetydesk.services import audit
from safetydesk.services import settings as settings_svc
from safetydesk.services.audit_words import changed_fields, detail_text, kind_title


def test_a_setting_change_reads_in_words(school, tmp_path) -> None:
    sessions = school.workspace.sessions
    settings_svc.write(sessions, school.admin, {"facilities.school_bus": True, "backup.keep": 12})
    rows = {r.detail: r for r in audit.entries(sessions, audit.AuditQuery(action="setting"))}
    assert set(rows) >= {"facilities.school_bus=true", "backup.keep=12"}  # stored as before: hashed
    bus, keep = rows["facilities.school_bus=true"], rows["backup.keep=12"]
    assert detail_text(bus.action, bus.detail, bus.changes) == "本校使用校车：否 → 是"
    assert changed_fields(bus.kind, bus.changes) == "本校使用校车"
    assert detail_text(keep.action, keep.detail, keep.changes).startswith("保留的自动备份份数：")
    assert "backup.keep" not in detail_text(keep.action, keep.detail, keep.changes)
    # a setting no longer declared keeps its stored words
    assert detail_text("setting", "old.key=1", {"old.key": {"old": 0, "new": 1}}) == "old.key=1"
    assert changed_fields(None, {"old.key": {}}) == "old.key"
    out = tmp_path / "audit.xlsx"
    assert audit.export_excel(sessions, school.admin, audit.AuditQuery(action="setting"), out) >= 2
    cells = {c for r in load_workbook(out).active.iter_rows(values_only=True) for c in r}
    assert "本校使用校车：否 → 是" in cells and "本校使用校车" in cells
    assert not {c for c in cells if isinstance(c, str) and "facilities." in c}


def test_the_audit_logs_own_export_names_its_kind_in_words(school, tmp_path) -> None:
    sessions = school.workspace.sessions
    audit.export_excel(sessions, school.admin, audit.AuditQuery(), tmp_path / "a.xlsx")
    exported = [r for r in audit.entries(sessions, audit.AuditQuery(action="export")) if r.kind == "audit_log"]
    assert exported and kind_title(exported[0].kind) == "操作日志"
