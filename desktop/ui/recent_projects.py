"""Where the user has been: the projects opened lately (File > Open Recent, and the one the
next launch opens) and the folder a file dialog last chose, kept in the settings file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from desktop.app.launching import remember_last

RECENT_LIMIT = 10


class RecentProjects:
    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def paths(self) -> list[Path]:
        """The projects opened lately that still exist, the latest first."""
        paths = self._settings.value("projects/recent") or []
        if isinstance(paths, str):
            paths = [paths]
        return [Path(p) for p in paths if Path(p).exists()]

    def remember(self, path: Path) -> None:
        """``path`` was opened: first in the list, and the project the next launch opens."""
        paths = [str(path.resolve())] + [
            str(p) for p in self.paths() if p.resolve() != path.resolve()
        ]
        self._settings.setValue("projects/recent", paths[:RECENT_LIMIT])
        remember_last(path)

    def start_folder(self, project: Path | None) -> Path:
        """Where a file dialog opens: the folder last chosen, else the ``project``'s folder,
        else the documents folder; never the hidden data folder the default project lives in."""
        from desktop.ui.settings import dialog_folder

        return dialog_folder(self._settings, project.parent if project else None)

    def remember_folder(self, chosen: Path) -> None:
        from desktop.ui.settings import remember_dialog_folder

        remember_dialog_folder(self._settings, chosen)
