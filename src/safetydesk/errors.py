"""Errors that carry a message meant for the user.

Anything raised that is not a SafetyDeskError is a bug: the UI shows "something went wrong,
your data was not changed" with copyable details, and the log gets the traceback.
"""

from __future__ import annotations


class SafetyDeskError(Exception):
    """An expected failure; `user_message` is already in the UI language."""

    exit_code = 1

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class ValidationError(SafetyDeskError):
    """Bad input. `field_errors` maps a field attribute to its message (shown beside the field)."""

    def __init__(self, user_message: str, field_errors: dict[str, str] | None = None) -> None:
        super().__init__(user_message)
        self.field_errors = dict(field_errors or {})


class NotInitialised(SafetyDeskError):
    """The data directory holds no installation yet."""


class AlreadyInitialised(SafetyDeskError):
    """`init` on a directory that already holds an installation."""


class StorageError(SafetyDeskError):
    """The data directory or database cannot be used (read-only, full, corrupt...)."""

    def __init__(self, user_message: str, backup: str | None = None) -> None:
        super().__init__(user_message)
        self.backup = backup


class DatabaseCorrupt(StorageError):
    """The database file cannot be read as a SafetyDesk database."""


class AuthenticationError(SafetyDeskError):
    """Missing or wrong credentials."""


class PermissionDenied(SafetyDeskError):
    """The signed-in user may not do this."""


class WorkflowError(SafetyDeskError):
    """A move the workflow does not allow from the record's current state."""


class PackageRejected(SafetyDeskError):
    """A sync package was refused; `code` is stable and machine-readable."""

    def __init__(self, code: str, user_message: str) -> None:
        super().__init__(user_message)
        self.code = code


class Cancelled(SafetyDeskError):
    """The user cancelled a long task; nothing was changed."""
