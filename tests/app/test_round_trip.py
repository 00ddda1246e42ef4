"""Export, then import: the real formats, the real documents, the real worker.

What an analyst checks after sending a project to a colleague and back: every document (its
bytes), every code (tree, colour, description) and every annotation (span, codes, note,
reviewer, times) is there exactly; importing twice changes nothing; and merging a colleague's
export adds what is new, leaves what is the same, and lists what was edited differently.
"""

from __future__ import annotations

import contextlib
import itertools
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.app.anchors import annotation_from_span
from desktop.app.annotating import SetField, SetNote, TagAnnotation
from desktop.app.coding_scheme import AddCode
from desktop.app.document_texts import read_layers
from desktop.app.editor import Editor
from desktop.app.exporting import export_project
from desktop.app.importing import import_file
from desktop.app.projects import new_document, new_project
from desktop.app.reading import DocumentReader
from desktop.bundled import bundled_pair
from desktop.codebook.model import Codebook, Facet
from desktop.core.model import CodeId, DocumentId, Status
from desktop.core.textlayer import TextLayer
from desktop.formats.source import ExportOptions
from desktop.store import (
    SCHEMA_VERSION,
    NewDocument,
    Project,
    backup,
    create_project,
    open_project,
)
from tests.store.helpers import dump

Record = tuple[object, ...]
NOTES = (
    "Modalities, §2",
    "Café naïve — e\u0301 combining, 𝓔𝓤 non-BMP, 日本",
    "two\nlines\n[accord:status=accepted]",
    "",
)
STATUSES = (Status.ACCEPTED, Status.DISPUTED, Status.PROPOSED, Status.REJECTED)
"""Each planned annotation's review status: with a note or without, and one proposed whose
note looks like the line a ``.qdpx`` carries a status in."""


def _clock(start: datetime) -> Callable[[], datetime]:
    ticks = itertools.count()
    return lambda: start + timedelta(seconds=next(ticks))


@pytest.fixture(scope="module")
def reader() -> Iterator[DocumentReader]:
    with DocumentReader() as reader:
        yield reader


@pytest.fixture(scope="module")
def bundled(reader: DocumentReader) -> list[NewDocument]:
    return [new_document(reader.read(file)) for file in bundled_pair()]


def _shared(reader: DocumentReader) -> Callable[[], contextlib.AbstractContextManager]:
    """A reader factory that lends the module's worker instead of starting one per import."""
    return lambda: contextlib.nullcontext(reader)


def _layers(project: Project, reader: DocumentReader) -> dict[DocumentId, TextLayer]:
    return read_layers(project, project.documents.all(), reader=reader)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory, reader: DocumentReader) -> Path:
    """The bundled project with a code of our own (and a sub-code), and annotations by two
    reviewers on both documents: coded, uncoded, noted, across a page break."""
    path = tmp_path_factory.mktemp("source") / "ours.accord"
    with new_project(path, reader=reader) as project:
        layers = _layers(project, reader)
        letter, article = project.documents.all()
        ada = Editor(
            project,
            project.reviewers.ensure("Ada"),
            clock=_clock(datetime(2020, 5, 26, 9, 0, tzinfo=UTC)),
        )
        bea = Editor(
            project,
            project.reviewers.ensure("Bea Åström"),
            clock=_clock(datetime(2020, 5, 27, 14, 30, tzinfo=UTC)),
        )
        book = project.codes.codebook()
        folder = AddCode(
            book.root(Facet.INSTRUMENT).guid,
            "Legal force",
            color="#225555",
            description="How binding it is.",
        )
        ada.execute(folder)
        child = AddCode(folder.code_id, "Intent, not obligation", description="“intend to”")
        ada.execute(child)
        book = project.codes.codebook()
        plan = [
            (ada, letter.id, "research and innovation", ("Pandemics", "Instruments/Dialogue")),
            (ada, letter.id, "intend to", (child.code_id,)),
            (bea, article.id, "Japan", ()),
            (bea, letter.id, None, ("Climate neutrality",)),
        ]
        for number, (editor, document, quote, codes) in enumerate(plan):
            layer = layers[document]
            if quote is None:  # the last 40 characters of page 1 and the first of page 2
                boundary = layer.page_span(1)[0]
                start, end = boundary - 40, boundary + 25
            else:
                start = layer.text.index(quote)
                end = start + len(quote)
            ids = tuple(CodeId(c if c in book else book.lookup(c).guid) for c in codes)
            command = annotation_from_span(
                layer, start, end, document_id=document, code_ids=ids, note=NOTES[number]
            )
            editor.execute(command)
            if STATUSES[number] is not Status.PROPOSED:
                editor.execute(SetField(command.annotation_id, "status", STATUSES[number]))
        editor.execute(TagAnnotation(command.annotation_id, book.lookup("Pandemics").guid))
    return path


