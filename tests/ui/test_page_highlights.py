"""A page view's highlights: read from the store by page, a slice at a time while the window is
idle, the pages asked for first (a page shows once all of its highlights are read), then kept
up to date from each edit's ChangeSet by reading just the annotations it names."""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.app.anchors import anchor_for_span, annotation_from_span
from desktop.app.annotating import DeleteAnnotation, TagAnnotation
from desktop.app.coding_scheme import RecolorCode
from desktop.app.editor import Editor
from desktop.app.projects import new_project
from desktop.app.reading import DocumentReader
from desktop.bundled import bundled_pair
from desktop.codebook.colors import FILL_ALPHA
from desktop.core.changes import ChangeSet, Entity
from desktop.core.model import Annotation, CodeId, Coding, DocumentId, new_annotation_id
from desktop.core.textlayer import TextLayer
from desktop.store import Project, open_project
from desktop.ui import highlights as highlights_module
from desktop.ui.highlights import PageHighlights


@dataclass(frozen=True)
class Letter:
    path: Path
    layer: TextLayer
    id: DocumentId


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory) -> Letter:
    path = tmp_path_factory.mktemp("letter") / "template.accord"
    with DocumentReader() as reader:
        new_project(path, reader=reader).close()
        read = reader.read(bundled_pair()[0])
    return Letter(path, read.text, DocumentId(read.fingerprint))


@pytest.fixture
def project(letter: Letter, tmp_path: Path) -> Iterator[Project]:
    path = tmp_path / "work.accord"
    shutil.copy(letter.path, path)
    made = open_project(path)
    yield made
    made.close()


