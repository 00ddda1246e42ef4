"""Writing a REFI-QDA project (``.qdpx``): ``project.qde`` streamed into the archive, then the
documents and their texts under ``sources/``.

The XML is written as text, a batch of annotations at a time, straight into the compressed
archive member, so an export of 100,000 annotations never holds its XML in memory and runs at
the speed of reading the store. Element order follows the XSD (``Project``: ``Users``,
``CodeBook``, ``Sources``, ``Notes``); every value goes through ``_text``/``_attr``.
"""

from __future__ import annotations

import queue
import re
import threading
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from types import TracebackType
from typing import IO

from desktop.codebook.model import Code, Codebook, Facet
from desktop.codebook.qdc import ORIGIN
from desktop.codebook.xmlsafe import PROJECT_NS
from desktop.core.errors import AccordError
from desktop.core.model import DocumentId, ReviewerId, StoredDocument
from desktop.formats.listed_carrier import description
from desktop.formats.refi import derived_guid, user_guid
from desktop.formats.source import ExportSource, Progress
from desktop.store import AnnotationRecord

PROGRESS_EVERY = 1000
"""Annotations between two ``progress`` calls (and between two writes into the archive)."""
NAME_LENGTH = 60
"""Characters of the quote shown as a selection's ``name`` in other tools' lists."""
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""Every archive entry carries this date, so the same project exports to the same bytes."""

_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SPECIAL = re.compile('[&<>"\t\n\r]|' + _INVALID_XML.pattern)
_RICH_EXTENSIONS = {"html": ".html", "epub": ".epub"}


class QdpxExportError(AccordError):
    """The project cannot be exported as it is (the message says what to do)."""


def _text(value: str) -> str:
    """Element content: escaped, and any character XML 1.0 cannot carry shown as U+FFFD."""
    if not _SPECIAL.search(value):
        return value
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _INVALID_XML.sub("\ufffd", value)


def _attr(value: str) -> str:
    """An attribute value in double quotes; line breaks and tabs as character references,
    which XML attribute normalisation would otherwise turn into spaces."""
    if not _SPECIAL.search(value):
        return value
    return (
        _text(value)
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )


@dataclass(frozen=True, slots=True)
class _Source:
    """One document as a REFI-QDA source: its ids and the archive files it becomes."""

    document: StoredDocument
    name: str
    """The document's file name, made unique among the sources (tools key sources by name)."""
    guid: str
    text: str
    text_file: str
    """``<guid>.txt``: the canonical text, which offsets count in."""
    original_file: str | None
    """``<guid>.<ext>``: the document's own bytes (PDF, HTML, EPUB); None for plain text,
    whose canonical text is the one file (ATLAS.ti rejects a ``richTextPath`` to a .txt)."""
    text_guid: str
    """The ``Representation``'s guid for a PDF (the text file is named after it); for a
    ``TextSource`` the source's own guid."""

    @property
    def is_pdf(self) -> bool:
        return self.document.kind == "pdf"


def _plan(document: StoredDocument, text: str | None, *, name: str) -> _Source:
    if text is None:
        raise QdpxExportError(
            f"The text of “{document.title}” was not provided, so its annotations' positions "
            "cannot be written; export from the application, which reads it first."
        )
    if "\r" in text:
        raise QdpxExportError(
            f"The text of “{document.title}” has carriage returns; REFI-QDA tools count line "
            "ends differently, so Accord writes LF-only texts. Re-open the document and export "
            "again."
        )
    guid = derived_guid("document", document.id)
    suffix = PurePosixPath(document.file_name).suffix.lower()
    if document.kind == "pdf":
        text_guid = derived_guid("representation", document.id)
        return _Source(document, name, guid, text, f"{text_guid}.txt", f"{guid}.pdf", text_guid)
    rich = _RICH_EXTENSIONS.get(document.kind)
    original = None if rich is None else f"{guid}{suffix or rich}"
    return _Source(document, name, guid, text, f"{guid}.txt", original, guid)


