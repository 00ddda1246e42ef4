"""The parts of a ``.qdpx`` an element carries or points to: attribute values (GUIDs,
positions, dates) as tools actually write them, the files in ``sources/``, and the code tree.

Tools differ: NVivo writes lower-case GUIDs, some wrap them in braces; dates come with or
without fractions and zones; ATLAS.ti counts a CRLF line end as one character, others as two.
Each value is read into Accord's form here, or ``None`` when it cannot be, so the reader decides
what to leave out and says so.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime

from desktop.codebook.colors import expand_hex
from desktop.codebook.model import GUID_PATTERN
from desktop.codebook.rules import clean_description
from desktop.codebook.xmlsafe import PROJECT_NS, schema_for
from desktop.core.archive import SafeArchive
from desktop.formats.incoming import IncomingCode
from desktop.formats.limits import refused

_NS = f"{{{PROJECT_NS}}}"


def as_guid(value: str | None) -> str | None:
    """A GUID as Accord writes them (upper case, no braces), to compare references."""
    return value.strip().strip("{}").upper() if value else None


def as_selection_id(value: str | None) -> str | None:
    """A selection's guid as an annotation id, when it is a GUID (it becomes Accord's id)."""
    if value and GUID_PATTERN.fullmatch(value):
        return value  # (already as Accord writes them)
    guid = as_guid(value)
    return guid if guid and GUID_PATTERN.fullmatch(guid) else None


def as_int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def as_moment(value: str | None) -> datetime | None:
    """An ``xs:dateTime`` to the second, in UTC (one without a zone is taken as UTC)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except (ValueError, OverflowError):  # (a zone can carry a date past year 1 or 9999)
        return None
    return moment.replace(microsecond=0) if moment.microsecond else moment


class SourceFiles:
    """The files of ``sources/`` that ``internal://`` references name, read within the
    archive's caps, and texts decoded the way the writing tool counted their characters."""

    def __init__(self, archive: SafeArchive) -> None:
        self._archive = archive
        self.crlf_is_one = False
        """Read CRLF as LF: ATLAS.ti counts a CRLF line end as one character."""

    def member(self, reference: str | None) -> tuple[str | None, str]:
        """The archive member an ``internal://`` reference names, or why there is none."""
        if not reference:
            return None, "it names no file"
        scheme, _, name = reference.partition("://")
        if scheme.casefold() != "internal":
            return None, f"its file is outside the archive ({reference})"
        if not name or "/" in name or "\\" in name:
            return None, f"its file reference “{reference}” is not a file in sources/"
        found = self._archive.find(f"sources/{name}")
        return found, "" if found else f"its file “{name}” is not in the archive"

    def read(self, member: str) -> bytes:
        return self._archive.read(member)

    def decode(self, data: bytes, counts: Counter[str]) -> str:
        """A text file's characters as its offsets count them: UTF-8 (a BOM is not counted;
        undecodable bytes are replaced and counted as ``"not utf-8"``)."""
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("utf-8", errors="replace")
            counts["not utf-8"] += 1
        text = text.removeprefix("\ufeff")
        return text.replace("\r\n", "\n") if self.crlf_is_one else text


def codes_of(codebook: ET.Element, *, file_name: str) -> list[IncomingCode]:
    """The ``CodeBook``'s own tree, parents first, after checking it against the schema (every
    coding depends on it). Laying it onto Accord's two facets is the merge's job
    (``desktop.app.code_merge``, with ``desktop.codebook.foreign``, the rule of every codebook
    import)."""
    check_codebook(codebook, file_name=file_name)
    codes: list[IncomingCode] = []
    for code, parent in code_tree(codebook):
        description = code.find(_NS + "Description")
        color = code.get("color")
        codes.append(
            IncomingCode(
                _code_guid(code),
                " ".join(code.get("name", "").split()),
                parent,
                color=None if color is None else expand_hex(color),
                description=""
                if description is None
                else clean_description(description.text or ""),
                is_codable=_is_codable(code),
            )
        )
    return codes


def code_kinds(codebook: ET.Element) -> tuple[set[str], set[str]]:
    """The guids of the codes that can be applied and of the folders, as ``codes_of`` reads
    them but without checking the codebook (which may be done elsewhere meanwhile)."""
    codable: set[str] = set()
    folders: set[str] = set()
    for code, _ in code_tree(codebook):
        (codable if _is_codable(code) else folders).add(_code_guid(code))
    return codable, folders


def code_tree(codebook: ET.Element) -> Iterator[tuple[ET.Element, str | None]]:
    """Each ``Code`` element, parents first, with its parent's guid."""
    stack: list[tuple[ET.Element, str | None]] = [
        (code, None) for code in reversed(codebook.findall(f"{_NS}Codes/{_NS}Code"))
    ]
    while stack:
        code, parent = stack.pop()
        yield code, parent
        guid = _code_guid(code)
        stack.extend((kid, guid) for kid in reversed(code.findall(_NS + "Code")))


def _code_guid(code: ET.Element) -> str:
    return as_guid(code.get("guid")) or ""


def _is_codable(code: ET.Element) -> bool:
    return code.get("isCodable", "").strip() in {"true", "1"}


def check_codebook(codebook: ET.Element, *, file_name: str) -> None:
    """Refuse the file if its ``CodeBook`` does not follow the REFI-QDA schema."""
    wrapper = ET.Element(_NS + "Project", {"name": ""})
    wrapper.append(codebook)
    for error in schema_for(PROJECT_NS).iter_errors(wrapper, use_location_hints=False):
        bad = error.elem
        where = (
            ""
            if bad is None
            else f" at <{bad.tag.rpartition('}')[2]}"
            + (f" name=“{bad.get('name')}”>" if bad.get("name") else ">")
        )
        raise refused(
            file_name,
            f"its codebook does not follow the REFI-QDA schema{where}: "
            f"{(error.reason or error.message).rstrip('.')}",
        )
