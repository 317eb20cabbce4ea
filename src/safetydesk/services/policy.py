"""Who may do what with which record kind: one decision point the records service consults.

The default policy allows everything; the accounts work installs the role-based policy with
`set_policy`. `check` raises PermissionDenied with a message saying which role is needed.
"""

from __future__ import annotations

from typing import Any, Protocol

from safetydesk.domain.registry import RecordKind
from safetydesk.services.changes import Actor


class Policy(Protocol):
    def check(self, actor: Actor, kind: RecordKind, action: str, record: Any = None) -> None: ...

    def can(self, actor: Actor, kind: RecordKind, action: str, record: Any = None) -> bool: ...

    def row_filter(self, actor: Actor, kind: RecordKind) -> Any | None:
        """A SQL condition limiting which rows of `kind` the actor may list, or None for all."""


class AllowAll:
    def check(self, actor: Actor, kind: RecordKind, action: str, record: Any = None) -> None:
        return None

    def can(self, actor: Actor, kind: RecordKind, action: str, record: Any = None) -> bool:
        return True

    def row_filter(self, actor: Actor, kind: RecordKind) -> Any | None:
        return None


_policy: Policy = AllowAll()


def set_policy(policy: Policy) -> None:
    global _policy
    _policy = policy


def current() -> Policy:
    return _policy
