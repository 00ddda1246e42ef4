"""Curating through the store and the undo history: units read from a project with two
reviewers, settled by adopting, merging or rejecting, and every unit on which all agree
pre-merged in one step; each undoes to the same bytes and redoes to the same rows."""

from __future__ import annotations

import pytest

from desktop.app.anchors import annotation_from_span
from desktop.app.annotating import DeleteAnnotation
from desktop.app.curating import Curate, adopt, merge, pre_merge, reject, units_of
from desktop.app.editor import Editor
from desktop.app.project_documents import RemoveDocument
from desktop.core.curation import Outcome, UnitState
from desktop.core.errors import AccordError
from desktop.core.model import AnnotationId, CodeId
from tests.app.conftest import Workbench, ticking_clock
from tests.store.helpers import dump, integrity


def _code(bench: Workbench, name: str) -> CodeId:
    return bench.project.codes.codebook().lookup(name).guid


class _Team:
    """Anna and Ben highlight the bench's text; the lead (the bench's Ada) curates."""

    def __init__(self, bench: Workbench) -> None:
        self.bench = bench
        self.anna = Editor(bench.project, "Anna", clock=ticking_clock())
        self.ben = Editor(bench.project, "Ben", clock=ticking_clock())

    def highlight(self, editor: Editor, start: int, end: int, *codes: str) -> AnnotationId:
        command = annotation_from_span(
            self.bench.layer,
            start,
            end,
            document_id=self.bench.document_id,
            code_ids=tuple(_code(self.bench, name) for name in codes),
        )
        editor.execute(command)
        return command.annotation_id


@pytest.fixture
def team(bench: Workbench) -> _Team:
    made = _Team(bench)
    made.highlight(made.anna, 0, 9, "Pandemics")  # agree
    made.highlight(made.ben, 0, 9, "Pandemics")
    made.highlight(made.anna, 20, 40, "Pandemics")  # disagree
    made.highlight(made.ben, 22, 40, "Climate neutrality")
    made.highlight(made.anna, 50, 60, "Pandemics", "Joint calls")  # partly
    made.highlight(made.ben, 50, 60, "Joint calls")
    made.highlight(made.anna, 70, 80)  # only Anna
    made.highlight(made.anna, 90, 95, "Joint calls")  # agree
    made.highlight(made.ben, 90, 95, "Joint calls")
    return made


def _states(bench: Workbench) -> list[UnitState]:
    return [unit.state for unit in units_of(bench.project, bench.document_id)]


def test_units_of_a_project_have_the_states_of_their_reviewers_highlights(team: _Team) -> None:
    assert _states(team.bench) == [
        UnitState.AGREE,
        UnitState.DISAGREE,
        UnitState.PARTLY,
        UnitState.INCOMPLETE,
        UnitState.AGREE,
    ]


def test_adopting_a_version_makes_a_team_annotation_that_names_its_sources(team: _Team) -> None:
    bench = team.bench
    before = dump(bench.path)
    unit = units_of(bench.project, bench.document_id)[1]
    ben = bench.project.reviewers.find("Ben")
    assert ben is not None

    bench.editor.execute(Curate(bench.document_id, (adopt(unit, ben.id),), "Adopt Ben's"))
    after = dump(bench.path)

    (curation,) = bench.project.curations.in_document(bench.document_id)
    assert curation.outcome is Outcome.ADOPTED
    assert set(curation.source_ids) == {v.annotation_id for v in unit.versions}
    (result,) = curation.result_ids
    made = bench.project.annotations.snapshot(result)
    assert made is not None
    assert (made.annotation.anchor.start, made.annotation.anchor.end) == (22, 40)
    assert [c.code_id for c in made.codings] == [_code(bench, "Climate neutrality")]
    assert made.annotation.reviewer_id == bench.editor.reviewer.id  # type: ignore[union-attr]  # a Reviewer once it edited
    assert _states(bench)[1] is UnitState.CURATED
    assert len(units_of(bench.project, bench.document_id)) == 5  # the result is no version
    assert bench.editor.undo_text == "Undo Adopt Ben's"

    bench.editor.undo()
    assert dump(bench.path) == before
    bench.editor.redo()
    assert dump(bench.path) == after
    assert integrity(bench.path) == []


