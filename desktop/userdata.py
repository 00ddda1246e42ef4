"""The user data folder: settings, and the default project.

It comes from platformdirs (the platform's user data folder); ``ACCORD_DATA_DIR`` overrides it,
which the tests use to start every run as a new user. The window and the command line both ask
here, so they always agree on where the default project lives.
"""

from __future__ import annotations

import os
from pathlib import Path


def user_data_folder() -> Path:
    override = os.environ.get("ACCORD_DATA_DIR")
    if override:
        folder = Path(override)
    else:
        import platformdirs

        folder = Path(platformdirs.user_data_dir("Accord", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


DEFAULT_PROJECT_NAME = "Accord.accord"


def default_project_path() -> Path:
    """The project the command line uses without ``--project``, and the window on first launch."""
    return user_data_folder() / DEFAULT_PROJECT_NAME
