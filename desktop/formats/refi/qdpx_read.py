"""Reading a REFI-QDA project (``.qdpx``), from another tool or from Accord, into ``Incoming``.

The archive is checked by ``archive.SafeArchive``; ``project.qde`` is parsed as it inflates
(expat as ``defusedxml`` configures it: no DTD, no entities, nothing fetched) by
``qdpx_walk.ProjectWalk``, which reads each selection into a few values without building its
elements, so memory follows what is kept, not the size of the XML. Nesting and the number of
elements held at once are capped.

Strict where everything depends on it, lenient elsewhere: the root must be a REFI-QDA
``Project`` and its codebook must follow the schema (every coding refers to it, and the
``.qdc`` import asks the same). The codes are handed on as the file has them (ids in upper
case, ``#RGB`` widened); the merge lays them onto Accord's two facets. A selection that cannot
be read (positions missing or outside its text, its text not in the archive) is left out and
counted in ``dropped``, so one odd selection does not cost the others. Whatever Accord cannot
hold is listed there too, one line per kind of thing per source (REFI-QDA §7).

What it reads is handed on as it is read (``incoming.ReadEvent``): the codes, each source's
document once its first annotation is kept (or at its end, when the file does not carry its
bytes: the quotes of its annotations then come along to recognise it by), annotations
``BATCH`` at a time, and at the end the notes, which REFI-QDA lists after the sources.

Positions count code points in the source's plain text as stored: UTF-8, a BOM not counted.
ATLAS.ti counts a CRLF line end as one character, so in its files (``origin`` names it) CRLF is
read as LF; other tools count both characters, so their texts are kept as they are.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath

from defusedxml import DefusedXmlException

from desktop.anchoring.selectors import DEFAULT_CONTEXT
from desktop.codebook.xmlsafe import DECLARATION_ERRORS, PROJECT_NS, UNREADABLE_ENCODING
from desktop.core.archive import INFLATE_ERRORS, SafeArchive
from desktop.core.links import LinkType
from desktop.formats.incoming import (
    MATCHING_QUOTES,
    AnnotationsRead,
    CodesRead,
    DocumentRead,
    IncomingAnnotation,
    IncomingCode,
    IncomingDocument,
    IncomingLink,
    ReadEnd,
    ReadEvent,
)
from desktop.formats.limits import MAX_XML_BYTES, refused
from desktop.formats.refi.listed_carrier import read_description
from desktop.formats.refi.qdpx_dropped import UNSUPPORTED, ProjectTally, source_lines
from desktop.formats.refi.qdpx_parts import (
    SourceFiles,
    as_guid,
    as_int,
    as_moment,
    as_selection_id,
    code_kinds,
)
from desktop.formats.refi.qdpx_walk import (
    PROJECT_MEMBER,
    Attributes,
    Built,
    Container,
    ElementPath,
    Part,
    ProjectWalk,
    Selection,
    SelectionParts,
)

MAX_HELD_ELEMENTS = 1_000_000
"""Elements held at once (those of the part being read, such as the codebook, and what a
section or source holds besides the parts already handed over): far above any real project,
far below what would exhaust memory."""
READABLE_SUFFIXES = frozenset(
    {".pdf", ".html", ".htm", ".xhtml", ".epub", ".txt", ".md", ".markdown"}
)
"""Formats Accord opens: a source's own file in another format (``.docx``) is replaced by its
plain text."""
BATCH = 2000
"""Annotations per ``AnnotationsRead``."""


@dataclass(frozen=True, slots=True)
class UncheckedCodebook:
    """The ``CodeBook`` element as XML, not yet checked against the schema: whoever takes it
    checks it and makes the ``CodesRead`` (``qdpx_child``: the importing process, which
    has the schema at hand, while the child reads on). UTF-8, not ElementTree's default
    ASCII: a name with a non-ASCII letter has no ASCII spelling that parses."""

    xml: bytes


Sender = Callable[[ReadEvent | UncheckedCodebook], None]
_SOURCE_KINDS = {
    "TextSource": "text",
    "PDFSource": "PDF",
    "PictureSource": "picture",
    "AudioSource": "audio",
    "VideoSource": "video",
}
_NS = f"{{{PROJECT_NS}}}"
_LINK_TYPES = frozenset(kind.value for kind in LinkType)


@dataclass(slots=True)
class _Source:
    """A source being read: what its selections index, and what of it was left out."""

    tag: str
    guid: str
    name: str
    attributes: Attributes
    text: str | None = None
    raw: bytes | None = None
    """The plain-text file's bytes, when the text came from one."""
    text_problem: str = "it has no plain text"
    counts: Counter[str] = field(default_factory=Counter)
    example: str = ""
    document: IncomingDocument | None = None
    """Its document, once made (at its first annotation kept, or at its end)."""
    sent: bool = False
    """Whether its document has been handed on."""
    quotes: list[str] = field(default_factory=list)
    """The first quotes of its annotations, while its document waits for its end."""


