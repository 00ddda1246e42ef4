"""``accord branch``, ``merge``, ``conflicts`` and ``settle`` in real subprocesses: the lead
sends a copy, both edit the same annotation's note, the merge lists the conflict, the lead
takes the reviewer's version."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_subcommands import _accord


def test_branch_merge_list_and_settle_from_the_command_line(tmp_path: Path) -> None:
    lead, copy = tmp_path / "lead.accord", tmp_path / "kenji.accord"
    made = _accord(
        "annotate",
        "--project",
        str(lead),
        "--document",
        "letter",
        "--quote",
        "science",
        data=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    shared = made.stdout.strip()
    sent = _accord(
        "branch", "--project", str(lead), "-o", str(copy), "--reviewer", "Kenji", data=tmp_path
    )
    assert sent.returncode == 0 and "a copy for Kenji" in sent.stdout, sent.stderr
    added = _accord(
        "annotate",
        "--project",
        str(copy),
        "--document",
        "letter",
        "--quote",
        "innovation",
        "--occurrence",
        "1",
        "--reviewer",
        "Kenji",
        data=tmp_path,
    )
    assert added.returncode == 0, added.stderr
    for project, note in ((copy, "Kenji's reading"), (lead, "the lead's reading")):
        _set_note(project, shared, note)

    merged = _accord("merge", "--project", str(lead), str(copy), data=tmp_path)
    assert merged.returncode == 0, merged.stderr
    assert merged.stdout.splitlines()[:3] == [
        "Merge Kenji's work: 1 change, 1 conflict",
        "1 conflict to settle (accord settle --project P ID --keep mine|theirs):",
        "  #1 annotation “science”: you changed it, Kenji changed it",
    ]
    again = _accord("merge", "--project", str(lead), str(copy), data=tmp_path)
    assert "nothing new from Kenji" in again.stdout
    listed = _accord("conflicts", "--project", str(lead), data=tmp_path)
    assert "#1 annotation “science”" in listed.stdout

    settled = _accord("settle", "--project", str(lead), "1", "--keep", "theirs", data=tmp_path)
    assert settled.stdout.strip() == "Take Kenji's version of “science”", settled.stderr
    assert _accord("conflicts", "--project", str(lead), data=tmp_path).stdout == ""
    rows = json.loads(
        _accord("list", "--project", str(lead), "--format", "json", data=tmp_path).stdout
    )
    assert {row["note"] for row in rows} == {"Kenji's reading", ""}
    assert {row["reviewer"] for row in rows} == {"Ada", "Kenji"}

    refused = _accord(
        "merge", "--project", str(copy), str(tmp_path / "missing.accord"), data=tmp_path
    )
    assert refused.returncode == 2 and "does not exist" in refused.stderr


def _set_note(project: Path, annotation_id: str, note: str) -> None:
    from desktop.app.annotating import SetNote
    from desktop.app.editor import Editor
    from desktop.store import open_project

    with open_project(project) as opened:
        Editor.start(opened, "Someone").execute(SetNote(annotation_id, note))
