"""Parse untrusted REFI-QDA XML safely, and validate it before anything reads its content.

Codebooks arrive from other tools and other people. ``defusedxml`` refuses entity declarations
(billion laughs), external entities and any DTD (a codebook never needs one), so parsing cannot
expand or fetch anything; sizes and nesting are capped. Validation uses ``xmlschema`` with the
schemas Accord ships (never the ``schemaLocation`` a file names), and an error names the element
and its line so the sender can fix the file.
"""

from __future__ import annotations

import functools
import re
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from desktop.bundled import resource_file
from desktop.codebook.errors import CodebookError

if TYPE_CHECKING:
    import xmlschema

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
SCHEMAS = {CODEBOOK_NS: "Codebook-mrt2019.xsd", PROJECT_NS: "Project-mrt2019.xsd"}

MAX_XML_BYTES = 20 * 1024 * 1024
"""A codebook of ten thousand codes with descriptions is about 2 MB; 20 MB leaves ample room."""
MAX_DEPTH = 64
"""REFI-QDA projects nest about eight levels; deeper input is hostile or broken."""
UNREADABLE_ENCODING = "declares a text encoding Accord cannot read (REFI-QDA files are UTF-8)"
DECLARATION_ERRORS = (LookupError, UnicodeError, ValueError)
"""What expat raises for the encoding an XML declaration names, before the first element:
``LookupError`` for a name Python does not know, ``ValueError`` for a multi-byte encoding such
as UTF-7 (expat takes only single-byte ones besides its own)."""


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What XML 1.0 cannot carry at all, even as a character reference."""


def xml_text(value: str) -> str:
    """``value`` with each character XML 1.0 cannot carry as U+FFFD, so that ElementTree, which
    writes what it is given, writes a well-formed file."""
    return _NOT_XML.sub("\ufffd", value) if _NOT_XML.search(value) else value


@dataclass(frozen=True, slots=True)
class ParsedXml:
    """A parsed document and the line on which each element starts (by ``id`` of the element)."""

    root: ET.Element
    lines: dict[int, int]

    def line_of(self, element: object) -> int | None:
        return self.lines.get(id(element))


class _LineRecorder:
    """A parser target that builds the tree, notes each element's line and caps nesting."""

    def __init__(self, source: str) -> None:
        self._builder = ET.TreeBuilder()
        self._source = source
        self._depth = 0
        self.lines: dict[int, int] = {}
        self.expat: Any = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise CodebookError(
                f"Can't read “{self._source}”: its elements are nested more than {MAX_DEPTH} "
                "levels deep, which no REFI-QDA file needs."
            )
        element = self._builder.start(tag, attrs)
        self.lines[id(element)] = self.expat.CurrentLineNumber
        return element

    def end(self, tag: str) -> ET.Element:
        self._depth -= 1
        return self._builder.end(tag)

    def data(self, data: str) -> None:
        self._builder.data(data)

    def close(self) -> ET.Element:
        return self._builder.close()


def check_size(size: int, *, source: str) -> None:
    if size > MAX_XML_BYTES:
        raise CodebookError(
            f"Can't read “{source}”: its XML is {size / 1_048_576:.1f} MB, more than the "
            f"{MAX_XML_BYTES // 1_048_576} MB Accord accepts for a codebook."
        )


def parse_untrusted(data: bytes, *, source: str) -> ParsedXml:
    """Parse XML bytes without entities, DTDs or network access; errors name ``source``."""
    check_size(len(data), source=source)
    target = _LineRecorder(source)
    parser = DefusedXMLParser(target=target, forbid_dtd=True)
    target.expat = parser.parser
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException as error:
        raise CodebookError(
            f"Can't read “{source}”: it declares a document type or entities, which REFI-QDA "
            "files never need and which can hide attacks; Accord does not open such files."
        ) from error
    except ET.ParseError as error:
        line, column = error.position
        raise CodebookError(
            f"Can't read “{source}”: it is not well-formed XML (line {line}, column {column + 1})."
        ) from error
    except DECLARATION_ERRORS as error:
        if target.lines:  # (past the declaration: not the encoding's doing)
            raise
        raise CodebookError(f"Can't read “{source}”: it {UNREADABLE_ENCODING}.") from error
    return ParsedXml(root, target.lines)


def schema_for(namespace: str) -> xmlschema.XMLSchema:
    """The shipped REFI-QDA schema for a namespace, loaded once (and imported only then:
    ``xmlschema`` costs a tenth of a second, which a launch that reads no codebook skips).
    One thread builds at a time: an import builds its schema in a thread of its own while an
    export may want one too, and the first build also makes xmlschema's own meta-schema."""
    with _BUILDING:
        return _schema(namespace)


_BUILDING = threading.Lock()


@functools.cache
def _schema(namespace: str) -> xmlschema.XMLSchema:
    import xmlschema

    return xmlschema.XMLSchema(str(resource_file("schemas", "refi-qda", SCHEMAS[namespace])))


def validate(parsed: ParsedXml, namespace: str, *, source: str) -> None:
    """Raise ``CodebookError`` naming the first schema violation's element, line and reason."""
    schema = schema_for(namespace)
    for error in schema.iter_errors(parsed.root, use_location_hints=False):
        element = error.elem
        tag = local_name(element) if element is not None else "document"
        line = parsed.line_of(element)
        where = f"<{tag}> on line {line}" if line is not None else f"<{tag}>"
        raise CodebookError(
            f"Can't read “{source}”: it does not follow the REFI-QDA schema at {where}: "
            f"{_plain(error.reason or error.message)}."
        )


_PATTERN_MISMATCH = re.compile(r"attribute (\w+)='([^']*)': value doesn't match any pattern")
_FORMS = {"color": "a #RRGGBB or #RGB colour", "guid": "a GUID (8-4-4-4-12 hex digits)"}


def _plain(reason: str) -> str:
    """xmlschema's reason, with a regular-expression complaint said in words."""
    mismatch = _PATTERN_MISMATCH.match(reason)
    if mismatch:
        name, value = mismatch.groups()
        return f"{name}=“{value}” is not {_FORMS.get(name, 'in the required form')}"
    return reason.rstrip(".")


def local_name(element: ET.Element) -> str:
    return element.tag.rpartition("}")[2]


def namespace_of(element: ET.Element) -> str:
    return element.tag[1:].partition("}")[0] if element.tag.startswith("{") else ""
