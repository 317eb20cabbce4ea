"""Credential checks for commands that touch sensitive records (completed by the accounts work)."""

from __future__ import annotations

from typing import Any

from safetydesk.commands._context import CommandContext


def require_access(ctx: CommandContext, kind: Any) -> None:
    """Raise unless the command's credentials allow reading `kind` (placeholder: all allowed)."""
    return None
