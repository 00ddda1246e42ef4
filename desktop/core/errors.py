"""Errors that carry a sentence a user can act on."""

from __future__ import annotations

from pathlib import Path


class AccordError(Exception):
    """Base of the errors Accord reports to a user rather than as a traceback."""


class DocumentError(AccordError):
    """A file could not be opened as a document; ``reason`` says why in plain words."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"Can't open “{self.path.name}”: {reason}")
