"""A real project's documents exported as PDFs with highlights, checked by an independent reader,
and PDF highlights (Accord's own and another tool's) read back as incoming annotations."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest

from desktop.app.anchors import annotation_from_span
from desktop.app.coding_scheme import RenameCode
from desktop.app.editor import Editor
from desktop.app.importing import import_incoming
from desktop.app.pdf_exchange import export_pdfs, read_pdf_highlights
from desktop.app.projects import new_document, new_project
from desktop.app.reading import DocumentReader
from desktop.bundled import bundled_pair
from desktop.codebook.default import load_default_codebook
from desktop.core.errors import AccordError
from desktop.core.model import Annotation, DocumentId
from desktop.core.textlayer import TextLayer
from desktop.formats.incoming import IncomingAnnotation
from desktop.formats.registry import BY_NAME
from desktop.formats.source import Cancelled, ExportOptions, read_source
from desktop.store import Project, create_project
from tests.documents.highlight_checker import (
    EXAMPLE,
    EXAMPLE_EXPECTED,
    check,
    expected_pieces,
)
from tests.documents.signed_pdfs import (
    make_signed_pdf,
    pdfsig_verdicts,
    signed_bytes_unchanged,
)
from tests.needs import require

PDF_LABEL = BY_NAME["pdf"].imports.label  # type: ignore[union-attr]

LETTER_QUOTES = {
    # quote: (codes, note, reviewer)
    "The European Commission and the Cabinet Office of the Government of Japan (CAO), on "
    "behalf of relevant Ministries": (("Strategic Partnership Agreement",), "Who signs", "Ana"),
    "as Growth Strategy.\n\n2. Collaboration between the future Horizon Europe and the "
    "Moonshot Program": (
        ("Japan's Long-term Strategy", "Climate change"),
        "Across the page turn; 🤝 to check",
        "Ana",
    ),
}
ARTICLE_QUOTES = {
    # "News article" and the headline are one block in the PDF, two paragraphs in the article
    "News article\n\nEU and Japan step up cooperation": (("Open science",), "Headline", "Ana"),
    "European and Japanese researchers and innovators will be able to cooperate more easily "
    "on global challenges": (("Pandemics",), "Lead paragraph", "Ben Ó Briain"),
    "pledging over €760 million.\n\nBackground": (
        ("Global Response pledging marathon",),
        "Pledge",
        "Ana",
    ),
    "Japan-EU Science and Technology Cooperation Agreement": ((), "", "Ana"),
}


@dataclass
class Annotated:
    project: Project
    layers: dict[DocumentId, TextLayer]
    annotations: dict[str, Annotation]
    """By quote."""


@pytest.fixture(scope="module")
def reader() -> Iterator[DocumentReader]:
    with DocumentReader() as reader:
        yield reader


@pytest.fixture(scope="module")
def annotated(
    tmp_path_factory: pytest.TempPathFactory, reader: DocumentReader
) -> Iterator[Annotated]:
    """The bundled pair in a new project, annotated by two reviewers over the real text
    layers: clauses over two lines, across a page turn, coded, noted, and one left bare."""
    project = new_project(tmp_path_factory.mktemp("pdf") / "EU-Japan.accord", reader=reader)
    letter, article = project.documents.all()
    layers = {
        stored.id: reader.read(path).text
        for stored, path in zip((letter, article), bundled_pair(), strict=True)
    }
    codebook = project.codes.codebook()
    editors: dict[str, Editor] = {}
    made: dict[str, Annotation] = {}
    for stored, quotes in ((letter, LETTER_QUOTES), (article, ARTICLE_QUOTES)):
        layer = layers[stored.id]
        for quote, (codes, note, reviewer) in quotes.items():
            editor = editors.setdefault(reviewer, Editor.start(project, reviewer))
            start = layer.text.index(quote)
            command = annotation_from_span(
                layer,
                start,
                start + len(quote),
                document_id=stored.id,
                code_ids=tuple(codebook.lookup(code).guid for code in codes),
                note=note,
            )
            editor.execute(command)
            made[quote] = project.annotations.require(command.annotation_id)
    yield Annotated(project, layers, made)
    project.close()


def _expected(annotated: Annotated, document: DocumentId) -> list[dict[str, object]]:
    layer = annotated.layers[document]
    pieces: list[dict[str, object]] = []
    reviewers = {r.id: r.name for r in annotated.project.reviewers.all()}
    for annotation in annotated.annotations.values():
        if annotation.document_id == document:
            fields = {"author": reviewers[annotation.reviewer_id]}
            if annotation.note:
                fields["contents"] = annotation.note
            pieces += expected_pieces(
                layer, annotation.anchor.start, annotation.anchor.end, name=annotation.id, **fields
            )
    return pieces


def test_each_document_becomes_a_pdf_whose_highlights_an_independent_reader_finds(
    annotated: Annotated, reader: DocumentReader, tmp_path: Path
) -> None:
    letter, article = annotated.project.documents.all()
    assert any(
        len({r.page for r in a.anchor.rects}) == 2 and a.document_id == letter.id
        for a in annotated.annotations.values()
    ), "one highlight crosses the page turn"
    steps: list[tuple[int, int]] = []
    written = export_pdfs(
        read_source(annotated.project),
        tmp_path / "out",
        reader=reader,
        progress=lambda done, total: steps.append((done, total)),
    )
    assert [path.name for path in written] == [
        "Letter of Intent on Strengthening Cooperation in Science, Technology and Innovation "
        "between the European Commission and the Cabinet Office of the Government of Japan.pdf",
        "EU and Japan step up cooperation in science, technology and innovation.pdf",
    ]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in written)
    assert steps == [(0, 2), (1, 2), (2, 2)]
    for stored, path in zip((letter, article), written, strict=True):
        recovered = check(path, _expected(annotated, stored.id))
        assert len(recovered) == len(_expected(annotated, stored.id))


def test_exported_highlights_read_back_as_the_annotations(
    annotated: Annotated, reader: DocumentReader, tmp_path: Path
) -> None:
    written = export_pdfs(read_source(annotated.project), tmp_path, reader=reader)
    codebook = annotated.project.codes.codebook()
    reviewers = {r.id: r.name for r in annotated.project.reviewers.all()}
    for path, stored in zip(written, annotated.project.documents.all(), strict=True):
        incoming = read_pdf_highlights(path, reader=reader)
        (document,) = incoming.documents
        assert document.content == path.read_bytes() and incoming.dropped == []
        assert document.fingerprint == stored.id  # the PDF names the document it shows
        expected = [a for a in annotated.annotations.values() if a.document_id == stored.id]
        by_id = {found.id: found for found in incoming.annotations}
        assert sorted(by_id) == sorted(a.id for a in expected)
        for annotation in expected:
            found = by_id[annotation.id]
            codings = annotated.project.annotations.codings(annotation.id)
            assert found.exact == annotation.anchor.exact
            assert document.text[found.start : found.end] == found.exact
            assert (found.page, found.note, found.reviewer, found.created, found.modified) == (
                annotation.anchor.page,
                annotation.note,
                reviewers[annotation.reviewer_id],
                annotation.created,
                annotation.modified,
            )
            assert found.code_paths == tuple(codebook[c.code_id].name for c in codings)
            assert found.colour == (None if codings else "#F4D03F")
            # the letter is the same file; the article's PDF keeps the article's text
            assert document.text == annotated.layers[stored.id].text
            assert (found.start, found.end) == (annotation.anchor.start, annotation.anchor.end)


def test_the_exported_article_imports_into_another_project_on_the_same_spans(
    annotated: Annotated, reader: DocumentReader, tmp_path: Path
) -> None:
    """A colleague imports the article's PDF into their own project (which has the article):
    every highlight becomes the annotation it was, on the same span, with its codes."""
    article = annotated.project.documents.all()[1]
    out = tmp_path / "article.pdf"
    export_pdfs(read_source(annotated.project), out, reader=reader, document=article.id)
    with new_project(tmp_path / "colleague.accord", reader=reader) as colleague:
        report = import_incoming(
            colleague,
            read_pdf_highlights(out, reader=reader),
            format_name=PDF_LABEL,
            reviewer_name="Colleague",
            reader=reader,
        )
        assert (report.documents_added, report.orphans, report.codes_added) == ([], [], [])
        originals = [a for a in annotated.annotations.values() if a.document_id == article.id]
        assert report.annotations_added == len(originals)
        for original in originals:
            imported = colleague.annotations.require(original.id)
            assert (imported.document_id, imported.anchor, imported.note) == (
                article.id,
                original.anchor,
                original.note,
            )
            assert {c.code_id for c in colleague.annotations.codings(original.id)} == {
                c.code_id for c in annotated.project.annotations.codings(original.id)
            }


def test_a_code_name_holding_the_separator_comes_back_as_one_code(
    reader: DocumentReader, tmp_path: Path
) -> None:
    with new_project(tmp_path / "renamed.accord", reader=reader) as project:
        letter = project.documents.all()[0]
        book = project.codes.codebook()
        editor = Editor.start(project, "Ana")
        editor.execute(RenameCode(book.lookup("Joint calls").guid, "Joint calls; co-funding"))
        layer = reader.read(bundled_pair()[0]).text
        quote = "as Growth Strategy."
        start = layer.text.index(quote)
        command = annotation_from_span(
            layer,
            start,
            start + len(quote),
            document_id=letter.id,
            note="",
            code_ids=(book.lookup("Joint calls").guid, book.lookup("Pandemics").guid),
        )
        editor.execute(command)
        out = tmp_path / "letter.pdf"
        export_pdfs(read_source(project), out, reader=reader, document=letter.id)
    incoming = read_pdf_highlights(out, reader=reader)
    assert [a.code_paths for a in incoming.annotations] == [
        ("Joint calls; co-funding", "Pandemics")
    ]
    with new_project(tmp_path / "default.accord", reader=reader) as other:
        report = import_incoming(
            other, incoming, format_name=PDF_LABEL, reviewer_name="Ben", reader=reader
        )
        added = [
            code.name
            for code in other.codes.codebook()
            if code.guid not in {c.guid for c in load_default_codebook()}
        ]
        codings = other.annotations.codings(command.annotation_id)
        names = {other.codes.codebook()[c.code_id].name for c in codings}
    assert added == ["Joint calls; co-funding"] and report.annotations_added == 1
    assert names == {"Joint calls; co-funding", "Pandemics"}


def _signed_project(path: Path, signed: Path, reader: DocumentReader) -> Project:
    """A project holding the signed PDF, with one coded and noted highlight on it."""
    project = create_project(
        path, documents=[new_document(reader.read(signed))], codebook=load_default_codebook()
    )
    (document,) = project.documents.all()
    layer = reader.read(signed).text
    quote = "in two originals"
    start = layer.text.index(quote)
    Editor.start(project, "Ana").execute(
        annotation_from_span(
            layer,
            start,
            start + len(quote),
            document_id=document.id,
            note="Both authentic",
            code_ids=(project.codes.codebook().lookup("Dialogue").guid,),
        )
    )
    return project


def test_a_signed_pdf_keeps_a_valid_signature_with_its_highlights(
    reader: DocumentReader, tmp_path: Path
) -> None:
    signed = make_signed_pdf(tmp_path / "signed letter.pdf")
    with _signed_project(tmp_path / "signed.accord", signed, reader) as project:
        (written,) = export_pdfs(read_source(project), tmp_path / "out", reader=reader)
    data = written.read_bytes()
    assert data.startswith(signed.read_bytes())  # appended: the signed version is untouched
    assert signed_bytes_unchanged(signed.read_bytes(), data)
    assert pdfsig_verdicts(written) in (None, ["Signature is Valid."])
    (found,) = read_pdf_highlights(written, reader=reader).annotations
    assert (found.exact, found.note, found.code_paths) == (
        "in two originals",
        "Both authentic",
        ("Dialogue",),
    )


def test_a_pdf_certified_against_comments_is_refused_naming_the_file(
    reader: DocumentReader, tmp_path: Path
) -> None:
    certified = make_signed_pdf(tmp_path / "certified letter.pdf", certify=2)
    with (
        _signed_project(tmp_path / "certified.accord", certified, reader) as project,
        pytest.raises(AccordError) as refused,
    ):
        export_pdfs(read_source(project), tmp_path / "out", reader=reader)
    message = str(refused.value)
    assert "“certified letter.pdf”" in message and "DocMDP level 2" in message
    assert "would break the certification" in message
    assert not (tmp_path / "out").exists()  # nothing written, nothing lost


def test_the_highlight_colour_is_the_first_thematic_code(
    annotated: Annotated, reader: DocumentReader, tmp_path: Path
) -> None:
    quote = next(q for q in LETTER_QUOTES if "Growth Strategy" in q)
    letter = annotated.project.documents.all()[0]
    out = tmp_path / "letter.pdf"
    assert export_pdfs(read_source(annotated.project), out, reader=reader, document=letter.id) == [
        out
    ]
    found = read_pdf_highlights(out, reader=reader)
    highlight = next(h for h in found.annotations if h.exact == quote)
    # /Subj lists the instrument first, as coded; /C is the thematic code's colour
    assert highlight.code_paths == ("Japan's Long-term Strategy", "Climate change")
    assert _colour_of(out, highlight) == "#009E73"


def _colour_of(pdf: Path, highlight: IncomingAnnotation) -> str:
    for page in pypdf.PdfReader(pdf).pages:
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/NM") == highlight.id:
                return "#" + "".join(f"{round(float(v) * 255):02X}" for v in annot["/C"])
    raise AssertionError(f"no highlight {highlight.id}")


def test_a_pdf_path_holds_the_one_document_a_filter_leaves(
    annotated: Annotated, reader: DocumentReader, tmp_path: Path
) -> None:
    article = annotated.project.documents.all()[1]
    source = read_source(
        annotated.project, options=ExportOptions(document_ids=frozenset({article.id}))
    )
    assert export_pdfs(source, tmp_path / "article.pdf", reader=reader) == [
        tmp_path / "article.pdf"
    ]
    with pytest.raises(AccordError, match="2 documents"):
        export_pdfs(read_source(annotated.project), tmp_path / "both.pdf", reader=reader)


def test_a_cancelled_export_leaves_no_file(
    annotated: Annotated, reader: DocumentReader, tmp_path: Path
) -> None:
    def stop_after_first(done: int, total: int) -> None:
        if done == 1:
            raise Cancelled

    with pytest.raises(Cancelled):
        export_pdfs(
            read_source(annotated.project),
            tmp_path / "out",
            reader=reader,
            progress=stop_after_first,
        )
    assert list((tmp_path / "out").iterdir()) == []


def test_titles_become_safe_file_names(reader: DocumentReader, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Q&amp;A: EU/Japan “STI” — draft?</title></head>"
        "<body><p>The Sides intend to meet.</p></body></html>",
        encoding="utf-8",
    )
    with create_project(
        tmp_path / "titles.accord",
        documents=[new_document(reader.read(page))],
        codebook=load_default_codebook(),
    ) as project:
        (written,) = export_pdfs(read_source(project), tmp_path / "out", reader=reader)
    assert written.name == "Q&A EU Japan “STI” — draft.pdf"


def test_highlights_made_in_another_reader_come_in_with_their_text(reader: DocumentReader) -> None:
    require(EXAMPLE, "the shared highlighted PDF example")
    incoming = read_pdf_highlights(EXAMPLE, reader=reader)
    expected = json.loads(EXAMPLE_EXPECTED.read_text(encoding="utf-8"))
    (document,) = incoming.documents
    assert document.content == EXAMPLE.read_bytes() and document.name == "highlighted"
    assert document.fingerprint == hashlib.sha256(document.content).hexdigest()
    assert [(a.page + 1, a.exact, a.note, a.reviewer) for a in incoming.annotations] == [
        (e["page"], e["text"], e["contents"], e["author"]) for e in expected
    ]
    first, second = incoming.annotations
    assert first.id is None  # "ct-…" is the other tool's name, not an Accord id
    assert first.code_paths == ("Water | Tariff",) and first.colour is None
    assert first.prefix.endswith("Water tariffs shall be ") and first.suffix.startswith("; a tax")
    assert second.code_paths == ("Energy | Fiscal incentive",)
    assert document.text[second.start : second.end] == second.exact


def test_unreadable_files_are_refused_with_the_file_named_and_the_reader_goes_on(
    reader: DocumentReader, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF"
    )
    with pytest.raises(AccordError, match=r"broken\.pdf"):
        read_pdf_highlights(broken, reader=reader)
    with pytest.raises(AccordError, match=r"news-article.*not a PDF"):
        read_pdf_highlights(bundled_pair()[1], reader=reader)
    with pytest.raises(AccordError, match=r"missing\.pdf"):
        read_pdf_highlights(tmp_path / "missing.pdf", reader=reader)
    assert read_pdf_highlights(bundled_pair()[0], reader=reader).annotations == []


def test_a_highlight_over_no_text_is_reported_not_imported(
    reader: DocumentReader, tmp_path: Path
) -> None:
    """A highlight whose quads cover blank paper (moved, or drawn on a scan) has no quote to
    place: the user is told, and the others still come in (a comment that only repeats the
    highlighted text, as some readers write it, is no note)."""
    require(EXAMPLE, "the shared highlighted PDF example")
    reader_pdf = pypdf.PdfReader(EXAMPLE)
    writer = pypdf.PdfWriter(clone_from=reader_pdf)
    first = writer.pages[0]["/Annots"][0].get_object()
    first[pypdf.generic.NameObject("/QuadPoints")] = pypdf.generic.ArrayObject(
        pypdf.generic.FloatObject(v) for v in (300, 60, 400, 60, 300, 40, 400, 40)
    )
    second = writer.pages[0]["/Annots"][1].get_object()
    second[pypdf.generic.NameObject("/Contents")] = pypdf.generic.TextStringObject(
        "Feed-in tariffs support\nsmall hydro plants"
    )
    moved = tmp_path / "moved.pdf"
    with moved.open("wb") as file:
        writer.write(file)
    incoming = read_pdf_highlights(moved, reader=reader)
    assert [(a.exact, a.note) for a in incoming.annotations] == [
        ("Feed-in tariffs support small hydro plants", "")
    ]
    assert incoming.dropped == [
        "page 1: a highlight over no text (ct-4e6f97de-1e36-50da-bbc2-d8e149880692 by Ana "
        "Analyst, note “Review cycle is annual”)"
    ]
