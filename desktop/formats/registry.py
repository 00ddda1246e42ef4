"""Every format Accord exports or imports, declared once.

Each ``Format`` says what a person or a program needs to know about one kind of file: its name
(``accord export --format NAME``), its file extensions, whether Accord writes it, reads it or
both, the filters an export honours, the function that writes or reads it, what the file holds
and what it cannot carry. The command line's choices, the export and import dialogs' lists and
file-type filters, the import's format detection and the README's tables are all made from
``FORMATS``: a format added here appears everywhere, and a test compares the README with
``readme_tables()``.

This module imports only the standard library, so ``accord --help`` can list the formats
without loading a writer; ``Format.writer``/``Format.reader`` import their module when called.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

FILTERS = ("reviewer", "code", "document")
"""What an export can be narrowed by (``--reviewer``, ``--code``, ``--document``)."""


@dataclass(frozen=True, slots=True)
class Export:
    """How Accord writes a format."""

    label: str
    """What the export dialog lists."""
    audience: str
    """Who the file is for (the README's "For")."""
    contents: str
    """What the file holds, in the README's words (Markdown)."""
    writer: str
    """``module:function`` writing it: ``(source, path, *, progress)``, or for a format
    ``per_document``, ``desktop.app.pdf_exchange``'s ``(source, out, *, reader, document,
    progress)``."""
    needs_texts: bool = False
    """It writes the documents' text, offsets into it, or highlights drawn from it, so the
    application reads the canonical texts first."""
    filters: tuple[str, ...] = FILTERS
    """The ``FILTERS`` it honours; the codebook is written whole."""
    per_document: bool = False
    """One file per document into a folder (or one file when a single document is chosen)."""


@dataclass(frozen=True, slots=True)
class Import:
    """How Accord reads a format."""

    label: str
    """The format's name in the import dialog's filter and the import report."""
    contents: str
    """What is read, in the README's words (Markdown)."""
    reader: str
    """``module:function`` reading it: a ``desktop.formats.incoming.ReadEvent`` source, see
    ``desktop.app.importing``."""
    signature: tuple[bytes, ...]
    """How the file's content begins (after a byte-order mark and blanks), one of these: the
    name of a file is only a claim, its content decides."""
    within: int = 0
    """When not 0, the signature may come anywhere in the first ``within`` bytes (a PDF's
    header may follow other bytes)."""


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    extensions: tuple[str, ...]
    """Lower case with the dot; the first is what an export is named with."""
    cannot_carry: str
    """What of a project this format has no place for (the README says it)."""
    export: Export | None = None
    imports: Import | None = None

    @property
    def patterns(self) -> str:
        """``*.jsonld *.json``: the extensions as a file dialog's filter."""
        return " ".join(f"*{extension}" for extension in self.extensions)

    def writer(self) -> Callable[..., Any]:
        assert self.export is not None, f"{self.name} is not written by Accord"
        return _resolve(self.export.writer)

    def reader(self) -> Callable[..., Any]:
        assert self.imports is not None, f"{self.name} is not read by Accord"
        return _resolve(self.imports.reader)


def _resolve(reference: str) -> Callable[..., Any]:
    module, _, function = reference.partition(":")
    found: Callable[..., Any] = getattr(importlib.import_module(module), function)
    return found


FORMATS: tuple[Format, ...] = (
    Format(
        "qdpx",
        (".qdpx",),
        cannot_carry="nothing Accord keeps: an export imported again reproduces the project",
        export=Export(
            "REFI-QDA project (ATLAS.ti, NVivo, MAXQDA, QualCoder)",
            "ATLAS.ti, NVivo, MAXQDA, QualCoder",
            "REFI-QDA project: the PDF as `PDFSource` with a text `Representation` (the exact "
            "text offsets count in), the HTML article as a `TextSource` (original file + plain "
            "text), every highlight as a `PlainTextSelection` with one `Coding` per code, notes "
            "as `Description` and `Note`, a status other than *proposed* as a last line "
            "`[accord:status=accepted]` of the `Description` (REFI-QDA has no field for it; the "
            "`Note` keeps the note alone), users, the two facets as non-codable parent codes, "
            "links as `Link` (type as name, one way, note as a `Note`); "
            "validated against the REFI-QDA XSD",
            "desktop.formats.refi.qdpx:export",
            needs_texts=True,
        ),
        imports=Import(
            "REFI-QDA project",
            "ATLAS.ti, NVivo, QualCoder and Accord's own projects: sources become documents, "
            "codes keep their tree and colours, selections become annotations, notes, users "
            "and Accord's links are kept",
            "desktop.formats.refi.qdpx:events",
            (b"PK\x03\x04",),
        ),
    ),
    Format(
        "qdc",
        (".qdc",),
        cannot_carry="annotations, documents and reviewers (a codebook holds codes only)",
        export=Export(
            "REFI-QDA codebook",
            "the same tools",
            "the codebook alone (REFI-QDA codebook XSD)",
            "desktop.formats.refi.qdc:export",
            filters=(),
        ),
        imports=Import(
            "REFI-QDA codebook",
            "codes merged into the codebook by id, then by name",
            "desktop.formats.refi.qdc:events",
            (b"<",),
        ),
    ),
    Format(
        "jsonld",
        (".jsonld", ".json"),
        cannot_carry="code descriptions, and the documents themselves (named by fingerprint, "
        "so the importing project needs them)",
        export=Export(
            "W3C Web Annotation (JSON-LD)",
            "web-annotation tools",
            "W3C `AnnotationCollection`: each code twice, as a `classifying` `SpecificResource` "
            "whose source is the code's IRI (with its path, colour and parent chain) and as a "
            "`TextualBody` `tagging` whose value is the code's path; notes as `commenting`, the "
            "status as a `TextualBody` `assessing` whose value is the status, "
            "`TextQuoteSelector` + `TextPositionSelector`, and `FragmentSelector` `page=N` for "
            "PDFs; links as `linking` annotations with two targets, source first; each review "
            "decision as an `assessing` annotation and each reply as a `replying` one, both "
            "targeting their annotation. Pure ASCII: "
            "other characters are JSON `\\u` escapes",
            "desktop.formats.jsonld.web_annotation:export",
            needs_texts=True,
        ),
        imports=Import(
            "Web Annotation / Hypothesis JSON",
            "W3C Web Annotation (Accord's own export, Recogito, Annotorious) and Hypothesis's "
            "export, re-anchored by quote and position",
            "desktop.formats.jsonld.web_annotation:events",
            (b"{", b"["),
        ),
    ),
    Format(
        "csv",
        (".csv",),
        cannot_carry="code descriptions, codes no annotation carries, the documents themselves",
        export=Export(
            "CSV spreadsheet (one row per annotation and code)",
            "spreadsheets",
            "one row per annotation × code, UTF-8, CRLF rows; columns below",
            "desktop.formats.tables.csv_table:export",
        ),
    ),
    Format(
        "xlsx",
        (".xlsx",),
        cannot_carry="the documents themselves; a cell over Excel's 32,767 characters is cut, and "
        "more than 1,048,575 rows is refused",
        export=Export(
            "Excel workbook (annotations, codebook, theme × instrument)",
            "Excel, LibreOffice",
            "Annotations sheet (the CSV columns), Codebook sheet, Theme × Instrument count "
            "matrix, Links sheet (the columns of `accord links`), and an Agreement sheet when two "
            "reviewers or more coded (the table of `accord agreement`)",
            "desktop.formats.tables.xlsx:export",
            needs_texts=True,
        ),
    ),
    Format(
        "md",
        (".md",),
        cannot_carry="exact positions and ids (a report is for reading)",
        export=Export(
            "Report (Markdown)",
            "a meeting",
            "report grouped by facet and code, each quote with document, page, reviewer, status "
            "and note; the theme × instrument matrix; the reviewers' agreement when two or more "
            "coded; the clauses of each document that no code of a facet covers; the coverage of "
            "the first document by the second (what became of each clause, from the links, and "
            "the share reported per section and thematic area)",
            "desktop.formats.report.export:export_markdown",
            needs_texts=True,
        ),
    ),
    Format(
        "html",
        (".html",),
        cannot_carry="exact positions and ids (a report is for reading)",
        export=Export(
            "Report (HTML page)",
            "a meeting",
            "the same report as one self-contained HTML page",
            "desktop.formats.report.export:export_html",
            needs_texts=True,
        ),
    ),
    Format(
        "pdf",
        (".pdf",),
        cannot_carry="the code tree (codes are named in each highlight's subject) and code "
        "descriptions",
        export=Export(
            "Annotated PDFs (one per document, real PDF highlights)",
            "any PDF reader",
            "each document as a PDF with real `/Highlight` annotations (colour of the code, "
            "reviewer as author, note as contents, codes as subject separated by `; `, a name "
            "holding `;` in double quotes, the annotation id as `/NM`); the article is laid out "
            "to PDF exactly as Accord shows it, with its own text kept inside so highlights "
            "added later read back on the article's text. A signed PDF gets its highlights "
            "appended after the signed bytes, so the signature stays valid; a PDF certified "
            "against comments is refused",
            "desktop.app.pdf_exchange:export_pdfs",
            needs_texts=True,
            per_document=True,
        ),
        imports=Import(
            "PDF with highlights",
            "highlights already in a PDF (Acrobat, Zotero, Okular), coded by `/Subj` when it "
            "names codes, else by colour",
            "desktop.app.pdf_exchange:highlight_events",
            (b"%PDF-",),
            within=1024,
        ),
    ),
)
"""In the order the dialogs and the README list them."""

BY_NAME = {f.name: f for f in FORMATS}
EXPORTS = tuple(f for f in FORMATS if f.export is not None)
IMPORTS = tuple(f for f in FORMATS if f.imports is not None)
EXPORT_NAMES = tuple(f.name for f in EXPORTS)


def by_extension(suffix: str) -> Format | None:
    """The importable format a file's name claims, if any."""
    suffix = suffix.lower()
    return next((f for f in IMPORTS if suffix in f.extensions), None)


_BLANKS = b"\xef\xbb\xbf \t\r\n"


def by_content(head: bytes) -> Format | None:
    """The first importable format whose signature ``head`` (a file's first 1,024 bytes)
    has, in the order of ``FORMATS``."""
    text = head.lstrip(_BLANKS)
    for found in IMPORTS:
        imports = found.imports
        assert imports is not None
        if any(
            signature in head[: imports.within] if imports.within else text.startswith(signature)
            for signature in imports.signature
        ):
            return found
    return None


def import_filter() -> str:
    """The import dialog's file-type filter: every importable file first, then each format."""
    every = " ".join(f.patterns for f in IMPORTS)
    each = [f"{f.imports.label} ({f.patterns})" for f in IMPORTS if f.imports is not None]
    return ";;".join([f"Annotations and codebooks ({every})", *each, "All files (*)"])


def readme_tables() -> str:
    """The README's two tables of formats, as the registry has them."""
    lines = ["| Format | For | What is in it | What it cannot carry |", "| --- | --- | --- | --- |"]
    for found in EXPORTS:
        export = found.export
        assert export is not None
        lines.append(
            f"| `{found.name}` | {export.audience} | {export.contents} | {found.cannot_carry} |"
        )
    lines += ["", "| Import | Files | What is read |", "| --- | --- | --- |"]
    for found in IMPORTS:
        imports = found.imports
        assert imports is not None
        files = ", ".join(f"`{extension}`" for extension in found.extensions)
        lines.append(f"| {imports.label} | {files} | {imports.contents} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # uv run python -m desktop.formats.registry: the README's tables
    print(readme_tables(), end="")
