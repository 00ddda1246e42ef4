"""Errors about project files, worded so the analyst knows which file and what to do."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from desktop.core.errors import AccordError


class ProjectError(AccordError):
    """A project file cannot be opened or used; ``reason`` says why in plain words."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"Can't open the project “{self.path}”: {reason}")


class DamagedProjectError(ProjectError):
    """The file's pages, schema or rows are not what Accord wrote; ``what`` says where."""

    def __init__(self, path: str | Path, what: str) -> None:
        super().__init__(
            path, f"it is damaged ({what}). Restore it from a copy; the file was left unchanged."
        )

    @classmethod
    def reading(cls, path: str | Path, error: Exception) -> DamagedProjectError:
        """The damage that reading the file ran into (``UNREADABLE``)."""
        return cls(path, f"SQLite: {error}" if isinstance(error, sqlite3.Error) else str(error))


UNREADABLE = (sqlite3.DatabaseError, UnicodeDecodeError, json.JSONDecodeError)
"""What reading rows of a damaged file raises: SQLite's errors ("malformed", text that is not
UTF-8; an error message may itself hold bytes that are not), rectangles that are not JSON."""


class NewerProjectError(ProjectError):
    """The file was written by an Accord that knows a newer project format."""

    def __init__(
        self, path: str | Path, *, found: int, known: int, written_by: str | None, running: str
    ) -> None:
        self.found = found
        self.known = known
        writer = f"Accord {written_by}" if written_by else "a newer Accord"
        super().__init__(
            path,
            f"it was saved by {writer} in project format {found}, and this is Accord "
            f"{running}, which reads project formats up to {known}. Update Accord to open it; "
            "the file was left unchanged.",
        )


class ProjectBusy(AccordError):
    """Another Accord kept the project locked for longer than we wait."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"The project “{path}” is busy: another Accord has been saving to it for a while. "
            "Try again in a moment; nothing was changed."
        )


class StaleError(AccordError):
    """What a command refers to is gone (deleted meanwhile, maybe by another Accord)."""