class Reads:
    """Counts the annotations the highlights read from the store, and the pages they were
    read for (in the order they were read)."""

    def __init__(self, project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        self.pages: list[int] = []
        self.ids: list[str] = []
        """The ids read for pages, in the order they were read."""
        drawn, on_page = project.annotations.drawn, project.annotations.on_page

        def counting(document_id, ids):
            self.count += len(ids)
            return drawn(document_id, ids)

        def counting_page(document_id, page, **options):
            found, place = on_page(document_id, page, **options)
            self.count += len(found)
            self.pages.append(page)
            self.ids += [drawn.id for drawn in found]
            return found, place

        monkeypatch.setattr(project.annotations, "drawn", counting)
        monkeypatch.setattr(project.annotations, "on_page", counting_page)


def _fill(project: Project, letter: Letter, count: int) -> None:
    """``count`` annotations of 1 to 60 words over the letter, with 0 to 3 codes each."""
    chance = random.Random(4)
    codes = [CodeId(c.guid) for c in project.codes.codebook() if c.is_codable]
    reviewer = project.reviewers.ensure("Ada").id
    moment = datetime(2020, 5, 26, tzinfo=UTC)
    text = letter.layer.text
    with project.transaction():
        for _ in range(count):
            start = chance.randrange(len(text) - 400)
            anchor = anchor_for_span(letter.layer, start, start + chance.randrange(5, 400))
            annotation = Annotation(
                new_annotation_id(), letter.id, anchor, "", reviewer, moment, moment
            )
            project.annotations.insert(
                annotation,
                [
                    Coding(annotation.id, code, reviewer, moment)
                    for code in chance.sample(codes, chance.randint(0, 3))
                ],
            )


def _expected(project: Project, letter: Letter, page: int) -> set[str]:
    """What the page must show: the annotations with a rectangle on it."""
    return {
        listed.annotation.id
        for listed in project.annotations.overlapping(letter.id, *letter.layer.page_span(page))
        if any(r.page == page for r in listed.annotation.anchor.rects)
    }


def test_the_page_asked_for_is_read_first_a_slice_at_a_time(
    project, letter, qtbot, monkeypatch
) -> None:
    _fill(project, letter, 3 * highlights_module.SLICE + 50)
    reads = Reads(project, monkeypatch)
    told = []
    pages = letter.layer.page_count
    highlights = PageHighlights(
        project,
        letter.id,
        project.codes.codebook,
        page_count=pages,
        changed=lambda: told.append(reads.count),
    )
    last = pages - 1
    assert highlights.on_page(last) is None  # one slice read while the view paints
    assert reads.count == highlights_module.SLICE
    qtbot.waitUntil(lambda: not highlights.loading, timeout=10_000)
    assert told and told[0] < reads.count, "the view was asked to paint once its page came"
    first_other = next(i for i, page in enumerate(reads.pages) if page != last)
    assert last not in reads.pages[first_other:], "the page asked for was read before others"
    for page in range(pages):
        shown = highlights.on_page(page)
        assert {h.id for h in shown} == _expected(project, letter, page)
        assert len(shown) == len(_expected(project, letter, page))
        assert [h.order for h in shown] == sorted(h.order for h in shown)


def test_edits_read_only_what_they_name(project, letter, qtbot, monkeypatch) -> None:
    _fill(project, letter, 40)
    editor = Editor.start(project, "Bea")
    highlights = PageHighlights(project, letter.id, project.codes.codebook)
    highlights.on_page(0)
    qtbot.waitUntil(lambda: not highlights.loading, timeout=10_000)
    reads = Reads(project, monkeypatch)

    def run(command) -> ChangeSet:
        change_set = editor.execute(command)
        highlights.refresh(change_set.ids(Entity.ANNOTATION))
        return change_set

    start = letter.layer.text.index("pandemics")
    made = annotation_from_span(
        letter.layer, start, start + len("pandemics"), document_id=letter.id
    )
    run(made)
    assert made.annotation_id in {h.id for h in highlights.on_page(0)}
    pandemics = project.codes.codebook().lookup("Pandemics")
    run(TagAnnotation(made.annotation_id, CodeId(pandemics.guid)))
    tagged = highlights.on_page(0).get(made.annotation_id)
    expected = pandemics.color.lower()
    assert tagged.style.fill.name() == expected
    assert tagged.style.fill.alphaF() == pytest.approx(FILL_ALPHA, abs=0.01)
    gone = next(h.id for h in highlights.on_page(0) if h.id != made.annotation_id)
    run(DeleteAnnotation(gone))
    assert gone not in {h.id for h in highlights.on_page(0)}
    assert {h.id for h in highlights.on_page(0)} == _expected(project, letter, 0)
    assert reads.count == 3  # one annotation read per edit, none of the rest


def test_edits_while_a_page_is_read_are_on_it_once_it_is_read(
    project, letter, qtbot, monkeypatch
) -> None:
    """A page read over several slices is gathered, then put in drawing order once: what is
    deleted, tagged or recoloured in between, among the highlights already read, is on it as
    the store has it."""
    _fill(project, letter, 3 * highlights_module.SLICE + 50)
    editor = Editor.start(project, "Bea")
    reads = Reads(project, monkeypatch)
    highlights = PageHighlights(project, letter.id, project.codes.codebook)
    assert highlights.on_page(0) is None  # one slice read
    deleted, tagged = reads.ids[:2]
    highlights.refresh(editor.execute(DeleteAnnotation(deleted)).ids(Entity.ANNOTATION))
    pandemics = CodeId(project.codes.codebook().lookup("Pandemics").guid)
    if pandemics not in project.annotations.drawn(letter.id, [tagged])[0].code_ids:
        highlights.refresh(editor.execute(TagAnnotation(tagged, pandemics)).ids(Entity.ANNOTATION))
    editor.execute(RecolorCode(pandemics, "#0072B2"))
    highlights.invalidate()
    qtbot.waitUntil(lambda: not highlights.loading, timeout=10_000)
    shown = highlights.on_page(0)
    assert {h.id for h in shown} == _expected(project, letter, 0)
    assert len(shown) == len(_expected(project, letter, 0))
    assert deleted not in {h.id for h in shown}
    assert "#0072b2" in {color.name() for color in shown.get(tagged).style.chips}
    assert [h.order for h in shown] == sorted(h.order for h in shown)


def test_a_recoloured_code_shows_without_reading_again(project, letter, qtbot, monkeypatch) -> None:
    _fill(project, letter, 60)
    editor = Editor.start(project, "Bea")
    pandemics = CodeId(project.codes.codebook().lookup("Pandemics").guid)
    start = letter.layer.text.index("pandemics")
    made = annotation_from_span(
        letter.layer, start, start + len("pandemics"), document_id=letter.id, code_ids=(pandemics,)
    )
    editor.execute(made)
    highlights = PageHighlights(project, letter.id, project.codes.codebook)
    highlights.on_page(0)
    qtbot.waitUntil(lambda: not highlights.loading, timeout=10_000)
    before = [h.style for h in highlights.on_page(0)]
    reads = Reads(project, monkeypatch)
    editor.execute(RecolorCode(pandemics, "#0072B2"))
    highlights.invalidate()
    shown = highlights.on_page(0)
    assert shown.get(made.annotation_id).style.fill.name() == "#0072b2"
    assert len(shown) == len(before)
    assert reads.count == 0


def test_an_edit_before_anything_is_read_shows_at_once(project, letter) -> None:
    """H pressed the moment a project opens: the small page is read there and then."""
    editor = Editor.start(project, "Bea")
    highlights = PageHighlights(project, letter.id, project.codes.codebook)
    start = letter.layer.text.index("climate change")
    made = annotation_from_span(
        letter.layer, start, start + len("climate change"), document_id=letter.id
    )
    highlights.refresh(editor.execute(made).ids(Entity.ANNOTATION))
    page = letter.layer.page_of(start)
    assert [h.id for h in highlights.on_page(page)] == [made.annotation_id]


def test_a_crowded_page_recoloured_is_still_drawn_from_an_image(project, letter, qtbot) -> None:
    """After a codebook change the pages are made again: a crowded one still knows what its
    highlights cover, so it is drawn once into an image, not highlight by highlight at every
    paint (seconds on a page of thousands)."""
    from PySide6.QtCore import QRectF

    from desktop.ui.highlight_page import IMAGE_MIN

    _fill(project, letter, 3 * IMAGE_MIN)
    highlights = PageHighlights(project, letter.id, project.codes.codebook)
    highlights.on_page(0)
    qtbot.waitUntil(lambda: highlights.on_page(0) is not None, timeout=10_000)
    assert len(highlights.on_page(0)) >= IMAGE_MIN
    highlights.invalidate()
    page = highlights.on_page(0)

    def to_view(piece) -> QRectF:  # type: ignore[no-untyped-def]
        r = piece.rect
        return QRectF(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0)

    assert not page.prepare(to_view, 1.0), "drawn into an image while idle"
    qtbot.waitUntil(lambda: page.prepare(to_view, 1.0), timeout=10_000)


def test_an_edit_in_one_document_is_not_drawn_in_the_other_pane(project, letter, qtbot) -> None:
    """Both panes refresh from every ChangeSet: the article's must not draw the letter's new
    highlight at the same place on its own page."""
    article = DocumentId(next(d.id for d in project.documents.all() if d.id != letter.id))
    editor = Editor.start(project, "Bea")
    in_article = PageHighlights(project, article, project.codes.codebook)
    in_article.on_page(0)
    qtbot.waitUntil(lambda: not in_article.loading, timeout=10_000)
    start = letter.layer.text.index("pandemics")
    made = annotation_from_span(
        letter.layer, start, start + len("pandemics"), document_id=letter.id
    )
    in_article.refresh(editor.execute(made).ids(Entity.ANNOTATION))
    assert [h.id for h in in_article.on_page(0)] == []