class _ProjectReader:
    """Takes the parts ``ProjectWalk`` hands over by element path; see the module docstring
    for the rules."""

    def __init__(self, archive: SafeArchive, send: Sender, *, total: int) -> None:
        self._file = archive.file_name
        self._files = SourceFiles(archive)
        self._send = send
        self._total = total
        self.position: Callable[[], int] = lambda: 0
        """How many bytes of ``project.qde`` have been read (set once it is opened)."""
        self._users: dict[str, str] = {}
        self._codable: set[str] = set()
        self._folders: set[str] = set()
        self._codes_sent = False
        self._sources = 0
        self._source: _Source | None = None
        self._batch: list[IncomingAnnotation] = []
        """Annotations not yet handed on."""
        self._sent = 0
        """Annotations handed on before the batch."""
        self._ids: dict[str, int] = {}
        """Annotations (by index) by id, for ``Link``s."""
        self._own_notes: dict[int, str] = {}
        """Annotations' own notes (their ``Description``), by index, where they have one."""
        self._reviewers: set[str | None] = set()
        self._noted: dict[int, list[str]] = {}
        """Note guids of annotations (by index), from their ``NoteRef``s and then ``Link``s."""
        self._notes: dict[str, tuple[str, str]] = {}
        self._links: list[tuple[str, str]] = []
        self._typed_links: list[tuple[ET.Element, str, str]] = []
        """Links named with a type of Accord's (``LinkType``), with their origin and target."""
        self._source_guids: set[str] = set()
        self._noting_sources: dict[str, _Source] = {}
        """Sources by the guids of the notes their ``NoteRef``s name: a note on the source as a
        whole, or (QualCoder) a note on a passage of it, which becomes an annotation."""
        self._last_with_text: _Source | None = None
        self._with_text = 0
        """How many sources had a text so far (a note on a passage that no source names is
        placed on the file's only one)."""
        self._tally = ProjectTally()
        self._dropped: list[str | Callable[[], list[str]]] = []
        """What was left out, in file order; a source's lines are said at the end, once the
        notes its ``NoteRef``s name are known."""

    def parts(self) -> dict[ElementPath, Part]:
        """What each element path is, and the hook that takes it."""
        sources = ("Project", "Sources")
        parts: dict[ElementPath, Part] = {
            ("Project",): Container(opened=self._start_project),
            ("Project", "Users", "User"): Built(self._user),
            ("Project", "CodeBook"): Built(self._codebook),
            (*sources, "TextSource"): Container(
                partial(self._start_source, "TextSource"), self._end_source
            ),
            (*sources, "PDFSource"): Container(
                partial(self._start_source, "PDFSource"), self._end_source
            ),
            (*sources, "PDFSource", "Representation"): Container(opened=self._load_text),
            (*sources, "TextSource", "PlainTextContent"): Built(self._inline_text),
            (*sources, "PDFSource", "Representation", "PlainTextContent"): Built(self._inline_text),
            (*sources, "TextSource", "PlainTextSelection"): Selection(self._selection),
            (*sources, "PDFSource", "Representation", "PlainTextSelection"): Selection(
                self._selection
            ),
            (*sources, "PDFSource", "PDFSelection"): Selection(self._area),
            ("Project", "Notes", "Note"): Selection(self._note),
            ("Project", "Links", "Link"): Built(self._link),
            ("Project", "Description"): Built(lambda _: self._project_count("project description")),
            ("Project", "NoteRef"): Built(lambda _: self._project_count("project note")),
        }
        for kind in ("PictureSource", "AudioSource", "VideoSource"):
            parts[(*sources, kind)] = Built(self._media, opened=partial(self._start_source, kind))
        for section in UNSUPPORTED:
            parts[("Project", section)] = Built(self._unsupported)
        for where in (("TextSource",), ("PDFSource",), ("PDFSource", "Representation")):
            path = (*sources, *where)
            parts[(*path, "Coding")] = Built(lambda _: self._count("whole"))
            parts[(*path, "NoteRef")] = Built(self._source_note_ref)
            parts[(*path, "VariableValue")] = Built(lambda _: self._project_count("value"))
        return parts

    # Parsing

    def _start_project(self, attributes: Attributes) -> None:
        self._files.crlf_is_one = "atlas" in attributes.get("origin", "").casefold()

    def _start_source(self, kind: str, attributes: Attributes) -> None:
        self._send_codes([])
        self._sources += 1
        guid = as_guid(attributes.get("guid")) or f"source {self._sources}"
        self._source_guids.add(guid)
        self._source = _Source(kind, guid, attributes.get("name") or guid, attributes)
        if kind == "TextSource":
            self._load_text(attributes)

    # Texts and files

    def _load_text(self, attributes: Attributes) -> None:
        assert self._source is not None
        member, problem = self._files.member(attributes.get("plainTextPath"))
        if member is None:
            self._source.text_problem = problem
            return
        self._source.raw = self._files.read(member)
        self._source.text = self._files.decode(self._source.raw, self._source.counts)

    def _inline_text(self, element: ET.Element) -> None:
        assert self._source is not None
        if self._source.text is None:  # (the XML parser has already made line ends LF)
            self._source.text = element.text or ""

    # Users and codes

    def _user(self, element: ET.Element) -> None:
        guid = as_guid(element.get("guid"))
        name = (element.get("name") or element.get("id") or "").strip()
        if guid and name:
            self._users[guid] = name

    def _codebook(self, element: ET.Element) -> None:
        if self._codes_sent:
            self._dropped.append(
                "The codebook, which the file lists after its sources "
                "(REFI-QDA puts it before them), and the codings of its codes."
            )
            return
        self._codable, self._folders = code_kinds(element)
        self._codes_sent = True
        self._send(UncheckedCodebook(ET.tostring(element, encoding="utf-8")))

    def _send_codes(self, codes: list[IncomingCode]) -> None:
        """The codes, once: the codebook's, or none when a source comes first."""
        if not self._codes_sent:
            self._codes_sent = True
            self._send(CodesRead(codes))

    # Selections

    def _project_count(self, what: str) -> None:
        self._tally.counts[what] += 1

    def _count(self, what: str) -> None:
        assert self._source is not None
        self._source.counts[what] += 1

    def _source_note_ref(self, element: ET.Element) -> None:
        assert self._source is not None
        guid = as_guid(element.get("targetGUID"))
        if guid:
            self._noting_sources[guid] = self._source
        else:
            self._source.counts["source notes"] += 1

    def _keep(
        self,
        parts: SelectionParts,
        *,
        exact: str,
        start: int | None = None,
        end: int | None = None,
        page: int | None = None,
        context: tuple[str, str] = ("", ""),
        source: _Source | None = None,
    ) -> None:
        """Keep the selection as an annotation of ``source`` (by default, the one being read)."""
        source = source or self._source
        assert source is not None
        if not source.sent:
            self._offer_document(source, exact)
        attributes, codings, codable = parts.attributes, parts.codings, self._codable
        codes: list[str] = []
        for target in parts.codes:  # (most tools write a code's guid as its codebook does)
            code = target if target in codable else as_guid(target)
            if code in codable:
                codes.append(code)
            else:
                self._tally.counts[
                    "folder coding" if code in self._folders else "unknown coding"
                ] += 1
        author = as_guid(attributes.get("creatingUser")) or next(
            (user for coding in codings if (user := as_guid(coding.get("creatingUser")))), ""
        )
        created_at = attributes.get("creationDateTime")
        created = as_moment(created_at)
        if created is None and codings:
            created = as_moment(codings[0].get("creationDateTime"))
        modified_at = attributes.get("modifiedDateTime")
        index = self._sent + len(self._batch)
        note, listed = read_description(parts.description or "")
        annotation = IncomingAnnotation(
            source.guid,
            exact,
            start=start,
            end=end,
            prefix=context[0],
            suffix=context[1],
            page=page,
            id=as_selection_id(attributes.get("guid")),
            note=note,
            reviewer=self._users.get(author),
            created=created,
            modified=created if modified_at == created_at else as_moment(modified_at) or created,
            code_guids=tuple(codes) if len(codes) < 2 else tuple(dict.fromkeys(codes)),
            listed=listed or None,
        )
        self._batch.append(annotation)
        self._reviewers.add(annotation.reviewer)
        if annotation.id:
            self._ids[annotation.id] = index
        if annotation.note:
            self._own_notes[index] = annotation.note
        if parts.note_refs or parts.coding_note_refs:
            notes = [g for t in (*parts.note_refs, *parts.coding_note_refs) if (g := as_guid(t))]
            if notes:
                self._noted[index] = notes
        if len(self._batch) == BATCH:
            self._send_batch()

    def _send_batch(self) -> None:
        if self._batch:
            self._send(
                AnnotationsRead(self._batch, self.position(), self._total, notes_final=False)
            )
            self._sent += len(self._batch)
            self._batch = []

    def _selection(self, parts: SelectionParts) -> None:
        source = self._source
        assert source is not None
        self._keep_passage(parts, source, parts.attributes)

    def _keep_passage(self, parts: SelectionParts, source: _Source, attributes: Attributes) -> bool:
        """Keep the passage of ``source``'s text that ``attributes`` give, if they give one
        inside it; else count why not."""
        start, end = as_int(attributes.get("startPosition")), as_int(attributes.get("endPosition"))
        if source.text is None:
            source.counts["no text"] += 1
        elif start is None or end is None or not 0 <= start < end <= len(source.text):
            source.counts["outside"] += 1
            source.example = (
                source.example
                or f"{attributes.get('startPosition')}..{attributes.get('endPosition')}"
            )
        else:
            text = source.text  # (quoted as ``describe`` does; its checks are made above)
            self._keep(
                parts,
                exact=text[start:end],
                start=start,
                end=end,
                context=(
                    text[max(0, start - DEFAULT_CONTEXT) : start],
                    text[end : end + DEFAULT_CONTEXT],
                ),
                source=source,
            )
            return True
        return False

    def _area(self, parts: SelectionParts) -> None:
        """A region of a PDF page: kept only when the file gives the text it covers."""
        source = self._source
        assert source is not None
        text = ""
        if parts.representation is not None:
            member, _ = self._files.member(parts.representation.get("plainTextPath"))
            if member is not None:
                text = self._files.decode(self._files.read(member), source.counts)
            else:
                text = parts.representation_text or ""
        if text.strip():
            self._keep(parts, exact=text.strip(), page=as_int(parts.attributes.get("page")))
        else:
            source.counts["area"] += 1

    # Whole items

    def _offer_document(self, source: _Source, exact: str) -> None:
        """Hand the source's document on at its first annotation, when the file carries it;
        else keep the quote, to send with it at the source's end."""
        if source.document is None:
            source.document = self._document(source)
        if source.document.content is not None:
            self._send_batch()
            self._send(DocumentRead(source.document))
            source.sent = True
        elif len(source.quotes) < MATCHING_QUOTES:
            source.quotes.append(exact)

    def _document(self, source: _Source) -> IncomingDocument:
        """The source as a document: its own file when Accord opens its format, else its
        plain text."""
        original = source.attributes.get("path" if source.tag == "PDFSource" else "richTextPath")
        member, _ = self._files.member(original)
        name = source.name
        content: bytes | None = None
        if member is not None and PurePosixPath(member).suffix.lower() in READABLE_SUFFIXES:
            content = self._files.read(member)
        elif source.tag == "TextSource" and source.text is not None:
            if member is not None:
                source.counts[f"rich {PurePosixPath(member).suffix.lower()}"] += 1
            content = source.raw if source.raw is not None else source.text.encode()
            member = "text.txt"
        if member is not None:
            suffix = PurePosixPath(member).suffix.lower()
            if suffix and not name.lower().endswith(suffix):
                name += suffix
        return IncomingDocument(source.guid, name, content=content, text=source.text)

    def _end_source(self, _attributes: Attributes) -> None:
        source = self._source
        assert source is not None
        self._source = None
        if not source.sent:
            self._send_batch()
            self._send(
                DocumentRead(source.document or self._document(source), tuple(source.quotes))
            )
            source.sent = True
        if source.text is not None:
            self._with_text += 1
            self._last_with_text = source
        self._dropped.append(
            partial(
                source_lines,
                source.name,
                source.counts,
                text_problem=source.text_problem,
                text_length=len(source.text or ""),
                example=source.example,
            )
        )

    def _media(self, element: ET.Element) -> None:
        source = self._source
        assert source is not None
        self._source = None
        selections = sum(1 for e in element.iter() if e.tag.endswith("Selection"))
        self._dropped.append(
            f"The {_SOURCE_KINDS[source.tag]} “{source.name}” and its {selections} "
            "selection(s): Accord reads documents with text, not pictures, audio or video."
        )

    def _note(self, parts: SelectionParts) -> None:
        """A note, read as lean as a selection (an export has one for each annotation with a
        note: building them as elements cost 0.1 s for 33,000)."""
        attributes = parts.attributes
        guid = as_guid(attributes.get("guid"))
        if not guid:
            return
        member, _ = self._files.member(attributes.get("plainTextPath"))
        text = ""
        if member is not None:
            text = self._files.read(member).decode("utf-8", errors="replace")
        elif parts.text is not None:
            text = parts.text
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").strip()
        if parts.passage is not None:
            self._note_on_passage(guid, parts.attributes, parts.passage, text)
        else:
            self._notes[guid] = (attributes.get("name") or "", text)

    def _note_on_passage(
        self, guid: str, attributes: Attributes, passage: Attributes, text: str
    ) -> None:
        """QualCoder's annotation, a note on a passage with no coding: a ``Note`` holding its
        text and a ``PlainTextSelection`` of the source whose ``NoteRef`` names the note (or,
        when none does, of the file's only source with a text). It is kept as an uncoded
        annotation with that note, its id the selection's."""
        source = self._noting_sources.pop(guid, None)
        if source is None and self._with_text == 1:
            source = self._last_with_text
        kept = SelectionParts({**attributes, **passage})
        kept.description = text
        if source is None or not self._keep_passage(kept, source, passage):
            self._tally.counts["note on no passage"] += 1

    def _link(self, element: ET.Element) -> None:
        ends = (as_guid(element.get("originGUID")) or "", as_guid(element.get("targetGUID")) or "")
        if element.get("name") in _LINK_TYPES and as_guid(element.get("guid")):
            self._typed_links.append((element, *ends))
        else:
            self._links.append(ends)

    def _unsupported(self, element: ET.Element) -> None:
        kind = element.tag[len(_NS) :]
        names = [child.get("name") or "" for child in element]
        self._tally.names[kind] = names
        self._tally.counts[kind] += len(names)

    # The end

    def finish(self, unknown: Counter[str]) -> None:
        """The notes that change annotations' own, and what was left out, once the walk is
        done; ``unknown`` is what the walk skipped where a section or a source belongs."""
        self._send_codes([])
        self._send_batch()
        self._tally.unknown = unknown
        for source in self._noting_sources.values():  # notes on a source as a whole
            source.counts["source notes"] += 1
        noted = self._noted
        other_links = 0
        for origin, target in self._links:
            if origin in self._notes and target in self._ids:
                noted.setdefault(self._ids[target], []).append(origin)
            elif target in self._notes and origin in self._ids:
                noted.setdefault(self._ids[origin], []).append(target)
            else:
                other_links += 1
        used: set[str] = set()
        links = self._accords_links(used)
        other_links += len(self._typed_links) - len(links)
        changed: dict[int, str] = {}
        for index, guids in noted.items():
            own = self._own_notes.get(index, "")
            pieces = [own]
            for guid in guids:
                if guid in self._notes:
                    used.add(guid)
                    pieces.append(self._notes[guid][1])
            note = "\n\n".join(dict.fromkeys(p for p in pieces if p))
            if note != own:
                changed[index] = note
        self._tally.idle_users = [
            name for name in dict.fromkeys(self._users.values()) if name not in self._reviewers
        ]
        self._tally.unused_notes = [
            name or guid for guid, (name, _) in self._notes.items() if guid not in used
        ]
        self._tally.other_links = other_links
        send = self._send
        # The reader lets go of what it kept and of where it sent what it read (the events the
        # caller collects): it is held until the cycle collector comes by, through the walk's
        # hooks and, on a process's first import, through the frames that xmlschema keeps
        # from building the schema (in ``_codebook``). Still holding 100,000 annotations, that
        # was a 0.3 s collection at the end of the import.
        self._send = _ignore
        self._ids, self._own_notes, self._noted, self._notes, self._links = {}, {}, {}, {}, []
        self._noting_sources, self._last_with_text = {}, None
        dropped = [
            line for item in self._dropped for line in ([item] if isinstance(item, str) else item())
        ]
        send(ReadEnd(changed, [*dropped, *self._tally.lines()], links))

    def _accords_links(self, used: set[str]) -> list[IncomingLink]:
        """Links of Accord's types from an annotation to an annotation or a source (for
        *omits* and *adds*), with the text of the notes they name (marked ``used``); a link
        whose ends are not in the file is left out (counted among the other links)."""
        found = []
        for element, _, target_guid in self._typed_links:
            kind = LinkType(element.get("name", ""))
            origin = as_selection_id(element.get("originGUID")) or ""
            target = as_selection_id(element.get("targetGUID")) or target_guid
            to_document = target_guid in self._source_guids and kind.to_document
            if origin not in self._ids or not (to_document or target in self._ids):
                continue
            notes = []
            for ref in element:
                guid = as_guid(ref.get("targetGUID"))
                if ref.tag == f"{_NS}NoteRef" and guid in self._notes:
                    used.add(guid)
                    notes.append(self._notes[guid][1])
            found.append(
                IncomingLink(
                    str(as_guid(element.get("guid"))),
                    kind.value,
                    origin,
                    None if to_document else target,
                    target_guid if to_document else None,
                    "\n\n".join(note for note in notes if note),
                )
            )
        return found


