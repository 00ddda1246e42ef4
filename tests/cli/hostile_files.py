"""Hostile and broken files built byte by byte, each the one thing a test is about: a PDF
written by hand (so that its strings can hold what no PDF library would write), a ``.qdpx``
whose XML says what a test needs."""

from __future__ import annotations

import zipfile
from pathlib import Path

from desktop.app.anchors import annotation_from_span
from desktop.app.coding_scheme import RenameCode
from desktop.app.editor import Editor
from desktop.store import Project
from tests.formats.qdpx_files import HEAD, selection, text_source
from tests.store.helpers import small_project, text_document, text_layer

PDF_TEXT = "Tariffs on small hydro plants rise"
"""The one line of the hand-made PDF's page; the highlight covers its first word."""


def pdf_string(text: str) -> bytes:
    """A PDF text string as UTF-16BE with its byte-order mark, in hex; ``surrogatepass`` lets
    a lone surrogate through, as a broken writer leaves one."""
    return b"<FEFF" + text.encode("utf-16-be", "surrogatepass").hex().upper().encode() + b">"


def highlighted_pdf(
    path: Path,
    *,
    title: str = "Tariffs",
    author: str = "Ana",
    note: str = "Check the tariff",
    subject: str = "Water",
) -> Path:
    """A one-page PDF with one line of text, a ``/Title`` and one ``/Highlight`` over the
    line's first word whose ``/T``, ``/Contents`` and ``/Subj`` are the given strings."""
    content = f"BT /F1 12 Tf 72 700 Td ({PDF_TEXT}) Tj ET".encode()
    highlight = (
        b"<< /Type /Annot /Subtype /Highlight /Rect [70 696 116 712] "
        b"/QuadPoints [70 712 116 712 70 696 116 696] /C [1 0.8 0] "
        b"/T "
        + pdf_string(author)
        + b" /Contents "
        + pdf_string(note)
        + b" /Subj "
        + pdf_string(subject)
        + b" >>"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> /Annots [6 0 R] >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        highlight,
        b"<< /Title " + pdf_string(title) + b" >>",
    ]
    data = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    table = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        len(objects),
        table,
    )
    path.write_bytes(bytes(data))
    return path


def qdpx_with_source_named(folder: Path, name: str, *, text: str = PDF_TEXT) -> Path:
    """A ``.qdpx`` carrying one text source called ``name``, with one coded selection."""
    source = text_source(
        selection("6A1D4C1E-0A5B-4C2D-9E8F-0123456789AB", 0, 7), path="internal://T.txt"
    ).replace('name="decree"', f'name="{name}"')
    target = folder / "named.qdpx"
    with zipfile.ZipFile(target, "w") as made:
        made.writestr(
            "project.qde", HEAD.format(origin="Tool 1") + f"<Sources>{source}</Sources></Project>"
        )
        made.writestr("sources/T.txt", text.encode())
    return target


FORMULA_TEXT = "-5 per cent: the target =SUM(A1) of @ally +more"
"""A document whose text starts like a formula, so that a quote does too."""


def formula_project(path: Path) -> Project:
    """Text cells from "another person's file" that a spreadsheet would evaluate: the note,
    the reviewer's and the code's names, the document's title and the quote."""
    project = small_project(path, documents=[text_document(FORMULA_TEXT, name="=cmd.txt")])
    editor = Editor.start(project, "+cmd|' /C calc'!A0")
    code = project.codes.codebook().lookup("Pandemics").guid
    editor.execute(RenameCode(code, "@SUM(A1:A9)"))
    editor.execute(
        annotation_from_span(
            text_layer(FORMULA_TEXT),
            0,
            11,
            document_id=project.documents.all()[0].id,
            code_ids=(code,),
            note='=HYPERLINK("http://evil.example","click")',
        )
    )
    return project
