"""Errors a user can cause. Each carries a catalogue key and its parameters,
so the edge (a page or the CLI) can say it in the user's language."""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """A refusal the user can act on (bad input, stale edit, locked board)."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class NotFound(UserError):
    """The thing asked for does not exist (or is not reachable with this code)."""


class StaleEdit(UserError):
    """Someone else changed the thing since this edit's page was drawn."""


class BoardLocked(UserError):
    """The facilitator locked this table's board, or the workshop is closed."""


class InvalidInput(UserError):
    """Input that fails a rule (empty, too long, out of range)."""
