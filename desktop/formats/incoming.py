"""What an importer found in a file, before anything touches a project.

Importers turn an untrusted file into these plain values and nothing else;
``desktop.app.importing`` then matches documents, places each annotation on Accord's own
canonical text (by position where the texts agree, else by quote and context), and merges
codes, reviewers and annotations into the project in one transaction.

A reader hands these on as events (``ReadEvent``), in the order it finds them, so an import
can place and write the annotations of a large file while the rest is still being read
(``desktop.formats.refi.qdpx_child``); ``collect`` gathers the events into one ``Incoming``, and
``events_of`` turns one back into events.

Positions here count code points in the *source's own* text (``IncomingDocument.text``),
which may differ from Accord's canonical text of the same file (another tool's extraction).
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

MATCHING_QUOTES = 20
"""Quotes per document compared to recognise a document the file names differently."""
EVENT_STEP = 1000
"""Annotations per ``AnnotationsRead`` that ``events_of`` hands on (the import reports its
progress after each)."""


@dataclass(frozen=True, slots=True)
class IncomingDocument:
    key: str
    """How annotations in the file refer to this document (a source guid, an IRI, a name)."""
    name: str
    """The file name or title, for matching and for messages."""
    content: bytes | None = None
    """The document's bytes, when the file carries them (a ``.qdpx`` source, a PDF)."""
    text: str | None = None
    """The text the file's offsets count in, when it carries one."""
    fingerprint: str | None = None
    """sha256 of the bytes, when known without them (Accord's own JSON-LD names it)."""


@dataclass(frozen=True, slots=True)
class IncomingCode:
    guid: str
    name: str
    parent_guid: str | None
    color: str | None = None
    """``#RRGGBB``; None lets Accord pick one from its palette."""
    description: str = ""
    is_codable: bool = True


@dataclass(slots=True)
class IncomingAnnotation:
    """Not frozen, unlike the other values here: a file may bring 100,000, and a frozen
    dataclass of these many fields costs three times as much to make (0.12 s of such an
    import). Nothing changes one once its reader has made it."""

    document_key: str
    exact: str
    """The quoted text (required: it is how the annotation is found again)."""
    start: int | None = None
    end: int | None = None
    """Code points in the source's text, end exclusive, when the file gives them."""
    prefix: str = ""
    suffix: str = ""
    page: int | None = None
    """0-based page, when the file gives one (a PDF highlight, a ``page=N`` fragment)."""
    id: str | None = None
    """A stable id (a REFI-QDA selection guid, Accord's own annotation id), used to merge."""
    note: str = ""
    reviewer: str | None = None
    created: datetime | None = None
    modified: datetime | None = None
    code_guids: tuple[str, ...] = ()
    """Codes of ``Incoming.codes`` (by guid) applied to it."""
    code_paths: tuple[str, ...] = ()
    """Codes named by path (``Thematic areas/Pandemics``) or name, when the file has no guids."""
    colour: str | None = None
    """A highlight colour, to pick a code by when nothing names one (PDF highlights)."""
    listed: dict[str, str] | None = None
    """Values of fields the annotation declares ``listed`` (its status, …) as text, by field
    name, when the file gives them; the import checks them against their declared type."""


@dataclass(frozen=True, slots=True)
class IncomingLink:
    """A link between two of the file's annotations, or one and a whole document (its key),
    with its type (``desktop.core.links.LinkType``'s value) and note."""

    id: str
    type: str
    source_id: str
    target_id: str | None = None
    target_document_key: str | None = None
    note: str = ""


@dataclass(slots=True)
class Incoming:
    """Everything an importer read from one file, and what it could not represent."""

    file_name: str
    documents: list[IncomingDocument] = field(default_factory=list)
    codes: list[IncomingCode] = field(default_factory=list)
    annotations: list[IncomingAnnotation] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    """What the file holds that Accord does not keep, one line each, for the user to read
    (REFI-QDA §7: importers say what they drop)."""
    links: list[IncomingLink] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CodesRead:
    """The file's code tree, before any annotation; ``paths`` are the codes its annotations
    name by path (``IncomingAnnotation.code_paths``)."""

    codes: list[IncomingCode]
    paths: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentRead:
    """A document, before or after its annotations; ``quotes`` are some of theirs (up to
    ``MATCHING_QUOTES``), to recognise it by when the file does not carry its bytes."""

    document: IncomingDocument
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AnnotationsRead:
    """The next annotations in the file's order; ``done`` of ``total`` is how far the reading
    is, in any unit."""

    items: list[IncomingAnnotation]
    done: int
    total: int
    notes_final: bool = True
    """False when notes read later may still change an annotation's note (a REFI-QDA file
    lists its notes after its sources): ``ReadEnd.notes`` then says which."""


@dataclass(frozen=True, slots=True)
class ReadEnd:
    """The file is read: notes that changed (by the annotation's place in the file's order),
    and what the file holds that Accord does not keep."""

    notes: dict[int, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    links: list[IncomingLink] = field(default_factory=list)
    """The links between the file's annotations, placed once every annotation is."""


ReadEvent = CodesRead | DocumentRead | AnnotationsRead | ReadEnd
ReadEvents = Generator[ReadEvent, None, None]
"""What every format's reader returns (``registry.Import.reader``); closing it stops the
reading (a child process, say)."""


class Documents(Protocol):
    """The document worker as an import hands it to a reader, started on first use: a PDF's
    reader needs it to read the highlights, a REFI-QDA project's starts it early, so that it
    boots while the file is parsed."""

    def start(self) -> object: ...


def collect(file_name: str, events: Iterable[ReadEvent]) -> Incoming:
    """Everything the events bring, as one ``Incoming``."""
    incoming = Incoming(file_name)
    for event in events:
        if isinstance(event, CodesRead):
            incoming.codes = event.codes
        elif isinstance(event, DocumentRead):
            incoming.documents.append(event.document)
        elif isinstance(event, AnnotationsRead):
            incoming.annotations.extend(event.items)
        else:
            for index, note in event.notes.items():
                incoming.annotations[index].note = note
            incoming.dropped.extend(event.dropped)
            incoming.links.extend(event.links)
    return incoming


def events_of(incoming: Incoming) -> ReadEvents:
    """What a reader would hand on for ``incoming``: codes, then documents, then annotations a
    step at a time, notes final."""
    annotations = incoming.annotations
    yield CodesRead(incoming.codes, tuple(p for item in annotations for p in item.code_paths))
    quotes: dict[str, list[str]] = {}
    for item in annotations:
        some = quotes.setdefault(item.document_key, [])
        if len(some) < MATCHING_QUOTES:
            some.append(item.exact)
    for document in incoming.documents:
        yield DocumentRead(document, tuple(quotes.get(document.key, ())))
    for first in range(0, len(annotations), EVENT_STEP):
        batch = annotations[first : first + EVENT_STEP]
        yield AnnotationsRead(batch, first + len(batch), len(annotations))
    yield ReadEnd(dropped=incoming.dropped, links=incoming.links)
