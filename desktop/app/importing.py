"""Import another file's documents, codes and annotations into a project.

The file is parsed by its format's reader, which never touches a project; what it reads is
merged into the project as it is read (``desktop.app.import_run``): its documents matched or
read through the document worker, every annotation placed on Accord's canonical text, codes
and reviewers resolved, and everything written in **one transaction**, so a failure or a
cancellation at any point leaves the project exactly as it was. A large REFI-QDA project is
parsed in a child process meanwhile (``desktop.formats.refi.qdpx_child``).

An import is not an edit on the undo history (there is nothing sensible to "undo" in a merge
of someone else's month of work, and the history does not outlive the window anyway); it is
one transaction, and before a large import into a project that already has annotations a
copy of the project is kept beside it (``desktop.store.backup``): taken away again if the
import fails, and only the newest few (``desktop.store.prune_backups``) when imports are
killed or succeed.

Merging is by stable ids, so importing the same file twice changes nothing: an annotation
with an id the project has is unchanged when its document, span, note and codes are the same,
and a conflict (listed; ours kept unless ``on_conflict="theirs"``) when they differ. An
annotation the file gives no id gets one derived from what it is.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from desktop.app.code_merge import ConflictPolicy
from desktop.app.document_texts import Reader, ReaderFactory
from desktop.app.import_report import ImportReport
from desktop.app.import_run import import_events
from desktop.app.projects import open_or_create
from desktop.app.reading import DocumentReader, PdfHighlights, ReadDocument
from desktop.core.bulk import cycles_collected_after
from desktop.formats import registry
from desktop.formats.incoming import Incoming, ReadEvent, events_of
from desktop.formats.limits import ImportRefused
from desktop.formats.registry import Format
from desktop.formats.source import Progress, no_progress
from desktop.store import Project


def detect_format(path: Path) -> Format:
    """The importable format of ``path`` (``desktop.formats.registry``), from its first bytes;
    a file whose name claims another format than its content, or whose content is none of
    them, is refused."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as error:
        raise ImportRefused(f"Can't read “{path.name}”: {error.strerror or error}.") from None
    found = registry.by_content(head)
    claimed = registry.by_extension(path.suffix)
    if found is None:
        what = "is empty" if not head else "is not a file Accord imports"
        kinds = ", ".join(
            f"{f.imports.label} ({', '.join(f.extensions)})" for f in registry.IMPORTS if f.imports
        )
        raise ImportRefused(f"“{path.name}” {what}: Accord imports {kinds}.")
    if claimed is not None and claimed is not found:
        raise ImportRefused(
            f"“{path.name}” is named like a {_label(claimed)}, but its "
            f"content is a {_label(found)}'s; rename it or check the file."
        )
    return found


def _label(found: Format) -> str:
    assert found.imports is not None
    return found.imports.label


def import_file(
    project: Project,
    path: Path,
    *,
    reviewer_name: str,
    on_conflict: ConflictPolicy = "keep",
    reader_factory: ReaderFactory = DocumentReader,
    progress: Progress = no_progress,
) -> ImportReport:
    """Import ``path`` into ``project`` (see the module's docstring); ``reviewer_name`` is who
    the annotations the file attributes to nobody are recorded under."""
    path = Path(path)
    found = detect_format(path)
    with contextlib.ExitStack() as stack:
        stack.enter_context(cycles_collected_after())
        reader = _OnDemand(reader_factory, stack)
        events: Iterable[ReadEvent] = stack.enter_context(
            contextlib.closing(found.reader()(path, documents=reader))
        )
        report = import_events(
            project,
            events,
            file_name=path.name,
            format_name=_label(found),
            reviewer_name=reviewer_name,
            on_conflict=on_conflict,
            reader=reader,
            progress=progress,
        )
        # Freed before the collector resumes: its first pass would walk every annotation
        # read (measured: 0.07 s of an import of 100,000).
        del events
    return report


class _OnDemand:
    """The document reader, started on first use: a codebook brings no documents, and the
    worker process costs a good part of a second to start. (A REFI-QDA project brings its
    documents, so its import starts the worker first: it boots while the file is parsed
    instead of being waited for once it is, measured 0.15 s sooner done.)"""

    def __init__(self, factory: ReaderFactory, stack: contextlib.ExitStack) -> None:
        self._factory = factory
        self._stack = stack
        self._reader: Reader | None = None

    def start(self) -> Reader:
        if self._reader is None:
            manager = self._factory()
            self._reader = manager.__enter__()
            self._stack.callback(_let_go, manager)
        return self._reader

    def read(self, path: str | Path) -> ReadDocument:
        return self.start().read(path)

    def read_highlights(self, path: str | Path) -> PdfHighlights:
        return self.start().read_highlights(path)


def _let_go(manager: contextlib.AbstractContextManager[Reader]) -> None:
    """Close the reader from a thread of its own: the worker takes 60 ms to exit, which the
    import need not wait for (the thread reaps it meanwhile)."""
    threading.Thread(
        target=manager.__exit__, args=(None, None, None), name="document worker exit"
    ).start()


def import_incoming(
    project: Project,
    incoming: Incoming,
    *,
    format_name: str,
    reviewer_name: str,
    reader: Reader,
    on_conflict: ConflictPolicy = "keep",
    progress: Progress = no_progress,
) -> ImportReport:
    """Merge what a reader parsed, all of it at once, into the project."""
    return import_events(
        project,
        events_of(incoming),
        file_name=incoming.file_name,
        format_name=format_name,
        reviewer_name=reviewer_name,
        reader=reader,
        on_conflict=on_conflict,
        progress=progress,
    )


def import_command(
    project_path: Path, file: Path, *, on_conflict: ConflictPolicy, reviewer: str, stdout: TextIO
) -> None:
    """``accord import``: import the file and print the report. A file Accord cannot import
    is refused before the project is opened (or made)."""
    detect_format(file)
    with open_or_create(project_path) as project:
        report = import_file(project, file, reviewer_name=reviewer, on_conflict=on_conflict)
    stdout.write("\n".join(report.lines()) + "\n")
