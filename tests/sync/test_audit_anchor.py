"""An audit chain that cannot be shortened or rewritten quietly (issue 13, point 4).

The head (entry number, hash) is kept outside the database in a small signed file; every package
carries it, the receiver keeps it per sender and echoes it back in its receipts. `audit verify`
(exit 1) names the missing range or the first rewritten entry.
"""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select

from safetydesk.cli import main
from safetydesk.services import audit
from safetydesk.services.changes import Actor

from .conftest import SCHOOL_CODE, TOWNSHIP_CODE, add_staff


def _cli(capsys, *args: str) -> tuple[int, str]:
    code = main(["--lang", "en", *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def _log(storage, n: int) -> None:
    actor = Actor("officer", SCHOOL_CODE)
    for i in range(n):
        audit.log(storage.sessions, actor, "print", "hazard", None, f"打印第{i}份")


def _entries(storage) -> int:
    return audit.count(storage.sessions)


def _raw(storage) -> sqlite3.Connection:
    conn = sqlite3.connect(storage.paths.database)
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    return conn


def _cut(storage, n: int) -> tuple[int, int]:
    """Someone determined removes the last n entries around the triggers."""
    last = _entries(storage)
    with _raw(storage) as conn:
        conn.execute("DELETE FROM audit_log WHERE id > ?", (last - n,))
    return last - n + 1, last


def _rewrite(storage, entry: int) -> None:
    """Edit one entry and recompute every hash after it, so the chain is whole again."""
    from safetydesk.models.access import AuditEntry

    with _raw(storage) as conn:
        conn.execute("UPDATE audit_log SET detail = '改过的内容' WHERE id = ?", (entry,))
    with storage.sessions.begin() as s:
        rows = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        prev = audit.GENESIS
        fixes = []
        for r in rows:
            digest = audit.entry_hash(
                prev, r.at, r.username, r.role, r.org_code, r.action, r.kind, r.record_uuid, r.detail, r.changes
            )
            fixes.append((prev, digest, r.id))
            prev = digest
    with _raw(storage) as conn:
        conn.executemany("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", fixes)


def test_an_intact_chain_verifies(pair, capsys):
    _log(pair.school, 4)
    code, text = _cli(capsys, "--data-dir", str(pair.school.paths.root), "audit", "verify")
    assert code == 0, text


@pytest.mark.parametrize("n", [1, 3])
def test_cutting_the_last_entries_is_detected(pair, capsys, n):
    _log(pair.school, 6)
    first, last = _cut(pair.school, n)
    code, text = _cli(capsys, "--data-dir", str(pair.school.paths.root), "audit", "verify")
    assert code == 1, text
    assert str(first) in text and str(last) in text, text
    result = audit.verify(pair.school.sessions)
    assert not result.ok and result.bad_id == first


def test_rewriting_an_entry_and_recomputing_the_chain_is_detected(pair, capsys):
    _log(pair.school, 6)
    _rewrite(pair.school, 3)
    code, text = _cli(capsys, "--data-dir", str(pair.school.paths.root), "audit", "verify")
    assert code == 1, text
    assert "3" in text, text
    result = audit.verify(pair.school.sessions)
    assert not result.ok and result.bad_id == 3


def test_a_removed_head_file_is_detected(pair, capsys):
    _log(pair.school, 2)
    heads = [p for p in pair.school.paths.root.iterdir() if p.name.startswith("audit-head")]
    assert heads, "the head is kept outside the database"
    for p in heads:
        p.unlink()
    code, text = _cli(capsys, "--data-dir", str(pair.school.paths.root), "audit", "verify")
    assert code == 1, text


def test_the_township_keeps_the_schools_anchor_and_echoes_it_back(pair):
    _log(pair.school, 3)
    add_staff(pair.school)
    up = pair.export()
    assert pair.imp(up.path).status == "imported"
    from safetydesk.models.sync_state import AuditAnchor

    with pair.township.sessions() as s:
        held = s.get(AuditAnchor, (SCHOOL_CODE, TOWNSHIP_CODE))
        assert held is not None and held.entry >= 3
    from safetydesk.models.access import AuditEntry

    with pair.school.sessions() as s:
        assert s.get(AuditEntry, held.entry).hash == held.hash
    # The echo comes back with the township's next package: the school checks itself against it.
    r = pair.imp(pair.down().path, pair.school)
    assert r.status == "imported" and not r.warnings, r.warnings
    assert audit.verify(pair.school.sessions).ok


def test_a_cut_and_regrown_chain_is_caught_by_the_townships_echo(pair):
    """The local head file is gone with the cut (a determined person deleted it too, and wrote new
    entries): the anchor the township holds still shows the chain was rewritten."""
    _log(pair.school, 5)
    add_staff(pair.school)
    assert pair.imp(pair.export().path).status == "imported"
    _cut(pair.school, 3)
    for p in pair.school.paths.root.iterdir():
        if p.name.startswith("audit-head"):
            p.unlink()
    with pair.school.sessions.begin() as s:
        from safetydesk.models.local import Setting

        marker = s.get(Setting, "audit.head")
        if marker is not None:
            s.delete(marker)
    _log(pair.school, 6)
    r = pair.imp(pair.down().path, pair.school)
    assert r.status == "imported"
    assert r.alarm and r.warnings
    result = audit.verify(pair.school.sessions)
    assert not result.ok
    assert TOWNSHIP_CODE in result.message


def test_a_cut_chain_is_caught_at_the_township_by_the_next_package(pair):
    """No echo came back in between: the school's next package says what the entry anchored in
    its previous package looks like now, and the township holding that anchor sees the change."""
    _log(pair.school, 5)
    add_staff(pair.school)
    assert pair.imp(pair.export().path).status == "imported"
    _cut(pair.school, 3)
    for p in pair.school.paths.root.iterdir():
        if p.name.startswith("audit-head"):
            p.unlink()
    _log(pair.school, 6)
    add_staff(pair.school, "之后")
    r = pair.imp(pair.export().path)
    assert r.status == "imported"
    assert r.alarm and any(SCHOOL_CODE in w for w in r.warnings), r.warnings
