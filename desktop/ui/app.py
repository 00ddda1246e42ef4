"""Build the application, show the window, and (for benchmarks) report when it is ready."""

from __future__ import annotations

import json
import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.app.launching import LaunchPlan
from desktop.launch import EarlyStart, ms_since_process_start, rss_mb
from desktop.ui.document_service import DocumentService
from desktop.ui.main_window import MainWindow
from desktop.ui.pane import DocumentPane
from desktop.ui.settings import open_settings

READY_TIMEOUT_MS = 60_000


def run(early: EarlyStart, plan: LaunchPlan, *, exit_when_ready: bool = False) -> int:
    imports_ms = ms_since_process_start()
    app = QApplication.instance() or QApplication(sys.argv[:1])
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
    if exit_when_ready:
        _report_when_ready(app, window, service, imports_ms, window_shown_ms)
    code = app.exec()
    window.host.close_project()
    service.shutdown()
    return code


def _report_when_ready(
    app: QApplication,
    window: MainWindow,
    service: DocumentService,
    imports_ms: float,
    window_shown_ms: float,
) -> None:
    """Print the start-up timings once both panes have painted, then quit (exit status 0)."""
    waiting = {window.left, window.right}

    def on_ready(pane: DocumentPane) -> None:
        waiting.discard(pane)
        if waiting:
            return
        report = {
            "imports_ms": round(imports_ms, 1),
            "window_shown_ms": round(window_shown_ms, 1),
            "first_paint_ms": round(ms_since_process_start(), 1),
            "rss_mb": rss_mb([os.getpid(), *service.client.worker_pids()]),
        }
        print(json.dumps(report), flush=True)
        app.quit()

    def on_timeout() -> None:
        print(f"accord: the panes did not paint within {READY_TIMEOUT_MS} ms", file=sys.stderr)
        app.exit(1)

    for pane in (window.left, window.right):
        pane.ready.connect(lambda pane=pane: on_ready(pane))
    QTimer.singleShot(READY_TIMEOUT_MS, on_timeout)
