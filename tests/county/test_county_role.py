"""Issue 16.1: the county role. `init county`, a township's county (at init or later), trust as
between a school and its township, and packages both ways between a township and its county."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safetydesk.cli import main
from safetydesk.paths import DataPaths
from safetydesk.services.installation import installation_info
from safetydesk.services.storage import open_storage
from safetydesk.sync import identity
from safetydesk.sync.identity import TrustRefused
from safetydesk.sync.importer import import_package
from tests.county.network import COUNTY_CODE, S1, T1, T2
from tests.support import PASSWORD, dump, make_installation


def _pw(tmp_path: Path) -> str:
    f = tmp_path / "pw.txt"
    f.write_text(PASSWORD, encoding="utf-8")
    return str(f)


def test_init_county_and_township_with_its_county(tmp_path: Path, capsys) -> None:
    pw = _pw(tmp_path)
    county, township = tmp_path / "county", tmp_path / "township"
    assert main(["--data-dir", str(county), "init", "county", "--code", COUNTY_CODE, "--name", "安阳县教育局安全股",
                 "--admin-password-file", pw]) == 0
    assert main(["--data-dir", str(township), "init", "township", "--code", T1, "--name", "城关镇中心校",
                 "--county-code", COUNTY_CODE, "--county-name", "安阳县教育局安全股",
                 "--admin-password-file", pw]) == 0
    capsys.readouterr()
    c = open_storage(DataPaths(county))
    t = open_storage(DataPaths(township))
    try:
        info = installation_info(c.sessions)
        assert (info.role, info.org_code, info.is_county) == ("county", COUNTY_CODE, True)
        tinfo = installation_info(t.sessions)
        assert (tinfo.county_code, tinfo.county_name) == (COUNTY_CODE, "安阳县教育局安全股")
    finally:
        c.close()
        t.close()
    assert main(["--data-dir", str(county), "identity"]) == 0
    assert "县教育局" in capsys.readouterr().out


def test_a_township_sets_its_county_later_and_only_an_admin_may(tmp_path: Path, capsys) -> None:
    root = make_installation(tmp_path / "t", "township")
    pw = _pw(tmp_path)
    assert main(["--data-dir", str(root.root), "identity", "--county-code", COUNTY_CODE]) == 1
    assert "管理员" in capsys.readouterr().err
    assert main(["--data-dir", str(root.root), "--user", "admin", "--password-file", pw, "identity",
                 "--county-code", COUNTY_CODE, "--county-name", "安阳县教育局安全股"]) == 0
    assert COUNTY_CODE in capsys.readouterr().out
    s = open_storage(root)
    try:
        assert installation_info(s.sessions).county_code == COUNTY_CODE
    finally:
        s.close()


def test_trust_rules_between_county_township_and_school(net) -> None:
    county, t1, school = net.county, net.townships[T1], net.schools[S1]
    # a county trusts township centres only
    ident, keys = identity.own_identity(school.paths, school.sessions)
    f = net.root / "school.identity.json"
    f.write_bytes(identity.identity_bytes(ident, keys))
    before = dump(county.paths.database)
    with pytest.raises(TrustRefused) as exc:
        identity.trust_peer(county.sessions, f, ident.fingerprint, "tester")
    assert exc.value.code == "wrong_peer"
    assert dump(county.paths.database) == before
    # a township trusts only the county it names
    other = make_installation(net.root / "other-county", "county", code="410523", name="汤阴县教育局安全股")
    o = open_storage(other)
    try:
        ident, keys = identity.own_identity(o.paths, o.sessions)
    finally:
        o.close()
    f = net.root / "other.identity.json"
    f.write_bytes(identity.identity_bytes(ident, keys))
    before = dump(t1.paths.database)
    with pytest.raises(TrustRefused) as exc:
        identity.trust_peer(t1.sessions, f, ident.fingerprint, "tester")
    assert exc.value.code == "wrong_peer" and "410522" in exc.value.user_message
    assert dump(t1.paths.database) == before


def test_packages_travel_township_to_county_and_back(net) -> None:
    t1 = net.townships[T1]
    up = net.export(t1, COUNTY_CODE)
    got = import_package(net.county, up.path, "tester")
    assert got.status == "imported", got.message
    down = net.export(net.county, T1)
    back = import_package(t1, down.path, "tester")
    assert back.status == "imported", back.message
    # the county's receipt reached the township: its package 1 is acknowledged
    from safetydesk.models.sync_state import OutgoingStream

    with t1.sessions() as s:
        assert s.get(OutgoingStream, COUNTY_CODE).acknowledged_seq == up.seq == 1
    # a county package is for its township only; a township package for its county only
    before = dump(net.townships[T2].paths.database)
    wrong = import_package(net.townships[T2], down.path, "tester")
    assert wrong.status == "rejected" and wrong.code == "wrong_recipient"
    assert dump(net.townships[T2].paths.database, skip_attempts=True) == before
    assert import_package(net.schools[S1], up.path, "tester").code in ("unknown_sender", "wrong_recipient")


def test_cli_trust_export_and_import_between_township_and_county(tmp_path: Path, capsys) -> None:
    """The whole loop through the command line, as the two offices would run it."""
    pw = _pw(tmp_path)
    county, township = str(tmp_path / "county"), str(tmp_path / "township")
    sign_in = ["--user", "admin", "--password-file", pw]
    assert main(["--data-dir", county, "init", "county", "--code", COUNTY_CODE, "--name", "安阳县教育局安全股",
                 "--admin-password-file", pw]) == 0
    assert main(["--data-dir", township, "init", "township", "--code", T1, "--name", "城关镇中心校",
                 "--admin-password-file", pw]) == 0
    assert main(["--data-dir", township, *sign_in, "identity", "--county-code", COUNTY_CODE]) == 0
    files = {}
    for name, root in (("county", county), ("township", township)):
        files[name] = str(tmp_path / f"{name}.identity.json")
        assert main(["--data-dir", root, *sign_in, "identity", "--out", files[name]]) == 0
    for root, other in ((county, "township"), (township, "county")):
        digits = identity.read_identity_file(files[other]).fingerprint
        assert main(["--data-dir", root, *sign_in, "trust", files[other], "--fingerprint", digits]) == 0
    up, down = str(tmp_path / "up.sdpkg"), str(tmp_path / "down.sdpkg")
    assert main(["--data-dir", township, *sign_in, "export", "--to", COUNTY_CODE, "--out", up]) == 0
    capsys.readouterr()
    assert main(["--data-dir", county, *sign_in, "import", up, "--json"]) == 0
    [result] = json.loads(capsys.readouterr().out)
    assert (result["status"], result["sender"], result["seq"]) == ("imported", T1, 1)
    assert main(["--data-dir", county, *sign_in, "export", "--to", T1, "--out", down]) == 0
    assert main(["--data-dir", township, *sign_in, "import", down]) == 0
    # a county names the township it writes to
    assert main(["--data-dir", county, *sign_in, "export", "--out", down]) == 1
    assert "--to" in capsys.readouterr().err
