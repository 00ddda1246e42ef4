"""Hand out and bring back work: the air-gapped round of issue 14, and refusals.

The lead branches to three reviewers; each makes 200 edits (creations, codings, notes,
deletions, resizes) on their own annotations, some of them on annotations the lead edits too
meanwhile; merged back, every edit is either applied or listed as a conflict, none lost, and
each merge undoes to the exact project it started from."""

from __future__ import annotations

import contextlib
import itertools
import random
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
from desktop.app.branching import MergeReviewerWork, NothingToMerge, send_to_reviewer
from desktop.app.editor import Editor
from desktop.core.model import CodeId
from desktop.store import open_project
from tests.app.conftest import Workbench, ticking_clock
from tests.store.helpers import dump, integrity

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
