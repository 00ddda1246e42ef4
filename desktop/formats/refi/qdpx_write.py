"""Writing a REFI-QDA project (``.qdpx``): ``project.qde`` streamed into the archive, then the
documents and their texts under ``sources/``.

Every element is built with ElementTree and written by it: the codebook by
``desktop.codebook.qdc.codebook_element``, the one codebook writer (a ``.qdc`` is the same
element), users, sources, selections and notes here. The project's outline (``Users``,
``CodeBook``, each source with its ``Representation``, in the XSD's order) is one element tree
with a marker where each source's selections go; the selections are built and serialized a
batch at a time and written in the marker's place, straight into the compressed archive
member, so an export of 100,000 annotations never holds its XML in memory. When the stream
is done, the outline with the first selections of each source and the first notes is checked
against the REFI-QDA schema (``xmlschema``); a file that fails is not kept.
"""

from __future__ import annotations

import queue
import threading
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from operator import attrgetter
from pathlib import PurePosixPath
from types import TracebackType
from typing import IO, NamedTuple, TypeVar

from desktop.codebook.qdc import ORIGIN, codebook_element
from desktop.codebook.xmlsafe import PROJECT_NS, schema_for, xml_text
from desktop.core.errors import AccordError
from desktop.core.links import Link
from desktop.core.model import DocumentId, ReviewerId, StoredDocument, format_time
from desktop.formats.ids import derived_guid, user_guid
from desktop.formats.refi.listed_carrier import description
from desktop.formats.source import ExportSource, Progress
from desktop.store import AnnotationRecord

PROGRESS_EVERY = 1000
"""Annotations between two ``progress`` calls (and between two writes into the archive)."""
NAME_LENGTH = 60
"""Characters of the quote shown as a selection's ``name`` in other tools' lists."""
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""Every archive entry carries this date, so the same project exports to the same bytes."""

CHECKED = 20
"""Selections of each source, and notes, checked against the schema with the outline."""
_MARKER = "_"
"""The tag that stands in the outline where a source's selections go."""
_RICH_EXTENSIONS = {"html": ".html", "epub": ".epub"}


class QdpxExportError(AccordError):
    """The project cannot be exported as it is (the message says what to do)."""


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


class CodingValues(NamedTuple):
    guid: str
    user: str
    created: str
    code: str


class SelectionValues(NamedTuple):
    """What one annotation's ``PlainTextSelection`` (and ``Note``) say, as text. (Tuples: one
    is made per annotation of a 100,000-annotation export.)"""

    guid: str
    name: str
    start: str
    end: str
    user: str
    created: str
    modified: str
    description: str
    """The note and the ``listed`` fields REFI-QDA has no place for (``listed_carrier``)."""
    note: str
    note_guid: str
    codings: tuple[CodingValues, ...]


def selection_element(values: SelectionValues) -> ET.Element:
    """The ``PlainTextSelection`` of an annotation: the declaration both paths write."""
    selection = ET.Element(
        "PlainTextSelection",
        {
            "guid": values.guid,
            "name": values.name,
            "startPosition": values.start,
            "endPosition": values.end,
            "creatingUser": values.user,
            "creationDateTime": values.created,
            "modifiedDateTime": values.modified,
        },
    )
    if values.description:
        ET.SubElement(selection, "Description").text = values.description
    selection.extend(coding_element(coding) for coding in values.codings)
    if values.note:
        ET.SubElement(selection, "NoteRef", {"targetGUID": values.note_guid})
    return selection


def coding_element(values: CodingValues) -> ET.Element:
    coding = ET.Element(
        "Coding",
        {"guid": values.guid, "creatingUser": values.user, "creationDateTime": values.created},
    )
    ET.SubElement(coding, "CodeRef", {"targetGUID": values.code})
    return coding


def note_element(values: SelectionValues) -> ET.Element:
    """The ``Note`` an annotation's note is also written as (what ATLAS.ti and NVivo read)."""
    note = ET.Element(
        "Note",
        {
            "guid": values.note_guid,
            "name": f"Note on “{values.name}”",
            "creatingUser": values.user,
            "creationDateTime": values.created,
            "modifiedDateTime": values.modified,
        },
    )
    ET.SubElement(note, "PlainTextContent").text = values.note
    return note


