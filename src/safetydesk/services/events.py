"""Record events for observers (the audit trail): emitted inside the writing transaction.

An observer is `fn(session, event)`; it runs in the same transaction as the change, so an audit
entry and the change it describes commit (or roll back) together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from safetydesk.services.changes import Actor


@dataclass(frozen=True)
class RecordEvent:
    action: str  # create | update | delete | restore | read | export | print | move
    kind: str
    uuid: str | None
    actor: Actor
    changes: dict[str, Any] = field(default_factory=dict)
    detail: str = ""


Observer = Callable[[Session, RecordEvent], None]
_observers: list[Observer] = []


def subscribe(observer: Observer) -> None:
    if observer not in _observers:
        _observers.append(observer)


def emit(session: Session, event: RecordEvent) -> None:
    for observer in list(_observers):
        observer(session, event)
