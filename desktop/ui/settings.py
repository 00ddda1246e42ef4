"""Accord's settings file, in the user data folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from desktop.userdata import user_data_folder


def open_settings() -> QSettings:
    return QSettings(str(user_data_folder() / "settings.ini"), QSettings.Format.IniFormat)


def dialog_folder(settings: QSettings, *also: Path | None) -> Path:
    """Where a file dialog opens (``desktop.app.start_folders``): the folder last chosen in
    one, else ``also``, else the documents folder."""
    from desktop.app.start_folders import start_folder

    return start_folder(settings.value("dialogs/folder"), *also, data_folder=user_data_folder())


def remember_dialog_folder(settings: QSettings, chosen: Path) -> None:
    """The folder of a file (or the folder) the user chose, for the next dialog."""
    settings.setValue("dialogs/folder", str(chosen if chosen.is_dir() else chosen.parent))
