"""The links' gutter painting 500 visible links while both panes scroll (issue 16).

The window is the real one (``MainWindow``, offscreen, as ``highlight_paint.py`` opens it),
on a project of the bundled pair with ``--links`` links between word spans of the first page
of each document (all in view at once). Each frame scrolls both panes by a few pixels and
repaints the gutter synchronously (``repaint()``: placing every band from its ends' page
points, building its shape and filling it antialiased); the median over ``--frames`` is
printed, wall and CPU time, against one frame, 16 ms.

    uv run python benchmarks/link_gutter.py [--links 500] [--frames 60]

``--smoke`` (CI): 50 links, 5 frames.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["ACCORD_DATA_DIR"] = tempfile.mkdtemp(prefix="accord-gutter-data-")

import smoke
from highlight_paint import all_drawn, open_window, wait_until
from PySide6.QtWidgets import QApplication
from spent import Spent, median, report, timed

from desktop.app.anchors import anchor_for_span
from desktop.app.projects import new_project
from desktop.app.reading import DocumentReader
from desktop.core.links import Link, LinkType, new_link_id
from desktop.core.model import Annotation, new_annotation_id, utc_now
from desktop.core.textlayer import TextLayer
from desktop.store import Project

FRAME_MS = 16.0
_WORD = re.compile(r"\w+")


def _spans(layer: TextLayer, count: int, seed: int) -> list[tuple[int, int]]:
    start, end = layer.page_span(0)
    words = [m.span() for m in _WORD.finditer(layer.text, start, end)]
    chance = random.Random(seed)
    found = []
    for _ in range(count):
        first = chance.randrange(len(words) - 3)
        found.append((words[first][0], words[first + chance.randint(0, 2)][1]))
    return found


def fill(project: Project, reader: DocumentReader, links: int) -> None:
    """``links`` links between word spans of the two documents' first pages."""
    documents = project.documents.all()[:2]
    reviewer = project.reviewers.ensure("Benchmark")
    now = utc_now()
    kinds = [kind for kind in LinkType if not kind.to_document]
    with tempfile.TemporaryDirectory() as folder, project.transaction():
        ends = []
        for number, document in enumerate(documents):
            layer = reader.read(project.documents.write_file(document.id, Path(folder))).text
            made = []
            for start, end in _spans(layer, links, seed=number):
                annotation = Annotation(
                    new_annotation_id(),
                    document.id,
                    anchor_for_span(layer, start, end),
                    "",
                    reviewer.id,
                    now,
                    now,
                )
                project.annotations.insert(annotation)
                made.append(annotation.id)
            ends.append(made)
        project.links.insert_many(
            Link(new_link_id(), a, b, None, kinds[n % len(kinds)], "", reviewer.id, now, now)
            for n, (a, b) in enumerate(zip(*ends, strict=True))
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=500)
    parser.add_argument("--frames", type=int, default=60)
    options = smoke.parse(parser, links=50, frames=5)
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="accord-gutter-") as folder:
        path = Path(folder) / "linked.accord"
        with DocumentReader() as reader, new_project(path, reader=reader) as project:
            fill(project, reader, options.links)
        window, service = open_window(path)
        turns: list[Spent] = []
        wait_until(app, lambda: window.host.list_dock is not None and all_drawn(window), turns)
        gutter = window.splitter.gutter
        for pane in window.panes:
            pane.view.fit_to_width()
            pane.view.verticalScrollBar().setValue(0)
        app.processEvents()
        visible = len(list(gutter.placed()))
        frames = []
        for frame in range(options.frames):
            for pane in window.panes:
                pane.view.verticalScrollBar().setValue(frame % 2 * 3)
            frames.append(timed(gutter.repaint))
        load = os.getloadavg()[0]
        print(f"load average (1 min) {load:.1f}; {visible} of {options.links} links in view")
        report(f"gutter frame with {visible} bands (median)", median(frames), FRAME_MS)
        window.close()
        service.shutdown()
    return 0 if visible >= options.links * 0.9 else 1


if __name__ == "__main__":
    sys.exit(main())
