"""At a township: a withdrawn referral leaves no case text here (sync/privacy.py, docs/sync-privacy.md).

A withdrawal names a case and the version at which its school withdrew it. The township deletes
its copy (and its attachments), keeps only a mark (kind, uuid, owner, version) so a late copy of
the referral — packages arrive in any order — is not taken in again, and removes student labels
no referred case points at any more. Rows of kinds that now stay at the school (the roster, home
visits, guardian contacts: format 1 sent them) are removed the same way at the next package from
that school. The import connection runs with secure_delete, so deleted text is overwritten in the
database file, and the WAL is truncated after such an import.

Runs inside the importer's write transaction, on the DB thread.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, union
from sqlalchemy.orm import Session

from safetydesk.domain.fields import FieldKind
from safetydesk.models import database_url, raw_db
from safetydesk.models.org import Attachment
from safetydesk.models.sync_state import WithdrawnRecord
from safetydesk.sync import codec, package, privacy


def not_withdrawn(s: Session, wk: codec.WireKind, rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """Incoming referred rows without those withdrawn at this version or later; a newer version
    (referred again) clears the mark. Returns the rows to apply and how many were left out."""
    marks = {
        m.uuid: m
        for m in s.scalars(
            select(WithdrawnRecord).where(
                WithdrawnRecord.kind == wk.key, WithdrawnRecord.uuid.in_([r["uuid"] for r in rows])
            )
        )
    }
    keep: list[dict[str, Any]] = []
    for r in rows:
        mark = marks.get(r["uuid"])
        if mark is not None and mark.row_version >= r["row_version"]:
            continue
        if mark is not None:
            s.delete(mark)
        keep.append(r)
    return keep, len(rows) - len(keep)


def _forget(s: Session, wk: codec.WireKind, uuids: Iterable[str]) -> None:
    """Their search entries go with the rows (see compact())."""
    from safetydesk.domain.registry import get_kind
    from safetydesk.services import search

    try:
        kind = get_kind(wk.key)
    except KeyError:
        return
    for uuid in uuids:
        search.reindex(s, kind, uuid, None)


def compact(s: Session) -> None:
    from safetydesk.services import search

    search.compact(s)


def _drop_attachments(s: Session, kind: str, uuids: Iterable[str]) -> set[str]:
    wanted = list(uuids)
    if not wanted:
        return set()
    where = (Attachment.record_kind == kind) & Attachment.record_uuid.in_(wanted)
    shas = set(s.scalars(select(Attachment.sha256).where(where)))
    s.execute(delete(Attachment).where(where))
    return shas


def apply(
    s: Session, wk: codec.WireKind, withdrawn: list[tuple[str, int]], sender: str, *, file: str
) -> tuple[int, set[str]]:
    """Delete this township's copies of the withdrawn cases; returns (cases removed, files that
    may have lost their last record)."""
    t = wk.table
    have = {
        r.uuid: r
        for r in s.execute(
            select(t.c.uuid, t.c.owner, t.c.row_version).where(t.c.uuid.in_([u for u, _v in withdrawn]))
        )
    }
    removed: list[str] = []
    for line, (uuid, version) in enumerate(withdrawn, start=1):
        row = have.get(uuid)
        if row is not None and row.owner != sender:
            raise package.reject("owner_mismatch", file=file, line=line, kind=wk.key, owner=row.owner)
        if row is not None and row.row_version < version:
            removed.append(uuid)
        mark = s.get(WithdrawnRecord, (wk.key, uuid))
        if mark is None:
            s.add(WithdrawnRecord(kind=wk.key, uuid=uuid, owner=sender, row_version=version))
        elif mark.row_version < version:
            mark.row_version = version
    if removed:
        s.execute(delete(t).where(t.c.uuid.in_(removed)))
        _forget(s, wk, removed)
    return len(removed), _drop_attachments(s, wk.key, removed)


def purge(s: Session, kinds: Mapping[str, codec.WireKind], sender: str) -> tuple[int, set[str]]:
    """Remove the sender's rows that must stay at the school: records of kinds sent as counts
    (left by format 1), then student rows no remaining row points at (labels of withdrawn cases,
    or the roster format 1 sent)."""
    removed, shas = 0, set()
    for wk in kinds.values():
        if privacy.travel(wk) != privacy.Travel.COUNTS:
            continue
        t = wk.table
        uuids = list(s.scalars(select(t.c.uuid).where(t.c.owner == sender)))
        if uuids:
            shas |= _drop_attachments(s, wk.key, uuids)
            s.execute(delete(t).where(t.c.owner == sender))
            _forget(s, wk, uuids)
            removed += len(uuids)
    roster = kinds.get(privacy.ROSTER_KIND)
    if roster is None:
        return removed, shas
    pointing = [
        select(wk.table.c[f.attr].label("uuid")).where(wk.table.c[f.attr].is_not(None))
        for wk in kinds.values()
        for f in wk.fields
        if f.kind == FieldKind.STUDENT
    ]
    t = roster.table
    stale = select(t.c.uuid).where(t.c.owner == sender)
    if pointing:
        used = pointing[0] if len(pointing) == 1 else union(*pointing)
        stale = stale.where(t.c.uuid.not_in(used.scalar_subquery()))
    uuids = list(s.scalars(stale))
    if uuids:
        shas |= _drop_attachments(s, roster.key, uuids)
        s.execute(delete(t).where(t.c.uuid.in_(uuids)))
        _forget(s, roster, uuids)
        removed += len(uuids)
    return removed, shas


def remove_files(database: Path, folder: Path, shas: set[str]) -> None:
    """After the commit: delete stored attachment files no attachment row refers to any more."""
    if not shas:
        return
    conn = raw_db.connect_pg(database) or sqlite3.connect(database)
    try:
        still = {
            row[0]
            for row in conn.execute(
                f"SELECT sha256 FROM attachment WHERE sha256 IN ({','.join('?' * len(shas))})", sorted(shas)
            )
        }
    finally:
        conn.close()
    for sha in shas - still:
        (folder / sha).unlink(missing_ok=True)


def truncate_wal(database: Path) -> None:
    """Fold the WAL into the database and empty it, so old page images with the deleted text do
    not linger in the -wal file (best effort: a reader elsewhere may keep it for now). A hub on
    PostgreSQL has no such file here: the server's VACUUM reclaims the space."""
    if database_url.is_postgresql(database):
        return
    try:
        conn = sqlite3.connect(database, timeout=1)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.Error:
        pass
