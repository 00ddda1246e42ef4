"""Reading and writing through the repositories: documents, reviewers, codes, annotations."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.codebook import edits
from desktop.core.errors import AccordError
from desktop.core.geometry import PageRect, Rect
from desktop.core.model import Anchor, Annotation, AnnotationId, CodeId, Coding, format_time
from desktop.store import (
    AnnotationFilter,
    AnnotationRecord,
    AnnotationSnapshot,
    CodingRecord,
    Project,
    ProjectError,
    StaleError,
)
from tests.store.helpers import TEXT, dump, small_project, text_document

MOMENT = datetime(2020, 5, 26, 9, 30, tzinfo=UTC)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    with small_project(tmp_path / "p.accord") as project:
        yield project


def _annotation(project: Project, quote: str, number: int, *, note: str = "") -> Annotation:
    start = TEXT.index(quote)
    end = start + len(quote)
    anchor = Anchor(
        start,
        end,
        quote,
        TEXT[max(0, start - 32) : start],
        TEXT[end : end + 32],
        0,
        (PageRect(0, Rect(1.5, 2, 3.25, 4)),),
    )
    reviewer = project.reviewers.ensure("Ada")
    return Annotation(
        AnnotationId(f"A{number:07d}-0000-4000-8000-000000000000"),
        project.documents.all()[0].id,
        anchor,
        note,
        reviewer.id,
        MOMENT,
        MOMENT,
    )


def test_documents_keep_their_bytes_and_verify_them(project: Project, tmp_path: Path) -> None:
    document = project.documents.all()[0]
    assert project.documents.content(document.id) == TEXT.encode("utf-8")
    written = project.documents.write_file(document.id, tmp_path)
    assert written.name == "notes.txt" and written.read_bytes() == TEXT.encode("utf-8")
    with contextlib.closing(sqlite3.connect(project.path)) as raw:
        raw.execute("UPDATE document_files SET content = x'00'")
        raw.commit()
    with pytest.raises(ProjectError, match="damaged"):
        project.documents.content(document.id)


def test_reviewers_are_found_by_name(project: Project) -> None:
    ada = project.reviewers.ensure("  Ada  Lovelace ")
    assert project.reviewers.ensure("Ada Lovelace") == ada
    assert project.reviewers.get(ada.id) == ada
    with pytest.raises(AccordError):
        project.reviewers.ensure("   ")


def test_annotations_round_trip_exactly(project: Project) -> None:
    annotation = _annotation(project, "𝓔𝓤 and Japan 日本", 1, note="Naïve\nsecond line")
    code = CodeId(project.codes.codebook().lookup("Pandemics").guid)
    with project.transaction():
        project.annotations.insert(
            annotation, [Coding(annotation.id, code, annotation.reviewer_id, MOMENT)]
        )
    assert project.annotations.get(annotation.id) == annotation
    assert project.annotations.codings(annotation.id) == (
        Coding(annotation.id, code, annotation.reviewer_id, MOMENT),
    )
    with contextlib.closing(sqlite3.connect(project.path)) as raw:
        row = raw.execute("SELECT quote, codes, reviewer, page FROM annotation_list").fetchone()
    assert row == ("𝓔𝓤 and Japan 日本", "Thematic areas/Pandemics", "Ada", 1)


def test_writes_need_a_transaction(project: Project) -> None:
    with pytest.raises(RuntimeError, match="transaction"):
        project.annotations.delete("x")


def test_a_failed_transaction_writes_nothing(project: Project) -> None:
    annotation = _annotation(project, "pandemics", 1)
    before = dump(project.path)
    with pytest.raises(ValueError), project.transaction():
        project.annotations.insert(annotation)
        raise ValueError("stop")
    assert dump(project.path) == before
    assert project.annotations.count() == 0


def test_stale_ids_are_reported(project: Project) -> None:
    with pytest.raises(StaleError, match="no longer exists"):
        project.annotations.require("gone")


def test_snapshots_restore_deleted_annotations(project: Project) -> None:
    first, second = _annotation(project, "pandemics", 1), _annotation(project, "joint calls", 2)
    with project.transaction():
        project.annotations.insert(first)
        project.annotations.insert(second)
    before = dump(project.path)
    snapshot = project.annotations.snapshot(first.id)
    with project.transaction():
        project.annotations.delete(first.id)
    with project.transaction():
        project.annotations.restore(snapshot)
    assert dump(project.path) == before


def test_codebook_writes_only_what_changed(project: Project) -> None:
    book = project.codes.codebook()
    pandemics = book.lookup("Pandemics").guid
    renamed = edits.rename_code(book, pandemics, "Epidemics")
    with project.transaction():
        diff = project.codes.replace(renamed)
        pins = project.codes.set_pins({3: pandemics})
    assert (diff.created, diff.modified, diff.deleted) == (frozenset(), {pandemics}, frozenset())
    assert pins == {pandemics}
    assert project.codes.codebook() == renamed
    assert project.codes.pins() == {3: pandemics}


def test_list_queries_filter_and_keep_reading_order(tmp_path: Path) -> None:
    second = text_document("Pandemics again, in a second document.", name="second.txt")
    with small_project(tmp_path / "two.accord", documents=[text_document(), second]) as project:
        letter, other = project.documents.all()
        book = project.codes.codebook()
        pandemics, climate = (CodeId(book.lookup(n).guid) for n in ("Pandemics", "Climate change"))
        bea = project.reviewers.ensure("Bea")
        made = [
            _annotation(project, q, n)
            for n, q in enumerate(
                ["research and innovation", "pandemics", "Café, naïve", "joint calls"]
            )
        ]
        late = Annotation(
            AnnotationId("B0000000-0000-4000-8000-000000000000"),
            other.id,
            Anchor(0, 9, "Pandemics", "", " again, in a", 0, ()),
            "",
            bea.id,
            MOMENT,
            MOMENT,
        )
        with project.transaction():
            project.annotations.insert(late, [Coding(late.id, pandemics, bea.id, MOMENT)])
            for annotation in made:
                project.annotations.insert(annotation)
            project.annotations.add_codings(
                [
                    Coding(made[1].id, pandemics, bea.id, MOMENT),
                    Coding(made[0].id, climate, bea.id, MOMENT),
                ]
            )
        in_order = [made[1].id, made[0].id, made[3].id, made[2].id, late.id]
        assert project.annotations.ids() == in_order
        assert project.annotations.count() == 5
        assert project.annotations.ids(AnnotationFilter(code_ids=frozenset({pandemics}))) == [
            made[1].id,
            late.id,
        ]
        assert project.annotations.ids(AnnotationFilter(document_ids=frozenset({other.id}))) == [
            late.id
        ]
        assert (
            project.annotations.count(
                AnnotationFilter(
                    document_ids=frozenset({letter.id}), code_ids=frozenset({pandemics})
                )
            )
            == 1
        )
        assert project.annotations.ids(AnnotationFilter(reviewer_ids=frozenset({bea.id}))) == [
            late.id
        ]
        assert project.annotations.ids(AnnotationFilter(text="cAfé naïve")) == [made[2].id]
        assert project.annotations.ids(AnnotationFilter(text="JOINT calls")) == [made[3].id]
        assert project.annotations.ids(AnnotationFilter(text="100%_")) == []
        listed = project.annotations.listed([late.id, "missing", made[1].id])
        assert [(item.annotation.id, item.code_ids) for item in listed] == [
            (late.id, (pandemics,)),
            (made[1].id, (pandemics,)),
        ]


def test_export_stream_follows_the_list_order_and_filters(tmp_path: Path) -> None:
    """What an export streams is what the list shows for the same filter, each annotation
    with its codings oldest first; the flat records the text formats read say the same as
    the model's values, moments in the form every export writes."""
    second = text_document("Pandemics again, in a second document.", name="second.txt")
    with small_project(tmp_path / "two.accord", documents=[text_document(), second]) as project:
        letter, other = project.documents.all()
        book = project.codes.codebook()
        pandemics, climate = (CodeId(book.lookup(n).guid) for n in ("Pandemics", "Climate change"))
        made = [
            _annotation(project, q, n, note=f"note {n}")
            for n, q in enumerate(
                ["research and innovation", "pandemics", "Café, naïve", "joint calls"]
            )
        ]
        late = Annotation(
            AnnotationId("B0000000-0000-4000-8000-000000000000"),
            other.id,
            Anchor(0, 9, "Pandemics", "", " again, in a", 0, ()),
            "",
            made[0].reviewer_id,
            MOMENT,
            MOMENT,
        )
        later = MOMENT.replace(minute=45)
        with project.transaction():
            for annotation in [late, *made]:
                project.annotations.insert(annotation)
            project.annotations.add_codings(
                [
                    Coding(made[1].id, pandemics, made[1].reviewer_id, later),
                    Coding(made[1].id, climate, made[1].reviewer_id, MOMENT),
                    Coding(late.id, pandemics, late.reviewer_id, MOMENT),
                ]
            )
        filters = [
            AnnotationFilter(),
            AnnotationFilter(code_ids=frozenset({pandemics})),
            AnnotationFilter(document_ids=frozenset({letter.id})),
            AnnotationFilter(document_ids=frozenset({other.id}), code_ids=frozenset({pandemics})),
            AnnotationFilter(text="naïve"),
        ]
        for where in filters:
            streamed = list(project.annotations.snapshots(where))
            assert [s.annotation.id for s in streamed] == project.annotations.ids(where)
            for snapshot in streamed:
                assert snapshot.annotation == project.annotations.get(snapshot.annotation.id)
                assert snapshot.codings == project.annotations.codings(snapshot.annotation.id)
            assert list(project.annotations.records(where)) == [_record(s) for s in streamed]
        coded = next(s for s in project.annotations.snapshots() if s.annotation.id == made[1].id)
        assert [c.code_id for c in coded.codings] == [climate, pandemics]
        record = next(r for r in project.annotations.records() if r.id == made[1].id)
        assert [(c.code_id, c.created) for c in record.codings] == [
            (climate, "2020-05-26T09:30:00Z"),
            (pandemics, "2020-05-26T09:45:00Z"),
        ]


def _record(snapshot: AnnotationSnapshot) -> AnnotationRecord:
    a = snapshot.annotation
    return AnnotationRecord(
        id=a.id,
        document_id=a.document_id,
        start=a.anchor.start,
        end=a.anchor.end,
        exact=a.anchor.exact,
        prefix=a.anchor.prefix,
        suffix=a.anchor.suffix,
        page=a.anchor.page,
        note=a.note,
        reviewer_id=a.reviewer_id,
        created=format_time(a.created),
        modified=format_time(a.modified),
        status=a.status.value,
        codings=tuple(
            CodingRecord(
                created=format_time(c.created), code_id=c.code_id, reviewer_id=c.reviewer_id
            )
            for c in snapshot.codings
        ),
    )
