"""The row layout: rectangles written by hand must be exactly the JSON ``json.dumps`` writes
(``sqlite3`` users and ``json_each`` read them), and read back to the same values."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sqlite3
import typing
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from desktop.core.geometry import PageRect, Rect
from desktop.core.model import Anchor, Annotation, AnnotationId
from desktop.core.record import build
from desktop.store.rows import ANNOTATIONS, Layout, rects_json
from tests.store.helpers import TEXT, small_project

coordinates = st.floats(allow_nan=False, allow_infinity=False, width=64) | st.integers(-9999, 9999)
page_rects = st.builds(
    lambda page, x0, y0, x1, y1: PageRect(page, Rect(x0, y0, x1, y1)),
    st.integers(0, 10_000),
    coordinates,
    coordinates,
    coordinates,
    coordinates,
)


@given(st.lists(page_rects, max_size=6))
def test_rectangles_are_the_json_that_json_dumps_writes(rects: list[PageRect]) -> None:
    expected = json.dumps(
        [[r.page, r.rect.x0, r.rect.y0, r.rect.x1, r.rect.y1] for r in rects], separators=(",", ":")
    )
    assert rects_json(rects) == expected
    assert json.loads(rects_json(rects)) == json.loads(expected)


def _reordered(declared: type) -> type:
    """``declared`` with its fields (and its nested value's) in the opposite order."""
    hints = typing.get_type_hints(declared)
    return dataclasses.make_dataclass(
        f"Reordered{declared.__name__}",
        [
            (
                f.name,
                _reordered(hints[f.name])
                if dataclasses.is_dataclass(hints[f.name])
                else hints[f.name],
                dataclasses.field(metadata=f.metadata),
            )
            for f in reversed(dataclasses.fields(declared))
        ],
        frozen=True,
    )


def test_rows_map_by_name_so_reordering_the_declaration_changes_nothing(tmp_path: Path) -> None:
    """A layout of the annotation's fields in the opposite order writes the same row and reads
    the same values: each statement and its row are in step because both come from the layout."""
    with small_project(tmp_path / "p.accord") as project:
        reviewer = project.reviewers.ensure("Ada")
        start = TEXT.index("pandemics")
        annotation = Annotation(
            id=AnnotationId("A0000001-0000-4000-8000-000000000000"),
            document_id=project.documents.all()[0].id,
            anchor=Anchor(
                start=start,
                end=start + 9,
                exact="pandemics",
                prefix=TEXT[start - 10 : start],
                suffix=TEXT[start + 9 : start + 19],
                page=0,
                rects=(PageRect(0, Rect(1.5, 2, 3.25, 4)),),
            ),
            note="a note",
            reviewer_id=reviewer.id,
            created=datetime(2020, 5, 26, 9, 30, tzinfo=UTC),
            modified=datetime(2020, 5, 26, 9, 45, tzinfo=UTC),
        )
        reordered = Layout(_reordered(Annotation), "annotations")
        assert reordered.columns != ANNOTATIONS.columns  # (the test reorders something)
        as_reordered = build(
            reordered.declared, {f.name: f.get(annotation) for f in ANNOTATIONS.fields}
        )
        with project.transaction():
            project.annotations.insert(annotation)
        with contextlib.closing(sqlite3.connect(project.path)) as connection:
            read = reordered.one(connection.execute(f"SELECT {reordered.columns} FROM annotations"))
            assert read == as_reordered
            assert reordered.by_column(as_reordered) == ANNOTATIONS.by_column(annotation)
            connection.execute("DELETE FROM annotations")
            connection.execute(reordered.insert, reordered.row(as_reordered))
            connection.commit()
        assert project.annotations.get(annotation.id) == annotation
