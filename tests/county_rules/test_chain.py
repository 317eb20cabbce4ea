"""The done-when of issue 16.3: a county rule changed at the county reaches a school's dashboard
after one round of packages (county → township → school), through real packages; the township's
status of its schools shows which still follow an old version; a county's template is followed
read-only; a rule set the township cannot trust is refused whole."""

from __future__ import annotations

import json
from pathlib import Path

from safetydesk.cli import main
from safetydesk.services import checklists, county_rules, dashboard, settings, status
from safetydesk.services.changes import Actor
from safetydesk.services.installation import COUNTY, InitRequest
from safetydesk.sync import county_rules as wire
from safetydesk.sync.importer import import_package
from safetydesk.sync.keys import ensure_keys
from tests.county.network import COUNTY_CODE, S1, S2, S3, SCHOOLS, T1, T2, trust_both
from tests.county_rules.helpers import county_keys, plant, rule_set
from tests.support import PASSWORD, dump, make_installation
from tests.sync.conftest import _init

COUNTY_ADMIN = Actor("admin", COUNTY_CODE, "admin")


def _down_round(net, townships=(T1, T2)) -> None:
    """County → each township → each of its schools."""
    for t in townships:
        net.carry(net.county, net.townships[t], t)
    for code, (t, _name, _type) in SCHOOLS.items():
        if t in townships:
            net.carry(net.townships[t], net.schools[code], code)


def test_a_county_rule_reaches_every_school_dashboard_after_one_round(net) -> None:
    county = net.county
    settings.write(county.sessions, COUNTY_ADMIN, {"drill_months_school": 2, "education_hours": {"middle": 16}})
    checklists.save_template(
        county.sessions, COUNTY_ADMIN, "县校舍安全月检查表", "school_building", "monthly",
        [checklists.ChecklistItem("校舍", "墙体无裂缝"), checklists.ChecklistItem("栏杆", "牢固")],
    )
    published = county_rules.publish(county, COUNTY_ADMIN)
    assert published.version == 1
    # publishing the same values again is no new version
    assert county_rules.publish(county, COUNTY_ADMIN).version == 1
    for code in SCHOOLS:
        assert settings.get(net.schools[code].sessions, "drill_months_school") == 1

    _down_round(net)

    for t in (T1, T2):
        assert settings.get(net.townships[t].sessions, "drill_months_school") == 2
    for code in SCHOOLS:
        sessions = net.schools[code].sessions
        assert settings.get(sessions, "drill_months_school") == 2
        assert settings.get(sessions, "education_hours")["middle"] == 16
        line = dashboard.load(sessions, SCHOOLS[code][2]).county_rules
        assert "第 1 版" in line and "安阳县教育局安全股" in line, line
        names = {t.name: t for t in checklists.list_templates(sessions)}
        assert names["县校舍安全月检查表"].version == 1
        assert status.statuses(sessions)[0].county_rules_version == 1

    # the county changes a rule and its template: version 2
    settings.write(county.sessions, COUNTY_ADMIN, {"drill_months_school": 3})
    [mine] = [t for t in checklists.list_templates(county.sessions) if t.name == "县校舍安全月检查表"]
    checklists.save_template(
        county.sessions, COUNTY_ADMIN, mine.name, mine.category, mine.frequency,
        [*mine.items, checklists.ChecklistItem("消防", "灭火器在有效期内")], mine.uuid,
    )
    assert county_rules.publish(county, COUNTY_ADMIN).version == 2

    # one round reaches T1's schools; T2 has not been visited yet
    _down_round(net, (T1,))
    for code in (S1, S2):
        assert settings.get(net.schools[code].sessions, "drill_months_school") == 3
        assert "第 2 版" in dashboard.load(net.schools[code].sessions, None).county_rules
        t = next(t for t in checklists.list_templates(net.schools[code].sessions) if t.name == "县校舍安全月检查表")
        assert t.version == 2 and "灭火器" in checklists.items_text(t.items)
    assert settings.get(net.schools[S3].sessions, "drill_months_school") == 2

    # the schools report upward; T1's status of each school shows the version it follows
    net.carry(net.schools[S1], net.townships[T1])
    by_code = {s.code: s for s in status.statuses(net.townships[T1].sessions)}
    assert by_code[S1].county_rules_version == 2
    assert by_code[S2].county_rules_version is None  # S2's package has not come up yet
    theirs, own = by_code[S1].as_json(), status.statuses(net.schools[S1].sessions)[0].as_json()
    theirs.pop("last_package"), own.pop("last_package")  # the school learns it from the next receipt
    assert theirs == own