class _Values:
    """An annotation's ``SelectionValues``, reusing each reviewer's ``User`` guid."""

    def __init__(self, source: ExportSource) -> None:
        self.users: dict[ReviewerId, str] = {
            rid: user_guid(r.name) for rid, r in source.reviewers.items()
        }
        """Every reviewer's ``User`` guid (the store keeps a reviewer for every annotation and
        coding, so each ``creatingUser`` names a ``User`` written above)."""

    def of(self, record: AnnotationRecord, plan: _Source) -> SelectionValues:
        exact = record.exact
        if plan.text[record.start : record.end] != exact:
            raise QdpxExportError(
                f"The annotation {record.id[:8]} (“{exact[:40]}”) is no longer at "
                f"its place in the text of “{plan.document.title}”; open the project in Accord "
                "so it re-anchors its annotations, then export again."
            )
        name = " ".join(exact[: 2 * NAME_LENGTH].split())
        if len(name) > NAME_LENGTH or len(exact) > 2 * NAME_LENGTH:
            name = name[: NAME_LENGTH - 1] + "…"
        users = self.users
        return SelectionValues(
            record.id,
            xml_text(name),
            str(record.start),
            str(record.end),
            users[record.reviewer_id],
            record.created,
            record.modified,
            xml_text(description(record.note, record)),
            xml_text(record.note) if record.note else "",
            derived_guid("note", record.id) if record.note else "",
            tuple(
                CodingValues(
                    derived_guid("coding", record.id + coding.code_id),
                    users[coding.reviewer_id],
                    coding.created,
                    coding.code_id,
                )
                for coding in record.codings
            ),
        )


class Templates:
    """``ET.tostring`` of ``selection_element`` and ``note_element``, byte for byte, without
    building elements: the fast path (ElementTree's serializer alone took the export below its
    floor of 20,000 annotations a second; ``benchmarks/interop_qdpx.py``).

    The templates are generated from the declaration: the elements are built once with a
    marker for each value, serialized by ElementTree, and cut at the markers; a value is then
    escaped by ElementTree's own escaping for where its marker stood (an attribute or text).
    A test compares both paths on hostile values."""

    def __init__(self) -> None:
        self._marked = _marked(SelectionValues, codings=())
        self._one_coding = _marked(CodingValues)
        self._coding = _Pieces(ET.tostring(coding_element(self._one_coding), "unicode"))
        self._shapes: dict[tuple[bool, bool, bool], tuple[_Pieces, _Pieces | None]] = {}
        self._note = _Pieces(ET.tostring(note_element(self._marked), "unicode"))

    def _shape(self, key: tuple[bool, bool, bool]) -> tuple[_Pieces, _Pieces | None]:
        """The template of a selection with (or without) a description, a note and codings:
        before and after its codings, or whole (None after) when it has none."""
        described, noted, coded = key
        values = self._marked._replace(
            description=self._marked.description if described else "",
            note=self._marked.note if noted else "",
            note_guid=self._marked.note_guid if noted else "",
            codings=(self._one_coding,) if coded else (),
        )
        whole = ET.tostring(selection_element(values), "unicode")
        if not coded:
            return _Pieces(whole), None
        one = ET.tostring(coding_element(self._one_coding), "unicode")
        head, _, tail = whole.partition(one)
        return _Pieces(head), _Pieces(tail)

    def selection(self, values: SelectionValues) -> str:
        key = (bool(values.description), bool(values.note), bool(values.codings))
        found = self._shapes.get(key)
        if found is None:
            found = self._shapes[key] = self._shape(key)
        head, tail = found
        if tail is None:
            return head.fill(values)
        coding = self._coding.fill
        return head.fill(values) + "".join(coding(c) for c in values.codings) + tail.fill(values)

    def note(self, values: SelectionValues) -> str:
        return self._note.fill(values)


_V = TypeVar("_V")
_MARK = "\x00"


def _marker(name: str) -> str:
    return f"{_MARK}{name}{_MARK}"


