"""County rules forwarded by the township reach the school through real packages (issue 16.3),
and every hostile variant is refused whole, the school's database left exactly as it was."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from safetydesk.cli import main
from safetydesk.domain import county_rules as domain
from safetydesk.domain.registry import get_kind
from safetydesk.errors import PermissionDenied, SafetyDeskError
from safetydesk.models.access import AuditEntry
from safetydesk.services import checklists, county_rules, dashboard, records, settings, status, supervision
from safetydesk.services.changes import Actor
from safetydesk.sync import county_rules as wire
from tests.county_rules.helpers import (
    COUNTY_CODE,
    county_keys,
    follow,
    plant,
    rule_set,
    signed_raw,
)
from tests.sync.conftest import SCHOOL_CODE, TOWNSHIP_CODE, dump

SCHOOL_ADMIN = Actor("admin", SCHOOL_CODE, "admin")


def issue_notice(pair) -> str:
    """A township's 整改通知书 for the school: a row of the township's own that travels down."""
    return supervision.issue_notice(
        pair.township.sessions,
        Actor("admin", TOWNSHIP_CODE, "township_admin"),
        supervision.NoticeDraft(
            school_code=SCHOOL_CODE, doc_number="城关中心校安〔2026〕9号", deadline=date(2026, 12, 20),
            issued_by="城关镇中心校",
            items=(supervision.ItemDraft("演练记录缺照片", "应急演练资料要求", "补齐过程性资料"),),
        ),
    )


def _down_and_import(pair):
    exported = pair.down()
    return pair.imp(exported.path, pair.school)


def test_rules_and_templates_reach_the_school_and_its_dashboard(pair):
    keys = county_keys()
    follow(pair.township, rule_set(1, drill_months_school=2, parent_meetings_required=3), keys)
    assert settings.get(pair.township.sessions, "drill_months_school") == 2

    assert settings.get(pair.school.sessions, "drill_months_school") == 1
    assert "尚未收到" in dashboard.county_rules_line(pair.school.sessions)
    result = _down_and_import(pair)
    assert result.status == "imported", result.message
    assert any("第 1 版" in w or "第1版" in w for w in result.warnings), result.warnings

    sessions = pair.school.sessions
    assert settings.get(sessions, "drill_months_school") == 2
    assert settings.get(sessions, "parent_meetings_required") == 3
    line = dashboard.load(sessions, "primary").county_rules
    assert "安阳县教育局" in line and "1" in line and "2026年11月15日" in line
    # the county's template, read-only at the school
    county_templates = [t for t in checklists.list_templates(sessions) if t.name == "县防溺水专项检查表"]
    assert len(county_templates) == 1 and county_templates[0].version == 1
    uuid = county_templates[0].uuid
    assert uuid == county_rules.template_uuid(COUNTY_CODE, "drowning-2026")
    with pytest.raises(SafetyDeskError):
        records.save(sessions, SCHOOL_ADMIN, checklists.KIND, {"name": "改名"}, uuid)
    # the school's own status says which version it follows
    assert status.statuses(sessions)[0].as_json()["county_rules_version"] == 1


def test_county_rules_are_locked_at_the_school(pair, capsys):
    follow(pair.township, rule_set(1, drill_months_school=2), county_keys())
    assert _down_and_import(pair).status == "imported"
    with pytest.raises(PermissionDenied) as err:
        settings.write(pair.school.sessions, SCHOOL_ADMIN, {"drill_months_school": 3})
    assert "县" in err.value.user_message and "1" in err.value.user_message
    # this installation's own settings stay writable
    settings.write(pair.school.sessions, SCHOOL_ADMIN, {"backup.keep": 12})
    listed = {i.key: i for i in settings.listing(pair.school.sessions)}
    assert listed["drill_months_school"].county_version == 1
    assert listed["backup.keep"].county_version is None
    before = dump(pair.school.paths.database)
    code = main(["--data-dir", str(pair.school.paths.root), "settings", "set", "drill_months_school", "4"])
    assert code == 1
    assert "县" in capsys.readouterr().err
    assert dump(pair.school.paths.database) == before


def test_a_newer_version_replaces_values_and_templates_and_the_township_sees_it(pair):
    keys = county_keys()
    follow(pair.township, rule_set(1, drill_months_school=2), keys)
    assert _down_and_import(pair).status == "imported"
    # the same set again: nothing changes, the package is still imported
    before = dump(pair.school.paths.database)
    again = _down_and_import(pair)
    assert again.status == "imported"
    assert any(ln.startswith('INSERT INTO "audit_log"') for ln in before)
    assert not any("县级规则" in w for w in again.warnings)
    assert [ln for ln in dump(pair.school.paths.database) if ln.startswith('INSERT INTO "audit_log"')] == [
        ln for ln in before if ln.startswith('INSERT INTO "audit_log"')
    ]

    follow(pair.township, rule_set(2, drill_months_school=3), keys)
    assert _down_and_import(pair).status == "imported"
    assert settings.get(pair.school.sessions, "drill_months_school") == 3
    t = next(t for t in checklists.list_templates(pair.school.sessions) if t.name == "县防溺水专项检查表")
    assert t.version == 2 and "第2版" in checklists.items_text(t.items)

    # before the school's package, the township sees no version; after it, version 2
    assert status.statuses(pair.township.sessions, school=SCHOOL_CODE)[0].county_rules_version is None
    up = pair.export(pair.school)
    assert pair.imp(up.path).status == "imported"
    theirs = status.statuses(pair.township.sessions, school=SCHOOL_CODE)[0].as_json()
    own = status.statuses(pair.school.sessions)[0].as_json()
    assert theirs["county_rules_version"] == own["county_rules_version"] == 2


def _refused(pair, code: str) -> None:
    before = dump(pair.school.paths.database)
    exported = pair.down()
    result = pair.imp(exported.path, pair.school)
    assert result.status == "rejected", result.message
    assert result.code == code, (result.code, result.message)
    assert "未导入任何数据" in result.message
    assert dump(pair.school.paths.database) == before


def test_a_changed_rule_set_is_refused_whole(pair):
    keys = county_keys()
    follow(pair.township, rule_set(1), keys)
    envelope = wire.sign(rule_set(2, drill_months_school=2), keys)
    tampered = envelope.replace(b'\\"drill_months_school\\":2', b'\\"drill_months_school\\":6')
    assert tampered != envelope
    plant(pair.township, tampered, 2, keys.public.sign)
    _refused(pair, "rules_bad_signature")


def test_an_older_version_is_refused(pair):
    keys = county_keys()
    follow(pair.township, rule_set(2, drill_months_school=2), keys)
    assert _down_and_import(pair).status == "imported"
    plant(pair.township, wire.sign(rule_set(1, drill_months_school=5), keys), 1, keys.public.sign)
    _refused(pair, "rules_outdated")
    assert settings.get(pair.school.sessions, "drill_months_school") == 2


def test_another_set_under_the_same_number_is_refused(pair):
    keys = county_keys()
    follow(pair.township, rule_set(2, drill_months_school=2), keys)
    assert _down_and_import(pair).status == "imported"
    plant(pair.township, wire.sign(rule_set(2, drill_months_school=4), keys), 2, keys.public.sign)
    _refused(pair, "rules_conflict")


def test_a_value_outside_its_limits_is_refused(pair):
    keys = county_keys()
    doc = rule_set(1).as_json()
    doc["rules"]["drill_months_school"] = 99  # the registry allows 1 to 6
    plant(pair.township, signed_raw(doc, keys), 1, keys.public.sign)
    _refused(pair, "rules_invalid")
    assert settings.get(pair.school.sessions, "drill_months_school") == 1


def test_an_unknown_rule_is_refused(pair):
    keys = county_keys()
    doc = rule_set(1).as_json()
    doc["rules"]["backup.keep"] = 3  # an installation's own choice, not a county rule
    plant(pair.township, signed_raw(doc, keys), 1, keys.public.sign)
    _refused(pair, "rules_invalid")


def test_rules_of_another_county_are_refused(pair):
    keys = county_keys()
    follow(pair.township, rule_set(1), keys)
    assert _down_and_import(pair).status == "imported"
    other = county_keys()
    plant(pair.township, wire.sign(rule_set(2, code="410523"), other), 2, other.public.sign, code="410523")
    _refused(pair, "rules_untrusted_county")
    assert settings.get(pair.school.sessions, "drill_months_school") == 1


def test_rules_of_the_county_under_another_key_are_declined_and_the_rest_imported(pair):
    """A reinstalled county signs with a new key; nothing tells the school yet that it is the
    county's (sync/county_rules.py), so it keeps its set, and its township's notices still arrive."""
    keys = county_keys()
    follow(pair.township, rule_set(1), keys)
    assert _down_and_import(pair).status == "imported"
    other = county_keys()  # the county's new key, or someone else signing as the county
    plant(pair.township, wire.sign(rule_set(1, drill_months_school=6), other), 1, other.public.sign)
    notice = issue_notice(pair)
    result = _down_and_import(pair)
    assert result.status == "imported", result.message
    assert any("未予采用" in w and "第 1 版" in w for w in result.warnings), result.warnings
    assert settings.get(pair.school.sessions, "drill_months_school") == 1
    with pair.school.sessions() as s:
        held = county_rules.held_in(s)
        assert held is not None and held.sign_key == keys.public.sign
        assert s.get(get_kind("rectification_notice").model, notice) is not None
        assert s.scalars(select(AuditEntry.action).where(AuditEntry.action == "county_rules_declined")).all()


def test_a_school_may_not_send_rules_up(pair):
    keys = county_keys()
    follow(pair.school, rule_set(1), keys)  # as if the school held one
    before = dump(pair.township.paths.database)
    # the school's export sends only what it follows upward, never the rules themselves
    up = pair.export(pair.school)
    assert pair.imp(up.path).status == "imported"
    assert county_rules.following(pair.township.sessions) is None
    assert dump(pair.township.paths.database) != before


def test_rules_json_cli(pair, capsys):
    root = str(pair.school.paths.root)
    assert main(["--data-dir", root, "rules", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) is None
    follow(pair.township, rule_set(1, drill_months_school=2), county_keys())
    assert _down_and_import(pair).status == "imported"
    assert main(["--data-dir", root, "rules", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["version"] == 1 and shown["county"]["code"] == COUNTY_CODE
    assert shown["rules"]["drill_months_school"] == 2
    assert shown["templates"] == [{"key": "drowning-2026", "name": "县防溺水专项检查表", "version": 1}]
    assert main(["--data-dir", root, "rules"]) == 0
    assert "安阳县教育局" in capsys.readouterr().out
    # publishing is the county's
    assert main(["--data-dir", root, "rules", "publish"]) == 1
    assert "县" in capsys.readouterr().err


def test_document_round_trip_and_strictness():
    rs = rule_set(3, drill_months_school=2)
    back = domain.from_json(json.loads(domain.document_bytes(rs)))
    assert back == domain.RuleSet(rs.county_code, rs.county_name, 3, rs.published_on, rs.rules, rs.templates)
    doc = rs.as_json()
    doc["extra"] = 1
    with pytest.raises(domain.RuleSetInvalid):
        domain.from_json(doc)
    doc = rs.as_json()
    doc["version"] = True
    with pytest.raises(domain.RuleSetInvalid):
        domain.from_json(doc)


def test_township_status_key_exists_for_every_school(pair):
    got = status.statuses(pair.township.sessions)
    assert all("county_rules_version" in s.as_json() for s in got)
    assert TOWNSHIP_CODE


def test_an_inspection_records_the_county_template_version_it_used(pair):
    from datetime import date

    from safetydesk.services import inspections

    keys = county_keys()
    follow(pair.township, rule_set(1), keys)
    assert _down_and_import(pair).status == "imported"
    sessions = pair.school.sessions
    template = next(t for t in checklists.list_templates(sessions) if t.name == "县防溺水专项检查表")
    draft = inspections.new_draft(template)
    for item in draft.items:
        item.result = inspections.PASS
    staff = records.save(sessions, SCHOOL_ADMIN, "staff", {"name": "王安全"}).uuid
    inspections.save_inspection(sessions, SCHOOL_ADMIN, draft, inspected_on=date(2026, 11, 20), inspector_uuid=staff)
    # the county publishes version 2 of the template: the old inspection keeps version 1
    follow(pair.township, rule_set(2), keys)
    assert _down_and_import(pair).status == "imported"
    used = status.statuses(sessions, as_of=date(2026, 11, 21))[0].as_json()["templates"]
    assert used == [{"code": template.uuid, "version": 1}]
    assert next(t for t in checklists.list_templates(sessions) if t.uuid == template.uuid).version == 2
