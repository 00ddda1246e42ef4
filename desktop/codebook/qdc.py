"""REFI-QDA codebooks: write ``.qdc`` files, and read codes from ``.qdc``, ``.qde`` and ``.qdpx``.

Written files follow what real importers need (see ``shared/specs/INTEROP.md`` §1): UTF-8 without
a BOM, LF line ends, ``origin="Accord <version>"``, elements in the order the XSD requires, unique
code names within a parent and ``#RRGGBB`` colours. Every file written is validated against the
shipped schema first, so Accord never hands another tool a file it would reject.

Reading accepts a codebook (``.qdc``), a project's XML (``.qde``) or a project archive (``.qdpx``,
a ZIP holding ``project.qde``): analysts often receive a colleague's whole project and want only
its codes. Input is parsed safely and validated before anything is used (``xmlsafe``); then
``foreign`` maps it onto the two facets and lists what it changed or dropped.
"""

from __future__ import annotations

import os
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from desktop import __version__
from desktop.codebook.errors import CodebookError
from desktop.codebook.foreign import ImportedCodebook, import_codes
from desktop.codebook.model import Codebook, Facet
from desktop.codebook.xmlsafe import (
    CODEBOOK_NS,
    MAX_XML_BYTES,
    PROJECT_NS,
    check_size,
    local_name,
    namespace_of,
    parse_untrusted,
    schema_for,
    validate,
    xml_text,
)

ORIGIN = f"Accord {__version__}"
_ZIP_MAGIC = b"PK\x03\x04"
_PROJECT_MEMBER = "project.qde"


def codebook_element(book: Codebook) -> ET.Element:
    """``<CodeBook>`` with the two facet folders (``isCodable="false"``) and their trees, in
    sibling order: the one REFI-QDA codebook Accord writes, the root of a ``.qdc`` and a part
    of a ``.qdpx``'s ``project.qde``. Unqualified, so it takes the namespace of where it is
    put. Built with a stack, so a deep tree meets no recursion limit here."""
    root = ET.Element("CodeBook")
    codes = ET.SubElement(root, "Codes")
    stack = [(codes, book.root(facet)) for facet in reversed(Facet)]
    while stack:
        parent, code = stack.pop()
        element = ET.SubElement(
            parent,
            "Code",
            {
                "guid": code.guid,
                "name": xml_text(code.name),
                "isCodable": "true" if code.is_codable else "false",
                "color": code.color,
            },
        )
        if code.description:
            ET.SubElement(element, "Description").text = xml_text(code.description)
        stack.extend((element, kid) for kid in reversed(book.children(code.guid)))
    return root


def codebook_to_bytes(book: Codebook) -> bytes:
    """The codebook as a valid ``.qdc`` document: the two facet folders, then nothing else."""
    root = codebook_element(book)
    root.set("xmlns", CODEBOOK_NS)
    root.set("origin", ORIGIN)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    data = f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'.encode()
    errors = list(schema_for(CODEBOOK_NS).iter_errors(ET.fromstring(data)))
    if errors:
        raise CodebookError(
            f"Accord produced an invalid codebook ({errors[0].reason}); please report this."
        )
    return data


def write_codebook(book: Codebook, path: str | Path) -> None:
    """Write a ``.qdc`` file, replacing ``path`` only once the whole file is on disk."""
    target = Path(path)
    data = codebook_to_bytes(book)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_codebook(path: str | Path) -> ImportedCodebook:
    """Codes from a ``.qdc``, ``.qde`` or ``.qdpx`` file, with plain-language warnings.

    Raises ``CodebookError`` naming the file when it is missing, too large, not XML, not
    REFI-QDA, or invalid against the schema.
    """
    source = Path(path)
    try:
        with source.open("rb") as stream:
            if stream.read(4) == _ZIP_MAGIC:
                return _read_archive(source)
            check_size(source.stat().st_size, source=source.name)
            stream.seek(0)
            data = stream.read()
    except OSError as error:
        raise CodebookError(f"Can't read “{source.name}”: {error.strerror or error}.") from error
    return parse_codebook(data, source_name=source.name)


def _read_archive(source: Path) -> ImportedCodebook:
    """The codebook of a ``.qdpx`` project: only ``project.qde`` is read, and its size is
    checked on the bytes actually inflated, so a lying ZIP header cannot exhaust memory."""
    try:
        with zipfile.ZipFile(source) as archive:
            names = archive.namelist()
            member = (
                _PROJECT_MEMBER
                if _PROJECT_MEMBER in names
                else next(
                    (name for name in names if name.endswith(".qde") and "/" not in name), None
                )
            )
            if member is None:
                raise CodebookError(
                    f"Can't read “{source.name}”: the archive holds no project.qde, so it is "
                    "not a REFI-QDA project."
                )
            check_size(archive.getinfo(member).file_size, source=source.name)
            with archive.open(member) as stream:
                data = stream.read(MAX_XML_BYTES + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError) as error:
        raise CodebookError(
            f"Can't read “{source.name}”: the archive is damaged ({error})."
        ) from error
    return parse_codebook(data, source_name=source.name)


def parse_codebook(data: bytes, *, source_name: str, check_schema: bool = True) -> ImportedCodebook:
    """Codes from the XML of a ``.qdc`` (root ``CodeBook``) or ``.qde`` (root ``Project``).
    ``check_schema=False`` only for Accord's own shipped codebook, which its tests validate:
    building the schema costs a first launch about half a second."""
    parsed = parse_untrusted(data, source=source_name)
    root = parsed.root
    kind = (namespace_of(root), local_name(root))
    if kind not in {(CODEBOOK_NS, "CodeBook"), (PROJECT_NS, "Project")}:
        found = f"<{kind[1]}>" + (
            f" in namespace “{kind[0]}”" if kind[0] else " without a namespace"
        )
        raise CodebookError(
            f"Can't read “{source_name}”: it is not a REFI-QDA codebook or project. Its root is "
            f"{found}; expected <CodeBook> in “{CODEBOOK_NS}” or <Project> in “{PROJECT_NS}”."
        )
    if check_schema:
        validate(parsed, kind[0], source=source_name)
    notes: list[str] = []
    if kind[1] == "Project":
        codebook = root.find(f"{{{PROJECT_NS}}}CodeBook")
        skipped = [local_name(c) for c in root if local_name(c) not in {"Users", "CodeBook"}]
        if skipped:
            notes.append(
                "Only the codebook was read from this project; its "
                + ", ".join(sorted(set(skipped)))
                + " were not imported."
            )
        if codebook is None:
            notes.append(f"“{source_name}” contains no codes.")
            return import_codes([], notes=notes)
    else:
        codebook = root
    namespace = kind[0]
    sets = codebook.findall(f"{{{namespace}}}Sets/{{{namespace}}}Set")
    if sets:
        names = ", ".join(f"“{s.get('name', '')}”" for s in sets)
        notes.append(
            f"{len(sets)} code set(s) ({names}) were not imported; Accord has no code sets."
        )
    top_level = codebook.findall(f"{{{namespace}}}Codes/{{{namespace}}}Code")
    return import_codes(top_level, notes=notes)
