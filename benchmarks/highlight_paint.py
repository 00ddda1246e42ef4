"""Creating a highlight in a project of 100,000 annotations, until the page shows it.

The window is the real one (``MainWindow`` with its ``ProjectHost``, offscreen, 1400 x 900),
opened on a project over the two bundled documents filled with 100,000 generated annotations
(``interop_jsonld_csv.fill``: some 25,000 overlap each page). Prints:

- how long after the project opened until every highlight of the pages in view is drawn, and
  the longest the event loop was blocked meanwhile (what a user scrolling or typing would feel);
- the figure: text selected on the letter's first page, the Highlight action triggered as the
  H key triggers it (the command executed, every view's ChangeSet handling), then the page
  repainted (``viewport().repaint()``, a synchronous paint); the median over ``--runs``, wall
  and this thread's CPU time, with the ratio to one frame, 16 ms. Each highlight is undone
  afterwards (not timed), so every run meets the same page;
- the same split in two (command and ChangeSet handling; repaint), and the rest of the window's
  next frame (the list, the codebook panel and the status bar paint too). The codebook panel
  no longer counts every coding after an edit (it moves its counts by the ChangeSet).

    uv run python benchmarks/highlight_paint.py [--annotations 100000] [--runs 30] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["ACCORD_DATA_DIR"] = tempfile.mkdtemp(prefix="accord-paint-data-")

import smoke
from interop_jsonld_csv import fill
from PySide6.QtWidgets import QApplication
from spent import Spent, median, report, timed

from desktop.app.launching import plan_launch
from desktop.app.projects import new_project
from desktop.app.reading import DocumentReader
from desktop.launch import EarlyStart
from desktop.ui.document_service import DocumentService
from desktop.ui.main_window import MainWindow
from desktop.ui.pane import DocumentPane
from desktop.ui.settings import open_settings

FRAME_MS = 16.0
_WORD = re.compile(r"\w+")


def open_window(path: Path) -> tuple[MainWindow, DocumentService]:
    """As ``accord --project PATH`` builds it (``desktop.ui.app.run``)."""
    settings = open_settings()
    settings.setValue("reviewer/name", "Benchmark")  # no first-edit prompt
    early = EarlyStart()
    plan = plan_launch(path, left=None, right=None)
    early.open(plan.files)
    service = DocumentService(early.client)
    window = MainWindow(service, settings)
    for pane, request in zip(window.panes, early.requests, strict=False):
        pane.adopt_request(*request)
    window.host.follow(plan)
    early.events.connect(service.deliver)
    window.show()
    return window, service


def all_drawn(window: MainWindow) -> bool:
    """Every highlight of every page in view is read and drawn, and the list's filter index is
    loaded: nothing is left to do while idle."""
    if window.host.list_dock is None or not window.host.list_dock.model.index_ready:
        return False
    for pane in window.panes:
        view = pane.view
        if view.highlights is None or view.highlights.loading:
            return False
        for page in view.visible_pages():
            shown = view.highlights_on(page)
            if not getattr(shown, "finished", True):
                return False
    return True


def wait_until(app: QApplication, done: Callable[[], bool], turns: list[Spent]) -> None:
    while not done():
        turns.append(timed(app.processEvents))


def spans_in_view(pane: DocumentPane, count: int) -> list[tuple[int, int]]:
    """Word-aligned selections of 3 to 15 words in the top half of the pane's first page."""
    layer = pane.view.text_layer
    assert layer is not None
    start, end = layer.page_span(0)
    words = [m.span() for m in _WORD.finditer(layer.text, start, start + (end - start) // 2)]
    chance = random.Random(11)
    found = []
    for _ in range(count):
        first = chance.randrange(len(words) - 16)
        found.append((words[first][0], words[first + chance.randint(2, 14)][1]))
    return found


def measure(app: QApplication, window: MainWindow, runs: int, *, profile: bool) -> None:
    pane = window.left
    view = pane.view
    highlight = window.actions_by_id["highlight"]
    totals: list[Spent] = []
    commands: list[Spent] = []
    repaints: list[Spent] = []
    frames: list[Spent] = []
    profiler = cProfile.Profile()
    for start, end in spans_in_view(pane, runs):
        view.setFocus()
        window.active_pane = pane
        view.set_selection(start, end)
        app.processEvents()
        wall, cpu = time.perf_counter(), time.thread_time()
        if profile:
            profiler.enable()
        command = timed(highlight.trigger)
        repaint = timed(view.viewport().repaint)
        if profile:
            profiler.disable()
        totals.append(Spent((time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000))
        commands.append(command)
        repaints.append(repaint)
        assert window.host.annotator is not None and window.host.annotator.current is not None
        frames.append(timed(app.processEvents))
        assert window.host.bridge is not None
        window.host.bridge.undo()
        app.processEvents()
    report(f"highlight, until the page is repainted (median of {runs})", median(totals), FRAME_MS)
    report("  slowest", max(totals, key=lambda s: s.cpu), FRAME_MS)
    report("  the command and every view's ChangeSet handling", median(commands))
    report("  the page's repaint", median(repaints))
    report("  then the rest of the window's frame (list, codebook, status)", median(frames))
    if profile:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--project",
        type=Path,
        metavar="PATH",
        help="measure on this project instead of generating one (each highlight made is undone)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="print where the timed runs spent their time"
    )
    options = smoke.parse(parser, annotations=2000, runs=3)
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="accord-paint-") as folder:
        path = options.project or Path(folder) / "filled.accord"
        if options.project is None:
            started = time.perf_counter()
            with DocumentReader() as reader, new_project(path, reader=reader) as project:
                fill(project, reader, options.annotations)
            print(
                f"{options.annotations:,} annotations generated in "
                f"{time.perf_counter() - started:.1f} s"
            )
        window, service = open_window(path)
        turns: list[Spent] = []
        opening = timed(lambda: wait_until(app, lambda: window.host.list_dock is not None, turns))
        report("window shown until the project is open", opening)
        turns = []
        drawing = timed(lambda: wait_until(app, lambda: all_drawn(window), turns))
        report("then until every highlight in view is drawn", drawing)
        report("  longest event-loop turn meanwhile", max(turns, key=lambda s: s.wall))
        measure(app, window, options.runs, profile=options.profile)
        window.close()
        service.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
