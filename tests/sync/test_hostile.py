"""sync.md "Cases the importer must survive": each ends in a rejection with a code, and the
township's database is exactly as before (only an import_attempt row may be added)."""

from __future__ import annotations

import random
import sqlite3
import stat
import uuid as uuid_mod
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from safetydesk.models.org import SchoolClass, StaffMember
from safetydesk.models.sync_state import ImportAttempt
from safetydesk.services.installation import SCHOOL, InitRequest
from safetydesk.services.storage import open_storage
from safetydesk.sync import identity, importer, package
from safetydesk.sync.export import export_package
from tests import support

from .conftest import (
    TOWNSHIP_CODE,
    add_class_and_students,
    add_staff,
    change,
    delete,
    dump,
    rows_of,
)
from .craft import craft, jsonl, raw_zip, row


def attempts(storage) -> int:
    with storage.sessions() as s:
        return s.scalar(select(func.count()).select_from(ImportAttempt))


def rejected(pair, data: bytes | Path, code: str | set[str] | None = None, name: str = "x.sdpkg"):
    path = data if isinstance(data, Path) else pair.root / name
    if not isinstance(data, Path):
        path.write_bytes(data)
    before = dump(pair.township.paths.database)
    n = attempts(pair.township)
    r = pair.imp(path)
    assert r.status == "rejected", (r.status, r.counts)
    if code is not None:
        assert r.code in ({code} if isinstance(code, str) else code), (r.code, r.message)
    assert r.message
    assert dump(pair.township.paths.database) == before
    assert attempts(pair.township) == n + 1
    return r


@pytest.fixture
def shipped(pair):
    """A school with records and a real package for the township."""
    add_class_and_students(pair.school, 3)
    return pair.export().path


def test_a_valid_crafted_package_imports(pair):
    r = pair.imp_bytes = None
    path = pair.root / "ok.sdpkg"
    path.write_bytes(craft(pair, tables={"staff": jsonl(row(name="王老师"))}))
    r = pair.imp(path)
    assert r.status == "imported", r.message


def test_bit_flips_anywhere_are_rejected(pair, shipped):
    data = shipped.read_bytes()
    rng = random.Random(7)
    positions = sorted(
        {*range(0, 120), *range(len(data) - 200, len(data)), *rng.sample(range(len(data)), 60)}
    )
    before = dump(pair.township.paths.database)
    path = pair.root / "flipped.sdpkg"
    for pos in positions:
        flipped = bytearray(data)
        flipped[pos] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(flipped))
        r = pair.imp(path)
        assert r.status == "rejected" and r.code in package.MESSAGES, (pos, r.status, r.code)
    assert dump(pair.township.paths.database) == before


