"""What ``accord`` opens at start, decided before Qt is imported so the document worker can
start on the right files at once, and with nothing heavier than ``json`` imported.

The panes open the files that were on screen when this project was last used (remembered in
the user data folder, as copies of the project's own documents). Only when nothing is
remembered does the launcher open the project first to find its documents; otherwise it opens
it just after (``prepare_project``), still before Qt is imported, while the workers start. A
project that does not exist yet is made then, on a thread of its own, with no documents: the
panes' documents (the bundled pair, or the files named on the command line) are kept in it as
the panes read them.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.bundled import bundled_pair
from desktop.userdata import default_project_path, user_data_folder

if TYPE_CHECKING:  # (imported where a project is opened or made, not to plan a launch)
    from desktop.store import Project


@dataclass(frozen=True)
class ShownDocument:
    """A document on screen in a pane, and where the pane is in it: the page and the point
    (in page points) at the pane's top-left corner, so the next launch opens it there."""

    fingerprint: str
    file: Path
    page: int = 0
    x: float = 0.0
    y: float = 0.0


@dataclass
class LaunchPlan:
    project_path: Path
    files: list[Path] = field(default_factory=list)
    """What the left and right panes open (at most two)."""
    positions: list[ShownDocument | None] = field(default_factory=list)
    """Where each pane was in its file when this project was last used (None: at the top)."""
    project: Project | None = None
    """The project, once opened: to find its documents, or by ``prepare_project``."""
    error: Exception | None = None
    """Why the project could not be opened then (an ``AccordError``)."""
    new_project: NewProject | None = None
    """The project being made for this launch, when none existed (see ``prepare_project``)."""


class NewProject:
    """The project a first launch makes (the default codebook, no documents yet), made on a
    thread of its own while the window's modules are imported: making it mostly waits on the
    disk (SQLite syncs the new file), which the imports need not wait for. Its connection is
    opened by ``open``, on the thread that uses it (a connection stays with its thread)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._error: Exception | None = None
        self._making = threading.Thread(target=self._make, name="new-project", daemon=True)
        self._making.start()

    def _make(self) -> None:
        from desktop.app.projects import create_default_project
        from desktop.core.errors import AccordError

        try:
            create_default_project(self.path, []).close()
        except (AccordError, OSError) as error:
            self._error = error

    def open(self) -> Project:
        """The project, once made; raises what making it raised."""
        self._making.join()
        if self._error is not None:
            raise self._error
        from desktop.store import open_project

        return open_project(self.path)


def launch_project_path(asked: Path | None) -> Path:
    """The project to open: the one asked for, else the one open last time (if it is still
    there), else the default project in the user data folder."""
    if asked is not None:
        return asked
    last = _remembered().get("last_project")
    if isinstance(last, str) and Path(last).is_file():
        return Path(last)
    return default_project_path()


def plan_launch(project_path: Path, *, left: Path | None, right: Path | None) -> LaunchPlan:
    plan = LaunchPlan(project_path)
    if left is not None or right is not None or not project_path.exists():
        letter, article = bundled_pair()
        plan.files = [left or letter, right or article]
        return plan
    remembered = remembered_documents(project_path)
    if remembered:
        plan.files = [shown.file for shown in remembered]
        plan.positions = list(remembered)
        return plan
    from desktop.core.errors import AccordError
    from desktop.store import open_project

    try:
        project = open_project(project_path)
    except AccordError as error:
        plan.error = error
        plan.files = list(bundled_pair())
        return plan
    plan.project = project
    # A project made at a launch that ended before its documents were kept has none: the
    # bundled pair, kept as they are read, as on that first launch.
    plan.files = shown_documents(project) or list(bundled_pair())
    return plan


def prepare_project(plan: LaunchPlan) -> None:
    """Open the launch's project now, if the plan has not (``plan.project``, or why not in
    ``plan.error``), or start making it when it does not exist (``plan.new_project``). The
    launcher does it before the window's modules are imported, while the template imports
    PyMuPDF; the window takes the result (``LaunchSequence.follow``)."""
    if plan.project is not None or plan.error is not None or plan.new_project is not None:
        return
    if not plan.project_path.exists():
        plan.new_project = NewProject(plan.project_path)
        return
    from desktop.core.errors import AccordError
    from desktop.store import open_project

    try:
        plan.project = open_project(plan.project_path)
    except AccordError as error:
        plan.error = error


def remembered_documents(project_path: Path) -> list[ShownDocument]:
    """The documents on screen when this project was last used, and where the panes were in
    them, if their files are all still there (the window checks each against the project once
    it has opened it)."""
    panes = _remembered().get("panes")
    entry = panes.get(str(project_path.resolve())) if isinstance(panes, dict) else None
    if not isinstance(entry, list) or not entry:
        return []
    shown = [item for item in map(_shown, entry) if item is not None and item.file.is_file()]
    return shown if len(shown) == len(entry) else []


def _shown(item: object) -> ShownDocument | None:
    """One remembered pane, or None when the entry is not one this version wrote."""
    if not isinstance(item, dict) or not isinstance(item.get("file"), str):
        return None
    position = [item.get(key, 0) for key in ("page", "x", "y")]
    if (
        not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in position)
        or not isinstance(position[0], int)
        or position[0] < 0
    ):
        position = [0, 0.0, 0.0]  # written before positions were kept, or edited by hand
    return ShownDocument(
        str(item.get("fingerprint", "")),
        Path(item["file"]),
        position[0],
        float(position[1]),
        float(position[2]),
    )


def shown_documents(project: Project) -> list[Path]:
    """Files for the panes: the project's first two documents, as files to open."""
    from desktop.app.workspace import document_file

    return [document_file(project, document) for document in project.documents.all()[:2]]


def remember_shown(project_path: Path, shown: list[ShownDocument]) -> None:
    """Record which documents the panes show, and where, for the next launch."""
    memory = _remembered()
    panes = memory.get("panes")
    memory["panes"] = panes = panes if isinstance(panes, dict) else {}
    panes[str(project_path.resolve())] = [
        {
            "fingerprint": d.fingerprint,
            "file": str(d.file),
            "page": d.page,
            "x": round(d.x, 2),
            "y": round(d.y, 2),
        }
        for d in shown
    ]
    _write(memory)


def remember_last(project_path: Path) -> None:
    """The project to open at the next launch without ``--project``."""
    memory = _remembered()
    memory["last_project"] = str(project_path.resolve())
    _write(memory)


def _write(memory: dict[str, Any]) -> None:
    path = _memory_file()
    temporary = path.with_suffix(".partial")
    temporary.write_text(json.dumps(memory, indent=1), encoding="utf-8")
    temporary.replace(path)


def _memory_file() -> Path:
    return user_data_folder() / "last-session.json"


def _remembered() -> dict[str, Any]:
    try:
        loaded = json.loads(_memory_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}