def test_the_township_console_lists_schools_on_an_old_version(net, capsys) -> None:
    county = net.county
    county_rules.publish(county, COUNTY_ADMIN)
    _down_round(net, (T1,))
    for code in (S1, S2):
        net.carry(net.schools[code], net.townships[T1])
    settings.write(county.sessions, COUNTY_ADMIN, {"parent_meetings_required": 3})
    county_rules.publish(county, COUNTY_ADMIN)
    net.carry(county, net.townships[T1], T1)
    net.carry(net.townships[T1], net.schools[S1], S1)
    net.carry(net.schools[S1], net.townships[T1])
    behind = county_rules.schools_behind(net.townships[T1].sessions)
    assert [(b.code, b.version) for b in behind] == [(S2, 1)]
    line = county_rules.console_line(net.townships[T1].sessions)
    assert "第 2 版" in line and "城关幼儿园（第 1 版）" in line and "第一小学" not in line
    capsys.readouterr()
    assert main(["--data-dir", str(net.townships[T1].paths.root), "status", "--school", S2]) == 0
    assert "执行县级规则：第 1 版" in capsys.readouterr().out


def test_a_rule_set_the_township_cannot_trust_is_refused(net) -> None:
    county, t1 = net.county, net.townships[T1]
    county_rules.publish(county, COUNTY_ADMIN)
    net.carry(county, t1, T1)
    other = county_keys()  # not the county whose fingerprint the township confirmed
    plant(county, wire.sign(rule_set(5, code=COUNTY_CODE, drill_months_school=6), other), 5, other.public.sign)
    before = dump(t1.paths.database, skip_attempts=True)
    result = import_package(t1, net.export(county, T1).path, "tester")
    assert (result.status, result.code) == ("rejected", "rules_untrusted_county"), result.message
    assert "未导入任何数据" in result.message
    assert dump(t1.paths.database, skip_attempts=True) == before
    assert settings.get(t1.sessions, "drill_months_school") == 1


def test_townships_report_never_carries_rules_and_a_township_cannot_publish(net, capsys) -> None:
    county_rules.publish(net.county, COUNTY_ADMIN)
    net.carry(net.county, net.townships[T1], T1)
    up = net.export(net.townships[T1], COUNTY_CODE)
    assert import_package(net.county, up.path, "tester").status == "imported"
    assert main(["--data-dir", str(net.townships[T1].paths.root), "rules", "publish"]) == 1
    assert "县教育局" in capsys.readouterr().err


def test_publish_through_the_command_line(tmp_path: Path, capsys) -> None:
    root = make_installation(tmp_path / "county", "county", code=COUNTY_CODE, name="安阳县教育局安全股")
    pw = tmp_path / "pw.txt"
    pw.write_text(PASSWORD, encoding="utf-8")
    sign_in = ["--data-dir", str(root.root), "--user", "admin", "--password-file", str(pw)]
    before = dump(root.database)
    assert main(["--data-dir", str(root.root), "rules", "publish"]) == 1  # no credentials
    capsys.readouterr()
    assert dump(root.database) == before
    assert main([*sign_in, "settings", "set", "drill_months_kindergarten", "2"]) == 0
    assert main([*sign_in, "rules", "publish", "--json"]) == 0
    out = capsys.readouterr().out
    shown = json.loads(out[out.index("{"):])
    assert shown["version"] == 1 and shown["rules"]["drill_months_kindergarten"] == 2
    assert main([*sign_in, "settings", "set", "drill_months_kindergarten", "1"]) == 0  # the county's own
    assert main([*sign_in, "rules", "publish"]) == 0
    assert "第 2 版" in capsys.readouterr().out