def _marked(kind: type[_V], **given: object) -> _V:
    """Values of ``kind`` whose every field not ``given`` is its marker."""
    # (kind is a NamedTuple class, which a TypeVar cannot say to mypy)
    names: tuple[str, ...] = kind._fields  # type: ignore[attr-defined]
    return kind(**{name: _marker(name) for name in names if name not in given}, **given)


class _Pieces:
    """A serialized template cut at its markers: literal text, and each value's field with
    the escaping of where it stands (inside a tag: an attribute's; else text's)."""

    def __init__(self, template: str) -> None:
        parts = template.split(_MARK)
        self._literals = parts[::2]
        self._slots = []
        before = ""
        for name, literal in zip(parts[1::2], parts[0::2], strict=False):
            before += literal
            in_tag = before.rfind("<") > before.rfind(">")
            # ElementTree's own escaping (private, so not in its stubs), as ET.tostring writes
            escape = ET._escape_attrib if in_tag else ET._escape_cdata  # type: ignore[attr-defined]
            self._slots.append((attrgetter(name), escape))
            before += name

    def fill(self, values: object) -> str:
        literals = self._literals
        out = [literals[0]]
        for (value, escape), literal in zip(self._slots, literals[1:], strict=True):
            out.append(escape(value(values)))
            out.append(literal)
        return "".join(out)


def _source_element(plan: _Source) -> tuple[ET.Element, ET.Element]:
    """The source's element and the one its selections go in (its ``Representation`` for a
    PDF, itself for a text)."""
    document = plan.document
    if plan.is_pdf:
        element = ET.Element(
            "PDFSource",
            {
                "guid": plan.guid,
                "name": xml_text(plan.name),
                "path": f"internal://{plan.original_file}",
            },
        )
    else:
        attributes = {"guid": plan.guid, "name": xml_text(plan.name)}
        if plan.original_file:
            attributes["richTextPath"] = f"internal://{plan.original_file}"
        attributes["plainTextPath"] = f"internal://{plan.text_file}"
        element = ET.Element("TextSource", attributes)
    ET.SubElement(element, "Description").text = xml_text(document.title)
    if not plan.is_pdf:
        return element, element
    stem = PurePosixPath(plan.name).stem or "text"
    representation = ET.SubElement(
        element,
        "Representation",
        {
            "guid": plan.text_guid,
            "name": f"{xml_text(stem)}.txt",
            "plainTextPath": f"internal://{plan.text_file}",
        },
    )
    return element, representation


def _outline(source: ExportSource, plans: list[_Source]) -> tuple[ET.Element, list[ET.Element]]:
    """The ``Project`` without its selections and notes, and each source's selection holder
    (holding a marker for now)."""
    project = ET.Element("Project", {"xmlns": PROJECT_NS, "name": xml_text(source.name)})
    project.set("origin", ORIGIN)
    if source.reviewers:
        users = ET.SubElement(project, "Users")
        for reviewer in sorted(source.reviewers.values(), key=lambda r: r.name):
            ET.SubElement(
                users, "User", {"guid": user_guid(reviewer.name), "name": xml_text(reviewer.name)}
            )
    project.append(codebook_element(source.codebook))
    holders = []
    if plans:
        sources = ET.SubElement(project, "Sources")
        for plan in plans:
            element, holder = _source_element(plan)
            ET.SubElement(holder, _MARKER)
            sources.append(element)
            holders.append(holder)
    return project, holders


