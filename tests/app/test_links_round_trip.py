"""Links through the exchange formats: a ``.qdpx`` and a JSON-LD export bring back every link
with its type, direction, note and both ends (a passage, or the whole other document), and
importing the same file again changes nothing."""

from __future__ import annotations

import contextlib
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
import xmlschema

from desktop.app.anchors import annotation_from_span
from desktop.app.document_texts import read_layers
from desktop.app.editor import Editor
from desktop.app.exporting import export_project
from desktop.app.importing import import_file
from desktop.app.linking import CreateLink
from desktop.app.projects import new_document, new_project
from desktop.app.reading import DocumentReader
from desktop.bundled import bundled_pair
from desktop.codebook.model import Codebook
from desktop.comparing.gather import LINK_FIELDS
from desktop.core.links import LinkType
from desktop.formats.source import ExportOptions
from desktop.store import NewDocument, Project, create_project, open_project
from tests.app.test_round_trip import _clock
from tests.formats.test_jsonld import _check, needs_specs
from tests.formats.test_qdpx_export import REPO_XSD
from tests.store.helpers import dump


@pytest.fixture(scope="module")
def reader() -> Iterator[DocumentReader]:
    with DocumentReader() as reader:
        yield reader


def _shared(reader: DocumentReader):  # type: ignore[no-untyped-def]
    return lambda: contextlib.nullcontext(reader)


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory, reader: DocumentReader) -> Path:
    path = tmp_path_factory.mktemp("linked") / "linked.accord"
    with new_project(path, reader=reader) as project:
        layers = read_layers(project, project.documents.all(), reader=reader)
        letter, article = project.documents.all()
        editor = Editor(
            project,
            project.reviewers.ensure("Ada"),
            clock=_clock(datetime(2020, 5, 26, 9, 0, tzinfo=UTC)),
        )
        made = {}
        for name, document, quote in (
            ("covid", letter.id, "In relation to the COVID-19 outbreak"),
            ("rights", letter.id, "This Letter of Intent is not intended"),
            ("underlines", article.id, "The letter underlines the paramount importance"),
            ("pledge", article.id, "Japan co-chaired the event"),
            ("partners", article.id, "EU and Japan are key partners"),
        ):
            layer = layers[document]
            start = layer.text.index(quote)
            command = annotation_from_span(layer, start, start + len(quote), document_id=document)
            editor.execute(command)
            made[name] = command.annotation_id
        for command in (
            CreateLink(
                made["covid"], LinkType.REPORTS, made["underlines"], note="Same point — 日本"
            ),
            CreateLink(made["partners"], LinkType.CONTRADICTS, made["covid"]),
            CreateLink(made["rights"], LinkType.OMITS, target_document_id=article.id, note="Gone"),
            CreateLink(made["pledge"], LinkType.ADDS, target_document_id=letter.id),
        ):
            editor.execute(command)
    return path


def _links(project: Project) -> set[tuple[object, ...]]:
    return {
        (link.id, link.type, link.source_id, link.target_id, link.target_document_id, link.note)
        for link in project.links.all()
    }


@pytest.mark.parametrize("format_name", ["qdpx", "jsonld"])
def test_every_link_comes_back_with_its_type_direction_note_and_ends(
    linked: Path, tmp_path: Path, reader: DocumentReader, format_name: str, where: str
) -> None:
    """(``where``: a ``.qdpx`` read here, or in a child process that pickles what it read.)"""
    exported = tmp_path / f"linked.{format_name}"
    bundled: list[NewDocument] = [new_document(reader.read(f)) for f in bundled_pair()]
    with open_project(linked) as ours:
        export_project(
            ours,
            format=format_name,
            out=exported,
            options=ExportOptions(),
            reader_factory=_shared(reader),
        )
        expected = _links(ours)
        assert len(expected) == 4
        target = tmp_path / "theirs.accord"
        documents = [] if format_name == "qdpx" else bundled
        with create_project(target, documents=documents, codebook=Codebook.empty()) as theirs:
            report = import_file(
                theirs, exported, reviewer_name="Nobody", reader_factory=_shared(reader)
            )
            assert _links(theirs) == expected
            assert report.links_added == 4
    before = dump(target)
    with open_project(target) as theirs:
        again = import_file(
            theirs, exported, reviewer_name="Nobody", reader_factory=_shared(reader)
        )
    assert dump(target) == before
    assert again.links_unchanged == 4