def _ignore(_event: ReadEvent | UncheckedCodebook) -> None:
    """Where a finished reader sends (it sends nothing more)."""


def _project_member(archive: SafeArchive) -> str:
    """``project.qde``, or else the one ``.qde`` at the root (ATLAS.ti names it after the
    project)."""
    if PROJECT_MEMBER in archive.names:
        return PROJECT_MEMBER
    others = [n for n in archive.names if n.lower().endswith(".qde") and "/" not in n]
    if len(others) != 1:
        raise refused(
            archive.file_name,
            f"the archive holds no {PROJECT_MEMBER}, so it is not a REFI-QDA project",
        )
    return others[0]


def read_events(path: Path, send: Sender) -> None:
    """Read the project, handing what it holds to ``send`` as it is read, its codebook as
    ``UncheckedCodebook`` (whoever takes it checks it: ``qdpx_child.decoded``)."""
    with SafeArchive(
        path, file_name=path.name, refuse=lambda problem: refused(path.name, problem)
    ) as archive:
        member = _project_member(archive)
        size = archive.size(member)
        if size > MAX_XML_BYTES:
            raise refused(
                path.name,
                f"its {member} is larger than the {MAX_XML_BYTES // 1024**2:,} MB Accord accepts",
            )
        reader = _ProjectReader(archive, send, total=size)
        walk = ProjectWalk(reader.parts(), file_name=path.name, max_held=MAX_HELD_ELEMENTS)
        try:
            with archive.stream(member) as stream:
                reader.position = lambda: walk.fed
                walk.run(stream)
        except DefusedXmlException as error:
            raise refused(
                path.name,
                f"its {member} declares a document type or entities, which "
                "REFI-QDA files never need and which can hide attacks",
            ) from error
        except ET.ParseError as error:
            line, column = error.position
            raise refused(
                path.name, f"its {member} is not well-formed XML (line {line}, column {column + 1})"
            ) from error
        except INFLATE_ERRORS as error:
            raise archive.damaged(error) from error
        except DECLARATION_ERRORS as error:
            if walk.started:
                raise
            raise refused(path.name, f"its {member} {UNREADABLE_ENCODING}") from error
        reader.finish(walk.unknown)
