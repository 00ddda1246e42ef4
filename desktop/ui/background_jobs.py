"""Work on the project that runs on a thread of its own (an export, an import), with a
progress dialog and Cancel, kept alive until it finishes.

Each job has its own connection to the project file (SQLite connections stay on their thread;
WAL lets it read while the window keeps working). Closing the project cancels every job and
waits for it, so nothing holds the file once it is closed.

The formats and the store are imported only when a job runs: the window makes this part
before its first frame, which must not wait for them.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.ui.plain_text import warn

if TYPE_CHECKING:
    from desktop.store import Project

Progress = Callable[[int, int], None]
Work = Callable[["Project", Progress], object]
"""What a job does with its own connection to the project, saying its progress (done, total)."""
Result = TypeVar("Result")


class BackgroundJob(QThread):
    """Runs ``work(project, progress)`` on its own connection to the project file."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    """Why it failed; empty if it was cancelled."""

    def __init__(self, project_path: Path, work: Work) -> None:
        super().__init__()
        self._path = project_path
        self._work = work
        self._cancelled = False

    def cancel(self) -> None:
        """Stop at the next progress step, leaving nothing written."""
        self._cancelled = True

    def _progress(self, done: int, total: int) -> None:
        from desktop.formats.source import Cancelled

        if self._cancelled:
            raise Cancelled
        self.progressed.emit(done, total)

    def run(self) -> None:
        from desktop.core.errors import AccordError
        from desktop.formats.source import Cancelled
        from desktop.store import open_project

        try:
            with open_project(self._path) as project:
                result = self._work(project, self._progress)
        except Cancelled:
            self.failed.emit("")
        except (AccordError, OSError) as error:
            self.failed.emit(str(error))
        except Exception as error:  # a bug: said, and kept for the report, not a stuck dialog
            traceback.print_exc()
            self.failed.emit(
                f"Something went wrong ({type(error).__name__}: {error}); nothing "
                "was written. The details are in Accord's error output."
            )
        else:
            self.succeeded.emit(result)


class BackgroundJobs:
    """The jobs running now, for the project open in one window."""

    def __init__(self, parent: QWidget, *, say: Callable[[str, int], None]) -> None:
        """``parent``: the window the dialogs belong to; ``say(text, ms)``: a status message."""
        self._parent = parent
        self._say = say
        self._running: list[BackgroundJob] = []

    def __contains__(self, job: object) -> bool:
        return job in self._running

    def run(
        self,
        title: str,
        project_path: Path,
        work: Callable[[Project, Progress], Result],
        on_success: Callable[[Result], None],
    ) -> BackgroundJob:
        """Start ``work`` with a progress dialog titled ``title``; ``on_success(result)``."""
        parent = self._parent
        job = BackgroundJob(project_path, work)
        dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
        dialog.setWindowTitle(title)
        dialog.setMinimumDuration(400)
        dialog.canceled.connect(job.cancel)

        def on_progress(done: int, total: int) -> None:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(done)

        def on_failed(message: str) -> None:
            dialog.reset()
            if message:
                warn(parent, title, message)
            else:
                self._say(f"{title} cancelled; nothing was written.", 8000)

        def on_succeeded(result: object) -> None:
            dialog.reset()
            on_success(cast(Result, result))  # what ``work`` returned, through a Qt signal

        job.progressed.connect(on_progress)
        job.failed.connect(on_failed)
        job.succeeded.connect(on_succeeded)
        self._running.append(job)

        def on_finished() -> None:
            # One slot, in this order: a job is never listed once Qt may delete it (closing
            # the project waits for every job listed).
            if job in self._running:
                self._running.remove(job)
            job.deleteLater()

        job.finished.connect(on_finished)
        job.start()
        return job

    def stop_all(self) -> None:
        """Cancel every job and wait for it: an export or import in flight stops, leaving
        nothing."""
        for job in list(self._running):
            job.cancel()
            job.wait()
