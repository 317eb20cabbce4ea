"""What a use-case returns besides its data: who acted, and which record kinds it touched."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """The signed-in person and the installation they act for (owner of what they create)."""

    username: str
    org_code: str
    role: str = "admin"


@dataclass(frozen=True)
class Changes:
    kinds: frozenset[str] = frozenset()

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.kinds | other.kinds)

    @classmethod
    def of(cls, *keys: str) -> Changes:
        return cls(frozenset(keys))
