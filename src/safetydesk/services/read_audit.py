"""One audit entry per sensitive record a command reveals (`list`, `report`).

A ledger or list of psychological cases shows many records at once without opening each one, so
`records.get`'s read event does not cover it. While `recording()` is active, every row of a
sensitive kind the ORM loads in this context (thread, task) is noted; `log_reads` then writes one
"read" entry per row into the hash-chained audit log, leaving out rows already logged by a read
event meanwhile (a per-record form calls records.get). Any thread; each context records its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from safetydesk.services import audit, events
from safetydesk.services.changes import Actor


@dataclass
class Revealed:
    rows: set[tuple[str, str]] = field(default_factory=set)  # (kind, uuid) loaded
    logged: set[tuple[str, str]] = field(default_factory=set)  # already read-logged

    def unlogged(self) -> list[tuple[str, str]]:
        return sorted(self.rows - self.logged)


_current: ContextVar[Revealed | None] = ContextVar("safetydesk_revealed", default=None)
_kinds: dict[type, str] = {}


def _on_load(target: Any, _context: Any, *_args: Any) -> None:
    seen = _current.get()
    if seen is not None:
        seen.rows.add((_kinds[type(target)], target.uuid))


def _on_event(_session: Session, ev: events.RecordEvent) -> None:
    seen = _current.get()
    if seen is not None and ev.action == "read" and ev.uuid:
        seen.logged.add((ev.kind, ev.uuid))


def install() -> None:
    """Listen to the loads of every sensitive kind (idempotent)."""
    import safetydesk.kinds  # noqa: F401  (registers every kind)
    from safetydesk.domain.registry import all_kinds

    for kind in all_kinds():
        if kind.sensitive and kind.model not in _kinds:
            _kinds[kind.model] = kind.key
            event.listen(kind.model, "load", _on_load)
    events.subscribe(_on_event)


@contextmanager
def recording() -> Iterator[Revealed]:
    install()
    seen = Revealed()
    token = _current.set(seen)
    try:
        yield seen
    finally:
        _current.reset(token)


def log_reads(
    sessions: sessionmaker[Session], actor: Actor, rows: Iterable[tuple[str, str]], detail: str
) -> int:
    """One 'read' audit entry per (kind, uuid), in one transaction; returns how many."""
    rows = list(rows)
    if not rows:
        return 0
    with sessions.begin() as s:
        for kind, uuid in rows:
            audit.append(s, actor, "read", kind, uuid, detail)
    return len(rows)