def _unique_names(documents: Iterable[StoredDocument]) -> list[str]:
    """File names, later repeats numbered “name (2).pdf”, “name (3).pdf” (QualCoder merges
    sources of one name, ATLAS.ti refuses them)."""
    taken: set[str] = set()
    names = []
    for document in documents:
        path = PurePosixPath(document.file_name)
        name, number = document.file_name, 1
        while name.casefold() in taken:
            number += 1
            name = f"{path.stem} ({number}){path.suffix}"
        taken.add(name.casefold())
        names.append(name)
    return names


def _codebook(book: Codebook) -> Iterator[str]:
    """``<CodeBook>`` with the two facet folders (``isCodable="false"``) and their trees, in
    sibling order, walked with a stack (no recursion limit on deep trees)."""
    yield "  <CodeBook>\n    <Codes>\n"
    stack: list[tuple[Code, int] | int] = [(book.root(f), 3) for f in reversed(Facet)]
    while stack:
        item = stack.pop()
        if isinstance(item, int):
            yield f"{'  ' * item}</Code>\n"
            continue
        code, depth = item
        pad = "  " * depth
        head = (
            f'{pad}<Code guid="{code.guid}" name="{_attr(code.name)}" '
            f'isCodable="{"true" if code.is_codable else "false"}" color="{code.color}"'
        )
        kids = book.children(code.guid)
        if not kids and not code.description:
            yield f"{head}/>\n"
            continue
        yield f"{head}>\n"
        if code.description:
            yield f"{pad}  <Description>{_text(code.description)}</Description>\n"
        stack.append(depth)
        stack.extend((kid, depth + 1) for kid in reversed(kids))
    yield "    </Codes>\n  </CodeBook>\n"


class _Writer:
    """Formats selections and collects the notes written after ``Sources``."""

    def __init__(self, source: ExportSource) -> None:
        self.users: dict[ReviewerId, str] = {
            rid: user_guid(r.name) for rid, r in source.reviewers.items()
        }
        """Every reviewer's ``User`` guid (the store keeps a reviewer for every annotation and
        coding, so each ``creatingUser`` names a ``User`` written above)."""
        self.notes: list[str] = []

    def selection(self, record: AnnotationRecord, plan: _Source, pad: str) -> str:
        exact = record.exact
        if plan.text[record.start : record.end] != exact:
            raise QdpxExportError(
                f"The annotation {record.id[:8]} (“{exact[:40]}”) is no longer at "
                f"its place in the text of “{plan.document.title}”; open the project in Accord "
                "so it re-anchors its annotations, then export again."
            )
        user = self.users[record.reviewer_id]
        created, modified = record.created, record.modified
        name = " ".join(exact[: 2 * NAME_LENGTH].split())
        if len(name) > NAME_LENGTH or len(exact) > 2 * NAME_LENGTH:
            name = name[: NAME_LENGTH - 1] + "…"
        name = _attr(name)
        parts = [
            f'{pad}<PlainTextSelection guid="{record.id}" name="{name}" '
            f'startPosition="{record.start}" endPosition="{record.end}" creatingUser="{user}" '
            f'creationDateTime="{created}" modifiedDateTime="{modified}">\n'
        ]
        note = _text(record.note) if record.note else ""
        described = description(record.note, record)
        if described:
            parts.append(f"{pad}  <Description>{_text(described)}</Description>\n")
        for coding in record.codings:
            parts.append(
                f'{pad}  <Coding guid="{derived_guid("coding", record.id + coding.code_id)}" '
                f'creatingUser="{self.users[coding.reviewer_id]}" '
                f'creationDateTime="{coding.created}">'
                f'<CodeRef targetGUID="{coding.code_id}"/></Coding>\n'
            )
        if note:
            note_guid = derived_guid("note", record.id)
            parts.append(f'{pad}  <NoteRef targetGUID="{note_guid}"/>\n')
            self.notes.append(
                f'    <Note guid="{note_guid}" name="Note on “{name}”" creatingUser="{user}" '
                f'creationDateTime="{created}" modifiedDateTime="{modified}">\n'
                f"      <PlainTextContent>{note}</PlainTextContent>\n    </Note>\n"
            )
        parts.append(f"{pad}</PlainTextSelection>\n")
        return "".join(parts)


