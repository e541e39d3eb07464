"""Errors the store raises. Each carries a sentence for a person, already in the active
language, so the CLI prints `str(error)` and the app shows it as is."""

from __future__ import annotations


class StoreError(Exception):
    """Something a person can act on: the message says what happened and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(StoreError):
    """A field's value is not acceptable; `field` names it."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(StoreError):
    """The item does not exist (any more)."""


class PermissionDenied(StoreError):
    """The user's role does not allow this (for example, a member approving a change)."""


class WorkflowError(StoreError):
    """An illegal move; `allowed` lists the moves that are possible now."""

    def __init__(self, message: str, allowed: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.allowed = allowed


class ConflictError(StoreError):
    """Someone else saved first. `current` is their version of the row; the caller's draft
    is untouched, so the user can choose between the two."""

    def __init__(self, message: str, current: dict | None) -> None:
        super().__init__(message)
        self.current = current


class Cancelled(StoreError):
    """The user stopped waiting for the workspace (another process held the write lock);
    nothing was written."""
