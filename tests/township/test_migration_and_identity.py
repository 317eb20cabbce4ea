"""Migration 0016 keeps every old notice's free text (as its item No. 1, the same item at the school
and at the township), and a school's identity file carries its kind of school: an older file
without it is still accepted, a wrong one is refused."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from safetydesk.models import migrate
from safetydesk.models.db import make_engine
from safetydesk.paths import DataPaths
from safetydesk.services.storage import open_storage
from safetydesk.sync import identity
from tests.sync.conftest import SCHOOL_CODE, TOWNSHIP_CODE

OLD_TEXT = "1. 东侧围墙裂缝未设警戒线 → 立即设置。\n2. 演练记录缺照片 → 补齐。"
NOTICE = "00000000-0000-4000-8000-000000000001"
BLANK_NOTICE = "00000000-0000-4000-8000-000000000002"


def _old_installation(root: Path, role: str, code: str) -> Path:
    """A database at revision 0007 (before the supervision loop) holding two old notices: one
    addressed by code, one by school name only."""
    root.mkdir(parents=True)
    db = root / "safetydesk.sqlite3"
    engine = make_engine(db)
    migrate.upgrade(engine, "0007")
    engine.dispose()
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("INSERT INTO installation (id, role, org_code, org_name, township_code, is_demo, created_at) "
                     "VALUES (1, ?, ?, '某单位', ?, 0, '2026-09-01 00:00:00')",
                     (role, code, TOWNSHIP_CODE if role == "school" else None))  # fmt: skip
        conn.execute("INSERT INTO trusted_peer (org_code, org_name, role, key_id, sign_public_key, enc_public_key, "
                     "fingerprint, trusted_at, trusted_by) VALUES (?, '第一小学', 'school', 'k', 's', 'e', 'f', "
                     "'2026-09-01 00:00:00', 'x')", (SCHOOL_CODE,))  # fmt: skip
        for uuid, school_code in ((NOTICE, SCHOOL_CODE), (BLANK_NOTICE, None)):
            conn.execute(
                "INSERT INTO rectification_notice (uuid, owner, row_version, created_at, created_by, updated_at, "
                "updated_by, doc_number, notice_type, school_code, school_name, items, deadline, issued_by, "
                "issued_on) VALUES (?, ?, 3, '2026-10-10 01:00:00', 'a', '2026-10-11 01:00:00', 'a', '安〔2026〕1号', "
                "'rectification', ?, '第一小学', ?, '2026-10-30', '中心校', '2026-10-10')",
                (uuid, TOWNSHIP_CODE, school_code, OLD_TEXT),
            )
    conn.close()
    return db


@pytest.mark.parametrize("role,code", [("school", SCHOOL_CODE), ("township", TOWNSHIP_CODE)])
def test_old_notice_text_becomes_item_one_the_same_at_both_ends(tmp_path: Path, role: str, code: str) -> None:
    db = _old_installation(tmp_path / role, role, code)
    open_storage(DataPaths(tmp_path / role)).close()  # backs up, migrates to the head
    conn = sqlite3.connect(db)
    try:
        items = conn.execute("SELECT uuid, notice_uuid, owner, school_code, number, problem, created_at "
                             "FROM rectification_item ORDER BY notice_uuid").fetchall()  # fmt: skip
        addressed = dict(conn.execute("SELECT uuid, school_code FROM rectification_notice"))
        fts = conn.execute("SELECT count(*) FROM record_fts WHERE kind = 'rectification_item'").fetchone()[0]
    finally:
        conn.close()
    assert [(i[1], i[2], i[4], i[5]) for i in items] == [
        (NOTICE, TOWNSHIP_CODE, 1, OLD_TEXT), (BLANK_NOTICE, TOWNSHIP_CODE, 1, OLD_TEXT)]
    assert items[0][6] == "2026-10-10 01:00:00.000000" or items[0][6].startswith("2026-10-10 01:00:00")
    # every notice names its school now: by code, by its school's name (township), or the school itself
    assert addressed == {NOTICE: SCHOOL_CODE, BLANK_NOTICE: SCHOOL_CODE}
    assert [i[3] for i in items] == [SCHOOL_CODE, SCHOOL_CODE]
    assert fts == 2  # searchable
    ours = {i[1]: i[0] for i in items}
    other = _old_installation(tmp_path / f"other-{role}", "township" if role == "school" else "school",
                              TOWNSHIP_CODE if role == "school" else SCHOOL_CODE)  # fmt: skip
    open_storage(DataPaths(other.parent)).close()
    conn = sqlite3.connect(other)
    try:
        theirs = dict(conn.execute("SELECT notice_uuid, uuid FROM rectification_item"))
    finally:
        conn.close()
    assert theirs == ours  # the other end made the very same item: no duplicate after sync


def test_an_identity_file_carries_the_kind_of_school(pair, tmp_path: Path) -> None:
    ident, keys = identity.own_identity(pair.school.paths, pair.school.sessions)
    assert ident.school_type == "primary"
    body = json.loads(identity.identity_bytes(ident, keys))
    assert body["school_type"] == "primary"

    # an older identity file states no kind: still accepted, and a kind known from before stays
    older = identity.Identity(ident.role, ident.org_code, ident.org_name, ident.township_code, ident.public,
                              ident.app_version, ident.created)  # fmt: skip
    f = tmp_path / "older.identity.json"
    f.write_bytes(identity.identity_bytes(older, keys))
    assert "school_type" not in json.loads(f.read_bytes())
    identity.trust_peer(pair.township.sessions, f, ident.fingerprint, "tester")
    from safetydesk.services import schools

    assert schools.schools(pair.township.sessions)[0].school_type == "primary"

    # a kind that is not one, or on a township's file, is refused
    for role, kind in (("school", "university"), ("township", "primary")):
        bad = identity.Identity(role, ident.org_code, ident.org_name, ident.township_code, ident.public,
                                ident.app_version, ident.created, kind)  # fmt: skip
        with pytest.raises(identity.TrustRefused) as err:
            identity.parse_identity(identity.identity_bytes(bad, keys))
        assert err.value.code == "bad_identity"
