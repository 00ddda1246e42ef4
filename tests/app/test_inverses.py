"""Property: any sequence of edits, undone step by step, restores the store exactly at every
step; redone, it reproduces every state again. Texts are random, with characters outside the
BMP and combining marks, so offsets are code points throughout."""

from __future__ import annotations

import itertools
import uuid
from collections import Counter
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from desktop.app.anchors import anchor_for_span
from desktop.app.annotating import (
    CreateAnnotation,
    DeleteAnnotation,
    ResizeAnnotation,
    SetNote,
    TagAnnotation,
    UntagAnnotation,
)
from desktop.app.coding_scheme import (
    AddCode,
    DeleteCode,
    DescribeCode,
    MergeCodes,
    MoveCode,
    PinCode,
    RecolorCode,
    RenameCode,
)
from desktop.app.curating import Curate, Uncurate, adopt, merge, pre_merge, reject, units_of
from desktop.app.linking import (
    AcceptSuggestion,
    CreateLink,
    DeleteLink,
    RetypeLink,
    SetLinkNote,
    SetLinkStatus,
)
from desktop.app.reviewing import Decide, DeleteReply, EndSession, ReplyTo, StartSession
from desktop.core.changes import ChangeSet
from desktop.core.errors import AccordError
from desktop.core.links import LinkType
from desktop.core.model import Annotation, Status, new_annotation_id
from desktop.core.review import Verdict
from tests.app.conftest import START, Workbench, workbench
from tests.codebook.strategies import colors, descriptions, names
from tests.store.helpers import TEXT, dump, integrity, text_document, text_layer

OTHER_TEXT = TEXT
"""The second document's text (longer than any drawn text, so never the same file): links
join passages of two documents."""

TRICKY = ["\u0301", "\u0308", "\u20dd", "𝓔", "😀", "日", "\n", " ", "e", "é", "\U0010fffd"]
texts = st.text(
    st.one_of(st.characters(blacklist_categories=("Cs", "Cc")), st.sampled_from(TRICKY)),
    min_size=1,
    max_size=120,
)
notes = st.text(
    st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from(TRICKY)), max_size=20
)


