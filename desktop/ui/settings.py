"""Where Accord keeps its settings and, later, its default project.

The folder comes from platformdirs (the user data folder of the platform); ``ACCORD_DATA_DIR``
overrides it, which the tests use to start every run as a new user.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings


def user_data_folder() -> Path:
    override = os.environ.get("ACCORD_DATA_DIR")
    if override:
        folder = Path(override)
    else:
        import platformdirs

        folder = Path(platformdirs.user_data_dir("Accord", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_settings() -> QSettings:
    return QSettings(str(user_data_folder() / "settings.ini"), QSettings.Format.IniFormat)