def test_truncated_at_any_point(pair, shipped):
    data = shipped.read_bytes()
    for cut in sorted(
        {
            0,
            1,
            3,
            4,
            30,
            100,
            len(data) // 2,
            len(data) - 22,
            len(data) - 1,
            *range(0, len(data), max(1, len(data) // 40)),
        }
    ):
        rejected(pair, data[:cut])


def test_random_bytes(pair):
    rng = random.Random(1)
    rejected(pair, bytes(rng.randrange(256) for _ in range(5000)), "not_a_package")
    rejected(pair, b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(5000)), "damaged")
    rejected(pair, b"", "not_a_package")


def test_signature_from_another_package_of_the_same_school(pair, shipped):
    other = pair.export().path
    a = package.read_outer(shipped.read_bytes(), file="a")
    b = package.read_outer(other.read_bytes(), file="b")
    rejected(pair, package.outer_bytes(a.manifest_bytes, b.signature, a.payload), "bad_signature")


def test_payload_swapped_between_packages(pair, shipped):
    other = pair.export().path
    a = package.read_outer(shipped.read_bytes(), file="a")
    b = package.read_outer(other.read_bytes(), file="b")
    rejected(pair, package.outer_bytes(a.manifest_bytes, a.signature, b.payload), "payload_hash")


def _installation(root: Path, req: InitRequest):
    return open_storage(support.install(root, req))


def test_package_from_an_unknown_school(pair, tmp_path):
    stranger = _installation(
        tmp_path / "s2",
        InitRequest(role=SCHOOL, code="4105220002", name="陌生小学", township_code=TOWNSHIP_CODE),
    )
    try:
        ident, keys = identity.own_identity(pair.township.paths, pair.township.sessions)
        f = tmp_path / "t.json"
        f.write_bytes(identity.identity_bytes(ident, keys))
        identity.trust_peer(stranger.sessions, f, ident.fingerprint, "x")
        add_staff(stranger, owner="4105220002")
        result = export_package(stranger, None, tmp_path / "s2.sdpkg", "x")
        rejected(pair, result.path, "unknown_sender")
    finally:
        stranger.close()


def test_package_for_another_township(pair):
    rejected(pair, craft(pair, recipient="410522T02"), "wrong_recipient")


def test_package_encrypted_for_another_key_is_refused(pair):
    def other_key(m):
        m["recipient"]["key_id"] = "0" * 32
        return m

    rejected(pair, craft(pair, manifest=other_key), "wrong_recipient")


def test_wrong_direction(pair):
    rejected(pair, craft(pair, kind=package.TOWNSHIP_DISPATCH), "wrong_direction")


def test_sender_code_differs_from_its_key(pair):
    rejected(pair, craft(pair, sender="4105220009"), "sender_mismatch")


def test_exact_replay_is_a_duplicate_and_changes_nothing(pair, shipped):
    assert pair.imp(shipped).status == "imported"
    before = dump(pair.township.paths.database)
    r = pair.imp(shipped)
    assert r.status == "duplicate"
    assert dump(pair.township.paths.database) == before


def test_same_number_different_content_raises_an_alarm(pair):
    first = pair.root / "a.sdpkg"
    first.write_bytes(craft(pair, seq=5, tables={"staff": jsonl(row(name="甲"))}))
    assert pair.imp(first).status == "imported"
    r = rejected(pair, craft(pair, seq=5, tables={"staff": jsonl(row(name="乙"))}), "replay_conflict")
    assert r.alarm
    with pair.township.sessions() as s:
        assert s.scalars(select(ImportAttempt).where(ImportAttempt.alarm)).all()


def test_old_package_with_older_row_version_changes_nothing(pair):
    uid = add_staff(pair.school, "初版")
    old = pair.export().path
    change(pair.school, StaffMember, uid, name="新版")
    new = pair.export().path
    assert pair.imp(new).status == "imported"
    r = pair.imp(old)
    assert r.status == "imported" and r.counts["staff"].unchanged == 1
    assert rows_of(pair.township, StaffMember)[uid]["name"] == "新版"


def test_tombstone_then_late_stale_update_does_not_resurrect(pair):
    uid = add_staff(pair.school, "将删除")
    stale = pair.export().path
    delete(pair.school, StaffMember, uid)
    tomb = pair.export().path
    assert pair.imp(tomb).counts["staff"].deleted == 1
    assert pair.imp(stale).counts["staff"].unchanged == 1
    assert rows_of(pair.township, StaffMember)[uid]["deleted_at"] is not None


@pytest.mark.parametrize("name", ["../evil", "/etc/passwd", "C:\\x", "..\\x", "a/../../b", "payload/"])
def test_unsafe_member_names(pair, shipped, name):
    outer = package.read_outer(shipped.read_bytes(), file="a")
    members = [
        ("manifest.json", outer.manifest_bytes),
        ("manifest.sig", outer.signature),
        (name, outer.payload),
    ]
    rejected(pair, raw_zip(members, compress=zipfile.ZIP_STORED), "bad_member")
    # The same names inside the encrypted inner zip.
    data = craft(pair, inner=lambda m: raw_zip([*m.items(), (name, b"x")]))
    rejected(pair, data, "bad_member")


def test_duplicate_member(pair, shipped):
    import warnings

    outer = package.read_outer(shipped.read_bytes(), file="a")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = raw_zip(
            [
                ("manifest.json", outer.manifest_bytes),
                ("manifest.sig", outer.signature),
                ("payload", outer.payload),
                ("payload", outer.payload),
            ],
            compress=zipfile.ZIP_STORED,
        )
    rejected(pair, data, "bad_member")


def test_symlink_member(pair, shipped):
    outer = package.read_outer(shipped.read_bytes(), file="a")
    members = [
        ("manifest.json", outer.manifest_bytes),
        ("manifest.sig", outer.signature),
        ("payload", outer.payload),
    ]
    rejected(pair, raw_zip(members, mode=stat.S_IFLNK | 0o777, compress=zipfile.ZIP_STORED), "bad_member")
    data = craft(pair, inner=lambda m: raw_zip(list(m.items()), mode=stat.S_IFLNK | 0o777))
    rejected(pair, data, "bad_member")


def test_compressed_outer_member(pair, shipped):
    outer = package.read_outer(shipped.read_bytes(), file="a")
    members = [
        ("manifest.json", outer.manifest_bytes),
        ("manifest.sig", outer.signature),
        ("payload", outer.payload),
    ]
    rejected(pair, raw_zip(members), "bad_member")


def test_zip_bomb(pair):
    bomb = b"\n" * (20 * 1024 * 1024)
    rejected(pair, craft(pair, tables={"staff": bomb}), "too_large")


def test_member_whose_header_lies_about_its_size(pair):
    def lying(members):
        data = bytearray(raw_zip(list(members.items())))
        # Central directory entry of the last member: uncompressed size field (offset 24).
        cd = data.rfind(b"PK\x01\x02")
        size = int.from_bytes(data[cd + 24 : cd + 28], "little")
        data[cd + 24 : cd + 28] = (size + 1000).to_bytes(4, "little")
        return bytes(data)

    rejected(
        pair, craft(pair, tables={"staff": jsonl(row(name="甲"))}, inner=lying), {"damaged", "bad_payload"}
    )

    def smaller(members):
        data = bytearray(raw_zip(list(members.items())))
        cd = data.rfind(b"PK\x01\x02")
        size = int.from_bytes(data[cd + 24 : cd + 28], "little")
        data[cd + 24 : cd + 28] = (size - 10).to_bytes(4, "little")
        return bytes(data)

    rejected(
        pair, craft(pair, tables={"staff": jsonl(row(name="甲"))}, inner=smaller), {"damaged", "bad_payload"}
    )


@pytest.mark.parametrize(
    "raw",
    [
        lambda b: b[:-1] + b',"seq":2}',  # duplicate key
        lambda b: b.replace(b'"seq":1', b'"seq":NaN'),
        lambda b: b.replace(b'"receipts":[]', b'"receipts":' + b"[" * 40 + b"]" * 40),
        lambda b: b"\xef\xbb\xbf" + b,
        lambda b: b.replace(b'"app_version":"0.1.0"', b'"app_version":"\xff\xfe"'),
        lambda b: b"[]",
    ],
)
def test_manifest_that_could_be_read_two_ways(pair, raw):
    rejected(pair, craft(pair, manifest_raw=raw), "bad_manifest")


def test_schema_newer_than_the_app(pair):
    rejected(pair, craft(pair, schema_revision=99), "schema_too_new")


def test_row_owned_by_another_school(pair):
    rejected(
        pair,
        craft(pair, tables={"staff": jsonl(row(name="甲"), row(owner="4105220002", name="乙"))}),
        "owner_mismatch",
    )


def test_row_that_would_take_over_a_township_record(pair):
    uid = add_staff(pair.township, "镇里的人", owner=TOWNSHIP_CODE)
    rejected(pair, craft(pair, tables={"staff": jsonl(row(uid, version=9, name="冒名"))}), "owner_mismatch")


@pytest.mark.parametrize(
    "bad",
    [
        row(name="甲", salary=1),  # unknown field
        row(name="甲" * 51),  # longer than the field allows
        row(name="x" * (10 * 1024 * 1024)),  # a 10 MB text
        row(name=None),  # required
        row(name="甲", active="yes"),  # wrong type
        row(name="甲", gender="robot"),  # unknown choice
        {**row(name="甲"), "extra": 1},
        {**row(name="甲"), "row_version": 0},
    ],
)
def test_invalid_rows(pair, bad):
    # A 10 MB text of one repeated letter is also a zip bomb; either refusal is right.
    r = rejected(pair, craft(pair, tables={"staff": jsonl(row(name="好"), bad)}), {"bad_row", "too_large"})
    if r.code == "bad_row":
        assert "2" in r.message  # the line number


def test_reference_to_a_missing_record(pair):
    cls = row(name="一班", head_teacher_uuid=str(uuid_mod.uuid4()))
    rejected(pair, craft(pair, tables={"class": jsonl(cls)}), "bad_row")


def test_unknown_kind_and_unlisted_files(pair):
    rejected(pair, craft(pair, tables={"spaceship": jsonl(row(name="x"))}), "bad_payload")

    def unlisted(m):
        m["files"].pop(next(iter(m["files"])))
        return m

    rejected(
        pair, craft(pair, tables={"staff": jsonl(row(name="x"))}, inner_manifest=unlisted), "bad_payload"
    )


def test_sensitive_rows_need_a_referral(pair):
    case = row(
        student_uuid=str(uuid_mod.uuid4()),
        source="screening",
        risk_level="high",
        opened_on="2026-10-01",
        description="未上报的个案",
        referred_to_township=False,
    )
    rejected(pair, craft(pair, tables={"psych_case": jsonl(case)}), "not_referred")
    rejected(pair, craft(pair, tables={"special_group_student": jsonl(row())}), "not_referred")


def _wrap_engine(monkeypatch, pragma: str) -> None:
    from sqlalchemy import event

    from safetydesk.sync import import_lock

    original = import_lock.sqlite_engine

    def wrapped(database):
        engine = original(database)
        event.listen(engine, "connect", lambda c, _r: c.execute(pragma))
        return engine

    monkeypatch.setattr(import_lock, "sqlite_engine", wrapped)


def test_database_locked_by_another_writer(pair, shipped, monkeypatch):
    _wrap_engine(monkeypatch, "PRAGMA busy_timeout=200")
    before = dump(pair.township.paths.database)
    other = sqlite3.connect(pair.township.paths.database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    # The other writer holds the lock for the whole import and lets go just before the attempt
    # log is written (however long verification takes on a busy machine).
    log_attempt = importer._log_attempt

    def release_then_log(*args, **kwargs):
        if other.in_transaction:
            other.execute("ROLLBACK")
        return log_attempt(*args, **kwargs)

    monkeypatch.setattr(importer, "_log_attempt", release_then_log)
    try:
        r = pair.imp(shipped)
        assert r.status == "rejected" and r.code == "database_busy"
    finally:
        other.close()
    assert dump(pair.township.paths.database) == before
    assert pair.imp(shipped).status == "imported"


def test_disk_full_during_the_transaction(pair, monkeypatch):
    conn = sqlite3.connect(pair.township.paths.database)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    _wrap_engine(monkeypatch, f"PRAGMA max_page_count={pages + 2}")
    big = jsonl(*(row(name=f"老师{i}", position="岗位" * 20) for i in range(1000)))
    path = pair.root / "big.sdpkg"
    path.write_bytes(craft(pair, tables={"staff": big}))
    before = dump(pair.township.paths.database)
    r = pair.imp(path)
    assert r.status == "rejected" and r.code == "disk_full", r.message
    assert dump(pair.township.paths.database) == before
    monkeypatch.undo()
    # the page limit lives on the importer's pooled connection (kept on the storage): a new one
    # stands for the disk with space again
    pair.township.close()
    assert pair.imp(path).status == "imported"


def test_references_resolve_inside_the_package(pair):
    teacher = row(name="班主任")
    cls = row(name="一班", head_teacher_uuid=teacher["uuid"])
    path = pair.root / "ok.sdpkg"
    path.write_bytes(craft(pair, tables={"class": jsonl(cls), "staff": jsonl(teacher)}))
    assert pair.imp(path).status == "imported"
    assert rows_of(pair.township, SchoolClass)[cls["uuid"]]["head_teacher_uuid"] == teacher["uuid"]


def test_an_older_or_newer_package_format_is_refused_cleanly(pair):
    """Format 1 (before issue 13) is refused with a code telling the sender to update; a newer
    format tells this installation to update."""
    old = rejected(pair, craft(pair, manifest=lambda m: {**m, "format_version": 1}), "format_too_old")
    assert "发送方升级" in old.message
    new = rejected(pair, craft(pair, manifest=lambda m: {**m, "format_version": 3}), "format_too_new")
    assert "升级本机" in new.message