def _commands(bench: Workbench, other_id: str) -> st.SearchStrategy:
    """Commands that fit the current state (some are refused on purpose, e.g. a duplicate
    name, a merge across facets or a link within one document: a refusal must leave the store
    as it was)."""
    project, size = bench.project, len(bench.layer)
    book = project.codes.codebook()
    everything = [c.guid for c in book]
    below_roots = [c.guid for c in book if not c.is_root]
    codable = [c.guid for c in book if c.is_codable]
    ids = project.annotations.ids()
    spans = st.integers(0, size - 1).flatmap(
        lambda a: st.integers(a + 1, size).map(lambda b: (a, b))
    )

    def create(span: tuple[int, int], codes: list[str], note: str) -> CreateAnnotation:
        return CreateAnnotation(
            bench.document_id, anchor_for_span(bench.layer, *span), tuple(codes), note
        )

    other_layer = text_layer(OTHER_TEXT)

    def create_other(start: int, codes: list[str]) -> CreateAnnotation:
        return CreateAnnotation(
            other_id, anchor_for_span(other_layer, start, start + 9), tuple(codes)
        )

    other_spans = st.integers(0, len(OTHER_TEXT) - 9).map(lambda a: (a, a + 9))
    on_links: list[st.SearchStrategy] = [
        st.builds(
            lambda mine, theirs, kind: AcceptSuggestion(
                kind,
                other_id,
                anchor_for_span(other_layer, *theirs),
                bench.document_id,
                None if kind.to_document else anchor_for_span(bench.layer, *mine),
            ),
            spans,
            other_spans,
            st.sampled_from(LinkType),
        )
    ]
    on_annotations = [
        st.builds(create, spans, st.lists(st.sampled_from(codable), max_size=3), notes),
        st.builds(
            create_other,
            st.integers(0, len(OTHER_TEXT) - 9),
            st.lists(st.sampled_from(codable), max_size=1),
        ),
    ]
    on_codebook = [
        st.builds(
            AddCode,
            st.sampled_from(everything),
            names,
            st.none() | colors,
            descriptions,
            st.none() | st.integers(0, 5),
        ),
        st.builds(RenameCode, st.sampled_from(below_roots), names),
        st.builds(RecolorCode, st.sampled_from(everything), colors),
        st.builds(DescribeCode, st.sampled_from(everything), descriptions),
        st.builds(
            MoveCode,
            st.sampled_from(below_roots),
            st.sampled_from(everything),
            st.none() | st.integers(0, 5),
            st.booleans(),
        ),
        st.builds(MergeCodes, st.sampled_from(below_roots), st.sampled_from(below_roots)),
        st.builds(DeleteCode, st.sampled_from(below_roots)),
        st.builds(PinCode, st.integers(1, 9), st.none() | st.sampled_from(codable)),
    ]
    if ids:
        annotations = st.sampled_from(ids)
        coded = sorted(
            (c.annotation_id, c.code_id) for a in ids for c in project.annotations.codings(a)
        )
        on_annotations += [
            st.builds(DeleteAnnotation, annotations),
            st.builds(
                ResizeAnnotation, annotations, spans.map(lambda s: anchor_for_span(bench.layer, *s))
            ),
            st.builds(TagAnnotation, annotations, st.sampled_from(codable)),
            st.builds(SetNote, annotations, notes),
        ]
        if coded:
            on_annotations.append(st.sampled_from(coded).map(lambda pair: UntagAnnotation(*pair)))
        documents = st.sampled_from([bench.document_id, other_id])
        on_links.append(  # mostly refused: a link within one document, a wrong end
            st.builds(
                CreateLink,
                annotations,
                st.sampled_from(LinkType),
                st.none() | annotations,
                st.none() | documents,
                notes,
            )
        )
        first = project.annotations.in_document(bench.document_id)
        second = project.annotations.in_document(other_id)
        if first and second:
            pairs = st.tuples(
                st.sampled_from([a.id for a in first]), st.sampled_from([a.id for a in second])
            )
            on_links += [
                st.builds(
                    lambda pair, kind, note: CreateLink(pair[0], kind, pair[1], note=note),
                    pairs.map(lambda pair: pair[::-1]) | pairs,
                    st.sampled_from([k for k in LinkType if not k.to_document]),
                    notes,
                ),
                st.builds(
                    lambda source, kind: CreateLink(source, kind, target_document_id=other_id),
                    st.sampled_from([a.id for a in first]),
                    st.sampled_from([k for k in LinkType if k.to_document]),
                ),
            ]
    on_review: list[st.SearchStrategy] = [  # refused while one runs, or with none to end
        st.builds(StartSession, names, notes, st.just((bench.editor.reviewer.id,))),
        st.just(EndSession()),
    ]
    if ids:
        on_review += [  # some refused: no note for a dispute, the same verdict twice
            st.builds(Decide, st.sampled_from(ids), st.sampled_from(Verdict), notes),
            st.builds(ReplyTo, st.sampled_from(ids), notes),
        ]
    replies = [reply.id for reply in project.review.all_replies()]
    if replies:
        on_review.append(st.builds(DeleteReply, st.sampled_from(replies)))
    links = [link.id for link in project.links.all()]
    if links:
        chosen = st.sampled_from(links)
        on_links += [
            st.builds(DeleteLink, chosen),
            st.builds(RetypeLink, chosen, st.sampled_from(LinkType)),
            st.builds(SetLinkNote, chosen, notes),
            st.builds(SetLinkStatus, chosen, st.sampled_from(Status)),
        ]
    on_annotations += _curating(bench)
    groups = [st.one_of(on_annotations), st.one_of(on_codebook), st.one_of(on_review)]
    return st.one_of(groups + ([st.one_of(on_links)] if on_links else []))


