"""Highlights on a signed PDF: appended after the signed bytes, so the signature stays valid;
refused, with the reason, when the author's certification forbids comments."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pymupdf
import pytest

from desktop.documents.annotated_pdf import annotated_pdf
from desktop.documents.opening import open_document
from desktop.documents.pdf_highlights import read_highlights
from desktop.documents.protocol import Highlight
from desktop.documents.signatures import SignedPdfError
from tests.documents.highlight_checker import check, expected_pieces
from tests.documents.signed_pdfs import (
    make_signed_pdf,
    pdfsig_verdicts,
    signed_bytes_unchanged,
)

QUOTE = "sign this Letter of Intent in two originals"
WHEN = datetime(2020, 5, 27, 8, 0, tzinfo=UTC)


def _highlight(path: Path, note: str = "Two originals") -> tuple[Highlight, dict[str, object]]:
    with open_document(path) as signed:
        layer = signed.text_layer()
        start = layer.text.index(QUOTE)
        made = Highlight(
            str(uuid.uuid4()).upper(),
            tuple(layer.rects(start, start + len(QUOTE))),
            "#0072B2",
            "Ana Analyst",
            note,
            ("Dialogue",),
            WHEN,
            WHEN,
        )
        (expected,) = expected_pieces(
            layer, start, start + len(QUOTE), name=made.id, author=made.reviewer, contents=note
        )
    return made, expected


def test_highlights_are_appended_after_the_signed_bytes(tmp_path: Path) -> None:
    source = make_signed_pdf(tmp_path / "signed.pdf")
    original = source.read_bytes()
    assert pdfsig_verdicts(source) in (None, ["Signature is Valid."])
    made, expected = _highlight(source)
    out = tmp_path / "out.pdf"
    out.write_bytes(annotated_pdf(original, "pdf", [made]))
    written = out.read_bytes()
    assert written.startswith(original) and len(written) > len(original)
    assert signed_bytes_unchanged(original, written)
    assert pdfsig_verdicts(out) in (None, ["Signature is Valid."])
    check(out, [expected])
    found = read_highlights(out, written)
    assert [(h.name, h.text, h.contents) for h in found.highlights] == [(made.id, QUOTE, made.note)]


def test_the_checks_catch_a_rewritten_signed_file(tmp_path: Path) -> None:
    """What the export did before: a compact rewrite moves the signed bytes."""
    source = make_signed_pdf(tmp_path / "signed.pdf")
    original = source.read_bytes()
    with pymupdf.open(source) as doc:
        rewritten = doc.tobytes(garbage=1, deflate=True)
    assert not signed_bytes_unchanged(original, rewritten)
    (tmp_path / "rewritten.pdf").write_bytes(rewritten)
    verdicts = pdfsig_verdicts(tmp_path / "rewritten.pdf")
    assert verdicts is None or verdicts != ["Signature is Valid."]


def test_exporting_a_signed_export_again_replaces_its_highlights(tmp_path: Path) -> None:
    source = make_signed_pdf(tmp_path / "signed.pdf")
    original = source.read_bytes()
    made, _ = _highlight(source)
    first = annotated_pdf(original, "pdf", [made])
    edited = Highlight(
        made.id,
        made.rects,
        made.colour,
        made.reviewer,
        "A new note",
        made.codes,
        made.created,
        datetime(2020, 6, 1, tzinfo=UTC),
    )
    again = tmp_path / "again.pdf"
    again.write_bytes(annotated_pdf(first, "pdf", [edited]))
    assert signed_bytes_unchanged(original, again.read_bytes())
    assert pdfsig_verdicts(again) in (None, ["Signature is Valid."])
    found = read_highlights(again, again.read_bytes()).highlights
    assert [(h.name, h.contents) for h in found] == [(made.id, "A new note")]


@pytest.mark.parametrize(
    ("level", "allows"), [(1, "no changes at all"), (2, "only form filling and signing")]
)
def test_a_certification_against_comments_is_refused_with_the_reason(
    tmp_path: Path, level: int, allows: str
) -> None:
    source = make_signed_pdf(tmp_path / "certified.pdf", certify=level)
    made, _ = _highlight(source)
    with pytest.raises(SignedPdfError) as refused:
        annotated_pdf(source.read_bytes(), "pdf", [made])
    assert f"allows {allows} (DocMDP level {level})" in str(refused.value)
    assert "would break the certification" in str(refused.value)


def test_a_certification_that_allows_comments_gets_them(tmp_path: Path) -> None:
    source = make_signed_pdf(tmp_path / "certified.pdf", certify=3)
    original = source.read_bytes()
    made, expected = _highlight(source)
    out = tmp_path / "out.pdf"
    out.write_bytes(annotated_pdf(original, "pdf", [made]))
    assert out.read_bytes().startswith(original)
    assert pdfsig_verdicts(out) in (None, ["Signature is Valid."])
    check(out, [expected])


def test_a_damaged_signed_pdf_is_refused_rather_than_rewritten(tmp_path: Path) -> None:
    """MuPDF repairs a file whose cross-reference is wrong, and cannot append to it then."""
    source = make_signed_pdf(tmp_path / "signed.pdf")
    made, _ = _highlight(source)
    data = source.read_bytes()
    tail = data.rindex(b"startxref")
    damaged = data[:tail] + re.sub(rb"startxref\s+\d+", b"startxref\n12", data[tail:])
    with pytest.raises(SignedPdfError, match="it is signed, but damaged"):
        annotated_pdf(damaged, "pdf", [made])
