"""Hand out and bring back work: the air-gapped round of issue 14, and refusals.

The lead branches to three reviewers; each makes 200 edits (creations, codings, notes,
deletions, resizes) on their own annotations, some of them on annotations the lead edits too
meanwhile; merged back, every edit is either applied or listed as a conflict, none lost, and
each merge undoes to the exact project it started from."""

from __future__ import annotations

import contextlib
import itertools
import json
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from desktop.app.anchors import anchor_for_span
from desktop.app.annotating import (
    CreateAnnotation,
    DeleteAnnotation,
    ResizeAnnotation,
    SetNote,
    TagAnnotation,
)
from desktop.app.branching import (
    MergeReviewerWork,
    NothingToMerge,
    SettleConflict,
    send_to_reviewer,
)
from desktop.app.editor import Editor
from desktop.core.children import child_environment, module_command
from desktop.core.errors import AccordError
from desktop.core.model import CodeId
from desktop.store import SCHEMA_VERSION, open_project
from tests.app.conftest import Workbench, ticking_clock
from tests.store.helpers import dump, integrity, small_project

REVIEWERS = ("Kenji", "Mika", "Sora")
SHARED = 480
"""Annotations the lead has when the copies are sent."""
KINDS = ("create", "tag", "note", "delete", "resize")


def _codes(bench: Workbench) -> list[CodeId]:
    return [CodeId(c.guid) for c in bench.project.codes.codebook() if c.is_codable]


def _span(rng: random.Random, size: int) -> tuple[int, int]:
    start = rng.randrange(size - 1)
    return start, rng.randrange(start + 1, min(size, start + 40) + 1)


def _edit(
    kind: str, target: str | None, *, bench: Workbench, rng: random.Random, codes: list[CodeId]
) -> object:
    size = len(bench.layer)
    if kind == "create":
        return CreateAnnotation(
            bench.document_id, anchor_for_span(bench.layer, *_span(rng, size)), (rng.choice(codes),)
        )
    assert target is not None
    if kind == "tag":
        return TagAnnotation(target, codes[-1])  # the shared annotations have codes[0] only
    if kind == "note":
        return SetNote(target, f"reviewer's note {rng.random()}")
    if kind == "delete":
        return DeleteAnnotation(target)
    return ResizeAnnotation(target, anchor_for_span(bench.layer, *_span(rng, size)))


def _annotation_rows(path: Path) -> dict[str, tuple]:
    tables = dump(path)
    codings: dict[str, list] = {}
    for row in tables["annotation_codes"]:
        codings.setdefault(row[0], []).append(row)
    return {row[0]: (row, sorted(codings.get(row[0], []))) for row in tables["annotations"]}


@pytest.fixture
def lead(bench: Workbench) -> Workbench:
    rng = random.Random(14)
    codes = _codes(bench)
    for _ in range(SHARED):
        start, end = _span(rng, len(bench.layer))
        bench.editor.execute(
            CreateAnnotation(
                bench.document_id, anchor_for_span(bench.layer, start, end), (codes[0],)
            )
        )
    return bench