def _write_project(
    stream: _BackgroundWriter, source: ExportSource, plans: list[_Source], *, progress: Progress
) -> None:
    """The outline as ElementTree indents it, each source's selections (one a line) in its
    marker's place, and the notes before the end."""
    values, templates = _Values(source), Templates()
    total = source.count()
    project, holders = _outline(source, plans)
    ET.indent(project, space="  ")
    *heads, last = ET.tostring(project, encoding="unicode").split(f"<{_MARKER} />")
    stream.write('<?xml version="1.0" encoding="utf-8"?>\n')
    done = 0
    exported: set[str] = set()
    checked: list[list[SelectionValues]] = []
    notes: list[str] = []
    noted: list[SelectionValues] = []
    for plan, head in zip(plans, heads, strict=True):
        before = head.rstrip(" ")  # (the marker's own line and indentation)
        pad = "\n" + head[len(before) :]
        stream.write(before.removesuffix("\n"))
        batch: list[str] = []
        first: list[SelectionValues] = []
        for record in _annotations(source, plan.document.id):
            selection = values.of(record, plan)
            exported.add(record.id)
            batch.append(pad + templates.selection(selection))
            if len(first) < CHECKED:
                first.append(selection)
            if selection.note:
                notes.append(_NOTE_PAD + templates.note(selection))
                if len(noted) < CHECKED:
                    noted.append(selection)
            done += 1
            if len(batch) == PROGRESS_EVERY:
                stream.write("".join(batch))
                batch = []
                progress(done, total)
        stream.write("".join(batch))
        checked.append(first)
    end = last.removesuffix("</Project>")
    links = [
        link_elements(link, source, guids={plan.document.id: plan.guid for plan in plans})
        for link in source.links(exported)
    ]
    notes += [_NOTE_PAD + _inline(note) for _, note in links if note is not None]
    if notes:
        end += f"  <Notes>{''.join(notes)}\n  </Notes>\n"
    if links:
        end += f"  <Links>{''.join(_NOTE_PAD + _inline(link) for link, _ in links)}\n  </Links>\n"
    stream.write(f"{end}</Project>\n")
    progress(done, total)
    _check(
        project,
        holders,
        [[selection_element(each) for each in first] for first in checked],
        [note_element(each) for each in noted]
        + [note for _, note in links[:CHECKED] if note is not None],
        [link for link, _ in links[:CHECKED]],
    )


def link_elements(
    link: Link, source: ExportSource, *, guids: dict[DocumentId, str]
) -> tuple[ET.Element, ET.Element | None]:
    """A link as REFI-QDA's ``Link`` (its type as the name, one way from its source to its
    target: an annotation's selection, or a whole document's source) and its note as a
    ``Note`` the link names, if it has one (the note's author and times are the link's)."""
    target = link.target_id or guids[link.target_document_id]  # type: ignore[index]  # one of the two is set (Link checks)
    element = ET.Element(
        "Link",
        {
            "guid": link.id,
            "name": link.type.value,
            "direction": "OneWay",
            "originGUID": link.source_id,
            "targetGUID": target,
        },
    )
    if not link.note:
        return element, None
    reviewer = source.reviewers.get(link.reviewer_id)
    note = ET.Element(
        "Note",
        {
            "guid": derived_guid("link note", link.id),
            "name": f"Note on the link “{link.type.value}”",
            "creationDateTime": format_time(link.created),
            "modifiedDateTime": format_time(link.modified),
        },
    )
    if reviewer is not None:
        note.set("creatingUser", user_guid(reviewer.name))
    ET.SubElement(note, "PlainTextContent").text = xml_text(link.note)
    ET.SubElement(element, "NoteRef", {"targetGUID": note.get("guid", "")})
    return element, note


def _inline(element: ET.Element) -> str:
    return ET.tostring(element, encoding="unicode")


_NOTE_PAD = "\n    "
"""Before each note: a line of its own, inside ``<Notes>``."""


def _check(
    project: ET.Element,
    holders: list[ET.Element],
    selections: list[list[ET.Element]],
    notes: list[ET.Element],
    links: list[ET.Element],
) -> None:
    """Check the outline with the first selections of each source and the first notes against
    the REFI-QDA schema: every kind of element the file holds, as written."""
    for holder, kept in zip(holders, selections, strict=True):
        marker = holder.find(_MARKER)
        assert marker is not None  # (every holder is made with its marker)
        holder.remove(marker)
        holder.extend(kept)
    if notes:
        ET.SubElement(project, "Notes").extend(notes)
    if links:
        ET.SubElement(project, "Links").extend(links)
    written = ET.fromstring(ET.tostring(project, encoding="unicode"))  # (as read: namespaced)
    for error in schema_for(PROJECT_NS).iter_errors(written):
        raise QdpxExportError(
            f"Accord produced a REFI-QDA project that does not follow the schema "
            f"({error.reason or error.message}); nothing was written. Please report this."
        )


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
