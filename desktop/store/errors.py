"""Errors about project files, worded so the analyst knows which file and what to do."""

from __future__ import annotations

from pathlib import Path

from desktop.core.errors import AccordError


class ProjectError(AccordError):
    """A project file cannot be opened or used; ``reason`` says why in plain words."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"Can't open the project “{self.path}”: {reason}")


class NewerProjectError(ProjectError):
    """The file was written by an Accord that knows a newer project format."""

    def __init__(self, path: str | Path, *, found: int, known: int, written_by: str | None,
                 running: str) -> None:
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
