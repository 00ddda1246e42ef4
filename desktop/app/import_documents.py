"""Which project document each document of an import file is, or which new one it brings.

A document is the same when it has the same bytes (its fingerprint, Accord's id), or else the
same name (file name or title) and the same text. A file that carries the bytes of a document
the project lacks adds it, read through the document worker like any document Accord opens. A
file that names a document without carrying its bytes (a Hypothesis export names a web page,
another tool may export only its own text) is matched by name alone, if one document has that
name, or else by its quotes, if one document contains them all; its annotations are then found
by quote.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop.app.document_texts import Reader, read_layers
from desktop.app.placing import Placer
from desktop.app.projects import new_document
from desktop.core.filenames import safe_file_name
from desktop.core.leftovers import scratch_folder
from desktop.core.model import DocumentId, StoredDocument
from desktop.core.textunits import find_all
from desktop.formats.incoming import IncomingDocument
from desktop.store import NewDocument, Project


@dataclass(frozen=True, slots=True)
class Target:
    """Where the annotations of one incoming document go."""

    document_id: DocumentId
    title: str
    placer: Placer
    source_text: str | None
    """The text the file's offsets count in, if the file has it."""
    same_text: bool
    """Whether that text is Accord's canonical text of the document (offsets usable as is)."""


@dataclass(slots=True)
class Matched:
    targets: dict[str, Target] = field(default_factory=dict)
    """Incoming document key → where its annotations go."""
    missing: dict[str, str] = field(default_factory=dict)
    """Incoming document key → why it has no place in the project."""
    added: list[NewDocument] = field(default_factory=list)
    matched: set[DocumentId] = field(default_factory=set)


class DocumentMatcher:
    """Matches or adds the incoming documents one at a time, as a file's reader hands them on
    (reading texts through ``reader``); ``matched`` is what it found so far."""

    def __init__(self, project: Project, *, reader: Reader) -> None:
        self._project = project
        self._reader = reader
        self._stored = project.documents.all()
        self._placers: dict[DocumentId, Placer] = {}
        self.matched = Matched()

    def match(self, incoming: IncomingDocument, quotes: Sequence[str]) -> None:
        """Find where the document's annotations go; ``quotes`` are some of them, to
        recognise a document the file names differently (a web page's title, a PDF's id)."""
        project, stored, placers, reader = (
            self._project,
            self._stored,
            self._placers,
            self._reader,
        )
        result = self.matched
        found = (
            _same_bytes(stored, incoming)
            or _same_name(project, stored, incoming, placers, reader=reader)
            or _quoted(project, stored, incoming, quotes, placers, reader=reader)
        )
        if found is not None:
            document_id, title = found.id, found.title
            placer = _placer(project, found, placers, reader=reader)
            result.matched.add(found.id)
        elif incoming.content is not None:
            new, placer = _read_new(incoming, reader=reader)
            if new.id not in placers:
                result.added.append(new)
                placers[new.id] = placer
            document_id, title, placer = new.id, new.title, placers[new.id]
        else:
            result.missing[incoming.key] = (
                f"the file does not carry “{incoming.name}”, and the project has no "
                "document of that name"
            )
            return
        result.targets[incoming.key] = Target(
            document_id,
            title,
            placer,
            incoming.text,
            incoming.text is not None and incoming.text == placer.text,
        )


def _same_bytes(
    stored: Sequence[StoredDocument], incoming: IncomingDocument
) -> StoredDocument | None:
    fingerprints = {(incoming.fingerprint or "").lower()}
    if incoming.content is not None:
        fingerprints.add(hashlib.sha256(incoming.content).hexdigest())
    return next((d for d in stored if d.id in fingerprints), None)


def _same_name(
    project: Project,
    stored: Sequence[StoredDocument],
    incoming: IncomingDocument,
    placers: dict[DocumentId, Placer],
    *,
    reader: Reader,
) -> StoredDocument | None:
    """The document of the same name and text (a file that carries only the text of a
    document names it after the original with ``.txt`` added, as a ``.qdpx`` does for a
    Markdown file); else, when the file cannot add the document (it lacks the bytes), the one
    document of that name, its annotations then found by quote."""
    wanted = {incoming.name.strip().casefold(), Path(incoming.name).name.strip().casefold()}
    wanted |= {name.removesuffix(".txt") for name in wanted}  # a text copy of “memo.md”
    named = [
        d
        for d in stored
        if d.file_name.casefold() in wanted or d.title.strip().casefold() in wanted
    ]
    if incoming.text is not None:
        same = next(
            (d for d in named if _placer(project, d, placers, reader=reader).text == incoming.text),
            None,
        )
        if same is not None:
            return same
    if incoming.content is None and len(named) == 1:
        return named[0]
    return None


def _quoted(
    project: Project,
    stored: Sequence[StoredDocument],
    incoming: IncomingDocument,
    quotes: Sequence[str],
    placers: dict[DocumentId, Placer],
    *,
    reader: Reader,
) -> StoredDocument | None:
    """For a document the file does not carry: the one project document that contains every
    quote of its annotations (spaces and line breaks aside), if exactly one does."""
    if incoming.content is not None or not any(q.strip() for q in quotes):
        return None
    holding = [
        d
        for d in stored
        if all(
            find_all(_placer(project, d, placers, reader=reader).text, quote, match_case=True)
            for quote in quotes
            if quote.strip()
        )
    ]
    return holding[0] if len(holding) == 1 else None


def _placer(
    project: Project, document: StoredDocument, placers: dict[DocumentId, Placer], *, reader: Reader
) -> Placer:
    if document.id not in placers:
        layer = read_layers(project, [document], reader=reader)[document.id]
        placers[document.id] = Placer(layer)
    return placers[document.id]


def _read_new(incoming: IncomingDocument, *, reader: Reader) -> tuple[NewDocument, Placer]:
    """The document the file carries, read by the worker as if the user had opened it."""
    assert incoming.content is not None
    with scratch_folder("import") as folder:
        path = folder / safe_file_name(incoming.name)
        path.write_bytes(incoming.content)
        read = reader.read(path)
        return new_document(read), Placer(read.text)