def _source_head(plan: _Source) -> str:
    document = plan.document
    name = _attr(plan.name)
    description = f"<Description>{_text(document.title)}</Description>"
    if plan.is_pdf:
        stem = PurePosixPath(plan.name).stem or "text"
        return (
            f'    <PDFSource guid="{plan.guid}" name="{name}" '
            f'path="internal://{plan.original_file}">\n'
            f"      {description}\n"
            f'      <Representation guid="{plan.text_guid}" name="{_attr(stem)}.txt" '
            f'plainTextPath="internal://{plan.text_file}">\n'
        )
    rich = f' richTextPath="internal://{plan.original_file}"' if plan.original_file else ""
    return (
        f'    <TextSource guid="{plan.guid}" name="{name}"{rich} '
        f'plainTextPath="internal://{plan.text_file}">\n'
        f"      {description}\n"
    )


def _source_tail(plan: _Source) -> str:
    return "      </Representation>\n    </PDFSource>\n" if plan.is_pdf else "    </TextSource>\n"


def _write_project(
    stream: _BackgroundWriter, source: ExportSource, plans: list[_Source], *, progress: Progress
) -> None:
    writer = _Writer(source)
    total = source.count()
    head = [
        f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="{PROJECT_NS}" '
        f'name="{_attr(source.name)}" origin="{_attr(ORIGIN)}">\n'
    ]
    if source.reviewers:
        head.append("  <Users>\n")
        head.extend(
            f'    <User guid="{user_guid(r.name)}" name="{_attr(r.name)}"/>\n'
            for r in sorted(source.reviewers.values(), key=lambda r: r.name)
        )
        head.append("  </Users>\n")
    head.extend(_codebook(source.codebook))
    if plans:
        head.append("  <Sources>\n")
    stream.write("".join(head))
    done = 0
    for plan in plans:
        batch = [_source_head(plan)]
        pad = "        " if plan.is_pdf else "      "
        for record in _annotations(source, plan.document.id):
            batch.append(writer.selection(record, plan, pad))
            done += 1
            if done % PROGRESS_EVERY == 0:
                stream.write("".join(batch))
                batch.clear()
                progress(done, total)
        batch.append(_source_tail(plan))
        stream.write("".join(batch))
    tail = ["  </Sources>\n"] if plans else []
    if writer.notes:
        tail += ["  <Notes>\n", *writer.notes, "  </Notes>\n"]
    tail.append("</Project>\n")
    stream.write("".join(tail))
    progress(done, total)


def _annotations(source: ExportSource, document_id: DocumentId) -> Iterator[AnnotationRecord]:
    """One document's annotations (as the user's filters narrow them), in reading order."""
    narrowed = replace(source.filter, document_ids=frozenset({document_id}))
    return source.project.annotations.records(narrowed)


class _BackgroundWriter:
    """Writes into the archive member from a thread: compressing and writing release the GIL,
    so the archive's deflate runs beside reading the store and formatting the XML instead of
    after them (a fifth of an export's time). At most ``depth`` chunks wait."""

    def __init__(self, stream: IO[bytes], *, depth: int = 4) -> None:
        self._stream = stream
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="qdpx writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (chunk := self._queue.get()) is not None:
            if self._error is None:  # after an error, keep draining so ``write`` never blocks
                try:
                    self._stream.write(chunk)
                except BaseException as error:  # handed to the exporting thread
                    self._error = error

    def write(self, text: str) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(text.encode())

    def __enter__(self) -> _BackgroundWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._queue.put(None)
        self._thread.join()
        if error is None and self._error is not None:
            raise self._error


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def write_qdpx(source: ExportSource, target: str, *, progress: Progress) -> None:
    """Write the archive to ``target`` (a temporary path the caller renames into place)."""
    plans = [
        _plan(d, source.texts.get(d.id), name=name)
        for d, name in zip(source.documents, _unique_names(source.documents), strict=True)
    ]
    with zipfile.ZipFile(target, "w") as archive:
        with (
            archive.open(_entry("project.qde"), "w") as member,
            _BackgroundWriter(member) as stream,
        ):
            _write_project(stream, source, plans, progress=progress)
        for plan in plans:
            archive.writestr(_entry(f"sources/{plan.text_file}"), plan.text.encode())
            if plan.original_file is not None:
                archive.writestr(
                    _entry(f"sources/{plan.original_file}"), source.content(plan.document.id)
                )
