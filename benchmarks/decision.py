"""A decision in a project of 100,000 annotations, until the page and the list show it.

The window is the real one (``highlight_paint.open_window``: ``MainWindow`` offscreen, 1400 x
900) on the two bundled documents filled with 100,000 generated annotations. For each run a
highlight on the letter's first page is made current and its row scrolled into the list (not
timed); then Review > Accept, or Reject with its note already typed (alternately), is
triggered as its key triggers it (the command, the store's write of the event and the status,
every view's ChangeSet handling), and the page and the list are repainted (``repaint()``, a
synchronous paint: the dimmed or plain highlight, the greyed or plain row). The median over
``--runs``, wall and this thread's CPU time, with the ratio to one frame, 16 ms. Each decision
is undone afterwards (not timed), so every run meets the same project.

    uv run python benchmarks/decision.py [--annotations 100000] [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["ACCORD_DATA_DIR"] = tempfile.mkdtemp(prefix="accord-decision-data-")

import smoke
from highlight_paint import FRAME_MS, all_drawn, open_window, wait_until
from interop_jsonld_csv import fill
from PySide6.QtWidgets import QApplication
from spent import Spent, median, report, timed

from desktop.app.projects import new_project
from desktop.app.reading import DocumentReader
from desktop.core.model import Status
from desktop.ui import review_commands
from desktop.ui.main_window import MainWindow


def measure(app: QApplication, window: MainWindow, runs: int) -> None:
    pane, host = window.left, window.host
    assert host.annotator is not None and host.bridge is not None and host.list_dock is not None
    listing = host.list_dock
    review_commands.ask_note = lambda parent, verdict: "Benchmark: not a clause"
    shown = [h.id for h in pane.view.highlights_on(0)]
    assert shown, "no highlight on the first page"
    totals: list[Spent] = []
    commands: list[Spent] = []
    pages: list[Spent] = []
    lists: list[Spent] = []
    for run in range(runs):
        annotation_id = shown[run * 7919 % len(shown)]
        host.annotator.set_current(annotation_id, pane)
        row = listing.model.row_of(annotation_id)
        if row is not None:
            listing.view.scrollTo(listing.model.index(row, 0))
        pane.view.setFocus()
        app.processEvents()
        action = window.actions_by_id["accept" if run % 2 == 0 else "reject"]
        wall, cpu = time.perf_counter(), time.thread_time()
        command = timed(action.trigger)
        page = timed(pane.view.viewport().repaint)
        listed = timed(listing.view.viewport().repaint)
        totals.append(Spent((time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000))
        commands.append(command)
        pages.append(page)
        lists.append(listed)
        expected = Status.ACCEPTED if run % 2 == 0 else Status.REJECTED
        assert host.bridge.project.annotations.require(annotation_id).status is expected
        host.bridge.undo()
        app.processEvents()
    report(
        f"a decision, until page and list are repainted (median of {runs})",
        median(totals),
        FRAME_MS,
    )
    report("  slowest", max(totals, key=lambda s: s.cpu), FRAME_MS)
    report("  the command and every view's ChangeSet handling", median(commands))
    report("  the page's repaint", median(pages))
    report("  the list's repaint", median(lists))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    options = smoke.parse(parser, annotations=2000, runs=4)
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="accord-decision-") as folder:
        path = Path(folder) / "filled.accord"
        started = time.perf_counter()
        with DocumentReader() as reader, new_project(path, reader=reader) as project:
            fill(project, reader, options.annotations)
        took = time.perf_counter() - started
        print(f"{options.annotations:,} annotations generated in {took:.1f} s")
        window, service = open_window(path)
        turns: list[Spent] = []
        wait_until(app, lambda: window.host.list_dock is not None, turns)
        wait_until(app, lambda: all_drawn(window), turns)
        measure(app, window, options.runs)
        window.close()
        service.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
