"""The memory figure ``accord --exit-when-ready`` reports for its window and worker together."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from desktop.launch import physical_pages_visible, rss_mb


def test_pages_two_processes_share_are_counted_once() -> None:
    if not physical_pages_visible():
        pytest.skip("the kernel shows which physical page is which to root only")
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; print(1, flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert child.stdout.readline().strip() == b"1"  # its interpreter is loaded
        apart = rss_mb([os.getpid()]) + rss_mb([child.pid])
        together = rss_mb([os.getpid(), child.pid])
        # Both map the Python and C libraries, which are in memory once.
        assert 0 < together < apart - 1
        assert together > max(rss_mb([os.getpid()]), rss_mb([child.pid]))
    finally:
        child.stdin.close()
        child.wait(timeout=30)
