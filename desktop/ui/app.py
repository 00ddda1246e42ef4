"""Build the application, show the window, and (for benchmarks) report when it is ready."""

from __future__ import annotations

import json
import linecache
import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.app.launching import LaunchPlan
from desktop.core import leftovers
from desktop.launch import EarlyStart, family_cpu_ms, family_memory_mb, ms_since_process_start
from desktop.ui.display import open_application
from desktop.ui.document_service import DocumentService
from desktop.ui.loop_turns import LoopTurns
from desktop.ui.main_window import MainWindow
from desktop.ui.pane import DocumentPane
from desktop.ui.settings import open_settings

READY_TIMEOUT_MS = 60_000
HIGHLIGHTS_TIMEOUT_MS = 170_000
"""Reading 100,000 highlights takes about 10 s on a quiet machine and over a minute on a
busy one; a benchmark's own limit is 180 s."""
HIGHLIGHTS_POLL_MS = 20
"""How often ``--exit-when-project-ready`` looks whether the panes have read their
highlights (the measure's resolution)."""
LEFTOVERS_AFTER_MS = 1500
"""When what a killed Accord left is looked for: after the first pages, never before them."""


def run(
    early: EarlyStart,
    plan: LaunchPlan,
    *,
    exit_when_ready: bool = False,
    with_project: bool = False,
    with_highlights: bool = False,
) -> int:
    """Show the window and run until it closes. ``exit_when_ready``: print the start-up
    timings and quit once both panes have painted, or (``with_project``) once the project is
    open too and its annotation list has painted, or (``with_highlights``) once the panes
    have read their highlights too."""
    imports_ms = ms_since_process_start()
    _forget_module_sources()
    app = QApplication.instance() or open_application(sys.argv[:1])
    app.setApplicationName("Accord")
    app.setApplicationDisplayName("Accord")
    service = DocumentService(early.client)
    window = MainWindow(service, open_settings())
    for pane, request in zip(window.panes, early.requests, strict=False):
        pane.adopt_request(*request)
    window.host.follow(plan)
    early.events.connect(service.deliver)  # only now: the panes wait for their answers
    window.show()
    window_shown_ms = ms_since_process_start()
    QTimer.singleShot(LEFTOVERS_AFTER_MS, lambda: _clean_leftovers(window))
    if exit_when_ready:
        _report_when_ready(
            app,
            window,
            imports_ms,
            window_shown_ms,
            with_project=with_project,
            with_highlights=with_highlights,
        )
    code = app.exec()
    window.host.close_project()
    early.shutdown()
    return code


def _clean_leftovers(window: MainWindow) -> None:
    """Remove what a killed Accord left (``desktop.core.leftovers``) and say so."""
    cleaned = leftovers.clean()
    if cleaned:
        window.statusBar().showMessage(cleaned.sentence(), 15000)


def _forget_module_sources() -> None:
    """Drop the source lines PySide6 has read: once loaded, it reads the whole source of every
    module named in an import statement (looking for ``from __feature__ import``), and
    ``linecache`` keeps them, about 2 MB by the time the window's modules are imported, of which
    nothing needs a line (a traceback reads its file again). Dropped before the window is built,
    that memory holds the window instead of staying resident beside it."""
    linecache.clearcache()


def _report_when_ready(
    app: QApplication,
    window: MainWindow,
    imports_ms: float,
    window_shown_ms: float,
    *,
    with_project: bool,
    with_highlights: bool,
) -> None:
    """Print the start-up timings once both panes have painted (and, ``with_project``, once
    the project's panels have painted too: ``project_ms``, whichever came last, and this
    process's CPU time by then, ``cpu_ms``; and, ``with_highlights``, once the annotation
    list is full, ``list_ms``, and both panes have read the highlights of every page,
    ``highlights_ms``, with the longest turn of the event loop since the window showed,
    ``longest_turn_ms``), with the memory of the window and the processes under it,
    ``pss_mb``, and the CPU time they have used, ``family_cpu_ms``, then quit (exit status 0).
    A pane paints its pages in view with their highlights, so ``first_paint_ms`` is when those
    highlights are on screen."""
    unpainted = {window.left, window.right}
    report = {"imports_ms": round(imports_ms, 1), "window_shown_ms": round(window_shown_ms, 1)}
    panels_painted = False
    turns = LoopTurns(window)
    turns.start()
    highlights_read = QTimer(window)
    highlights_read.setInterval(HIGHLIGHTS_POLL_MS)

    def finish_if_ready() -> None:
        if unpainted or (with_project and not panels_painted) or "pss_mb" in report:
            return
        if with_project:
            report["project_ms"] = round(ms_since_process_start(), 1)
            report["cpu_ms"] = round(time.process_time() * 1000, 1)
        report["pss_mb"] = family_memory_mb(os.getpid())
        report["family_cpu_ms"] = family_cpu_ms(os.getpid())
        if with_highlights:
            highlights_read.start()
        else:
            finish()

    def finish_once_highlights_read() -> None:
        lists = [window.host.list_dock.model] if window.host.list_dock is not None else []
        if "list_ms" not in report and not any(model.filling for model in lists):
            report["list_ms"] = round(ms_since_process_start(), 1)
        if "list_ms" not in report or any(
            pane.view.highlights is None or pane.view.highlights.loading
            for pane in window.panes
            if pane.view.document is not None
        ):
            return
        highlights_read.stop()
        report["highlights_ms"] = round(ms_since_process_start(), 1)
        report["longest_turn_ms"] = round(turns.longest_ms, 1)
        finish()

    def finish() -> None:
        print(json.dumps(report), flush=True)
        app.quit()

    def on_pane_ready(pane: DocumentPane) -> None:
        if pane in unpainted:
            unpainted.discard(pane)
            if not unpainted:
                report["first_paint_ms"] = round(ms_since_process_start(), 1)
            finish_if_ready()

    def on_panels_painted() -> None:
        nonlocal panels_painted
        panels_painted = True
        finish_if_ready()

    def on_timeout() -> None:
        what = (
            "the panes did not paint"
            if unpainted
            else "the project's panels did not paint"
            if not panels_painted
            else "the panes did not read their highlights"
        )
        print(f"accord: {what} within {timeout_ms} ms", file=sys.stderr)
        app.exit(1)

    highlights_read.timeout.connect(finish_once_highlights_read)
    for pane in (window.left, window.right):
        pane.ready.connect(lambda pane=pane: on_pane_ready(pane))
    window.host.panels_painted.connect(on_panels_painted)
    timeout_ms = HIGHLIGHTS_TIMEOUT_MS if with_highlights else READY_TIMEOUT_MS
    QTimer.singleShot(timeout_ms, on_timeout)