def test_the_county_sees_which_version_each_school_follows(net, moving_clock, capsys) -> None:
    """Rules down and facts up: once packages have gone round, the county's status row of every
    school carries the version that school follows, equal to the school's own status."""
    from safetydesk.domain import clock

    published_sha = county_rules.publish(net.county, COUNTY_ADMIN).sha256
    net.round()  # the county's set reaches the townships (last step of a round)
    net.round()  # ... and the schools
    net.round()  # the schools report it up, and the townships on to the county
    roots = {code: net.schools[code].paths.root for code in SCHOOLS}
    county_root, today = net.county.paths.root, clock.today().isoformat()
    net.close()

    def _json(root: Path, *args: str) -> object:
        capsys.readouterr()
        assert main(["--data-dir", str(root), "status", "--json", *args]) == 0
        return json.loads(capsys.readouterr().out)

    own = {code: _json(root, "--as-of", today) for code, root in roots.items()}
    for row in _json(county_root):
        code = row["school"]["code"]
        assert row["county_rules_version"] == own[code]["county_rules_version"] == 1
        assert row["county_rules_sha256"] == own[code]["county_rules_sha256"] == published_sha


def test_a_reinstalled_county_starts_a_new_series_that_its_township_follows(net, tmp_path: Path) -> None:
    """The county's PC is replaced: same code, new keys, none of the old database. Once a township
    re-trusts it by its new fingerprint, the new key's first set (version 1 again) is followed
    there; a school keeps its set until it can confirm the new key, and shows as not following."""
    county, t1 = net.county, net.townships[T1]
    settings.write(county.sessions, COUNTY_ADMIN, {"drill_months_school": 2})
    county_rules.publish(county, COUNTY_ADMIN)
    settings.write(county.sessions, COUNTY_ADMIN, {"drill_months_school": 3})
    assert county_rules.publish(county, COUNTY_ADMIN).version == 2
    _down_round(net, (T1,))
    assert settings.get(net.schools[S1].sessions, "drill_months_school") == 3

    new_county = _init(tmp_path / "county-new", InitRequest(role=COUNTY, code=COUNTY_CODE, name="安阳县教育局安全股"))
    trust_both(tmp_path, new_county, t1)  # typed fingerprints at both ends
    settings.write(new_county.sessions, COUNTY_ADMIN, {"drill_months_school": 4})
    assert county_rules.publish(new_county, COUNTY_ADMIN).version == 1
    net.carry(new_county, t1, T1)
    assert settings.get(t1.sessions, "drill_months_school") == 4
    with t1.sessions() as s:
        held = county_rules.held_in(s)
    assert held is not None and held.version == 1
    assert held.sign_key == ensure_keys(new_county.paths).public.sign

    result = net.carry(t1, net.schools[S1], S1)
    assert any("未予采用" in w for w in result.warnings), result.warnings
    assert settings.get(net.schools[S1].sessions, "drill_months_school") == 3
    net.carry(net.schools[S1], t1)
    behind = county_rules.schools_behind(t1.sessions)
    assert (S1, 2) in [(b.code, b.version) for b in behind]
    new_county.close()


