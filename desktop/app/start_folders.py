"""Where a file dialog opens: the folder the user last chose a file in, else the open project's
folder, else their documents folder. Never Accord's own data folder: it is hidden, and holds
only what Accord made (the default project, copies of documents), not the user's files."""

from __future__ import annotations

from pathlib import Path


def documents_folder() -> Path:
    """The user's documents folder (``XDG_DOCUMENTS_DIR`` on Linux), or home without one."""
    import platformdirs

    found = Path(platformdirs.user_documents_dir())
    return found if found.is_dir() else Path.home()


def start_folder(*candidates: str | Path | None, data_folder: Path) -> Path:
    """The first candidate that is a folder outside ``data_folder``, else the documents
    folder."""
    hidden = data_folder.resolve()
    for candidate in candidates:
        if not candidate:
            continue
        folder = Path(candidate).resolve()
        if folder.is_dir() and not folder.is_relative_to(hidden):
            return folder
    return documents_folder()
