"""The template worker: one process that imports PyMuPDF once and forks a worker per document.

Run as ``python -m desktop.documents.template --parent PID --control FD`` by
``spawning.WorkerTemplate``, at the very start of a launch, so PyMuPDF is imported on the
second core while the window imports Qt on the first. Starting each worker as a fresh Python
cost a third of a second of CPU and about 30 MB for its own copy of PyMuPDF; a worker forked
from here costs a few milliseconds, and shares the template's pages (the interpreter, PyMuPDF
and its Python wrapper) copy-on-write, so only what its document adds is its own.

A forked worker is as isolated as a spawned one: it is a process of its own, runs the worker's
``main`` with its own memory cap and alarm budgets (``bounds``), and dies with the template,
which dies with the window (``PR_SET_PDEATHSIG`` on each link).

The control socket (``SOCK_SEQPACKET``, so each message arrives whole) carries:
- to the template: ``fork ARGUMENTS…`` with the worker's request pipe, event pipe and pixel
  ring (if any) as file descriptors; the ring's descriptor number replaces ``{ring}`` among
  the arguments;
- from the template: ``forked PID`` for each fork, in the order asked, and ``ended PID STATUS``
  (the raw wait status) when a worker ends, which only its parent, the template, can see.
The template ends when the window closes its end of the socket.
"""

from __future__ import annotations

import contextlib
import gc
import os
import select
import socket
import sys
import traceback

MESSAGE_BYTES = 4096
MAX_FDS = 3


def serve(control: socket.socket) -> None:
    """Fork a worker for each request until the window is gone, and report how each ended."""
    poll = select.poll()  # poll, not epoll: it keeps no descriptor a fork would inherit
    poll.register(control, select.POLLIN)
    children: dict[int, int] = {}  # pidfd -> pid
    while True:
        for fd, _event in poll.poll():
            if fd == control.fileno():
                message, fds, _flags, _address = socket.recv_fds(control, MESSAGE_BYTES, MAX_FDS)
                if not message:
                    return
                pid = _fork_worker(
                    message.decode().split()[1:], fds, inherited=[control.fileno(), *children]
                )
                pidfd = os.pidfd_open(pid)
                children[pidfd] = pid
                poll.register(pidfd, select.POLLIN)
                control.send(f"forked {pid}".encode())
            else:
                pid = children.pop(fd)
                poll.unregister(fd)
                os.close(fd)
                _pid, status = os.waitpid(pid, 0)
                control.send(f"ended {pid} {status}".encode())


def _fork_worker(arguments: list[str], fds: list[int], *, inherited: list[int]) -> int:
    """Fork a worker reading requests from ``fds[0]`` and writing events to ``fds[1]``, with
    ``fds[2]`` (if given) as its pixel ring; the template keeps none of them."""
    parent = os.getpid()
    pid = os.fork()
    if pid:
        for fd in fds:
            os.close(fd)
        return pid
    code = 1
    try:  # the worker: it never returns into the template's loop
        for fd in inherited:
            os.close(fd)
        os.dup2(fds[0], sys.stdin.fileno())
        os.dup2(fds[1], sys.stdout.fileno())
        os.close(fds[0])
        os.close(fds[1])
        ring = str(fds[2]) if len(fds) > 2 else ""
        from desktop.documents import worker

        worker.main(["--parent", str(parent), *(ring if a == "{ring}" else a for a in arguments)])
        code = 0
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(code)


def main() -> None:
    options = dict(zip(sys.argv[1::2], sys.argv[2::2], strict=False))
    from desktop.documents import bounds, worker  # noqa: F401  (imports PyMuPDF, for every fork)

    bounds.die_with_parent(int(options["--parent"]))
    # Every worker forked from here shares these objects' pages while nothing writes to them;
    # Python's collector would write to each (its bookkeeping lives in the objects), so they
    # are moved out of its sight for good.
    gc.freeze()
    with (
        socket.socket(fileno=int(options["--control"])) as control,
        contextlib.suppress(BrokenPipeError, ConnectionResetError, KeyboardInterrupt),
    ):
        serve(control)  # until the window is gone


if __name__ == "__main__":
    main()
