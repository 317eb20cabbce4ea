"""A school confirms its county bureau's new key (services/county_key.py): after the county
reinstalled its software, its rules reach a school signed with a new key and are declined; the
school's administrator opens the bureau's identity file and types the digits read out by phone,
and the declined rules are followed at once. Refusals leave the database exactly as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safetydesk.cli import main
from safetydesk.errors import SafetyDeskError
from safetydesk.services import accounts, audit, county_key, county_rules, dashboard, settings, sync_status
from safetydesk.services.changes import Actor
from safetydesk.services.installation import COUNTY, InitRequest
from safetydesk.sync import identity
from safetydesk.sync.identity import TrustRefused
from safetydesk.sync.keys import ensure_keys
from tests.county.network import COUNTY_CODE, S1, S2, T1, trust_both
from tests.support import PASSWORD, dump
from tests.sync.conftest import _init

COUNTY_ADMIN = Actor("admin", COUNTY_CODE, "admin")


def _identity_file(root: Path, storage, name: str) -> tuple[Path, str]:
    ident, keys = identity.own_identity(storage.paths, storage.sessions)
    f = root / name
    f.write_bytes(identity.identity_bytes(ident, keys))
    return f, ident.fingerprint


def _reinstalled_county(net, tmp_path: Path):
    """Rules v2 followed everywhere under T1; then the county is reinstalled (same code, new
    keys), T1 re-trusts it and follows its new v1 (drill every 4 months); S1 declines it."""
    county, t1 = net.county, net.townships[T1]
    settings.write(county.sessions, COUNTY_ADMIN, {"drill_months_school": 2})
    county_rules.publish(county, COUNTY_ADMIN)
    settings.write(county.sessions, COUNTY_ADMIN, {"drill_months_school": 3})
    county_rules.publish(county, COUNTY_ADMIN)
    net.carry(county, t1, T1)
    for code in (S1, S2):
        net.carry(t1, net.schools[code], code)
    new_county = _init(tmp_path / "county-new", InitRequest(role=COUNTY, code=COUNTY_CODE, name="安阳县教育局安全股"))
    trust_both(tmp_path, new_county, t1)
    settings.write(new_county.sessions, COUNTY_ADMIN, {"drill_months_school": 4})
    assert county_rules.publish(new_county, COUNTY_ADMIN).version == 1
    net.carry(new_county, t1, T1)
    result = net.carry(t1, net.schools[S1], S1)
    assert any("未予采用" in w and "确认县教育局的新密钥" in w for w in result.warnings), result.warnings
    # the import log keeps what the result said after the dialog closed
    newest = sync_status.load_status(net.schools[S1].sessions).attempts[0]
    assert newest.status == "imported" and "未予采用" in (newest.message or "")
    return new_county


def test_confirming_the_new_key_follows_the_declined_rules_at_once(net, tmp_path: Path) -> None:
    new_county = _reinstalled_county(net, tmp_path)
    school = net.schools[S1]
    admin = Actor("admin", S1, "admin")
    waiting = county_key.declined(school.sessions)
    assert waiting is not None and waiting.version == 1 and waiting.county_code == COUNTY_CODE
    assert settings.get(school.sessions, "drill_months_school") == 3
    assert "以新密钥签名的第 1 版未予采用" in dashboard.county_rules_line(school.sessions)
    new_file, digits = _identity_file(tmp_path, new_county, "county-new.identity.json")

    done = county_key.confirm(school.sessions, admin, new_file, digits)
    assert "未予采用" not in dashboard.county_rules_line(school.sessions)
    assert (done.changed, done.followed_version, done.county_code) == (True, 1, COUNTY_CODE)
    assert "第 1 版" in done.text()
    assert settings.get(school.sessions, "drill_months_school") == 4
    with school.sessions() as s:
        held = county_rules.held_in(s)
        assert held is not None and held.sign_key == ensure_keys(new_county.paths).public.sign
        assert county_key.declined_in(s) is None and county_key.confirmed_key_in(s, held) is None
    actions = [r.action for r in audit.entries(school.sessions)]
    assert "county_key_confirmed" in actions and "county_rules" in actions

    # the new key's next version arrives the ordinary way
    settings.write(new_county.sessions, COUNTY_ADMIN, {"drill_months_school": 5})
    assert county_rules.publish(new_county, COUNTY_ADMIN).version == 2
    net.carry(new_county, net.townships[T1], T1)
    result = net.carry(net.townships[T1], school, S1)
    assert not any("未予采用" in w for w in result.warnings), result.warnings
    assert settings.get(school.sessions, "drill_months_school") == 5
    new_county.close()


def test_a_key_confirmed_before_its_rules_arrive_is_followed_from_the_next_package(net, tmp_path: Path, capsys) -> None:
    new_county = _reinstalled_county(net, tmp_path)
    school = net.schools[S2]  # not reached by the new rules yet
    accounts.create_first_admin(school.sessions, S2, PASSWORD)
    pw = tmp_path / "pw.txt"
    pw.write_text(PASSWORD, encoding="utf-8")
    new_file, digits = _identity_file(tmp_path, new_county, "county-new.identity.json")
    sign_in = ["--data-dir", str(school.paths.root), "--user", "admin", "--password-file", str(pw)]
    capsys.readouterr()
    assert main([*sign_in, "rules", "confirm-key", str(new_file), "--fingerprint", digits, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown == {"county": {"code": COUNTY_CODE, "name": "安阳县教育局安全股"}, "fingerprint": digits,
                     "changed": True, "followed_version": None}
    assert settings.get(school.sessions, "drill_months_school") == 3
    result = net.carry(net.townships[T1], school, S2)
    assert not any("未予采用" in w for w in result.warnings), result.warnings
    assert settings.get(school.sessions, "drill_months_school") == 4
    new_county.close()


def test_refusals_change_nothing(net, tmp_path: Path) -> None:
    new_county = _reinstalled_county(net, tmp_path)
    school = net.schools[S1]
    admin = Actor("admin", S1, "admin")
    new_file, digits = _identity_file(tmp_path, new_county, "county-new.identity.json")
    township_file, township_digits = _identity_file(tmp_path, net.townships[T1], "t1.identity.json")
    before = dump(school.paths.database)
    wrong = ("1" if digits[0] != "1" else "2") + digits[1:]
    with pytest.raises(TrustRefused) as refused:
        county_key.confirm(school.sessions, admin, new_file, wrong)
    assert refused.value.code == "fingerprint_mismatch"
    with pytest.raises(TrustRefused) as refused:
        county_key.confirm(school.sessions, admin, township_file, township_digits)
    assert refused.value.code == "wrong_peer" and "县教育局" in refused.value.user_message
    assert dump(school.paths.database) == before
    # the old county's own key: already followed, nothing changes
    old_file, old_digits = _identity_file(tmp_path, net.county, "county-old.identity.json")
    done = county_key.confirm(school.sessions, admin, old_file, old_digits)
    assert done.changed is False and "nothing changed" not in done.text() and "未作更改" in done.text()
    assert dump(school.paths.database) == before
    # a township confirms nothing this way: it re-trusts its county
    with pytest.raises(SafetyDeskError) as at_township:
        county_key.confirm(net.townships[T1].sessions, Actor("admin", T1, "admin"), new_file, digits)
    assert "中心校" in str(at_township.value)
    new_county.close()


def test_the_settings_page_offers_the_confirmation_and_follows_the_rules(qtbot, net, tmp_path: Path) -> None:
    """The school's Settings page says the rules were declined; its button opens the identity
    file, the typed digits confirm the key, and the page then shows the new version."""
    from PySide6.QtWidgets import QPushButton

    from safetydesk.services.installation import installation_info
    from safetydesk.services.workspace import Workspace
    from safetydesk.ui.dialogs.sync.county_key_dialog import CountyKeyDialog
    from safetydesk.ui.main_window import MainWindow
    from tests.db_thread import allow_test_db_access, wait_idle
    from tests.support import close_window

    new_county = _reinstalled_county(net, tmp_path)
    school = net.schools[S1]
    new_file, digits = _identity_file(tmp_path, new_county, "county-new.identity.json")
    with allow_test_db_access():
        info = installation_info(school.sessions)
    window = MainWindow(Workspace(school.paths, info, Actor("admin", S1, "admin"), school))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    page = window.show_page("settings")
    qtbot.waitUntil(lambda: page.loaded, timeout=20_000)
    assert page.key_note.isVisible() and "第 1 版" in page.key_note.text() and "未予采用" in page.key_note.text()
    button = page.findChild(QPushButton, "confirm-county-key")
    assert button.isVisible() and button.isEnabled() and button.text() == "确认县教育局的新密钥…"
    button.click()
    dialog = page.key_dialog
    assert isinstance(dialog, CountyKeyDialog) and dialog.windowTitle() == "确认县教育局的新密钥"
    dialog.load_file(new_file)
    qtbot.waitUntil(lambda: dialog.entry.isEnabled(), timeout=10_000)
    assert "才会确认安阳县教育局安全股的新密钥" in dialog.steps.text()
    qtbot.keyClicks(dialog.entry, digits)
    assert dialog.trust_button.isEnabled()
    dialog.trust_button.click()
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=10_000)
    assert "现执行其县级规则第 1 版" in dialog.status.text()
    qtbot.waitUntil(lambda: not page.key_note.isVisible(), timeout=10_000)
    assert "第 1 版" in page.county_note.text()
    wait_idle(qtbot, window.runner)
    with allow_test_db_access():
        assert settings.get(school.sessions, "drill_months_school") == 4
    dialog.close()
    close_window(qtbot, window)
    new_county.close()