def _records(project: Project) -> dict[str, Record]:
    """Every annotation as a user compares it: document, anchor, note, reviewer, times, status,
    codes."""
    names = {r.id: r.name for r in project.reviewers.all()}
    return {
        s.annotation.id: (
            s.annotation.document_id,
            s.annotation.anchor,
            s.annotation.note,
            names[s.annotation.reviewer_id],
            s.annotation.created,
            s.annotation.modified,
            s.annotation.status,
            frozenset(c.code_id for c in s.codings),
        )
        for s in project.annotations.snapshots()
    }


def _documents(project: Project) -> list[tuple[object, ...]]:
    return [
        (
            d.id,
            d.title,
            d.kind,
            d.file_name,
            d.size,
            d.page_count,
            d.text_sha256,
            d.position,
            project.documents.content(d.id),
        )
        for d in project.documents.all()
    ]


def test_a_qdpx_brings_back_every_document_code_and_annotation(
    source: Path,
    tmp_path: Path,
    reader: DocumentReader,
    where: str,
) -> None:
    archive = tmp_path / "ours.qdpx"
    with open_project(source) as ours:
        assert export_project(
            ours,
            format="qdpx",
            out=archive,
            options=ExportOptions(),
            reader_factory=_shared(reader),
        ) == [archive]
        target = tmp_path / "empty.accord"
        with create_project(target, documents=[], codebook=Codebook.empty()) as theirs:
            report = import_file(
                theirs, archive, reviewer_name="Nobody", reader_factory=_shared(reader)
            )
            assert _documents(theirs) == _documents(ours)
            assert theirs.codes.codebook() == ours.codes.codebook()
            assert _records(theirs) == _records(ours)
            assert (report.annotations_added, report.orphans) == (len(_records(ours)), [])
        before = dump(target)
        with open_project(target) as theirs:
            again = import_file(
                theirs, archive, reviewer_name="Nobody", reader_factory=_shared(reader)
            )
        assert dump(target) == before
        assert again.annotations_unchanged == len(_records(ours))


def test_json_ld_brings_back_every_annotation_and_the_codes_it_uses(
    source: Path,
    tmp_path: Path,
    reader: DocumentReader,
    bundled: list[NewDocument],
) -> None:
    """Web Annotation JSON-LD names documents without carrying them, and a code through the
    annotations tagged with it (path, id, colour, ancestors; no description), so it goes into
    a project that has the documents."""
    exported = tmp_path / "ours.jsonld"
    with (
        open_project(source) as ours,
        create_project(
            tmp_path / "theirs.accord", documents=bundled, codebook=Codebook.empty()
        ) as theirs,
    ):
        export_project(
            ours,
            format="jsonld",
            out=exported,
            options=ExportOptions(),
            reader_factory=_shared(reader),
        )
        report = import_file(
            theirs, exported, reviewer_name="Nobody", reader_factory=_shared(reader)
        )
        assert report.orphans == [] and report.documents_matched == 2
        assert _records(theirs) == _records(ours)
        mine, imported = ours.codes.codebook(), theirs.codes.codebook()
        used = {c for record in _records(ours).values() for c in record[-1]}  # type: ignore[union-attr]
        for guid in used:
            assert imported.path(guid) == mine.path(guid)
            assert imported[guid].color == mine[guid].color
            assert [a.guid for a in imported.ancestors(guid)] == [
                a.guid for a in mine.ancestors(guid)
            ]


