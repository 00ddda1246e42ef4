"""Starting the document worker process, with as little imported as possible first.

At launch the first paint waits on the worker (it imports PyMuPDF), so ``accord`` starts it
before anything else it will need: this module uses the standard library's process tools and
the pixel ring only, not the protocol's classes, which the GUI imports while the worker starts.
``DocumentClient`` adopts the process (and spawns its replacements here too).
"""

from __future__ import annotations

import subprocess
import time
from typing import NamedTuple

from desktop.core.children import child_environment, module_command
from desktop.core.framing import widen_pipe
from desktop.documents.pixel_ring import PixelRing


class SpawnedWorker(NamedTuple):
    process: subprocess.Popen[bytes]
    ring: PixelRing | None
    """The worker's own pixel ring; None where memory files do not exist (images take the pipe)."""
    started_at: float
    """``time.monotonic()`` when it was started (a worker that dies soon after is not retried
    forever)."""


def spawn_worker() -> SpawnedWorker:
    """Start a worker with a pixel ring of its own; requests may be written at once (they wait
    in the pipe), and its events wait in the other pipe until someone reads them."""
    ring = PixelRing.create()
    pixels = ["--pixels", str(ring.fd)] if ring is not None else []
    try:
        process = subprocess.Popen(
            module_command("desktop.documents.worker", *pixels),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=child_environment(),
            pass_fds=(ring.fd,) if ring is not None else (),
        )
    except BaseException:
        if ring is not None:
            ring.close()
        raise
    started_at = time.monotonic()
    widen_pipe(process.stdout)
    widen_pipe(process.stdin)
    return SpawnedWorker(process, ring, started_at)