@needs_specs
def test_the_exports_with_links_pass_the_schema_and_the_w3c_checker(
    linked: Path, tmp_path: Path, reader: DocumentReader
) -> None:
    archive, annotations = tmp_path / "linked.qdpx", tmp_path / "linked.jsonld"
    with open_project(linked) as ours:
        for out in (archive, annotations):
            export_project(
                ours,
                format=out.suffix[1:],
                out=out,
                options=ExportOptions(),
                reader_factory=_shared(reader),
            )
    with zipfile.ZipFile(archive) as opened:
        data = opened.read("project.qde")
    xmlschema.XMLSchema(str(REPO_XSD)).validate(io.BytesIO(data))
    links = ET.fromstring(data).findall("q:Links/q:Link", {"q": "urn:QDA-XML:project:1.0"})
    assert sorted(link.get("name") for link in links) == ["adds", "contradicts", "omits", "reports"]
    assert {link.get("direction") for link in links} == {"OneWay"}
    exported = json.loads(annotations.read_text(encoding="utf-8"))
    items = exported["first"]["items"]
    linking = [item for item in items if item["motivation"] == "linking"]
    assert len(linking) == 4 and exported["total"] == len(items)
    omits = next(i for i in linking if i["body"][0]["value"] == "omits")
    assert omits["target"][1]["id"].startswith("urn:sha256:")  # the whole document
    standalone = tmp_path / "items.json"
    standalone.write_text(
        json.dumps([{"@context": exported["@context"], **item} for item in linking]),
        encoding="utf-8",
    )
    checked = _check(standalone)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    whole = _check(annotations, test="collections/collectionMusts.test")
    assert whole.returncode == 0, whole.stdout + whole.stderr


def test_the_spreadsheet_has_a_sheet_of_links(
    linked: Path, tmp_path: Path, reader: DocumentReader
) -> None:
    out = tmp_path / "linked.xlsx"
    with open_project(linked) as ours:
        export_project(
            ours, format="xlsx", out=out, options=ExportOptions(), reader_factory=_shared(reader)
        )
        expected = {(link.id, link.type.value, link.note) for link in ours.links.all()}
    sheet = openpyxl.load_workbook(out)["Links"]
    header, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert header == list(LINK_FIELDS)
    found = {(row[0], row[1], row[header.index("note")] or "") for row in rows}
    assert found == expected
    omits = next(row for row in rows if row[1] == "omits")
    assert omits[header.index("target_quote")] is None
    assert omits[header.index("target_document")].startswith("EU and Japan")


def test_the_report_says_what_became_of_each_clause_of_the_letter(
    linked: Path, tmp_path: Path, reader: DocumentReader
) -> None:
    for suffix in ("md", "html"):
        out = tmp_path / f"linked.{suffix}"
        with open_project(linked) as ours:
            export_project(
                ours,
                format=suffix,
                out=out,
                options=ExportOptions(),
                reader_factory=_shared(reader),
            )
        text = out.read_text(encoding="utf-8")
        coverage = text[text.index("Coverage</h2>" if suffix == "html" else "## Coverage") :]
        assert "contradicted" in coverage and "1 addition" in coverage
        strong = ("<strong>", "</strong>: ") if suffix == "html" else ("**", "**: ")
        for fate, clause in (
            ("contradicted", "In relation to the COVID-19 outbreak"),
            ("omitted", "This Letter of Intent is not intended"),
            ("not yet reviewed", "Letter of Intent"),
        ):
            assert f"{strong[0]}{fate}{strong[1]}{clause}" in coverage