def test_json_ld_whose_codes_are_all_instruments_says_nothing_of_thematic_areas(
    source: Path,
    tmp_path: Path,
    reader: DocumentReader,
) -> None:
    """The report of such an import lists nothing left out: no folder made up for the facet
    the file does not mention (it was reported as a code "without a colour")."""
    exported = tmp_path / "intent.jsonld"
    with open_project(source) as ours:
        intent = ours.codes.codebook().lookup("Intent, not obligation").guid
        export_project(
            ours,
            format="jsonld",
            out=exported,
            options=ExportOptions(code_ids=frozenset({intent})),
            reader_factory=_shared(reader),
        )
    assert "Thematic areas" not in exported.read_text(encoding="utf-8")
    with new_project(tmp_path / "fresh.accord", reader=reader) as fresh:
        report = import_file(
            fresh, exported, reviewer_name="Nobody", reader_factory=_shared(reader)
        )
        assert (report.annotations_added, report.orphans, report.dropped) == (1, [], [])
        assert fresh.codes.codebook().path(intent) == (
            "Instruments/Legal force/Intent, not obligation"
        )


def test_a_colleagues_export_merges_new_same_and_conflicting_annotations(
    source: Path,
    tmp_path: Path,
    reader: DocumentReader,
    where: str,
) -> None:
    """The colleague imports our export, works on it, and sends theirs back; we edited too."""
    ours_path = tmp_path / "ours.accord"
    backup(source, SCHEMA_VERSION).rename(ours_path)
    shared, returned = tmp_path / "shared.qdpx", tmp_path / "returned.qdpx"
    factory = _shared(reader)
    with open_project(ours_path) as ours:
        export_project(
            ours, format="qdpx", out=shared, options=ExportOptions(), reader_factory=factory
        )
        first, second, third, fourth = ours.annotations.ids()
        with create_project(
            tmp_path / "colleague.accord", documents=[], codebook=Codebook.empty()
        ) as colleague:
            import_file(colleague, shared, reviewer_name="Chen", reader_factory=factory)
            editor = Editor(
                colleague,
                colleague.reviewers.ensure("Chen"),
                clock=_clock(datetime(2020, 6, 1, 8, 0, tzinfo=UTC)),
            )
            editor.execute(SetNote(first, "Chen: a dialogue, not funding"))
            letter = colleague.documents.all()[0]
            layer = _layers(colleague, reader)[letter.id]
            start = layer.text.index("twinning")
            added = annotation_from_span(
                layer, start, start + len("twinning"), document_id=letter.id, note="new by Chen"
            )
            editor.execute(added)
            export_project(
                colleague,
                format="qdpx",
                out=returned,
                options=ExportOptions(),
                reader_factory=factory,
            )
        Editor(ours, ours.reviewers.ensure("Ada")).execute(SetNote(second, "Ada, later"))
        before = _records(ours)
        report = import_file(ours, returned, reviewer_name="Ada", reader_factory=factory)
        after = _records(ours)
    assert report.annotations_added == 1 and after[added.annotation_id][2] == "new by Chen"
    assert after[added.annotation_id][3] == "Chen"
    assert report.annotations_unchanged == 2  # third and fourth: nobody touched them
    assert {third, fourth} <= after.keys() and after[third] == before[third]
    assert len(report.annotation_conflicts) == 2  # Chen's note on the first, ours on the second
    assert all(
        "another note" in line and "kept ours" in line for line in report.annotation_conflicts
    )
    assert {k: v for k, v in after.items() if k != added.annotation_id} == before


NOTE_PIECES = st.one_of(
    st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co")),
    st.sampled_from(["\n", "e\u0301", "𝓔", "日", "\U0001f600", "ﬁ", "\u0308"]),
)
notes = st.lists(NOTE_PIECES, max_size=40).map("".join).map(str.strip)


@dataclass(frozen=True)
class Templates:
    """Projects to copy for each example: ours (documents and default codebook) and an empty
    one with the same documents, with the documents' text layers."""

    ours: Path
    theirs: Path
    layers: dict[DocumentId, TextLayer]


