"""The event loop's clock (what ``--exit-when-project-ready`` reports as ``longest_turn_ms``)
sees a turn that blocks."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer

from desktop.ui.loop_turns import LoopTurns


def test_a_blocking_turn_is_measured_at_least_as_long_as_it_blocked(qtbot) -> None:
    turns = LoopTurns()
    turns.start()
    QTimer.singleShot(20, lambda: time.sleep(0.12))
    qtbot.wait(300)
    assert turns.longest_ms >= 110
