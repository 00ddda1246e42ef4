"""The memory figure ``accord --exit-when-ready`` reports: the window and every process under it
(template and workers), each shared page counted once."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from desktop.launch import family_memory_mb, rss_mb

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the figure reads Linux's /proc"
)

_PARENT_AND_CHILD = textwrap.dedent("""
    import os, sys
    data = bytearray(40 * 1024 * 1024)  # 40 MB of its own, written to
    for at in range(0, len(data), 4096):
        data[at] = 1
    child = os.fork()  # shares those pages with its parent until one writes to them
    if child == 0:
        print(os.getpid(), flush=True)
        sys.stdin.read()
        os._exit(0)
    sys.stdin.read()
    os.waitpid(child, 0)
""")


def test_a_family_counts_the_pages_its_processes_share_once() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", _PARENT_AND_CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        child = int(parent.stdout.readline())
        family = family_memory_mb(parent.pid)
        alone = rss_mb([parent.pid])
        assert family > 40  # the child is counted with its parent
        # Added up, their resident sizes count the 40 MB they share twice.
        assert rss_mb([parent.pid, child]) - family > 30
        assert family < alone + 10
    finally:
        parent.stdin.close()
        parent.wait(timeout=30)


def test_this_process_alone_is_its_own_family() -> None:
    assert 0 < family_memory_mb(os.getpid()) <= rss_mb([os.getpid()])
