"""Walking an untrusted ``project.qde`` as expat reads it, keeping only what the reader uses.

A project exported with 100,000 annotations is 90 MB of XML in over half a million elements;
building an ElementTree element for each (as ``iterparse`` does) costs several times what
parsing them does. So each element's path from the root decides, as the element starts, what
it is:

- a ``Container`` (``Project``, ``Sources``, a source): only its attributes are kept, handed to
  its hooks when it opens and closes, and its children are walked by path in turn;
- a ``Built`` part (the codebook, a user, a link): built as an element, handed over whole;
- a ``Selection`` (a selection, or a note: there are as many): read straight into
  ``SelectionParts`` (its attributes and those of the few children the reader uses) without
  building anything;
- anything else is skipped; where a section or a source belongs (a child of ``Project`` or of
  ``Sources``) it is counted in ``unknown``.

The root must be REFI-QDA's ``Project``. The parser is expat as ``defusedxml`` configures it,
its guards (no document type, no entity declarations, no external references) left in place;
only the element and text handlers are this module's, one pair for each of the four cases.
Nesting and the number of elements held at once are capped as elements start: a part holds
what it contains until it is handed over, a section or a source until it ends.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from defusedxml.ElementTree import DefusedXMLParser

from desktop.codebook.xmlsafe import MAX_DEPTH, PROJECT_NS
from desktop.core.bulk import cycles_collected_after
from desktop.formats.limits import refused

ElementPath = tuple[str, ...]
"""Element names from the root: REFI-QDA's own without their namespace."""
Attributes = dict[str, str]
Opened = Callable[[Attributes], None]

CHUNK_BYTES = 64 * 1024
PROJECT_MEMBER = "project.qde"
_NS = PROJECT_NS + "}"
"""How a project element's name starts as expat gives it (``urn:QDA-XML:project:1.0}Code``)."""
_PROJECT = _NS + "Project"
_CODING, _CODE_REF, _NOTE_REF = _NS + "Coding", _NS + "CodeRef", _NS + "NoteRef"
_DESCRIPTION, _REPRESENTATION = _NS + "Description", _NS + "Representation"
_PLAIN_TEXT, _TEXT_SELECTION = _NS + "PlainTextContent", _NS + "PlainTextSelection"
_REMEMBERED_CHILDREN = 1_000
"""Distinct child names remembered per container (a hostile file may make up any number)."""


class SelectionParts:
    """What the reader uses of a ``PlainTextSelection``, ``PDFSelection`` or ``Note``, in file
    order. A text is that of the first such child, up to its first child element (``None``:
    there is no such child). (A plain class: one is made per selection, a dataclass's list
    factories would double what that costs.)"""

    __slots__ = (
        "attributes",
        "codes",
        "coding_note_refs",
        "codings",
        "description",
        "note_refs",
        "passage",
        "representation",
        "representation_text",
        "text",
    )

    def __init__(self, attributes: Attributes) -> None:
        self.attributes = attributes
        self.codings: list[Attributes] = []
        """Each ``Coding``'s attributes."""
        self.codes: list[str | None] = []
        """Each coding's first ``CodeRef`` target (``""`` when it names none, ``None`` when
        the coding has no ``CodeRef``)."""
        self.note_refs: list[str | None] = []
        """Targets of the selection's own ``NoteRef``s."""
        self.coding_note_refs: list[str | None] = []
        """Targets of its codings' ``NoteRef``s."""
        self.description: str | None = None
        self.representation: Attributes | None = None
        """The first ``Representation`` (an area's text)."""
        self.representation_text: str | None = None
        """Its first ``PlainTextContent``."""
        self.text: str | None = None
        """The first ``PlainTextContent`` (a note's text)."""
        self.passage: Attributes | None = None
        """The first ``PlainTextSelection`` inside a note: the passage of a source the note is
        about (QualCoder's annotation, a note with no coding)."""


@dataclass(frozen=True, slots=True)
class Container:
    """An element whose children are walked by path; its attributes go to its hooks."""

    opened: Opened | None = None
    closed: Opened | None = None


@dataclass(frozen=True, slots=True)
class Built:
    """An element built whole and handed to ``handle`` when it ends."""

    handle: Callable[[ET.Element], None]
    opened: Opened | None = None


@dataclass(frozen=True, slots=True)
class Selection:
    """A selection, handed to ``handle`` as ``SelectionParts`` when it ends."""

    handle: Callable[[SelectionParts], None]


Part = Container | Built | Selection


def _element_name(name: str) -> str:
    """expat's ``uri}Local`` as ElementTree writes it, ``{uri}Local``."""
    return "{" + name if "}" in name else name


def _path_name(name: str) -> str:
    """A name in an ``ElementPath``: REFI-QDA's own without their namespace (and lenient
    tools' without one), others as ElementTree writes them."""
    return name[len(_NS) :] if name.startswith(_NS) else _element_name(name)


