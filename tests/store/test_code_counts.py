"""How many annotations carry each code: the numbers the codebook panel shows."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from desktop.core.geometry import PageRect, Rect
from desktop.core.model import Anchor, Annotation, AnnotationId, CodeId, Coding
from tests.store.helpers import TEXT, small_project

MOMENT = datetime(2020, 5, 26, 9, 30, tzinfo=UTC)


def test_counts_by_code_counts_annotations_per_code_and_follow_deletions(tmp_path: Path) -> None:
    with small_project(tmp_path / "p.accord") as project:
        book = project.codes.codebook()
        pandemics, calls = (CodeId(book.lookup(n).guid) for n in ("Pandemics", "Joint calls"))
        ada, bea = project.reviewers.ensure("Ada").id, project.reviewers.ensure("Bea").id
        document = project.documents.all()[0].id
        made = []
        for number, quote in enumerate(["pandemics", "joint calls", "digital"]):
            start = TEXT.index(quote)
            anchor = Anchor(
                start, start + len(quote), quote, "", "", 0, (PageRect(0, Rect(0, 0, 10, 10)),)
            )
            made.append(
                Annotation(
                    AnnotationId(f"A{number:07d}-0000-4000-8000-000000000000"),
                    document,
                    anchor,
                    "",
                    ada,
                    MOMENT,
                    MOMENT,
                )
            )
        assert project.annotations.counts_by_code() == {}
        with project.transaction():
            project.annotations.insert(made[0], [Coding(made[0].id, pandemics, ada, MOMENT)])
            project.annotations.insert(
                made[1],
                [
                    Coding(made[1].id, pandemics, bea, MOMENT),
                    Coding(made[1].id, calls, bea, MOMENT),
                ],
            )
            project.annotations.insert(made[2])
        assert project.annotations.counts_by_code() == {pandemics: 2, calls: 1}
        with project.transaction():
            project.annotations.delete(made[0].id)
        assert project.annotations.counts_by_code() == {pandemics: 1, calls: 1}
