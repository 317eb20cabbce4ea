"""What long use-cases accept to report progress and notice cancellation (the UI's Progress fits)."""

from __future__ import annotations

from typing import Protocol


class ProgressSink(Protocol):
    def report(self, done: int, total: int = 0, text: str = "") -> None: ...

    @property
    def cancelled(self) -> bool: ...


class NoProgress:
    """For callers without a progress display (command line, tests)."""

    cancelled = False

    def report(self, done: int, total: int = 0, text: str = "") -> None:
        return None
