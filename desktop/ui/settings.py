"""Accord's settings file, in the user data folder."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from desktop.userdata import user_data_folder


def open_settings() -> QSettings:
    return QSettings(str(user_data_folder() / "settings.ini"), QSettings.Format.IniFormat)
