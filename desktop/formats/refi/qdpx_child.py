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
process (below ``IN_CHILD_FROM``, starting the child costs more than it saves) by the same
code: the same messages, decoded and checked the same way, only not through a pipe.
"""

from __future__ import annotations

import contextlib
import pickle
import queue
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import fields
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

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
from desktop.formats.refi.qdpx_parts import codes_of
from desktop.formats.refi.qdpx_read import UncheckedCodebook, read_events

IN_CHILD_FROM = 1024**2
"""Size of an archive (compressed) from which it is read in a child: about 8,000 annotations,
whose parsing takes about as long as starting the child."""
_MODULE = "desktop.formats.refi.qdpx_child"
_NAMES = tuple(f.name for f in fields(IncomingAnnotation))
_values_of = attrgetter(*_NAMES)
"""An annotation's values, in the order of ``_NAMES`` (sent with them)."""


Message = tuple[Any, ...]
"""An event as it crosses from the reading to the import: ``("annotations", fields of each,
done, total)``, ``("codebook", its XML)``, ``("event", the event)``, ``("refused", why)`` or
``("failed", what)``."""


@contextlib.contextmanager
def events(path: Path, *, in_child: bool | None = None) -> Iterator[Iterator[ReadEvent]]:
    """The events of reading the project at ``path``; leaving the block stops the reading.

    One path for every size: the reading sends messages (``read_messages``) and this process
    decodes them (``decoded``). The one switch, ``in_child``, is where the reading runs: in a
    child process (its messages cross a pipe as frames) or in this one; by default in a child
    when the file is large."""
    if in_child is None:
        try:
            in_child = path.stat().st_size >= IN_CHILD_FROM
        except OSError:
            in_child = False  # (the reader says what is wrong)
    if not in_child:
        messages: list[Message] = []
        read_messages(path, messages.append)
        yield decoded(iter(messages), file_name=path.name, ended=lambda: None)
        return
    child = _Child(path)
    try:
        yield decoded(child.messages(), file_name=path.name, ended=child.ended)
    finally:
        child.stop()


def read_messages(path: Path, send: Callable[[Message], None]) -> None:
    """Read the project, sending each event as a message, and a refusal or a bug as one too."""
    try:
        read_events(path, lambda event: send(_message(event)))
    except ImportRefused as error:
        send(("refused", str(error)))
    except Exception as error:  # a bug: its traceback goes to Accord's error output
        traceback.print_exc()
        send(("failed", f"{type(error).__name__}: {error}"))


def _message(event: ReadEvent | UncheckedCodebook) -> Message:
    if isinstance(event, AnnotationsRead):
        rows = [_values_of(item) for item in event.items]
        return (
            "annotations",
            {"names": _NAMES, "rows": rows, "done": event.done, "total": event.total},
        )
    if isinstance(event, UncheckedCodebook):
        return ("codebook", event.xml)
    return ("event", event)


def decoded(
    messages: Iterator[Message], *, file_name: str, ended: Callable[[], None]
) -> Iterator[ReadEvent]:
    """The events the messages carry, up to the ``ReadEnd``; the codebook is checked against
    the schema here (see the module's docstring). Messages that stop before the end call
    ``ended``, which says why."""
    for kind, *values in messages:
        if kind == "annotations":
            batch = values[0]
            ordered = _in_declared_order(batch["names"])
            yield AnnotationsRead(
                [IncomingAnnotation(*ordered(row)) for row in batch["rows"]],
                batch["done"],
                batch["total"],
                notes_final=False,
            )
            continue
        value = values[0]
        if kind == "codebook":
            yield CodesRead(codes_of(fromstring(value), file_name=file_name))
            continue
        if kind == "refused":
            raise ImportRefused(str(value))
        if kind == "failed":
            raise RuntimeError(f"Reading “{file_name}” failed ({value})")
        assert isinstance(value, ReadEvent)
        yield value
        if isinstance(value, ReadEnd):
            return
    ended()


def _in_declared_order(names: tuple[str, ...]) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """What puts a row of values of these ``names`` in the order ``IncomingAnnotation``
    declares its fields: matched by name once a batch, not a mapping made per annotation (a
    fifth of the decoding). A name either side lacks is a bug, said here."""
    if sorted(names) != sorted(_NAMES):
        raise RuntimeError(f"The reading sent annotations of other fields ({', '.join(names)})")
    return itemgetter(*(names.index(name) for name in _NAMES))


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

    def messages(self) -> Iterator[Message]:
        """The child's messages, unpickled here, until it closes its end."""
        while (frame := self._frames.get()) is not None:
            yield pickle.loads(frame[0], buffers=frame[1])

    def ended(self) -> None:
        """The child stopped before its end."""
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
    """The child: read the file named by the one argument, sending each message as a frame."""
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # (nothing else may write to the frames' pipe)
    try:
        read_messages(Path(arguments[0]), lambda message: write_frame(out, message))
    except BrokenPipeError:
        return 1  # (the import stopped listening: it was cancelled)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