def test_merging_keeps_one_span_with_every_code_given(team: _Team) -> None:
    bench = team.bench
    unit = units_of(bench.project, bench.document_id)[2]

    bench.editor.execute(
        Curate(bench.document_id, (merge(unit, unit.versions[1].annotation_id),), "Merge")
    )

    (curation,) = bench.project.curations.in_document(bench.document_id)
    (result,) = curation.result_ids
    codes = {c.code_id for c in bench.project.annotations.codings(result)}
    assert codes == {_code(bench, "Pandemics"), _code(bench, "Joint calls")}
    assert curation.outcome is Outcome.MERGED


def test_rejecting_keeps_nothing_and_the_unit_counts_as_curated(team: _Team) -> None:
    bench = team.bench
    before = dump(bench.path)
    count = bench.project.annotations.count()
    unit = units_of(bench.project, bench.document_id)[3]

    bench.editor.execute(Curate(bench.document_id, (reject(unit),), "Reject"))

    assert bench.project.annotations.count() == count
    (curation,) = bench.project.curations.in_document(bench.document_id)
    assert curation.outcome is Outcome.REJECTED
    assert curation.result_ids == ()
    assert _states(bench)[3] is UnitState.CURATED
    bench.editor.undo()
    assert dump(bench.path) == before


def test_pre_merge_adopts_every_agreed_unit_in_one_undo_step(team: _Team) -> None:
    bench = team.bench
    before = dump(bench.path)
    units = units_of(bench.project, bench.document_id)

    command = pre_merge(bench.document_id, units)
    assert command is not None
    bench.editor.execute(command)

    assert _states(bench) == [
        UnitState.CURATED,
        UnitState.DISAGREE,
        UnitState.PARTLY,
        UnitState.INCOMPLETE,
        UnitState.CURATED,
    ]
    assert len(bench.project.curations.in_document(bench.document_id)) == 2
    assert bench.editor.undo_text == "Undo Pre-merge 2 agreed units"
    assert pre_merge(bench.document_id, units_of(bench.project, bench.document_id)) is None
    bench.editor.undo()
    assert dump(bench.path) == before
    assert not bench.editor.can_undo


def test_a_unit_settled_already_is_refused_and_nothing_changes(team: _Team) -> None:
    bench = team.bench
    unit = units_of(bench.project, bench.document_id)[0]
    bench.editor.execute(Curate(bench.document_id, (reject(unit),), "Reject"))
    before = dump(bench.path)

    with pytest.raises(AccordError, match="settled already"):
        bench.editor.execute(Curate(bench.document_id, (reject(unit),), "Reject"))

    assert dump(bench.path) == before


def test_deleting_the_team_annotation_unsettles_the_unit_until_undone(team: _Team) -> None:
    bench = team.bench
    unit = units_of(bench.project, bench.document_id)[1]
    bench.editor.execute(Curate(bench.document_id, (merge(unit, unit.key),), "Merge"))
    (curation,) = bench.project.curations.in_document(bench.document_id)

    bench.editor.execute(DeleteAnnotation(curation.result_ids[0]))
    assert _states(bench)[1] is UnitState.DISAGREE
    bench.editor.undo()
    assert _states(bench)[1] is UnitState.CURATED


def test_removing_a_document_and_undoing_it_brings_its_curations_back(team: _Team) -> None:
    bench = team.bench
    units = units_of(bench.project, bench.document_id)
    bench.editor.execute(Curate(bench.document_id, (reject(units[1]),), "Reject"))
    before = dump(bench.path)

    bench.editor.execute(RemoveDocument(bench.document_id))
    assert bench.project.curations.in_document(bench.document_id) == []
    bench.editor.undo()

    assert dump(bench.path) == before
