"""The Curation panel on a document with 100,000 annotations from 5 reviewers (issue 14:
opens in 0.5 s or less).

The document is a generated text of numbered clauses; each of five reviewers highlights most
clauses (eleven in twelve), one in ten a few characters shorter, with codes that mostly
agree, until there are 100,000 annotations: about 23,000 curation units in every state.
Written in one transaction through the store's repositories. Prints, with the floor and ratio:

- opening the panel on a fresh project (cold cache) until its first rows are painted: reading
  every reviewer's highlights and codes, grouping them into units, sorting the agenda, the
  first rows' quotes and codes, layout and paint; floor 500 ms;
- the same, opened again (the database's pages cached);
- a decision (adopting a version) until the list has painted again, floor 16 ms (one frame);
- a pre-merge of every agreed unit, until painted.

    uv run python benchmarks/curation.py [--annotations 100000] [--reviewers 5]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import smoke
from annotation_list import PaintWatch, until_painted
from PySide6.QtWidgets import QApplication, QMainWindow
from spent import Spent, report, timed

from desktop.app.editor import Editor
from desktop.codebook.default import load_default_codebook
from desktop.core.curation import UnitState
from desktop.core.model import Anchor, Annotation, CodeId, Coding, new_annotation_id
from desktop.store import NewDocument, Project, create_project, open_project
from desktop.ui.curation_panel import CurationDock
from desktop.ui.editor_bridge import EditorBridge

OPEN_FLOOR_MS = 500.0
FRAME_MS = 16.0
NAMES = ("Anna", "Ben", "Chiara", "Dmitri", "Emi", "Farid", "Greta", "Hiro")
CLAUSE = "Clause {:06d}: the Sides intend to cooperate on research and innovation. "


def make_project(path: Path, *, annotations: int, reviewers: int) -> Project:
    chance = random.Random(14)
    places = annotations * 12 // (11 * reviewers) + 50
    text = "".join(CLAUSE.format(number) for number in range(places))
    content = text.encode("utf-8")
    document = NewDocument(
        content, "Generated agreement", "text", "agreement.txt", 1 + len(text) // 3000,
        hashlib.sha256(content).hexdigest(),
    )  # fmt: skip
    project = create_project(path, documents=[], codebook=load_default_codebook())
    codes = [CodeId(c.guid) for c in project.codes.codebook() if c.is_codable]
    when = datetime(2020, 5, 26, tzinfo=UTC)
    made = 0
    with project.transaction():
        stored = project.documents.add(document, position=0, added=when)
        team = [project.reviewers.ensure(name).id for name in NAMES[:reviewers]]
        for place in range(places):
            start = place * len(CLAUSE.format(0))
            end = start + len(CLAUSE.format(0)) - 2
            agreed = chance.sample(codes, 2)
            for reviewer in team:
                if made == annotations:
                    break
                if chance.random() < 1 / 12:
                    continue
                cut = 5 if chance.random() < 1 / 10 else 0
                picked = agreed[:1] if chance.random() < 0.9 else [chance.choice(codes)]
                if chance.random() < 0.05:
                    picked = agreed
                anchor = Anchor(
                    start + cut, end, text[start + cut : end], "", "", start // 3000, ()
                )
                annotation = Annotation(
                    new_annotation_id(), stored.id, anchor, "", reviewer, when, when
                )
                project.annotations.insert(
                    annotation, [Coding(annotation.id, c, reviewer, when) for c in picked]
                )
                made += 1
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--reviewers", type=int, default=5)
    options = smoke.parse(parser, annotations=2000)
    app = QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "curation.accord"
        started = time.perf_counter()
        make_project(path, annotations=options.annotations, reviewers=options.reviewers).close()
        print(f"project generated in {time.perf_counter() - started:.1f} s")
        project = open_project(path)  # as the window opens it: fresh, with a cold cache
        bridge = EditorBridge(Editor.start(project, "Lead"))
        measure(app, bridge)
        bridge.detach()
        project.close()


def measure(app: QApplication, bridge: EditorBridge) -> None:
    window = QMainWindow()
    window.resize(1400, 900)
    watch = PaintWatch()
    docks: list[CurationDock] = []

    def build() -> None:
        before = watch.paints
        dock = CurationDock(bridge, window)
        dock.view.viewport().installEventFilter(watch)
        window.setCentralWidget(dock)
        window.show()
        until_painted(app, watch, before)
        docks.append(dock)

    report("open the panel, first rows painted (cold)", timed(build), OPEN_FLOOR_MS)
    dock = docks[-1]
    agenda = dock.model.agenda
    assert agenda is not None
    versions = sum(len(unit.versions) for unit in agenda.units)
    counts = agenda.counts()
    print(
        f"  {versions:,} annotations, {len(agenda.reviewers)} reviewers, "
        f"{len(agenda.units):,} units: "
        + ", ".join(f"{counts[state]:,} {state.value}" for state in UnitState)
    )
    assert versions == bridge.project.annotations.count()
    window.takeCentralWidget().deleteLater()
    app.processEvents()
    report("open the panel again (pages cached)", timed(build), OPEN_FLOOR_MS)
    dock = docks[-1]

    def painted(change: object) -> Spent:
        def run() -> None:
            before = watch.paints
            assert callable(change)
            change()
            until_painted(app, watch, before)

        return timed(run)

    first = dock.model.unit(0)
    assert first is not None and first.state is UnitState.DISAGREE
    button = dock.adopt_buttons[first.versions[0].reviewer_id]
    report("a decision (adopt), until the list is painted", painted(button.click), FRAME_MS)
    assert dock.model.unit(0) is not first
    agreed = dock.model.agenda.counts()[UnitState.AGREE] if dock.model.agenda else 0
    report(
        f"pre-merge of {agreed:,} agreed units, until painted",
        painted(dock.pre_merge_button.click),
    )


if __name__ == "__main__":
    main()
