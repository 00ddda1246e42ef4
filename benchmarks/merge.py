"""Merging reviewers' work: 3 reviewers' copies, 2,000 changes each, into a project of
100,000 annotations (issue 14's floor: 5 s for the three).

The project is filled by ``interop_jsonld_csv.fill`` over the bundled pair and sent to three
reviewers (``accord branch``). Each reviewer's copy gets its changes in one transaction (set-up,
not measured): a third new annotations, a third new notes, a third deletions, each on
annotations no other reviewer touches; the lead changes the note of 1 % of the annotations a
reviewer also changes, so each merge lists conflicts too. Measured: each merge as the window
and ``accord merge`` run it (the child process started, the base read, SQLite's diffs of both
sides, the apply, the commit), then the undo of the last one.

    uv run python benchmarks/merge.py [--annotations 100000] [--changes 2000] [--project P]
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

import smoke
from project_checks import make_project

from desktop.app.branching import MergeReviewerWork, send_to_reviewer
from desktop.app.editor import Editor
from desktop.core.model import new_annotation_id
from desktop.store import Project, open_project

REVIEWERS = ("Kenji", "Mika", "Sora")
FLOOR_SECONDS = 5.0


def change_copy(copy: Project, targets: list[str], *, changes: int) -> None:
    """``changes`` edits in the reviewer's copy: new annotations, notes and deletions."""
    with copy.transaction():
        for number, annotation_id in zip(range(changes), targets, strict=False):
            annotation = copy.annotations.require(annotation_id)
            kind = number % 3
            if kind == 0:
                copy.annotations.insert(dataclasses.replace(annotation, id=new_annotation_id()))
            elif kind == 1:
                copy.annotations.update(dataclasses.replace(annotation, note=f"note {number}"))
            else:
                copy.annotations.delete(annotation_id)


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the merge child): what a merge
    costs whatever else the machine is doing."""
    mine, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--changes", type=int, default=2000)
    parser.add_argument("--project", type=Path, help="a large project made before, to reuse")
    options = smoke.parse(parser, annotations=3000, changes=200)
    with tempfile.TemporaryDirectory() as folder:
        lead_path = Path(folder) / "lead.accord"
        if options.project:
            shutil.copy(options.project, lead_path)
        else:
            make_project(lead_path, options.annotations)
        with open_project(lead_path) as lead:
            ids = lead.annotations.ids()
            pools = [ids[i :: len(REVIEWERS)] for i in range(len(REVIEWERS))]
            copies = []
            for name, pool in zip(REVIEWERS, pools, strict=True):
                copy_path = send_to_reviewer(lead, Path(folder) / f"{name}.accord", reviewer=name)
                with open_project(copy_path) as copy:
                    change_copy(copy, pool, changes=options.changes)
                copies.append(copy_path)
            with lead.transaction():
                for pool in pools:
                    for annotation_id in itertools.islice(pool, 1, options.changes, 100):
                        annotation = lead.annotations.require(annotation_id)
                        lead.annotations.update(dataclasses.replace(annotation, note="lead's"))
            editor = Editor.start(lead, "Lead")
            total = cpu_total = 0.0
            for copy_path in copies:
                began, cpu_began = time.perf_counter(), _cpu()
                label = editor.execute(MergeReviewerWork(copy_path)).label
                spent, cpu = time.perf_counter() - began, _cpu() - cpu_began
                total += spent
                cpu_total += cpu
                print(f"{label}: {spent:.2f} s ({cpu:.2f} s of CPU, this process and the child)")
                assert "0 changes" not in label and "0 conflicts" not in label, label
            began = time.perf_counter()
            editor.undo()
            print(f"undo of the last merge: {time.perf_counter() - began:.2f} s")
        print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(
            f"3 merges of {options.changes:,} changes into {options.annotations:,} annotations: "
            f"{total:.2f} s ({cpu_total:.2f} s of CPU), {total / FLOOR_SECONDS:.2f} of the "
            f"{FLOOR_SECONDS:.0f} s floor"
        )


if __name__ == "__main__":
    main()