def _curating(bench: Workbench) -> list[st.SearchStrategy]:
    """Settling a unit (adopt, merge, reject; one already settled is refused), pre-merging,
    and taking settlements back."""
    found: list[st.SearchStrategy] = []
    curations = [c.id for c in bench.project.curations.in_document(bench.document_id)]
    if curations:
        found.append(
            st.lists(st.sampled_from(curations), min_size=1, unique=True).map(
                lambda ids: Uncurate(tuple(ids))
            )
        )
    units = units_of(bench.project, bench.document_id)
    if units:  # else every annotation left is a team annotation
        settle = st.sampled_from(units).flatmap(
            lambda unit: st.one_of(
                st.just(adopt(unit, unit.versions[0].reviewer_id)),
                st.sampled_from(unit.versions).map(lambda v: merge(unit, v.annotation_id)),
                st.just(reject(unit)),
            )
        )
        found.append(st.builds(lambda s: Curate(bench.document_id, (s,), "Curate"), settle))
    merged = pre_merge(bench.document_id, units)
    if merged is not None:
        found.append(st.just(merged))
    return found


class _CountsFollowChangeSets:
    """Checks that a ChangeSet's ``codings`` (what the codebook panel adds to its counts instead
    of counting again) is exactly how the store's counts moved."""

    def __init__(self, project) -> None:  # type: ignore[no-untyped-def]
        self.project = project
        self.counts = Counter(project.annotations.counts_by_code())

    def __call__(self, change_set: ChangeSet) -> None:
        now = Counter(self.project.annotations.counts_by_code())
        if change_set.codings is not None:
            moved = Counter(self.counts)
            moved.update(dict(change_set.codings))
            assert +moved == now, change_set.label
        self.counts = now


def _status_is_the_latest_decision(project) -> None:  # type: ignore[no-untyped-def]
    """One truth: an annotation that has decisions has its latest one's status."""
    latest = {}
    for decision in project.review.all_decisions():  # by annotation, then position
        latest[decision.annotation_id] = decision
    for annotation_id, decision in latest.items():
        assert project.annotations.require(annotation_id).status == decision.status


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, data=st.data())
def test_undo_and_redo_restore_every_state_exactly(
    template: Path, tmp_path_factory: pytest.TempPathFactory, text: str, data: st.DataObject
) -> None:
    bench = workbench(template, tmp_path_factory.mktemp("inverse"), text)
    # New annotations and codes get the same ids each time an example is replayed: the choices
    # drawn (which annotation, which coding) follow the store's order, which ids break ties in.
    counter = itertools.count(1)
    same_ids = mock.patch.object(uuid, "uuid4", lambda: uuid.UUID(int=next(counter)))
    with same_ids, bench.project:
        with bench.project.transaction():
            other_id = bench.project.documents.add(
                text_document(OTHER_TEXT, name="other.txt"), position=1, added=START
            ).id
            seeds = [
                (other_id, text_layer(OTHER_TEXT), 0, 12),
                (other_id, text_layer(OTHER_TEXT), 40, 52),
            ]
            seeds.append((bench.document_id, bench.layer, 0, 1))
            for document_id, layer, start, end in seeds:  # passages to link from the start
                bench.project.annotations.insert(
                    Annotation(
                        new_annotation_id(),
                        document_id,
                        anchor_for_span(layer, start, end),
                        "",
                        bench.editor.reviewer.id,
                        START,
                        START,
                    )
                )
        bench.editor.subscribe(_CountsFollowChangeSets(bench.project))
        states = [dump(bench.path)]
        for _ in range(data.draw(st.integers(1, 16), label="steps")):
            command = data.draw(_commands(bench, other_id), label="command")
            try:
                bench.editor.execute(command)
            except AccordError:
                event(f"{type(command).__name__} refused")
                assert dump(bench.path) == states[-1], "a refused command must change nothing"
                continue
            event(f"{type(command).__name__} applied")
            states.append(dump(bench.path))
            _status_is_the_latest_decision(bench.project)
        for expected in reversed(states[:-1]):
            bench.editor.undo()
            assert dump(bench.path) == expected
            _status_is_the_latest_decision(bench.project)
        assert not bench.editor.can_undo
        for expected in states[1:]:
            bench.editor.redo()
            assert dump(bench.path) == expected
        assert not bench.editor.can_redo
    assert integrity(bench.path) == []
