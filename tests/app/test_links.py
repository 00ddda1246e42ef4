"""Links between passages of two documents, through the Editor: made, refused, retyped,
deleted and undone, and brought back with the annotation (or document) whose deletion took
them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.app.anchors import anchor_for_span
from desktop.app.annotating import CreateAnnotation, DeleteAnnotation
from desktop.app.linking import CreateLink, DeleteLink, RetypeLink, SetLinkNote
from desktop.app.project_documents import RemoveDocument
from desktop.core.changes import Action, Entity
from desktop.core.errors import AccordError
from desktop.core.links import LinkType
from tests.app.conftest import START, Workbench, workbench
from tests.store.helpers import TEXT, dump, text_document, text_layer

ARTICLE = "Japan and the EU will cooperate on research. The article adds a quote of its own."


class Pair:
    """A workbench with a second document (the article) and a passage in each."""

    def __init__(self, bench: Workbench) -> None:
        self.bench = bench
        project = bench.project
        with project.transaction():
            self.article = project.documents.add(
                text_document(ARTICLE, name="article.txt"), position=1, added=START
            ).id
        clause = CreateAnnotation(bench.document_id, anchor_for_span(bench.layer, 0, 40))
        passage = CreateAnnotation(self.article, anchor_for_span(text_layer(ARTICLE), 0, 44))
        bench.editor.execute(clause)
        bench.editor.execute(passage)
        self.clause, self.passage = clause.annotation_id, passage.annotation_id


@pytest.fixture
def pair(template: Path, tmp_path: Path) -> Iterator[Pair]:
    bench = workbench(template, tmp_path, TEXT)
    yield Pair(bench)
    bench.project.close()


def test_a_link_joins_two_passages_and_undo_removes_it(pair: Pair) -> None:
    editor, project = pair.bench.editor, pair.bench.project
    command = CreateLink(pair.clause, LinkType.REPORTS, pair.passage, note=" says it ")
    change_set = editor.execute(command)
    assert change_set.ids(Entity.LINK, Action.CREATED) == {command.link_id}
    link = project.links.require(command.link_id)
    assert (link.source_id, link.target_id, link.type, link.note) == (
        pair.clause,
        pair.passage,
        LinkType.REPORTS,
        "says it",
    )
    editor.execute(RetypeLink(command.link_id, LinkType.PARAPHRASES))
    editor.execute(SetLinkNote(command.link_id, "close"))
    assert project.links.require(command.link_id).type is LinkType.PARAPHRASES
    editor.undo()
    editor.undo()
    assert project.links.require(command.link_id) == link
    editor.undo()
    assert project.links.all() == []


def test_undoing_an_annotations_deletion_brings_its_links_back(pair: Pair) -> None:
    editor, project = pair.bench.editor, pair.bench.project
    editor.execute(CreateLink(pair.clause, LinkType.CHANGES, pair.passage))
    editor.execute(CreateLink(pair.clause, LinkType.OMITS, target_document_id=pair.article))
    before = dump(pair.bench.path)
    change_set = editor.execute(DeleteAnnotation(pair.passage))
    assert len(change_set.ids(Entity.LINK, Action.DELETED)) == 1
    assert [link.type for link in project.links.all()] == [LinkType.OMITS]
    change_set = editor.undo()
    assert len(change_set.ids(Entity.LINK, Action.CREATED)) == 1
    assert dump(pair.bench.path) == before


def test_undoing_a_documents_removal_brings_its_links_back(pair: Pair) -> None:
    editor = pair.bench.editor
    editor.execute(CreateLink(pair.passage, LinkType.REPORTS, pair.clause))
    editor.execute(CreateLink(pair.clause, LinkType.OMITS, target_document_id=pair.article))
    before = dump(pair.bench.path)
    editor.execute(RemoveDocument(pair.article))
    assert pair.bench.project.links.all() == []
    editor.undo()
    assert dump(pair.bench.path) == before


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: CreateLink(p.clause, LinkType.REPORTS, p.clause), "same document"),
        (lambda p: CreateLink(p.clause, LinkType.REPORTS), "passage of the other"),
        (lambda p: CreateLink(p.clause, LinkType.OMITS, p.passage), "whole document; name"),
        (
            lambda p: CreateLink(p.clause, LinkType.ADDS, target_document_id=p.bench.document_id),
            "not to its own",
        ),
        (lambda p: CreateLink(p.clause, "echoes", p.passage), "not a type of link"),
        (lambda p: CreateLink(p.passage, LinkType.CHANGES, p.clause), "linked already"),  # type: ignore[arg-type]
    ],
)
def test_a_link_that_cannot_be_is_refused_and_nothing_changes(
    pair: Pair,
    make,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    pair.bench.editor.execute(CreateLink(pair.clause, LinkType.REPORTS, pair.passage))
    before = dump(pair.bench.path)
    with pytest.raises(AccordError, match=message):
        pair.bench.editor.execute(make(pair))
    assert dump(pair.bench.path) == before


def test_a_retype_across_kinds_is_refused(pair: Pair) -> None:
    command = CreateLink(pair.clause, LinkType.REPORTS, pair.passage)
    pair.bench.editor.execute(command)
    with pytest.raises(AccordError, match="delete it and link again"):
        pair.bench.editor.execute(RetypeLink(command.link_id, LinkType.OMITS))
    pair.bench.editor.execute(DeleteLink(command.link_id))
    with pytest.raises(AccordError, match="no longer exists"):
        pair.bench.editor.execute(DeleteLink(command.link_id))
