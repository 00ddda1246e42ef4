"""How long the event loop goes without answering: during a turn it handles nothing else, so
the longest turn is how long a user may wait for a key, a click or a repaint.

Measured with a heartbeat, a precise timer every ``BEAT_MS``: a turn that blocks delays the
next beat, and the longest delay is the longest turn, to within a beat. (The dispatcher's own
``awake``/``aboutToBlock`` signals do not bracket a turn's work: with GLib both come before
the wait, and the timers and events run after it.) ``accord --exit-when-project-ready``
reports the longest turn of the opening, which ``benchmarks/open_turns.py`` holds against
50 ms.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, QTimer

BEAT_MS = 5


class LoopTurns(QObject):
    """The longest turn of this thread's event loop since ``start``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.longest_ms = 0.0
        self._last = 0.0
        self._beat = QTimer(self)
        self._beat.setTimerType(Qt.TimerType.PreciseTimer)
        self._beat.setInterval(BEAT_MS)
        self._beat.timeout.connect(self._on_beat_timeout)

    def start(self) -> None:
        """Measure from now: call it just before the loop runs, so its first turn counts."""
        self._last = time.perf_counter()
        self._beat.start()

    def _on_beat_timeout(self) -> None:
        now = time.perf_counter()
        self.longest_ms = max(self.longest_ms, (now - self._last) * 1000 - BEAT_MS)
        self._last = now
