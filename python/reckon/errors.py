"""The exceptions reckon raises: the same families, messages and hints as the command line.

Every error is a :class:`reckon.Error` (a :class:`ValueError`); catch that to catch them all.
"""

from __future__ import annotations

from typing import Optional

__all__ = ["Error", "InputError", "UsageError", "StoreError"]


class Error(ValueError):
    """A failure the user can fix. ``str(e)`` is reckon's message; ``e.hint`` says what to do."""

    def __init__(self, message: str, hint: str = "", file: Optional[str] = None,
                 line: Optional[int] = None, byte: Optional[int] = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.file = file
        self.line = line
        self.byte = byte

    def __str__(self) -> str:
        return f"{self.message} (hint: {self.hint})" if self.hint else self.message


class InputError(Error):
    """Bad input: a document or recording that cannot be read or understood.

    ``e.file`` names it, and ``e.line`` or ``e.byte`` say where when that is known.
    """


class UsageError(Error):
    """A wrong argument: an unknown format, a malformed date or position."""


class StoreError(Error):
    """The evidence store could not be opened, read or written."""