@pytest.fixture(scope="module")
def templates(
    tmp_path_factory: pytest.TempPathFactory, reader: DocumentReader, bundled: list[NewDocument]
) -> Templates:
    folder = tmp_path_factory.mktemp("templates")
    with new_project(folder / "ours.accord", reader=reader) as ours:
        layers = _layers(ours, reader)
    create_project(folder / "theirs.accord", documents=bundled, codebook=Codebook.empty()).close()
    return Templates(folder / "ours.accord", folder / "theirs.accord", layers)


@settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_set_of_annotations_survives_both_formats(
    data: st.DataObject,
    tmp_path_factory: pytest.TempPathFactory,
    reader: DocumentReader,
    templates: Templates,
) -> None:
    folder = tmp_path_factory.mktemp("random")
    factory = _shared(reader)
    shutil.copy(templates.ours, folder / "ours.accord")
    with open_project(folder / "ours.accord") as ours:
        documents = ours.documents.all()
        codes = [CodeId(c.guid) for c in ours.codes.codebook() if c.is_codable]
        editor = Editor(
            ours,
            ours.reviewers.ensure(data.draw(st.sampled_from(["Ada", "Bea Åström", "李 明"]))),
            clock=_clock(datetime(2021, 1, 1, tzinfo=UTC)),
        )
        for _ in range(data.draw(st.integers(1, 8))):
            document = data.draw(st.sampled_from(documents))
            layer = templates.layers[document.id]
            start = data.draw(st.integers(0, len(layer) - 1))
            end = data.draw(st.integers(start + 1, min(len(layer), start + 400)))
            chosen = data.draw(st.lists(st.sampled_from(codes), max_size=3, unique=True))
            editor.execute(
                annotation_from_span(
                    layer,
                    start,
                    end,
                    document_id=document.id,
                    code_ids=tuple(chosen),
                    note=data.draw(notes),
                )
            )
        expected = _records(ours)
        for format in ("qdpx", "jsonld"):
            exported = folder / f"ours.{format}"
            export_project(
                ours, format=format, out=exported, options=ExportOptions(), reader_factory=factory
            )
            shutil.copy(templates.theirs, folder / f"{format}.accord")
            with open_project(folder / f"{format}.accord") as theirs:
                report = import_file(
                    theirs, exported, reviewer_name="Nobody", reader_factory=factory
                )
                assert report.orphans == []
                assert _records(theirs) == expected, format


HYPOTHESIS_EXPORT = Path(__file__).parents[1] / "formats" / "fixtures" / "hypothesis-export.json"


def test_a_hypothesis_export_lands_on_the_documents_its_quotes_are_in(
    templates: Templates,
    tmp_path: Path,
    reader: DocumentReader,
) -> None:
    """Hypothesis names the article by its web address and the letter by a PDF id, and counts
    positions in its own text: the documents are found by title or by quotes, the passages by
    quote, and tags become codes."""
    path = tmp_path / "ours.accord"
    shutil.copy(templates.ours, path)
    with open_project(path) as ours:
        report = import_file(
            ours, HYPOTHESIS_EXPORT, reviewer_name="Nobody", reader_factory=_shared(reader)
        )
        assert report.orphans == [] and report.annotations_added == 2
        book = ours.codes.codebook()
        letter, article = ours.documents.all()
        found = {s.annotation.document_id: s for s in ours.annotations.snapshots()}
        pledge = found[article.id]
        assert pledge.annotation.anchor.exact == "contributed by pledging over €760 million"
        assert templates.layers[article.id].text[
            pledge.annotation.anchor.start : pledge.annotation.anchor.end
        ] == ("contributed by pledging over €760 million")
        assert {book.path(c.code_id) for c in pledge.codings} == {
            "Instruments/Pledging",
            "Thematic areas/Pandemics/COVID-19",
        }
        assert found[letter.id].annotation.anchor.exact.startswith(
            "possible expansion of co-funding mechanisms"
        )
        again = import_file(
            ours, HYPOTHESIS_EXPORT, reviewer_name="Nobody", reader_factory=_shared(reader)
        )
        assert (again.annotations_added, again.annotations_unchanged) == (0, 2)
