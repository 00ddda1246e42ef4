"""What ``accord branch``, ``accord merge``, ``accord conflicts`` and ``accord settle`` do."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from desktop.app.branching import (
    MergeReviewerWork,
    NothingToMerge,
    SettleConflict,
    send_to_reviewer,
)
from desktop.app.editor import Editor
from desktop.core.conflicts import Conflict
from desktop.store import open_project


def branch_command(project_path: Path, *, out: Path, reviewer: str, stdout: TextIO) -> None:
    with open_project(project_path) as project:
        written = send_to_reviewer(project, out, reviewer=reviewer)
    print(f"{written}: a copy for {reviewer}; merge it back with accord merge", file=stdout)


def merge_command(
    project_path: Path, files: Sequence[Path], *, reviewer: str, stdout: TextIO
) -> None:
    """Merge each file in turn; each merge is one transaction (and one undoable step in the
    window). The conflicts listed stay in the project until settled."""
    with open_project(project_path) as project:
        editor = Editor.start(project, reviewer)
        for path in files:
            try:
                print(editor.execute(MergeReviewerWork(path)).label, file=stdout)
            except NothingToMerge as nothing:
                print(nothing, file=stdout)
        _list(project.branches.conflicts(), stdout)


def conflicts_command(project_path: Path, *, settled: bool, stdout: TextIO) -> None:
    with open_project(project_path) as project:
        _list(project.branches.conflicts(settled=settled), stdout)


def settle_command(
    project_path: Path, conflict_id: int, *, keep: str, reviewer: str, stdout: TextIO
) -> None:
    with open_project(project_path) as project:
        label = Editor.start(project, reviewer).execute(SettleConflict(conflict_id, keep)).label
    print(label, file=stdout)


def _list(conflicts: Sequence[Conflict], stdout: TextIO) -> None:
    if not conflicts:
        return
    print(
        f"{len(conflicts)} conflict{'s' if len(conflicts) != 1 else ''} to settle "
        "(accord settle --project P ID --keep mine|theirs):",
        file=stdout,
    )
    for conflict in conflicts:
        print(f"  {conflict.sentence()}", file=stdout)
