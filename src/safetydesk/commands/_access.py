"""Credentials for commands: who acts, and whether they may touch sensitive records.

Completed by the accounts work; until then every command acts as the administrator.
"""

from __future__ import annotations

from typing import Any

from safetydesk.commands._context import CommandContext


def require_access(ctx: CommandContext, kind: Any) -> None:
    """Raise unless the command's credentials allow reading `kind` (placeholder: all allowed)."""
    return None


def authenticate(ctx: CommandContext, workspace: Any) -> Any:
    """The workspace acting as the command's user (placeholder: unchanged)."""
    return workspace
