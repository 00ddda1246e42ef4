"""Reading a large ``.qdpx`` in a child process, so that the import places and writes what the
file holds while the rest of it is still being parsed.

Parsing ``project.qde`` is nearly half of an import's work (2.2 s of 5 for 100,000
annotations), and the other half (placing each annotation, writing it) can start as soon as
the first ones are read: on two cores the two halves then overlap. The child runs
``qdpx_read.read_events`` and sends each event over its stdout as a frame
(``desktop.core.framing``); annotations travel by field name: each batch carries the names of
``IncomingAnnotation``'s fields once and a tuple of values per annotation, which this side
matches to the names (pickled as objects, they cost three times as much). A thread of the
importing process takes the frames off the pipe as they come, so the child never waits on a
full pipe while the import waits on something else (the document worker reading a document); it
only copies bytes, which it does without Python's lock, and the import decodes them. (Decoding
in the thread made it take the lock from the import between SQLite's rows: the import took a
tenth longer.)

The child does not check the codebook against the REFI-QDA schema: loading ``xmlschema`` and
the schema takes a third of a second, which would delay every annotation behind it. It sends
the codebook as it is, and this process, which builds the schema in a thread while the child
starts (and keeps it for the next import), checks it and makes the codes.

A refusal in the child is raised again here as ``ImportRefused``, with its message; anything
else the child meets is a ``RuntimeError`` naming it (a bug: the child prints its traceback
to the error output it shares with this process); a child that stops without finishing
(killed, out of memory) is an ``AccordError`` that says so. A small file is read in this
process: below ``IN_CHILD_FROM``, starting the child costs more than it saves.
"""

from __future__ import annotations

import contextlib
import pickle
import queue
import subprocess
import sys
import threading
import traceback
from collections.abc import Iterator
from dataclasses import fields
from operator import attrgetter
from pathlib import Path

from defusedxml.ElementTree import fromstring

from desktop.codebook.xmlsafe import PROJECT_NS, schema_for
from desktop.core.children import child_environment, module_command
from desktop.core.errors import AccordError
from desktop.core.framing import RawFrame, read_raw_frame, widen_pipe, write_frame
from desktop.formats.incoming import (
    AnnotationsRead,
    CodesRead,
    IncomingAnnotation,
    ReadEnd,
    ReadEvent,
)
from desktop.formats.limits import ImportRefused
from desktop.formats.qdpx_parts import codes_of
from desktop.formats.qdpx_read import UncheckedCodebook, read_events

IN_CHILD_FROM = 1024**2
"""Size of an archive (compressed) from which it is read in a child: about 8,000 annotations,
whose parsing takes about as long as starting the child."""
_MODULE = "desktop.formats.qdpx_child"
_NAMES = tuple(f.name for f in fields(IncomingAnnotation))
_values_of = attrgetter(*_NAMES)
"""An annotation's values, in the order of ``_NAMES`` (sent with them)."""


@contextlib.contextmanager
def events(path: Path) -> Iterator[Iterator[ReadEvent]]:
    """The events of reading the project at ``path``, in a child process when it is large;
    leaving the block stops the child if it is still reading."""
    try:
        large = path.stat().st_size >= IN_CHILD_FROM
    except OSError:
        large = False  # (the reader says what is wrong)
    if not large:
        read: list[ReadEvent] = []
        read_events(path, read.append)
        yield iter(read)
        return
    child = _Child(path)
    try:
        yield child.events()
    finally:
        child.stop()


class _Child:
    """The child process reading one file, and the thread taking its frames as they come."""

    def __init__(self, path: Path) -> None:
        self._file = path.name
        self._process = subprocess.Popen(
            module_command(_MODULE, str(path)),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            env=child_environment(),
        )
        assert self._process.stdout is not None
        widen_pipe(self._process.stdout)
        self._frames: queue.SimpleQueue[RawFrame | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._take, name="qdpx reader", daemon=True)
        self._thread.start()
        self._schema = threading.Thread(
            target=schema_for, args=(PROJECT_NS,), name="REFI-QDA schema", daemon=True
        )
        self._schema.start()

    def _take(self) -> None:
        """Take frames off the pipe until the child closes its end."""
        stream = self._process.stdout
        assert stream is not None
        try:
            while (frame := read_raw_frame(stream)) is not None:
                self._frames.put(frame)
        except (OSError, ValueError):
            pass  # (the pipe closed under it: the child was stopped)
        finally:
            self._frames.put(None)

    def events(self) -> Iterator[ReadEvent]:
        """The child's events, decoded here, up to its ``ReadEnd``."""
        while (frame := self._frames.get()) is not None:
            kind, *values = pickle.loads(frame[0], buffers=frame[1])
            if kind == "annotations":
                batch = values[0]
                names = batch["names"]
                yield AnnotationsRead(
                    [
                        IncomingAnnotation(**dict(zip(names, row, strict=True)))
                        for row in batch["rows"]
                    ],
                    batch["done"],
                    batch["total"],
                    notes_final=False,
                )
                continue
            value = values[0]
            if kind == "codebook":
                yield CodesRead(codes_of(fromstring(value), file_name=self._file))
                continue
            if kind == "refused":
                raise ImportRefused(str(value))
            if kind == "failed":
                raise RuntimeError(f"Reading “{self._file}” failed in its process ({value})")
            assert isinstance(value, ReadEvent)
            yield value
            if isinstance(value, ReadEnd):
                return
        status = self._process.wait()
        raise AccordError(
            f"The process reading “{self._file}” stopped before the end (exit "
            f"status {status}); nothing was imported. Try again."
        )

    def stop(self) -> None:
        """Stop the child (once it has sent its end, it is only exiting) and its reader."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._thread.join()
        assert self._process.stdout is not None
        self._process.stdout.close()


def main(arguments: list[str]) -> int:
    """The child: read the file named by the one argument, sending each event as a frame."""
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # (nothing else may write to the frames' pipe)

    def send(event: ReadEvent | UncheckedCodebook) -> None:
        if isinstance(event, AnnotationsRead):
            write_frame(
                out,
                (
                    "annotations",
                    {
                        "names": _NAMES,
                        "rows": [_values_of(item) for item in event.items],
                        "done": event.done,
                        "total": event.total,
                    },
                ),
            )
        elif isinstance(event, UncheckedCodebook):
            write_frame(out, ("codebook", event.xml))
        else:
            write_frame(out, ("event", event))

    try:
        try:
            read_events(Path(arguments[0]), send, check_codebook=False)
        except ImportRefused as error:
            write_frame(out, ("refused", str(error)))
        except Exception as error:  # a bug: its traceback goes to Accord's error output
            traceback.print_exc()
            write_frame(out, ("failed", f"{type(error).__name__}: {error}"))
    except BrokenPipeError:
        return 1  # (the import stopped listening: it was cancelled)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
