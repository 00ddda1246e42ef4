"""A page's highlights are read by page, from an index, a slice at a time: every annotation
with a rectangle on the page exactly once (those running onto it from the pages before
included), whatever the slice size, and an edit between two slices is read as it is."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.core.geometry import PageRect, Rect
from desktop.core.model import Anchor, Annotation, AnnotationId
from desktop.store import Project
from tests.store.helpers import small_project, text_document

MOMENT = datetime(2020, 5, 26, 9, 30, tzinfo=UTC)
PAGES = 6


@pytest.fixture
def project(tmp_path: Path) -> Project:
    document = text_document()
    with small_project(tmp_path / "p.accord", documents=[document]) as project:
        yield project


def _add(project: Project, number: int, pages: list[int]) -> Annotation:
    rects = tuple(
        PageRect(page, Rect(10.0, 10.0 * line, 90.0, 10.0 * line + 8))
        for line, page in enumerate(pages)
    )
    anchor = Anchor(number, number + 5, "quote", "", "", pages[0], rects)
    annotation = Annotation(
        AnnotationId(f"A{number:07d}-0000-4000-8000-000000000000"),
        project.documents.all()[0].id,
        anchor,
        "",
        project.reviewers.ensure("Ada").id,
        MOMENT,
        MOMENT,
    )
    project.annotations.insert(annotation)
    return annotation


def _spans(chance: random.Random) -> list[int]:
    """The pages of one annotation: mostly one, sometimes running over two or three."""
    first = chance.randrange(PAGES)
    last = min(PAGES - 1, first + chance.choice((0, 0, 0, 1, 2)))
    return [*sorted(chance.choice(range(first, last + 1)) for _ in range(3)), last]


def _read_page(project: Project, page: int, limit: int) -> list[str]:
    document = project.documents.all()[0].id
    found, place = project.annotations.on_page(document, page, limit=limit)
    ids = [drawn.id for drawn in found]
    while place is not None:
        found, place = project.annotations.on_page(document, page, after=place, limit=limit)
        ids += [drawn.id for drawn in found]
    return ids


@pytest.mark.parametrize("limit", [1, 7, 500])
def test_each_page_reads_every_annotation_on_it_once(project: Project, limit: int) -> None:
    chance = random.Random(limit)
    with project.transaction():
        made = [_add(project, number, _spans(chance)) for number in range(300)]
    for page in range(PAGES + 1):
        expected = sorted(a.id for a in made if any(r.page == page for r in a.anchor.rects))
        assert sorted(_read_page(project, page, limit)) == expected


def test_a_slice_reads_what_drawing_needs(project: Project) -> None:
    with project.transaction():
        made = _add(project, 3, [1, 2])
    (drawn,) = _read_page(project, 2, 10) and project.annotations.drawn(made.document_id, [made.id])
    assert (drawn.id, drawn.start, drawn.end) == (made.id, 3, 8)
    assert drawn.pieces == tuple(
        (r.page, r.rect.x0, r.rect.y0, r.rect.x1, r.rect.y1) for r in made.anchor.rects
    )
    assert drawn.code_ids == ()


def test_an_edit_between_two_slices_is_read_as_it_is(project: Project) -> None:
    with project.transaction():
        made = [_add(project, number, [1]) for number in range(10)]
    document = project.documents.all()[0].id
    first, place = project.annotations.on_page(document, 1, limit=4)
    with project.transaction():
        project.annotations.delete(made[9].id)
        late = _add(project, 50, [0, 1])
    rest = []
    while place is not None:
        found, place = project.annotations.on_page(document, 1, after=place, limit=4)
        rest += found
    ids = [drawn.id for drawn in first + rest]
    assert sorted(ids) == sorted([a.id for a in made[:9]] + [late.id])


def test_the_read_walks_the_by_page_index(project: Project) -> None:
    from desktop.store.pages import LAST_PAGE

    plan = project._db.sql.execute(  # the store's own connection: a test of the store
        f"EXPLAIN QUERY PLAN SELECT rowid FROM annotations WHERE document_fingerprint = ? "
        f"AND page = ? AND {LAST_PAGE} = ? AND rowid > ? ORDER BY rowid",
        ("x", 1, 1, 0),
    ).fetchall()
    assert any("USING INDEX annotations_by_page" in row[-1] for row in plan)
    assert not any("TEMP B-TREE" in row[-1] for row in plan)