@dataclass(slots=True, eq=False)
class _Node:
    """An element path met in the file, what is there, and its children met so far (the
    parents of the open containers are kept in the walk's frames)."""

    path: ElementPath
    part: Part | None
    top: bool = False
    """A section of the project or a source: what it holds is released when it ends."""
    children: dict[str, _Node] = field(default_factory=dict)
    """By name as expat gives it."""

    def child(self, name: str, parts: dict[ElementPath, Part]) -> _Node:
        path = (*self.path, _path_name(name))
        node = _Node(
            path, parts.get(path), len(path) == 2 or (len(path) == 3 and path[1] == "Sources")
        )
        if len(self.children) < _REMEMBERED_CHILDREN:
            self.children[name] = node
        return node


class ProjectWalk:
    """Hands the parts of ``project.qde`` to the hooks in ``parts`` as it is parsed."""

    def __init__(self, parts: dict[ElementPath, Part], *, file_name: str, max_held: int) -> None:
        self._parts = dict(parts)
        for path in parts:
            for end in range(1, len(path)):
                self._parts.setdefault(path[:end], Container())
        self._file = file_name
        self._max_held = max_held
        self.fed = 0
        """Bytes handed to the parser so far."""
        self.unknown: Counter[str] = Counter()
        """Elements skipped where a section or a source belongs, by name."""
        self._parser = DefusedXMLParser(
            target=_NoTarget(), forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
        self._expat = self._parser.parser
        # Attributes as a dict. ElementTree's default handler only keeps document type and
        # undefined entity details, which the guards refuse before either can occur; without
        # it, the text between elements costs nothing unless a handler below asks for it.
        self._expat.ordered_attributes = False
        self._expat.DefaultHandlerExpand = None
        self._node = _Node((), Container())
        """The container now open (at first, the document)."""
        self._frames: list[tuple[_Node, Attributes, int]] = []
        """Each open container's parent, its attributes, and what was held before it."""
        self._held = 0
        self._leaf = self._node
        """The part (or skipped element) now being read, below ``_node``."""
        self._held_before = 0
        """What was held before it."""
        self._inner = 0
        """How deep the element now open is below it."""
        self._room = 0
        """How much deeper than it elements may nest."""
        self._builder = ET.TreeBuilder()
        self._selection = SelectionParts({})
        self._selection_name = ""
        """The name, as expat gives it, of the selections being read."""
        self._child: str | None = None
        """The selection's child now open: ``_CODING``, ``_REPRESENTATION`` for its first
        one, else ``None``."""
        self._text: list[str] | None = None
        self._text_for = ""
        """The ``SelectionParts`` slot that ``_text`` goes to."""
        handlers = (
            (self._open, self._close),
            (self._skip_open, self._skip_close),
            (self._build_open, self._build_close),
            (self._selection_open, self._selection_close),
        )
        self._structure, self._skipping, self._building, self._reading = handlers
        self._switch(self._structure)

    def run(self, stream: IO[bytes]) -> None:
        """Parse ``stream`` to its end; ``ET.ParseError`` when it is not well-formed, and
        ``DefusedXmlException`` when it declares what the guards forbid.

        The cyclic garbage collector is paused meanwhile: what the reader keeps (an
        annotation per selection) makes no cycles, and rescanning it as it grows would cost a
        tenth of the walk. (The walk is in a cycle of its own, its parser's handlers being its
        methods, and holds the hooks until the collector comes by: what they read is let go
        by the reader, ``qdpx_read._ProjectReader.finish``.)"""
        with cycles_collected_after():
            while chunk := stream.read(CHUNK_BYTES):
                self.fed += len(chunk)
                self._parser.feed(chunk)
            self._parser.close()

    @property
    def started(self) -> bool:
        """Whether the root element has been met (before it, an error comes from the XML
        declaration: ``xmlsafe.DECLARATION_ERRORS``)."""
        return self._held > 0 or bool(self._frames)

    # Shared by every element

    def _switch(self, handlers: tuple[Callable[..., None], Callable[[str], None]]) -> None:
        self._expat.StartElementHandler, self._expat.EndElementHandler = handlers

    def _over_caps(self, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise refused(
                self._file,
                f"its {PROJECT_MEMBER} nests elements more than "
                f"{MAX_DEPTH} levels deep, which no REFI-QDA file needs",
            )
        if self._held > self._max_held:
            raise refused(
                self._file,
                f"its {PROJECT_MEMBER} holds more than {self._max_held:,} elements in one part",
            )

    def _inside(self) -> None:
        """One element more inside the part (or skipped element) being read."""
        self._held += 1
        self._inner += 1
        if self._inner > self._room or self._held > self._max_held:
            self._over_caps(len(self._leaf.path) + self._inner)

    def _leave(self) -> None:
        """Back to walking by path when the part (or skipped element) ends: a part hands back
        what it held, and so does a skipped section or source."""
        if self._leaf.part is not None or self._leaf.top:
            self._held = self._held_before
        self._switch(self._structure)

    # Walking by path

    def _open(self, name: str, attributes: Attributes) -> None:
        node = self._node.children.get(name)
        if node is None:
            if not self._node.path and name != _PROJECT:
                raise refused(
                    self._file,
                    f"its {PROJECT_MEMBER} is not a REFI-QDA project: "
                    f"its root is <{_path_name(name)}>, not <Project> "
                    f"in “{PROJECT_NS}”",
                )
            node = self._node.child(name, self._parts)
        held_before = self._held
        self._held += 1
        if len(node.path) > MAX_DEPTH or self._held > self._max_held:
            self._over_caps(len(node.path))
        part = node.part
        if isinstance(part, Container):
            self._frames.append((self._node, attributes, held_before))
            self._node = node
            if part.opened is not None:
                part.opened(attributes)
            return
        self._leaf, self._held_before = node, held_before
        self._inner, self._room = 0, MAX_DEPTH - len(node.path)
        if isinstance(part, Selection):
            self._selection, self._selection_name = SelectionParts(attributes), name
            self._switch(self._reading)
        elif isinstance(part, Built):
            if part.opened is not None:
                part.opened(attributes)
            self._builder = ET.TreeBuilder()
            self._build(name, attributes)
            self._switch(self._building)
        else:
            self._switch(self._skipping)

    def _close(self, _name: str) -> None:
        node = self._node
        self._node, attributes, held_before = self._frames.pop()
        assert isinstance(node.part, Container)
        if node.part.closed is not None:
            node.part.closed(attributes)
        if node.top:
            self._held = held_before

    # Skipping what the reader does not know

    def _skip_open(self, _name: str, _attributes: Attributes) -> None:
        self._inside()

    def _skip_close(self, _name: str) -> None:
        if self._inner:
            self._inner -= 1
            return
        if self._leaf.top:
            self.unknown[self._leaf.path[-1]] += 1
        self._leave()

    # Building a part whole

    def _build(self, name: str, attributes: Attributes) -> None:
        if any("}" in key for key in attributes):
            attributes = {_element_name(key): value for key, value in attributes.items()}
        self._builder.start(_element_name(name), attributes)
        self._expat.CharacterDataHandler = self._builder.data

    def _build_open(self, name: str, attributes: Attributes) -> None:
        self._inside()
        self._build(name, attributes)

    def _build_close(self, name: str) -> None:
        self._builder.end(_element_name(name))
        if self._inner:
            self._inner -= 1
            return
        self._expat.CharacterDataHandler = None
        part = self._leaf.part
        assert isinstance(part, Built)
        part.handle(self._builder.close())
        self._leave()

    # Reading selections (nearly every element of a large project: kept lean). Once one ends
    # (``_inner`` is -1), the next sibling of the same name is read the same way; anything
    # else, and the end of their container, is walked by path again.

    def _selection_open(self, name: str, attributes: Attributes) -> None:
        if self._text is not None:
            self._keep_text()
        inner = self._inner + 1
        if inner == 0 and name != self._selection_name:
            self._switch(self._structure)
            self._open(name, attributes)
            return
        self._inner = inner
        self._held += 1
        if inner > self._room or self._held > self._max_held:
            self._over_caps(len(self._leaf.path) + inner)
        parts = self._selection
        if inner == 1:
            self._child = None
            if name == _CODING:
                parts.codings.append(attributes)
                parts.codes.append(None)
                self._child = _CODING
            elif name == _NOTE_REF:
                parts.note_refs.append(attributes.get("targetGUID"))
            elif name == _DESCRIPTION:
                if parts.description is None:
                    self._begin_text("description")
            elif name == _REPRESENTATION and parts.representation is None:
                parts.representation, self._child = attributes, _REPRESENTATION
            elif name == _PLAIN_TEXT and parts.text is None:
                self._begin_text("text")
            elif name == _TEXT_SELECTION and parts.passage is None:
                parts.passage = attributes
        elif inner == 2:
            child = self._child
            if child is _CODING:
                if name == _CODE_REF:
                    if parts.codes[-1] is None:
                        parts.codes[-1] = attributes.get("targetGUID", "")
                elif name == _NOTE_REF:
                    parts.coding_note_refs.append(attributes.get("targetGUID"))
            elif (
                child is _REPRESENTATION
                and name == _PLAIN_TEXT
                and parts.representation_text is None
            ):
                self._begin_text("representation_text")
        elif inner == 0:
            self._selection = SelectionParts(attributes)

    def _selection_close(self, name: str) -> None:
        if self._text is not None:
            self._keep_text()
        if self._inner > 0:
            self._inner -= 1
        elif self._inner == 0:
            part = self._leaf.part
            assert isinstance(part, Selection)
            part.handle(self._selection)
            self._held, self._inner = self._held_before, -1
        else:
            self._switch(self._structure)
            self._close(name)

    def _begin_text(self, slot: str) -> None:
        self._text, self._text_for = [], slot
        self._expat.CharacterDataHandler = self._text.append

    def _keep_text(self) -> None:
        """The text of a selection's child ends where its first child or its end tag is."""
        assert self._text is not None
        self._expat.CharacterDataHandler = None
        setattr(self._selection, self._text_for, "".join(self._text))
        self._text = None


class _NoTarget:
    """A parser target without callbacks: ``ProjectWalk`` installs its own on expat."""
