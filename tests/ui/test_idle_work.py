"""Idle work: jobs run most urgent first, a step at a time, within one budget per turn; while
they run the cycle collector makes no full collection, and what they made is frozen out of
its sight once they are done (a full collection over 100,000 loaded highlights blocked the
window for up to a second, collecting nothing)."""

from __future__ import annotations

import gc
import time

from desktop.ui.idle_work import FREEZE_AFTER, Urgency, idle_work, release_frozen


def test_the_most_urgent_job_runs_first_and_each_runs_to_its_end(qtbot) -> None:
    ran: list[str] = []

    def job(name: str, steps: int):  # type: ignore[no-untyped-def]
        def step(deadline: float) -> bool:
            ran.append(name)
            return ran.count(name) < steps

        return step

    later, sooner = job("list", 3), job("page", 2)
    idle_work().start(later, Urgency.LIST)
    idle_work().start(sooner, Urgency.VISIBLE)
    qtbot.waitUntil(lambda: not idle_work().pending(later), timeout=5000)
    assert ran == ["page", "page", "list", "list", "list"]


def test_no_full_collection_while_jobs_run_and_what_they_made_is_frozen(qtbot) -> None:
    release_frozen()
    made: list[list[int]] = []
    full: list[dict[str, int]] = []

    def on_collection(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(info)

    def load(deadline: float) -> bool:  # one step a turn, for more turns than FREEZE_AFTER
        made.extend([number] for number in range(20_000))  # tracked, as highlights are
        time.sleep(max(0.0, deadline - time.perf_counter()))
        return len(made) < 20_000 * (FREEZE_AFTER + 10)

    gc.callbacks.append(on_collection)
    try:
        idle_work().start(load, Urgency.LIST)
        qtbot.waitUntil(lambda: not idle_work().pending(load), timeout=30_000)
    finally:
        gc.callbacks.remove(on_collection)
    assert full == []
    assert gc.get_freeze_count() >= len(made)
    release_frozen()
    assert gc.get_freeze_count() == 0


def test_an_edits_few_turns_of_work_are_not_frozen(qtbot) -> None:
    """What an edit's work leaves is collected as usual: only a load is frozen."""
    release_frozen()

    def step(deadline: float) -> bool:
        return False

    idle_work().start(step, Urgency.VISIBLE)
    qtbot.waitUntil(lambda: not idle_work().pending(step), timeout=5000)
    assert gc.get_freeze_count() == 0
