"""Length-prefixed pickle frames over a pipe between Accord's own processes: the GUI and the
document worker, and an import and the child that parses its file.

Both ends of the pipe are Accord's own processes, started with the same interpreter, so pickle
is safe here (what the child parses is untrusted; what it sends is values it made). Page
images are the bulk of the worker's traffic, so large byte strings travel out of band (pickle
protocol 5): they are written to the pipe as they are and read straight into their final
buffer, instead of being copied into and out of a pickle.
"""

from __future__ import annotations

import contextlib
import fcntl
import pickle
import struct
from collections.abc import Callable
from typing import IO

RawFrame = tuple[bytes, list[bytearray]]
"""A message's pickle and its out-of-band buffers."""
_HEADER = struct.Struct(">QI")
_LENGTH = struct.Struct(">Q")
_OUT_OF_BAND_BYTES = 64 * 1024
_PIPE_BYTES = 1024 * 1024
_F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)


def widen_pipe(stream: IO[bytes]) -> None:
    """Ask Linux for a 1 MB pipe buffer (64 KB by default): a page image then crosses in a few
    large writes instead of fifty small ones. Elsewhere, or if refused, nothing changes."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        fcntl.fcntl(stream.fileno(), _F_SETPIPE_SZ, _PIPE_BYTES)


def _buffer_callback(buffers: list[pickle.PickleBuffer]) -> Callable[[pickle.PickleBuffer], bool]:
    def keep(buffer: pickle.PickleBuffer) -> bool:
        if buffer.raw().nbytes < _OUT_OF_BAND_BYTES:
            return True  # small: cheaper inside the pickle
        buffers.append(buffer)
        return False

    return keep


def write_frame(stream: IO[bytes], message: object) -> None:
    """Write one message and flush, so the other end sees it at once."""
    buffers: list[pickle.PickleBuffer] = []
    data = pickle.dumps(message, protocol=5, buffer_callback=_buffer_callback(buffers))
    stream.write(_HEADER.pack(len(data), len(buffers)))
    for buffer in buffers:
        stream.write(_LENGTH.pack(buffer.raw().nbytes))
    stream.write(data)
    for buffer in buffers:
        stream.write(buffer.raw())
    stream.flush()


def read_frame(stream: IO[bytes]) -> object | None:
    """The next message, or None when the other end has closed the pipe."""
    raw = read_raw_frame(stream)
    return None if raw is None else pickle.loads(raw[0], buffers=raw[1])


def read_raw_frame(stream: IO[bytes]) -> RawFrame | None:
    """The next message's pickle and out-of-band buffers, not yet unpickled (to unpickle in
    another thread), or None when the other end has closed the pipe."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    size, count = _HEADER.unpack(header)
    lengths = []
    for _ in range(count):
        length = stream.read(_LENGTH.size)
        if len(length) < _LENGTH.size:
            return None
        lengths.append(_LENGTH.unpack(length)[0])
    data = stream.read(size)
    if len(data) < size:
        return None
    buffers = []
    for length in lengths:
        buffer = bytearray(length)
        # typeshed's IO[bytes] has no readinto, but every pipe read here is buffered (the
        # BufferedReader of subprocess's PIPE or of sys.stdin.buffer), which has.
        if stream.readinto(buffer) < length:  # type: ignore[attr-defined]
            return None
        buffers.append(buffer)
    return data, buffers
