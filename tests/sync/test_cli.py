"""The command-line contract: identity, trust, export, import, as an officer would type them."""

from __future__ import annotations

import json
import re

from safetydesk.cli import main

from .conftest import SCHOOL_CODE, TOWNSHIP_CODE, add_staff


def sd(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


ADMIN_PASSWORD = "pair-chief-pw-1"


def admin(root, code: str) -> list[str]:
    """Give the installation its administrator (the first sign-in sets up protection) and return
    the credentials trust, export and import need (issue 13)."""
    from safetydesk.paths import DataPaths
    from safetydesk.services import accounts, field_crypto
    from safetydesk.services.storage import open_storage

    storage = open_storage(DataPaths(root))
    try:
        if accounts.needs_first_admin(storage.sessions):
            accounts.create_first_admin(storage.sessions, code, ADMIN_PASSWORD)
    finally:
        storage.close()
        field_crypto.forget()
    pw = root.parent / f"{code}.pw"
    pw.write_text(ADMIN_PASSWORD + "\n", encoding="utf-8")
    return ["--user", "admin", "--password-file", str(pw)]


def test_identity_trust_export_import(tmp_path, capsys, _pair_template):
    from tests.support import copy_installations

    root = tmp_path / "pair"
    copy_installations(_pair_template, root)  # a hub in PostgreSQL gets its own database
    school, township = str(root / "school"), str(root / "township")
    as_school, as_township = admin(root / "school", SCHOOL_CODE), admin(root / "township", TOWNSHIP_CODE)

    code, out, _err = sd(capsys, "--data-dir", school, "identity")
    assert code == 0 and f"Code: {SCHOOL_CODE}" in out
    digits = re.search(r"Fingerprint: ([\d ]+)", out).group(1).strip()
    assert re.fullmatch(r"\d{5}( \d{5}){5}", digits)
    assert (
        sd(
            capsys,
            "--data-dir",
            school,
            *as_school,
            "identity",
            "--out",
            str(tmp_path / "s.json"),
            "--public-key-pem",
            str(tmp_path / "s.pem"),
        )[0]
        == 0
    )
    assert b"BEGIN PUBLIC KEY" in (tmp_path / "s.pem").read_bytes()

    code, _out, err = sd(
        capsys,
        "--data-dir",
        township,
        *as_township,
        "trust",
        str(tmp_path / "s.json"),
        "--fingerprint",
        "11111 11111 11111 11111 11111 11111",
    )
    assert code == 1 and "do not match" in err
    code, out, _err = sd(
        capsys, "--data-dir", township, *as_township, "trust", str(tmp_path / "s.json"), "--fingerprint", digits
    )
    assert code == 0 and SCHOOL_CODE in out

    from safetydesk.paths import DataPaths
    from safetydesk.services.storage import open_storage

    storage = open_storage(DataPaths(root / "school"))
    add_staff(storage, "命令行老师")
    storage.close()
    pkg = tmp_path / "p1.sdpkg"
    assert sd(capsys, "--data-dir", school, *as_school, "export", "--out", str(pkg))[0] == 0
    junk = tmp_path / "junk.sdpkg"
    junk.write_bytes(b"not a package")

    code, out, _err = sd(capsys, "--data-dir", township, *as_township, "import", str(pkg), "--dry-run", "--json")
    assert code == 0 and json.loads(out)[0]["counts"]["staff"]["created"] == 1
    code, out, _err = sd(
        capsys, "--data-dir", township, *as_township, "import", str(pkg), str(pkg), str(junk), "--json"
    )
    results = json.loads(out)
    assert code == 1
    assert [r["status"] for r in results] == ["imported", "duplicate", "rejected"]
    assert results[0]["sender"] == SCHOOL_CODE and results[0]["seq"] == 1
    assert results[0]["counts"]["staff"] == {"created": 1, "updated": 0, "unchanged": 0, "deleted": 0}
    assert results[2]["code"] == "not_a_package" and results[2]["message"]
    assert results[0]["gaps"] == []

    down = tmp_path / "down.sdpkg"
    assert sd(capsys, "--data-dir", township, *as_township, "export", "--to", SCHOOL_CODE, "--out", str(down))[0] == 0
    code, out, _err = sd(capsys, "--data-dir", school, *as_school, "import", str(down))
    assert code == 0 and TOWNSHIP_CODE in out


def test_chinese_messages(tmp_path, capsys, _pair_template):
    from tests.support import copy_installations

    root = tmp_path / "pair"
    copy_installations(_pair_template, root)  # a hub in PostgreSQL gets its own database
    junk = tmp_path / "junk.sdpkg"
    junk.write_bytes(b"PK\x03\x04 truncated")
    as_township = admin(root / "township", TOWNSHIP_CODE)
    code = main(["--lang", "zh_CN", "--data-dir", str(root / "township"), *as_township, "import", str(junk)])
    err = capsys.readouterr().err
    assert code == 1 and "已损坏" in err
