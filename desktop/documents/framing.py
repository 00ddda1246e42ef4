"""Length-prefixed pickle frames over a pipe between the GUI process and the document worker.

Both ends of the pipe are Accord's own processes, started by the client with the same
interpreter, so pickle is safe here and moves page images with a single copy.
"""

from __future__ import annotations

import pickle
import struct
from typing import BinaryIO

_HEADER = struct.Struct(">Q")


def write_frame(stream: BinaryIO, message: object) -> None:
    """Write one message and flush, so the other end sees it at once."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def read_frame(stream: BinaryIO) -> object | None:
    """The next message, or None when the other end has closed the pipe."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)
