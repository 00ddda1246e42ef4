"""Opening files: what a document reports, how it renders, and why a file is refused."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pymupdf
import pytest

from desktop.core.errors import DocumentError
from desktop.core.geometry import Rect
from desktop.documents.opening import open_document
from tests.documents.conftest import ARTICLE, LETTER, bundled


def test_letter_reports_its_identity_and_pages() -> None:
    path = bundled(LETTER)
    with open_document(path) as doc:
        assert doc.kind == "pdf" and not doc.is_reflowable
        assert doc.fingerprint == hashlib.sha256(path.read_bytes()).hexdigest()
        assert doc.title.startswith("Letter of Intent on Strengthening Cooperation")
        assert doc.page_sizes == ((595.0, 842.0),) * 2 and doc.page_count == 2


def test_article_title_comes_from_its_html() -> None:
    with open_document(bundled(ARTICLE)) as doc:
        assert doc.kind == "html" and doc.is_reflowable
        assert doc.title == "EU and Japan step up cooperation in science, technology and innovation"
        assert doc.page_sizes[0] == (460.0, 650.0)


def test_page_sizes_are_as_displayed(generated: dict[str, Path]) -> None:
    with open_document(generated["sample.pdf"]) as doc:
        assert doc.page_sizes == ((595, 842),) * 3 + ((842, 595),) * 2
        assert doc.title == "sample"  # no title in the metadata: the file's name


def test_page_sizes_follow_the_crop_box_and_inherited_rotation(tmp_path: Path) -> None:
    doc = pymupdf.open()
    for _ in range(2):
        doc.new_page(width=300, height=500)
    doc[1].set_cropbox(pymupdf.Rect(10, 20, 210, 320))
    for page in doc:
        doc.xref_set_key(page.xref, "Rotate", "null")
    pages = int(doc.xref_get_key(doc.pdf_catalog(), "Pages")[1].split()[0])
    doc.xref_set_key(pages, "Rotate", "90")  # inherited by every page
    doc.save(tmp_path / "inherited.pdf")
    with open_document(tmp_path / "inherited.pdf") as opened:
        assert opened.page_sizes == ((500, 300), (300, 200))
    with pymupdf.open(tmp_path / "inherited.pdf") as loaded:
        assert [(page.rect.width, page.rect.height) for page in loaded] == [(500, 300), (300, 200)]


def test_render_is_rgb_on_white_at_the_requested_scale(generated: dict[str, Path]) -> None:
    with open_document(generated["sample.pdf"]) as doc:
        image = doc.render(0, 1.5)
        assert abs(image.width - 595 * 1.5) <= 1 and abs(image.height - 842 * 1.5) <= 1
        assert image.stride == 3 * image.width and len(image.samples) == image.stride * image.height
        assert image.samples[:3] == b"\xff\xff\xff"  # the top-left corner is blank paper
        turned = doc.render(3, 1.0)
        assert (turned.width, turned.height) == (842, 595)
        box = doc.text_layer().char_box(doc.text_layer().page_span(3)[0] + 2).rect
        part = doc.render(3, 2.0, clip=box)
        assert abs(part.width - box.width * 2) <= 2 and abs(part.height - box.height * 2) <= 2
        assert min(part.samples) < 100  # the clip, in displayed page points, holds ink
        with pytest.raises(IndexError):
            doc.render(5, 1.0)
        with pytest.raises(ValueError, match="too large"):
            doc.render(0, 100.0)


def test_reflowable_render_matches_its_layout(generated: dict[str, Path]) -> None:
    with open_document(generated["article.html"]) as doc:
        doc.relayout(300)
        image = doc.render(doc.page_count - 1, 1.0)
        assert (image.width, image.height) == (300, 650)
        with pytest.raises(ValueError):
            doc.relayout(20)


def _refusal(path: Path) -> str:
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.path == path
    assert str(caught.value).startswith(f"Can't open “{path.name}”: ")
    return caught.value.reason


def _encrypted_pdf(path: Path) -> Path:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Confidential")
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    return path


def _zero_page_pdf(path: Path) -> Path:
    """A well-formed PDF whose page tree is empty (PyMuPDF refuses to save one)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 3\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(out))
    return path


def test_refusals_say_why(tmp_path: Path, generated: dict[str, Path]) -> None:
    real = generated["sample.pdf"].read_bytes()
    png = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 4, 4), False).tobytes("png")
    files = {
        "empty.pdf": b"",
        "truncated.pdf": real[:200],
        "random.pdf": bytes(range(256)) * 40,
        "picture.pdf": png,
        "archive.zip": b"PK\x03\x04" + bytes(100),
        "program.exe": b"MZ\x90\x00" + bytes(100),
        "binary.html": b"<html>\x00\x01\x02",
        "data.csv": b"a,b,c\n1,2,3\n",
        "broken.epub": b"not a zip at all",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    reasons = {name: _refusal(tmp_path / name) for name in files}
    assert reasons["empty.pdf"] == "the file is empty (0 bytes)"
    assert reasons["truncated.pdf"] == "the file is damaged or is not a valid PDF"
    assert reasons["random.pdf"] == "the file is damaged or is not a valid PDF"
    assert reasons["picture.pdf"].startswith("this is a PNG image, not a document Accord can open")
    assert reasons["archive.zip"].startswith("this is a ZIP archive, not a document")
    assert reasons["program.exe"].startswith("this is a Windows program, not a document")
    assert reasons["binary.html"] == (
        "the file does not contain text, although its name ends in “.html”"
    )
    assert reasons["data.csv"] == (
        "this is not a document Accord can open (PDF, HTML, text, Markdown or EPUB)"
    )
    assert reasons["broken.epub"] == "the file is damaged or is not a valid EPUB"
    assert _refusal(tmp_path / "missing.pdf") == "the file does not exist"
    assert _refusal(tmp_path) == "it is a folder, not a file"
    assert _refusal(_encrypted_pdf(tmp_path / "locked.pdf")) == (
        "the PDF is password-protected; Accord cannot open encrypted documents yet"
    )
    assert _refusal(_zero_page_pdf(tmp_path / "nothing.pdf")) == "the document has no pages"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.pdf"
    path.write_bytes(b"%PDF-1.7\n")

    def denied(self: Path) -> bytes:  # as for a file another user owns (tests may run as root)
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    assert _refusal(path) == "Accord cannot read it: permission denied"


def test_render_clip_outside_the_page_is_blank(generated: dict[str, Path]) -> None:
    with open_document(generated["sample.pdf"]) as doc:
        image = doc.render(0, 1.0, clip=Rect(0, 0, 50, 50))
        assert set(image.samples) == {255}
