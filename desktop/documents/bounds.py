"""What one document may cost the worker that reads it: memory, time per step, and its life.

Every document gets a worker process of its own (see ``client``), so a hostile file can cost at
most its own pane. Inside that process the bounds are the kernel's, because a step that hangs is
usually inside MuPDF, which holds Python's lock and never comes back to Python to be asked:

- memory: the worker caps its own address space (``RLIMIT_AS``); MuPDF then fails to allocate
  and the worker answers with ``TOO_MUCH_MEMORY`` (or, out of memory outside any request, exits
  with ``OUT_OF_MEMORY_EXIT``);
- time: before each step (opening, laying out, drawing a page, reading text) the worker sets an
  alarm whose default action ends it; the client sees the signal and says what happened;
- life: the worker asks the kernel to kill it when the process that started it dies (a killed
  ``accord export`` must not leave its worker running, holding the command's pipes).

This module never imports PyMuPDF: the client (in the GUI process) reads the sentences here.
"""

from __future__ import annotations

import contextlib
import os
import signal
from dataclasses import dataclass

OUT_OF_MEMORY_EXIT = 75
"""The worker's exit status when it ran out of memory outside a request it could answer."""
_CRASHES = frozenset({signal.SIGSEGV, signal.SIGBUS, signal.SIGABRT, signal.SIGFPE, signal.SIGILL})
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True, slots=True)
class WorkerLimits:
    """The bounds of one worker: its address space, and how long one step may take."""

    memory_bytes: int = 1024**3
    """1 GB: far above what the largest document Accord opens needs (the 1,000-page agreement
    peaks near 150 MB), far below what a workstation can spare."""
    step_seconds: int = 60
    """One step: opening and laying out a document, drawing a page, reading its text. The
    largest documents Accord accepts take a tenth of this on a loaded two-core machine."""
    export_seconds: int = 300
    """Writing a PDF with its highlights, or reading a PDF's highlights: work that grows with
    the number of annotations, which a user waits for behind a progress dialog."""

    def arguments(self) -> list[str]:
        return [
            "--memory",
            str(self.memory_bytes),
            "--seconds",
            str(self.step_seconds),
            "--export-seconds",
            str(self.export_seconds),
        ]

    @classmethod
    def from_arguments(cls, options: dict[str, str]) -> WorkerLimits:
        default = cls()
        return cls(
            int(options.get("--memory", default.memory_bytes)),
            int(options.get("--seconds", default.step_seconds)),
            int(options.get("--export-seconds", default.export_seconds)),
        )

    def too_much_memory(self) -> str:
        return (
            f"reading it needs more than {self.memory_bytes // 1024**2:,} MB of memory, "
            "the most Accord gives one document"
        )

    def why_stopped(self, returncode: int) -> str | None:
        """What a worker's exit status says about the document it was reading (None: nothing,
        it was killed from outside or ended for a reason of its own)."""
        if returncode == -signal.SIGALRM:
            return (
                f"Accord stopped reading it after {self.step_seconds} seconds on one step: "
                "the file is too large or too complex to lay out"
            )
        if returncode == OUT_OF_MEMORY_EXIT:
            return self.too_much_memory()
        if -returncode in _CRASHES:
            return "the document reader crashed on it (MuPDF could not handle its content)"
        return None


def limit_memory(limits: WorkerLimits) -> None:
    """Cap this process's address space (where the platform allows it)."""
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))


def die_with_parent(parent: int) -> None:
    """Have Linux kill this process when the thread that started it ends, and end now if that
    has already happened (the parent died before the request could be made)."""
    with contextlib.suppress(ImportError, OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(0)


def arm(seconds: int) -> None:
    """End this process if the step that starts now is not over in ``seconds`` (0: disarm).

    SIGALRM keeps its default action, which ends the process even while MuPDF holds Python's
    lock (a Python handler would wait for it)."""
    signal.alarm(seconds)


def allow_alarm_to_end_the_process() -> None:
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