def test_an_air_gapped_round_applies_every_edit_lists_every_conflict_and_undoes_exactly(
    lead: Workbench, tmp_path: Path
) -> None:
    rng = random.Random(1414)
    codes = _codes(lead)
    shared = sorted(lead.project.annotations.ids())
    copies = [
        send_to_reviewer(lead.project, tmp_path / f"{name}.accord", reviewer=name)
        for name in REVIEWERS
    ]
    # Each reviewer edits annotations no other reviewer touches; 20 of them the lead edits too.
    pools = [shared[i::3] for i in range(3)]
    concurrent = {0: 7, 1: 7, 2: 6}
    lead_edits: set[str] = set()
    edited: list[dict[str, str]] = []
    for number, (name, copy) in enumerate(zip(REVIEWERS, copies, strict=True)):
        with contextlib.closing(open_project(copy)) as project:
            editor = Editor.start(project, name)
            editor._clock = ticking_clock()  # (distinct times, as a person's edits have)
            bench = Workbench.__new__(Workbench)
            bench.project, bench.layer, bench.document = project, lead.layer, lead.document
            kinds = list(itertools.islice(itertools.cycle(KINDS), 200))
            targets = iter(pools[number])
            mine: dict[str, str] = {}
            for kind in kinds:
                target = None if kind == "create" else next(targets)
                command = _edit(kind, target, bench=bench, rng=rng, codes=codes)
                editor.execute(command)
                mine[target or command.annotation_id] = kind  # type: ignore[attr-defined]
            edited.append(mine)
        touched = [a for a, kind in mine.items() if kind != "create"]
        for annotation_id in touched[: concurrent[number]]:
            lead.editor.execute(SetNote(annotation_id, "the lead's own note"))
            lead_edits.add(annotation_id)
    lead_rows = _annotation_rows(lead.path)

    states = [dump(lead.path)]
    labels = []
    for copy in copies:
        change_set = lead.editor.execute(MergeReviewerWork(copy))
        labels.append(change_set.label)
        states.append(dump(lead.path))
        assert integrity(lead.path) == []

    conflicts = lead.project.branches.conflicts()
    assert labels == [
        "Merge Kenji's work: 193 changes, 7 conflicts",
        "Merge Mika's work: 193 changes, 7 conflicts",
        "Merge Sora's work: 194 changes, 6 conflicts",
    ]  # 580 applied, 20 conflicts
    assert len(conflicts) == 20
    assert sorted(c.label for c in conflicts) == sorted(
        " ".join(lead_rows[a][0][4].split()) for a in lead_edits
    )
    assert {(c.entity, c.mine) for c in conflicts} == {("annotations", "changed")}

    # 0 edits lost: every annotation is as its one editor left it; the 20 both edited are
    # the lead's, with the reviewer's version waiting in a conflict.
    final = _annotation_rows(lead.path)
    for copy, mine in zip(copies, edited, strict=True):
        theirs = _annotation_rows(copy)
        for annotation_id in mine:
            expected = (
                lead_rows.get(annotation_id)
                if annotation_id in lead_edits
                else theirs.get(annotation_id)
            )
            assert final.get(annotation_id) == expected, annotation_id

    # Merging again changes nothing.
    for copy in copies:
        with pytest.raises(NothingToMerge):
            lead.editor.execute(MergeReviewerWork(copy))
    assert dump(lead.path) == states[-1]

    # Each merge is one entry of the history, and undoing it restores the project exactly.
    for expected in reversed(states[:-1]):
        lead.editor.undo()
        assert dump(lead.path) == expected
    for expected in states[1:]:
        lead.editor.redo()
        assert dump(lead.path) == expected


def _reviewer_edits(copy: Path, lead: Workbench, *, count: int, name: str = "Kenji") -> None:
    rng = random.Random(7)
    codes = _codes(lead)
    with contextlib.closing(open_project(copy)) as project:
        editor = Editor.start(project, name)
        for _ in range(count):
            span = _span(rng, len(lead.layer))
            editor.execute(
                CreateAnnotation(lead.document_id, anchor_for_span(lead.layer, *span), (codes[1],))
            )


def _file_state(path: Path) -> tuple[bytes, ...]:
    return tuple(p.read_bytes() if p.exists() else b"" for p in (path, Path(f"{path}-wal")))