def test_the_county_console_shows_schools_not_on_its_current_rules(net, moving_clock, qtbot) -> None:
    """One level up from the township's line: once a new version has gone round one township but
    not the other, the county's bulletin tables and console line say which schools still report
    the old one (from the townships' reports), and every school again once all report it."""
    from safetydesk.services import county_tables
    from tests.county.test_county_window import _texts, county_window
    from tests.db_thread import allow_test_db_access, wait_idle
    from tests.support import close_window

    county = net.county
    assert "尚未发布" in county_tables.rules_line(county.sessions)
    county_rules.publish(county, COUNTY_ADMIN)
    for _i in range(3):  # down to the schools, then their reports up to the county
        net.round()
    assert "已报告的学校均已执行" in county_tables.rules_line(county.sessions)

    settings.write(county.sessions, COUNTY_ADMIN, {"parent_meetings_required": 3})
    assert county_rules.publish(county, COUNTY_ADMIN).version == 2
    net.carry(county, net.townships[T1], T1)
    for code in (S1, S2):
        net.carry(net.townships[T1], net.schools[code], code)
        net.carry(net.schools[code], net.townships[T1])
    net.carry(net.townships[T1], county, COUNTY_CODE)

    schools = {r["school"]: r for r in county_tables.schools_table(county.sessions).rows}
    assert schools["第一小学"]["rules"] == schools["城关幼儿园"]["rules"] == "第 2 版"
    assert schools["白壁中学"]["rules"] == "第 1 版"
    assert schools["白壁中学"]["_colours"]["rules"] == "amber" and schools["第一小学"]["_colours"]["rules"] == "green"
    townships = {r["code"]: r["rules_behind"] for r in county_tables.townships_table(county.sessions).rows}
    assert townships == {T1: 0, T2: 1}
    line = county_tables.rules_line(county.sessions)
    assert "第 2 版" in line and "3 所学校中有 1 所" in line and "白壁镇中心校 1" in line, line
    assert "城关镇中心校" not in line

    window, page = county_window(qtbot, net)
    assert page.rules.text() == line
    rows = _texts(page.townships.tables["townships"])
    assert [r[-1] for r in rows] == ["0", "1"]
    with allow_test_db_access():
        net.carry(county, net.townships[T2], T2)
        net.carry(net.townships[T2], net.schools[S3], S3)
        net.carry(net.schools[S3], net.townships[T2])
        net.carry(net.townships[T2], county, COUNTY_CODE)
    page.refresh()
    wait_idle(qtbot, window.runner)
    assert "已报告的学校均已执行" in page.rules.text()
    close_window(qtbot, window)


def test_a_reinstalled_countys_version_1_is_not_mistaken_for_the_old_version_1(net, tmp_path: Path) -> None:
    """The blind spot of comparing numbers: the replaced county's first set and the new one's are
    both "version 1". A school that could not confirm the new key still follows the old set; the
    new county's console must count it as not on its rules (compared by the set's hash)."""
    from safetydesk.services import county_tables

    county_rules.publish(net.county, COUNTY_ADMIN)
    _down_round(net, (T1,))
    old_sha = county_rules.following(net.schools[S1].sessions).sha256

    new_county = _init(tmp_path / "county-new", InitRequest(role=COUNTY, code=COUNTY_CODE, name="安阳县教育局安全股"))
    try:
        t1 = net.townships[T1]
        trust_both(tmp_path, new_county, t1)
        settings.write(new_county.sessions, COUNTY_ADMIN, {"drill_months_school": 4})
        new = county_rules.publish(new_county, COUNTY_ADMIN)
        assert new.version == 1 and new.sha256 != old_sha
        net.carry(new_county, t1, T1)
        net.carry(t1, net.schools[S1], S1)  # the school cannot confirm the new key: keeps the old set
        net.carry(net.schools[S1], t1)
        net.carry(t1, new_county, COUNTY_CODE)

        rows = {r["school"]: r for r in county_tables.schools_table(new_county.sessions).rows}
        assert rows["第一小学"]["rules"] == "第 1 版"  # the same number...
        assert rows["第一小学"]["_colours"]["rules"] == "amber"  # ...but not this county's set
        behind = {r["code"]: r["rules_behind"] for r in county_tables.townships_table(new_county.sessions).rows}
        assert behind[T1] == 2  # both of its schools still follow the old county's set
        assert "2 所学校中有 2 所" in county_tables.rules_line(new_county.sessions)
        # a township older than the hash in status rows: the number decides, as before
        row = {"county_rules_version": 1}
        assert county_tables.on_current_rules(row, county_tables.CurrentRules(1, new.sha256))
    finally:
        new_county.close()
