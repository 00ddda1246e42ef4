"""Reading a REFI-QDA project (``.qdpx``), from another tool or from Accord, into ``Incoming``.

The archive is checked by ``archive.SafeArchive``; ``project.qde`` is parsed as it inflates
(``defusedxml`` iterparse: no DTD, no entities, nothing fetched), and each selection is released
once read, so memory follows what is kept, not the size of the XML. Nesting and the number of
elements held at once are capped.

Strict where everything depends on it, lenient elsewhere: the root must be a REFI-QDA
``Project`` and its codebook must follow the schema (every coding refers to it, and the
``.qdc`` import asks the same). The codes are handed on as the file has them (ids in upper
case, ``#RGB`` widened); the merge lays them onto Accord's two facets. A selection that cannot
be read (positions missing or outside its text, its text not in the archive) is left out and
counted in ``dropped``, so one odd selection does not cost the others. Whatever Accord cannot
hold is listed there too, one line per kind of thing per source (REFI-QDA §7).

Positions count code points in the source's plain text as stored: UTF-8, a BOM not counted.
ATLAS.ti counts a CRLF line end as one character, so in its files (``origin`` names it) CRLF is
read as LF; other tools count both characters, so their texts are kept as they are.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from desktop.anchoring import describe
from desktop.codebook.xmlsafe import MAX_DEPTH, PROJECT_NS
from desktop.exporters.archive import INFLATE_ERRORS, SafeArchive, refused
from desktop.exporters.incoming import (
    Incoming,
    IncomingAnnotation,
    IncomingDocument,
)
from desktop.exporters.limits import MAX_XML_BYTES
from desktop.exporters.qdpx_dropped import UNSUPPORTED, ProjectTally, source_lines
from desktop.exporters.qdpx_parts import (
    SourceFiles,
    as_guid,
    as_int,
    as_moment,
    as_selection_id,
    codes_of,
)

MAX_HELD_ELEMENTS = 1_000_000
"""Elements parsed but not yet released (a codebook, one source's pending selections): far
above any real project, far below what would exhaust memory."""
PROJECT_MEMBER = "project.qde"
READABLE_SUFFIXES = frozenset({".pdf", ".html", ".htm", ".xhtml", ".epub", ".txt", ".md",
                               ".markdown"})
"""Formats Accord opens: a source's own file in another format (``.docx``) is replaced by its
plain text."""
_SOURCE_KINDS = {"TextSource": "text", "PDFSource": "PDF", "PictureSource": "picture",
                 "AudioSource": "audio", "VideoSource": "video"}
_NS = f"{{{PROJECT_NS}}}"


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return element.find(_NS + name)


@dataclass(slots=True)
class _Source:
    """A source being read: what its selections index, and what of it was left out."""

    tag: str
    guid: str
    name: str
    text: str | None = None
    raw: bytes | None = None
    """The plain-text file's bytes, when the text came from one."""
    text_problem: str = "it has no plain text"
    counts: Counter[str] = field(default_factory=Counter)
    example: str = ""


@dataclass(frozen=True, slots=True)
class _Pending:
    annotation: IncomingAnnotation
    note_guids: tuple[str, ...]


class _ProjectReader:
    """Handles iterparse events by element path; see the module docstring for the rules."""

    def __init__(self, archive: SafeArchive) -> None:
        self._file = archive.file_name
        self._files = SourceFiles(archive)
        self._users: dict[str, str] = {}
        self._codable: set[str] = set()
        self._folders: set[str] = set()
        self._source: _Source | None = None
        self._pending: list[_Pending] = []
        self._notes: dict[str, tuple[str, str]] = {}
        self._links: list[tuple[str, str]] = []
        self._tally = ProjectTally()
        self.incoming = Incoming(archive.file_name)
        self._ends: dict[tuple[str, ...], Callable[[ET.Element], None]] = {
            ("Project", "Users", "User"): self._user,
            ("Project", "CodeBook"): self._codebook,
            ("Project", "Sources", "TextSource"): self._end_source,
            ("Project", "Sources", "PDFSource"): self._end_source,
            ("Project", "Sources", "TextSource", "PlainTextContent"): self._inline_text,
            ("Project", "Sources", "PDFSource", "Representation", "PlainTextContent"):
                self._inline_text,
            ("Project", "Sources", "TextSource", "PlainTextSelection"): self._selection,
            ("Project", "Sources", "PDFSource", "Representation", "PlainTextSelection"):
                self._selection,
            ("Project", "Sources", "PDFSource", "PDFSelection"): self._area,
            ("Project", "Notes", "Note"): self._note,
            ("Project", "Links", "Link"): self._link,
            ("Project", "Description"): lambda _: self._project_count("project description"),
            ("Project", "NoteRef"): lambda _: self._project_count("project note"),
        }
        for kind in ("PictureSource", "AudioSource", "VideoSource"):
            self._ends[("Project", "Sources", kind)] = self._media
        for section in UNSUPPORTED:
            self._ends[("Project", section)] = self._unsupported
        for where in (("TextSource",), ("PDFSource",), ("PDFSource", "Representation")):
            path = ("Project", "Sources", *where)
            self._ends[(*path, "Coding")] = lambda _: self._count("whole")
            self._ends[(*path, "NoteRef")] = lambda _: self._count("source notes")
            self._ends[(*path, "VariableValue")] = lambda _: self._project_count("value")
        self._known = {path[: i + 1] for path in self._ends for i in range(len(path))}

    # Parsing

    def run(self, events: Iterable[tuple[str, ET.Element]]) -> Incoming:
        path: list[str] = []
        elements: list[ET.Element] = []
        held = 0
        for event, element in events:
            tag = element.tag
            name = tag[len(_NS):] if tag.startswith(_NS) else tag
            if event == "start":
                if not path:
                    self._start_project(element, name)
                path.append(name)
                elements.append(element)
                held += 1
                if len(path) > MAX_DEPTH:
                    raise refused(self._file, f"its {PROJECT_MEMBER} nests elements more than "
                                              f"{MAX_DEPTH} levels deep, which no REFI-QDA file "
                                              "needs")
                if held > MAX_HELD_ELEMENTS:
                    raise refused(self._file, f"its {PROJECT_MEMBER} holds more than "
                                              f"{MAX_HELD_ELEMENTS:,} elements in one part")
                self._start(tuple(path), element)
                continue
            key = tuple(path)
            handler = self._ends.get(key)
            if handler is not None:
                handler(element)
            top = len(key) == 2 or (len(key) == 3 and key[1] == "Sources")
            if handler is None and top and key not in self._known:
                self._tally.unknown[name] += 1
            path.pop()
            elements.pop()
            if handler is not None or top:
                # A section or a source released leaves only its open ancestors held; a
                # selection released gives back its own elements.
                held = len(elements) if top else held - sum(1 for _ in element.iter())
                element.clear()
                if elements:
                    del elements[-1][:]
        return self._finish()

    def _start_project(self, element: ET.Element, name: str) -> None:
        if element.tag != _NS + "Project":
            found = name if element.tag.startswith(_NS) else element.tag
            raise refused(self._file, f"its {PROJECT_MEMBER} is not a REFI-QDA project: its "
                                      f"root is <{found}>, not <Project> in “{PROJECT_NS}”")
        self._files.crlf_is_one = "atlas" in element.get("origin", "").casefold()

    def _start(self, path: tuple[str, ...], element: ET.Element) -> None:
        if path[:2] != ("Project", "Sources"):
            return
        if len(path) == 3 and path[2] in _SOURCE_KINDS:
            guid = as_guid(element.get("guid")) or f"source {len(self.incoming.documents) + 1}"
            self._source = _Source(path[2], guid, element.get("name") or guid)
            if path[2] == "TextSource":
                self._load_text(element)
        elif path[2:] == ("PDFSource", "Representation"):
            self._load_text(element)

    # Texts and files

    def _load_text(self, element: ET.Element) -> None:
        assert self._source is not None
        member, problem = self._files.member(element.get("plainTextPath"))
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
        self.incoming.codes = codes_of(element, file_name=self._file)
        for code in self.incoming.codes:
            (self._codable if code.is_codable else self._folders).add(code.guid)

    # Selections

    def _project_count(self, what: str) -> None:
        self._tally.counts[what] += 1

    def _count(self, what: str) -> None:
        assert self._source is not None
        self._source.counts[what] += 1

    def _codings(self, element: ET.Element) -> tuple[tuple[str, ...], list[str], list[str]]:
        """Codes applied (known, codable), note guids on the codings, and their authors."""
        codes: list[str] = []
        notes: list[str] = []
        users: list[str] = []
        for coding in element.iterfind(_NS + "Coding"):
            reference = _child(coding, "CodeRef")
            code = as_guid(reference.get("targetGUID")) if reference is not None else None
            if code in self._codable:
                codes.append(code)  # type: ignore[arg-type]
            else:
                self._project_count("folder coding" if code in self._folders
                                    else "unknown coding")
            notes.extend(as_guid(r.get("targetGUID")) or ""
                         for r in coding.iterfind(_NS + "NoteRef"))
            users.append(as_guid(coding.get("creatingUser")) or "")
        return tuple(dict.fromkeys(codes)), notes, users

    def _keep(self, element: ET.Element, *, exact: str, start: int | None = None,
              end: int | None = None, page: int | None = None, context: tuple[str, str] = ("", "")
              ) -> None:
        assert self._source is not None
        codes, coding_notes, coding_users = self._codings(element)
        notes = [as_guid(r.get("targetGUID")) or "" for r in element.iterfind(_NS + "NoteRef")]
        description = _child(element, "Description")
        author = as_guid(element.get("creatingUser")) or next((u for u in coding_users if u), "")
        created = as_moment(element.get("creationDateTime"))
        if created is None:
            first = _child(element, "Coding")
            created = as_moment(first.get("creationDateTime")) if first is not None else None
        annotation = IncomingAnnotation(
            self._source.guid, exact, start=start, end=end, prefix=context[0],
            suffix=context[1], page=page, id=as_selection_id(element.get("guid")),
            note=(description.text or "").strip() if description is not None else "",
            reviewer=self._users.get(author), created=created,
            modified=as_moment(element.get("modifiedDateTime")) or created, code_guids=codes,
        )
        self._pending.append(_Pending(annotation, tuple(g for g in notes + coding_notes if g)))

    def _selection(self, element: ET.Element) -> None:
        source = self._source
        assert source is not None
        start, end = as_int(element.get("startPosition")), as_int(element.get("endPosition"))
        if source.text is None:
            source.counts["no text"] += 1
        elif start is None or end is None or not 0 <= start < end <= len(source.text):
            source.counts["outside"] += 1
            source.example = source.example or f"{element.get('startPosition')}.." \
                                                f"{element.get('endPosition')}"
        else:
            _, quote = describe(source.text, start, end)
            self._keep(element, exact=quote.exact, start=start, end=end,
                       context=(quote.prefix, quote.suffix))

    def _area(self, element: ET.Element) -> None:
        """A region of a PDF page: kept only when the file gives the text it covers."""
        source = self._source
        assert source is not None
        representation = _child(element, "Representation")
        text = ""
        if representation is not None:
            member, _ = self._files.member(representation.get("plainTextPath"))
            inline = _child(representation, "PlainTextContent")
            if member is not None:
                text = self._files.decode(self._files.read(member), source.counts)
            elif inline is not None:
                text = inline.text or ""
        if text.strip():
            self._keep(element, exact=text.strip(), page=as_int(element.get("page")))
        else:
            source.counts["area"] += 1

    # Whole items

    def _end_source(self, element: ET.Element) -> None:
        source = self._source
        assert source is not None
        self._source = None
        original = element.get("path") if source.tag == "PDFSource" else element.get(
            "richTextPath")
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
        self.incoming.documents.append(
            IncomingDocument(source.guid, name, content=content, text=source.text))
        self.incoming.dropped.extend(source_lines(
            source.name, source.counts, text_problem=source.text_problem,
            text_length=len(source.text or ""), example=source.example))

    def _media(self, element: ET.Element) -> None:
        source = self._source
        assert source is not None
        self._source = None
        selections = sum(1 for e in element.iter() if e.tag.endswith("Selection"))
        self.incoming.dropped.append(
            f"The {_SOURCE_KINDS[source.tag]} “{source.name}” and its {selections} "
            "selection(s): Accord reads documents with text, not pictures, audio or video.")

    def _note(self, element: ET.Element) -> None:
        guid = as_guid(element.get("guid"))
        if not guid:
            return
        member, _ = self._files.member(element.get("plainTextPath"))
        inline = _child(element, "PlainTextContent")
        text = ""
        if member is not None:
            text = self._files.read(member).decode("utf-8", errors="replace")
        elif inline is not None:
            text = inline.text or ""
        text = text.removeprefix("\ufeff")
        self._notes[guid] = (element.get("name") or "", text.replace("\r\n", "\n").strip())

    def _link(self, element: ET.Element) -> None:
        self._links.append((as_guid(element.get("originGUID")) or "",
                            as_guid(element.get("targetGUID")) or ""))

    def _unsupported(self, element: ET.Element) -> None:
        kind = element.tag[len(_NS):]
        names = [child.get("name") or "" for child in element]
        self._tally.names[kind] = names
        self._tally.counts[kind] += len(names)

    # The end

    def _finish(self) -> Incoming:
        by_id = {p.annotation.id: i for i, p in enumerate(self._pending) if p.annotation.id}
        linked: dict[int, list[str]] = {}
        other_links = 0
        for origin, target in self._links:
            if origin in self._notes and target in by_id:
                linked.setdefault(by_id[target], []).append(origin)
            elif target in self._notes and origin in by_id:
                linked.setdefault(by_id[origin], []).append(target)
            else:
                other_links += 1
        used: set[str] = set()
        for index, pending in enumerate(self._pending):
            annotation = pending.annotation
            pieces = [annotation.note]
            for guid in (*pending.note_guids, *linked.get(index, ())):
                if guid in self._notes:
                    used.add(guid)
                    pieces.append(self._notes[guid][1])
            note = "\n\n".join(dict.fromkeys(p for p in pieces if p))
            self.incoming.annotations.append(
                annotation if note == annotation.note else replace(annotation, note=note))
        reviewers = {annotation.reviewer for annotation in self.incoming.annotations}
        self._tally.idle_users = [name for name in dict.fromkeys(self._users.values())
                                  if name not in reviewers]
        self._tally.unused_notes = [name or guid for guid, (name, _) in self._notes.items()
                                    if guid not in used]
        self._tally.other_links = other_links
        self.incoming.dropped.extend(self._tally.lines())
        return self.incoming


def _project_member(archive: SafeArchive) -> str:
    """``project.qde``, or else the one ``.qde`` at the root (ATLAS.ti names it after the
    project)."""
    if PROJECT_MEMBER in archive.names:
        return PROJECT_MEMBER
    others = [n for n in archive.names if n.lower().endswith(".qde") and "/" not in n]
    if len(others) != 1:
        raise refused(archive.file_name, f"the archive holds no {PROJECT_MEMBER}, so it is not "
                                         "a REFI-QDA project")
    return others[0]


def read_qdpx(path: Path) -> Incoming:
    with SafeArchive(path) as archive:
        member = _project_member(archive)
        if archive.size(member) > MAX_XML_BYTES:
            raise refused(path.name, f"its {member} is larger than the "
                                     f"{MAX_XML_BYTES // 1024**2:,} MB Accord accepts")
        reader = _ProjectReader(archive)
        try:
            with archive.stream(member) as stream:
                return reader.run(iterparse(stream, events=("start", "end"), forbid_dtd=True))
        except DefusedXmlException as error:
            raise refused(path.name, f"its {member} declares a document type or entities, which "
                                     "REFI-QDA files never need and which can hide attacks") \
                from error
        except ET.ParseError as error:
            line, column = error.position
            raise refused(path.name, f"its {member} is not well-formed XML (line {line}, "
                                     f"column {column + 1})") from error
        except INFLATE_ERRORS as error:
            raise archive.damaged(error) from error