def _truncated(copy: Path) -> Path:
    data = copy.read_bytes()
    copy.write_bytes(data[: len(data) // 2])
    return copy


def _newer(copy: Path) -> Path:
    with contextlib.closing(sqlite3.connect(copy)) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    return copy


def _from_another_project(copy: Path) -> Path:
    other = copy.with_name("other.accord")
    small_project(other).close()
    copy.unlink()
    with contextlib.closing(open_project(other)) as project:
        return send_to_reviewer(project, copy, reviewer="Kenji")


def _not_a_copy(copy: Path) -> Path:
    copy.unlink()
    small_project(copy).close()
    return copy


@pytest.mark.parametrize(
    ("spoil", "words"),
    [
        (_from_another_project, "sent from another project"),
        (_truncated, "truncated"),
        (_newer, "Update Accord"),
        (_not_a_copy, "not a copy sent to a reviewer"),
    ],
    ids=["another project", "truncated", "newer Accord", "not a copy"],
)
def test_a_file_that_cannot_be_merged_is_refused_and_the_project_is_untouched(
    lead: Workbench, tmp_path: Path, spoil, words: str
) -> None:
    copy = send_to_reviewer(lead.project, tmp_path / "kenji.accord", reviewer="Kenji")
    _reviewer_edits(copy, lead, count=3)
    spoilt = spoil(copy)
    before = _file_state(lead.path)
    with pytest.raises(AccordError) as refused:
        lead.editor.execute(MergeReviewerWork(spoilt))
    assert str(spoilt) in str(refused.value) and words in str(refused.value)
    assert _file_state(lead.path) == before
    assert not lead.editor.can_undo or lead.editor.undo_text != "Undo Merge"


def test_a_conflict_is_settled_by_keeping_mine_or_taking_theirs_and_undone(
    lead: Workbench, tmp_path: Path
) -> None:
    first, second = sorted(lead.project.annotations.ids())[:2]
    copy = send_to_reviewer(lead.project, tmp_path / "kenji.accord", reviewer="Kenji")
    with contextlib.closing(open_project(copy)) as project:
        editor = Editor.start(project, "Kenji")
        editor.execute(SetNote(first, "Kenji's note"))
        editor.execute(DeleteAnnotation(second))
    lead.editor.execute(SetNote(first, "the lead's note"))
    lead.editor.execute(SetNote(second, "the lead's other note"))
    assert lead.editor.execute(MergeReviewerWork(copy)).label == (
        "Merge Kenji's work: 0 changes, 2 conflicts"
    )
    listed = lead.project.branches.conflicts()
    assert sorted((c.mine, c.theirs) for c in listed) == [
        ("changed", "changed"),
        ("changed", "deleted"),
    ]
    noted, deleted = sorted(listed, key=lambda c: c.theirs)
    before = dump(lead.path)

    lead.editor.execute(SettleConflict(noted.id, "theirs"))
    assert lead.project.annotations.get(first).note == "Kenji's note"
    lead.editor.execute(SettleConflict(deleted.id, "mine"))
    assert lead.project.annotations.get(second).note == "the lead's other note"
    assert lead.project.branches.conflicts() == []
    with pytest.raises(NothingToMerge):  # a settled conflict is not listed again
        lead.editor.execute(MergeReviewerWork(copy))
    lead.editor.undo()
    lead.editor.undo()
    assert dump(lead.path) == before


def test_a_merge_killed_at_any_moment_leaves_the_project_as_before_or_fully_merged(
    lead: Workbench, tmp_path: Path
) -> None:
    copy = send_to_reviewer(lead.project, tmp_path / "kenji.accord", reviewer="Kenji")
    _reviewer_edits(copy, lead, count=300)
    lead.project.close()
    before = dump(lead.path)
    merged_copy = tmp_path / "merged.accord"
    shutil.copy(lead.path, merged_copy)
    request = {
        "op": "merge",
        "theirs": str(copy),
        "reviewer": "Kenji",
        "now": "2020-05-26T10:00:00Z",
    }
    _child(request | {"project": str(merged_copy)}).wait()
    after = dump(merged_copy)
    assert after != before
    outcomes = set()
    for delay in (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.2):
        target = tmp_path / f"killed-{delay}.accord"
        shutil.copy(lead.path, target)
        child = _child(request | {"project": str(target)})
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert integrity(target) == []
        state = dump(target)
        assert state in (before, after)
        outcomes.add(state == after)
    assert outcomes == {False, True} or len(outcomes) == 1  # (which ones, the machine decides)


def _child(request: dict[str, str]) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        module_command("desktop.merging.child"),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=child_environment(),
    )
    assert child.stdin is not None
    child.stdin.write(json.dumps(request))
    child.stdin.close()
    return child


def test_reviewers_new_in_two_copies_keep_their_own_names_and_work(
    lead: Workbench, tmp_path: Path
) -> None:
    """Both copies add a reviewer of their own (the name each laptop's Accord records under),
    which SQLite numbers alike in both: merged, each keeps its name and its highlights."""
    copies = {
        name: send_to_reviewer(lead.project, tmp_path / f"{name}.accord", reviewer=name)
        for name in ("Kenji", "Mika")
    }
    for name, copy in copies.items():
        _reviewer_edits(copy, lead, count=3, name=f"{name} (laptop)")
    for copy in copies.values():
        lead.editor.execute(MergeReviewerWork(copy))
    states = dump(lead.path)
    for copy in copies.values():
        with pytest.raises(NothingToMerge):
            lead.editor.execute(MergeReviewerWork(copy))
    assert dump(lead.path) == states
    names = {r.id: r.name for r in lead.project.reviewers.all()}
    assert len(set(names.values())) == len(names)
    by_reviewer = Counter(
        names[lead.project.annotations.require(a).reviewer_id]
        for a in lead.project.annotations.ids()
    )
    assert by_reviewer["Kenji (laptop)"] == 3 and by_reviewer["Mika (laptop)"] == 3
    assert integrity(lead.path) == []
