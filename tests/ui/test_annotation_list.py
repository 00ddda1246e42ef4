"""The annotation list dock on a real project: the bundled letter and article, annotations made
through commands on their real text, by two reviewers, filtered and edited as an analyst would."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QLineEdit, QMainWindow

from desktop.app.anchors import annotation_from_span
from desktop.app.annotating import DeleteAnnotation, SetNote, TagAnnotation
from desktop.app.coding_scheme import DeleteCode, MoveCode, RecolorCode, RenameCode
from desktop.app.editor import Editor
from desktop.app.filter_names import filter_from_names
from desktop.app.projects import new_project
from desktop.app.reading import DocumentReader
from desktop.bundled import bundled_pair
from desktop.core.model import AnnotationId, CodeId, DocumentId
from desktop.core.textlayer import TextLayer
from desktop.store import AnnotationFilter, Project, open_project
from desktop.ui.annotation_list import AnnotationListDock
from desktop.ui.annotation_model import CHIPS_ROLE, Column, local_time
from desktop.ui.editor_bridge import EditorBridge
from tests.ui.conftest import tip_text

START = datetime(2020, 5, 26, 9, 0, tzinfo=UTC)
READING_ORDER = ["challenges", "covid", "open_letter", "funding", "gabriel", "open_article"]
"""Where the seeded quotes stand in the letter (left) and then the article (right)."""


@dataclass(frozen=True)
class Corpus:
    path: Path
    layers: dict[DocumentId, TextLayer]
    letter: DocumentId
    article: DocumentId


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """A new project with the bundled documents and codebook, and their text layers."""
    path = tmp_path_factory.mktemp("corpus") / "template.accord"
    with DocumentReader() as reader:
        new_project(path, reader=reader).close()
        read = [reader.read(file) for file in bundled_pair()]
    return Corpus(
        path,
        {DocumentId(r.fingerprint): r.text for r in read},
        DocumentId(read[0].fingerprint),
        DocumentId(read[1].fingerprint),
    )


def ticking_clock() -> Callable[[], datetime]:
    ticks = itertools.count()
    return lambda: START + timedelta(minutes=next(ticks))


class Workspace:
    """A copy of the corpus project with an editor (reviewer Ada) behind a bridge."""

    def __init__(self, corpus: Corpus, folder: Path) -> None:
        path = folder / "work.accord"
        shutil.copy(corpus.path, path)
        self.corpus = corpus
        self.project: Project = open_project(path)
        self.editor = Editor(
            self.project, self.project.reviewers.ensure("Ada"), clock=ticking_clock()
        )
        self.bridge = EditorBridge(self.editor)
        self.ids: dict[str, AnnotationId] = {}

    def code(self, name: str) -> CodeId:
        return CodeId(self.project.codes.codebook().lookup(name).guid)

    def annotate(
        self,
        name: str,
        document: DocumentId,
        quote: str,
        *codes: str,
        note: str = "",
        reviewer: str = "Ada",
    ) -> AnnotationId:
        self.editor.reviewer = self.project.reviewers.ensure(reviewer)
        layer = self.corpus.layers[document]
        start = layer.text.index(quote)
        command = annotation_from_span(
            layer,
            start,
            start + len(quote),
            document_id=document,
            code_ids=tuple(self.code(c) for c in codes),
            note=note,
        )
        assert self.bridge.execute(command) is not None
        self.ids[name] = command.annotation_id
        return command.annotation_id

    def name_of(self, annotation_id: str) -> str:
        return next(name for name, found in self.ids.items() if found == annotation_id)


@pytest.fixture
def work(corpus: Corpus, tmp_path: Path) -> Iterator[Workspace]:
    """Six annotations, made out of reading order, by Ada and Bea."""
    made = Workspace(corpus, tmp_path)
    letter, article = corpus.letter, corpus.article
    made.annotate(
        "funding",
        letter,
        "co-funding mechanisms, joint calls, coordinated calls and twinning",
        "Joint calls",
        "Co-funding mechanisms",
        note="Modalities of cooperation\nSee section 2",
        reviewer="Bea",
    )
    made.annotate("gabriel", article, "Commissioner Gabriel said", "Dialogue")
    made.annotate(
        "challenges",
        letter,
        "pandemics, climate change, digital transition and ageing societies",
        "Pandemics",
        "Climate change",
        "Digital transition",
        "Ageing societies",
        note="Four global challenges",
    )
    made.annotate(
        "covid", letter, "COVID-19 outbreak", "COVID-19", note="Pandemic context", reviewer="Bea"
    )
    made.annotate(
        "open_letter",
        letter,
        "open access to research data and results",
        "Open access to research data and results",
    )
    made.annotate(
        "open_article",
        article,
        "open access to research data and results",
        "Open science",
        note="Café reporting",
        reviewer="Bea",
    )
    made.editor.reviewer = made.project.reviewers.ensure("Ada")
    yield made
    made.bridge.detach()
    made.project.close()


@pytest.fixture
def dock(work: Workspace, qtbot) -> AnnotationListDock:
    made = AnnotationListDock(work.bridge)
    qtbot.addWidget(made)
    made.resize(1100, 500)
    made.show()
    qtbot.waitExposed(made)
    qtbot.waitUntil(lambda: made.model.index_ready)
    return made


def shown(dock: AnnotationListDock, work: Workspace) -> list[str]:
    model = dock.model
    return [work.name_of(model.annotation_id(row)) for row in range(model.rowCount())]


def cell(
    dock: AnnotationListDock,
    row: int,
    column: Column,
    role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole,
) -> object:
    return dock.model.index(row, column).data(role)


def choose(combo, text: str) -> None:
    index = next(i for i in range(combo.count()) if combo.itemText(i).strip() == text)
    combo.setCurrentIndex(index)


def test_model_keeps_qts_model_rules_through_filters_and_edits(
    work, dock, qtmodeltester, qtlog
) -> None:
    qtmodeltester.check(dock.model, force_py=True)
    QAbstractItemModelTester(
        dock.model, QAbstractItemModelTester.FailureReportingMode.Warning, dock
    )
    dock.model.set_filter(AnnotationFilter(text="open"))
    dock.model.set_filter(AnnotationFilter())
    work.bridge.execute(TagAnnotation(work.ids["gabriel"], work.code("Joint calls")))
    work.bridge.execute(DeleteAnnotation(work.ids["covid"]))
    work.annotate("smart", work.corpus.letter, "Smart Cities", "Smart cities")
    work.bridge.undo()
    work.bridge.undo()
    work.bridge.execute(RenameCode(work.code("Pandemics"), "Pandemic preparedness"))
    assert dock.model.rowCount() == 6
    assert not [r for r in qtlog.records if "FAIL" in r.message]


def test_rows_are_in_reading_order_with_document_page_quote_codes_note_reviewer_time(
    work, dock
) -> None:
    assert shown(dock, work) == READING_ORDER
    assert work.project.annotations.ids() == [work.ids[name] for name in READING_ORDER]
    assert dock.filter_bar.count_label.text() == "6 annotations"
    row = READING_ORDER.index("funding")
    layer = work.corpus.layers[work.corpus.letter]
    start = layer.text.index("co-funding mechanisms")
    assert cell(dock, row, Column.DOCUMENT) == "Letter of Intent on…"
    assert tip_text(cell(dock, row, Column.DOCUMENT, Qt.ItemDataRole.ToolTipRole)).startswith(
        "Letter of Intent on Strengthening Cooperation in Science"
    )
    assert cell(dock, row, Column.PAGE) == layer.page_of(start) + 1 == 2
    assert cell(dock, row, Column.QUOTE) == (
        "co-funding mechanisms, joint calls, coordinated calls and twinning"
    )
    assert cell(dock, row, Column.CODES) == "Co-funding mechanisms; Joint calls"  # codebook order
    assert tip_text(cell(dock, row, Column.CODES, Qt.ItemDataRole.ToolTipRole)) == (
        "Instruments/Funding modalities/Co-funding mechanisms\n"
        "Instruments/Funding modalities/Joint calls"
    )
    assert cell(dock, row, Column.NOTE) == "Modalities of cooperation"
    assert tip_text(cell(dock, row, Column.NOTE, Qt.ItemDataRole.ToolTipRole)) == (
        "Modalities of cooperation\nSee section 2"
    )
    assert cell(dock, row, Column.REVIEWER) == "Bea"
    assert cell(dock, row, Column.TIME) == local_time(START)  # the first command's minute
    gabriel = READING_ORDER.index("gabriel")
    assert cell(dock, gabriel, Column.DOCUMENT) == "EU and Japan step up…"
    assert cell(dock, gabriel, Column.REVIEWER) == "Ada"
    assert cell(dock, gabriel, Column.TIME) == local_time(START + timedelta(minutes=1))


def test_codes_are_painted_as_chips_in_their_colours(work, dock, qtbot) -> None:
    row = READING_ORDER.index("challenges")
    chips = cell(dock, row, Column.CODES, CHIPS_ROLE)
    book = work.project.codes.codebook()
    assert [chip.name for chip in chips] == [
        "Pandemics",
        "Climate change",
        "Digital transition",
        "Ageing societies",
    ]
    assert [chip.fill.name().upper() for chip in chips] == [
        book.lookup(name).color
        for name in ("Pandemics", "Climate change", "Digital transition", "Ageing societies")
    ]
    rect = dock.view.visualRect(dock.model.index(row, Column.CODES))
    image = dock.view.viewport().grab(rect).toImage()
    colours = {
        QColor(image.pixel(x, y)).name().upper()
        for x in range(image.width())
        for y in range(image.height())
    }
    assert book.lookup("Pandemics").color in colours
    assert book.lookup("Climate change").color in colours


def test_chips_that_do_not_fit_are_counted_as_plus_n(work, dock, qtbot, monkeypatch) -> None:
    """Four codes in a column with room for one: one chip, then "+3" (not a row that seems
    to have one code)."""
    from desktop.ui import code_chip_delegate

    said: list[str] = []
    drawn = code_chip_delegate.QPainter.drawText

    def draw_text(painter, *args) -> None:
        said.append(args[-1])
        drawn(painter, *args)

    monkeypatch.setattr(code_chip_delegate.QPainter, "drawText", draw_text)
    row = READING_ORDER.index("challenges")
    dock.view.setColumnWidth(Column.CODES, 120)
    rect = dock.view.visualRect(dock.model.index(row, Column.CODES))
    dock.view.viewport().grab(rect)
    assert "+3" in said  # the row's three codes after its first chip
    said.clear()
    dock.view.setColumnWidth(Column.CODES, 2000)
    rect = dock.view.visualRect(dock.model.index(row, Column.CODES))
    dock.view.viewport().grab(rect)
    assert not [text for text in said if text.startswith("+")]


def test_chips_fit_whole_then_shortened_then_counted() -> None:
    from desktop.ui.code_chip_delegate import MIN_CHIP, fit_chips

    def more(hidden: int) -> float:
        return 20

    assert fit_chips([50, 50], 104, more_width=more) == ([50, 50], 0)
    assert fit_chips([50, 50, 50], 130, more_width=more) == ([50, 50], 1)
    assert fit_chips([50, 50, 50], 150, more_width=more) == ([50, 50, 42], 0)
    assert fit_chips([50, 50, 50], 60, more_width=more) == ([36], 2)
    assert fit_chips([500], MIN_CHIP - 1, more_width=more) == ([], 1)
    assert fit_chips([], 10, more_width=more) == ([], 0)


def test_text_filter_finds_every_word_in_quote_or_note_ignoring_case(work, dock, qtbot) -> None:
    bar = dock.filter_bar
    with qtbot.waitSignal(dock.model.modelReset, timeout=2000):
        bar.text.setText("OPEN access")
    assert shown(dock, work) == ["open_letter", "open_article"]
    assert bar.count_label.text() == "2 of 6 annotations"
    with qtbot.waitSignal(dock.model.modelReset, timeout=2000):
        bar.text.setText("pandemic")  # a quote of one, the note of another
    assert shown(dock, work) == ["challenges", "covid"]
    with qtbot.waitSignal(dock.model.modelReset, timeout=2000):
        bar.text.setText("café OPEN")  # accents fold too
    assert shown(dock, work) == ["open_article"]
    with qtbot.waitSignal(dock.model.modelReset, timeout=2000):
        bar.text.setText("open twinning")
    assert shown(dock, work) == []
    assert bar.count_label.text() == "0 of 6 annotations"


def test_typing_refilters_once_after_a_pause(work, dock, qtbot) -> None:
    resets = []
    dock.model.modelReset.connect(lambda: resets.append(dock.model.rowCount()))
    for prefix in ("c", "co", "cov", "covi", "covid"):
        dock.filter_bar.text.setText(prefix)
    assert resets == []
    qtbot.waitUntil(lambda: resets == [1], timeout=2000)
    qtbot.wait(300)
    assert resets == [1]
    assert shown(dock, work) == ["covid"]


def test_code_filter_includes_the_codes_under_it(work, dock) -> None:
    bar = dock.filter_bar
    choose(bar.code, "Pandemics")
    assert shown(dock, work) == ["challenges", "covid"]  # COVID-19 is under Pandemics
    choose(bar.code, "Open science")
    assert shown(dock, work) == ["open_letter", "open_article"]
    choose(bar.code, "Funding modalities")
    assert shown(dock, work) == ["funding"]
    assert bar.count_label.text() == "1 of 6 annotations"


def test_facet_filter_and_code_choices_follow_the_facet(work, dock) -> None:
    bar = dock.filter_bar
    choose(bar.facet, "Instruments")
    assert shown(dock, work) == ["funding", "gabriel"]
    names = {bar.code.itemText(i).strip() for i in range(bar.code.count())}
    assert "Joint calls" in names and "Pandemics" not in names
    choose(bar.code, "Joint calls")
    assert shown(dock, work) == ["funding"]
    choose(bar.facet, "Thematic areas")  # Joint calls is no thematic code: back to any
    assert bar.code.currentData() is None
    assert shown(dock, work) == ["challenges", "covid", "open_letter", "open_article"]


def test_document_and_reviewer_filters_combine_and_clear(work, dock, qtbot) -> None:
    bar = dock.filter_bar
    choose(bar.document, "EU and Japan step up…")
    assert shown(dock, work) == ["gabriel", "open_article"]
    choose(bar.reviewer, "Bea")
    assert shown(dock, work) == ["open_article"]
    choose(bar.document, "All documents")
    assert shown(dock, work) == ["covid", "funding", "open_article"]
    assert bar.count_label.text() == "3 of 6 annotations"
    qtbot.mouseClick(bar.clear_button, Qt.MouseButton.LeftButton)
    assert shown(dock, work) == READING_ORDER
    assert bar.count_label.text() == "6 annotations"
    assert bar.reviewer.currentData() is None and bar.text.text() == ""


def test_edits_through_the_bridge_update_only_their_rows(work, dock, qtbot) -> None:
    changed_rows = []
    dock.model.dataChanged.connect(
        lambda first, last, roles: changed_rows.append((first.row(), last.row()))
    )
    gabriel = READING_ORDER.index("gabriel")
    work.bridge.execute(TagAnnotation(work.ids["gabriel"], work.code("Joint calls")))
    assert changed_rows == [(gabriel, gabriel)]
    assert cell(dock, gabriel, Column.CODES) == "Joint calls; Dialogue"
    work.bridge.execute(SetNote(work.ids["gabriel"], "Said at the videoconference\nmore"))
    assert cell(dock, gabriel, Column.NOTE) == "Said at the videoconference"
    assert cell(dock, gabriel, Column.TIME) == local_time(START + timedelta(minutes=7))
    work.bridge.undo()
    assert cell(dock, gabriel, Column.NOTE) == ""
    assert changed_rows == [(gabriel, gabriel)] * 3


def test_delete_and_undo_keep_the_selection(work, dock, qtbot) -> None:
    resets = []
    dock.model.modelReset.connect(lambda: resets.append(True))
    dock.show_annotation(work.ids["open_letter"])
    work.bridge.execute(DeleteAnnotation(work.ids["covid"]))
    assert shown(dock, work) == [n for n in READING_ORDER if n != "covid"]
    assert dock.filter_bar.count_label.text() == "5 annotations"
    assert dock.current_annotation_id() == work.ids["open_letter"]
    work.bridge.undo()
    assert shown(dock, work) == READING_ORDER
    assert dock.current_annotation_id() == work.ids["open_letter"]
    assert dock.view.selectionModel().isRowSelected(
        READING_ORDER.index("open_letter"), QModelIndex()
    )
    assert resets == []  # rows removed and inserted, not the whole list reset


def test_new_annotation_takes_its_place_in_reading_order(work, dock) -> None:
    dock.show_annotation(work.ids["funding"])
    work.annotate("smart", work.corpus.letter, "Smart Cities", "Smart cities")
    expected = ["challenges", "covid", "open_letter", "smart", "funding", "gabriel", "open_article"]
    assert shown(dock, work) == expected
    assert dock.current_annotation_id() == work.ids["funding"]
    assert dock.filter_bar.count_label.text() == "7 annotations"


def test_new_annotation_outside_the_filter_only_counts(work, dock) -> None:
    choose(dock.filter_bar.reviewer, "Bea")
    work.annotate("smart", work.corpus.letter, "Smart Cities", "Smart cities")  # by Ada
    assert shown(dock, work) == ["covid", "funding", "open_article"]
    assert dock.filter_bar.count_label.text() == "3 of 7 annotations"


def test_a_new_reviewer_becomes_a_choice(work, dock) -> None:
    work.annotate("smart", work.corpus.letter, "Smart Cities", reviewer="Chen")
    choose(dock.filter_bar.reviewer, "Chen")
    assert shown(dock, work) == ["smart"]
    assert cell(dock, 0, Column.CODES) == ""


def test_code_edits_refresh_chips_and_the_code_choices(work, dock) -> None:
    row = READING_ORDER.index("covid")
    work.bridge.execute(RenameCode(work.code("COVID-19"), "SARS-CoV-2"))
    assert cell(dock, row, Column.CODES) == "SARS-CoV-2"
    assert "Thematic areas/Pandemics/SARS-CoV-2" in tip_text(
        cell(dock, row, Column.CODES, Qt.ItemDataRole.ToolTipRole)
    )
    work.bridge.execute(RecolorCode(work.code("SARS-CoV-2"), "#0072B2"))
    assert cell(dock, row, Column.CODES, CHIPS_ROLE)[0].fill.name().upper() == "#0072B2"
    bar = dock.filter_bar
    choose(bar.code, "SARS-CoV-2")
    assert shown(dock, work) == ["covid"]
    work.bridge.execute(DeleteCode(work.code("SARS-CoV-2")))
    assert bar.code.currentData() is None  # the chosen code is gone: every annotation again
    assert shown(dock, work) == READING_ORDER
    assert cell(dock, row, Column.CODES) == ""
    work.bridge.undo()
    assert cell(dock, row, Column.CODES) == "SARS-CoV-2"


def test_a_code_moved_under_the_chosen_code_comes_into_the_list(work, dock) -> None:
    choose(dock.filter_bar.code, "Pandemics")
    assert shown(dock, work) == ["challenges", "covid"]
    moved = work.code("Open access to research data and results")
    work.bridge.execute(MoveCode(moved, work.code("Pandemics")))
    assert shown(dock, work) == ["challenges", "covid", "open_letter"]
    work.bridge.undo()
    assert shown(dock, work) == ["challenges", "covid"]


def test_the_bars_choices_make_the_filter_accord_list_makes_from_their_names(work, dock) -> None:
    """One reviewer choice per name in any case (an import may have written "BEA"), and the
    filter of each choice is the one ``accord list --reviewer/--code/--document`` makes."""
    work.annotate("smart", work.corpus.letter, "Smart Cities", "Smart cities", reviewer="BEA")
    bar = dock.filter_bar
    assert [bar.reviewer.itemText(i) for i in range(bar.reviewer.count())] == [
        "All reviewers",
        "Ada",
        "BEA",
    ]
    assert tip_text(bar.reviewer.itemData(2, Qt.ItemDataRole.ToolTipRole)) == "BEA, Bea"
    choose(bar.reviewer, "BEA")
    assert shown(dock, work) == ["covid", "smart", "funding", "open_article"]
    choose(bar.code, "Pandemics")
    bar.document.setCurrentIndex(bar.document.findData(work.corpus.letter))
    typed = {
        "reviewer_ids": ["bea"],
        "code_ids": ["Pandemics"],
        "document_ids": ["letter-of-intent-eu-japan-sti.pdf"],
    }
    assert bar.current_filter() == filter_from_names(work.project, typed)
    assert shown(dock, work) == ["covid"]


def test_click_and_enter_activate_a_row_but_showing_one_does_not(work, dock, qtbot) -> None:
    activated: list[str] = []
    dock.annotation_activated.connect(activated.append)
    row = READING_ORDER.index("funding")
    point = dock.view.visualRect(dock.model.index(row, Column.QUOTE)).center()
    qtbot.mouseClick(dock.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert activated == [work.ids["funding"]]
    assert dock.current_annotation_id() == work.ids["funding"]
    dock.view.setFocus()
    qtbot.keyClick(dock.view, Qt.Key.Key_Down)
    assert dock.current_annotation_id() == work.ids["gabriel"]
    assert activated == [work.ids["funding"]]  # arrows move, they do not activate
    qtbot.keyClick(dock.view, Qt.Key.Key_Return)
    assert activated == [work.ids["funding"], work.ids["gabriel"]]
    assert dock.show_annotation(work.ids["covid"])
    assert dock.current_annotation_id() == work.ids["covid"]
    assert activated == [work.ids["funding"], work.ids["gabriel"]]
    choose(dock.filter_bar.reviewer, "Ada")
    assert not dock.show_annotation(work.ids["covid"])  # Bea's: hidden by the filter
    assert dock.current_annotation_id() is None


def test_ctrl_f_goes_to_the_filter_only_from_inside_the_list(work, qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    finds: list[bool] = []
    find = QAction("Find", window, shortcut=QKeySequence.StandardKey.Find)
    find.triggered.connect(lambda: finds.append(True))
    window.addAction(find)
    page = QLineEdit()
    window.setCentralWidget(page)
    dock = AnnotationListDock(work.bridge, window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    dock.view.setFocus()
    qtbot.waitUntil(dock.view.hasFocus)
    qtbot.keyClick(dock.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert dock.filter_bar.text.hasFocus()
    assert finds == []
    page.setFocus()
    qtbot.waitUntil(page.hasFocus)
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert finds == [True]
    dock.filter_bar.text.setText("covid")
    qtbot.keyClick(dock.filter_bar.text, Qt.Key.Key_Return)  # Enter goes down to the list
    assert dock.view.hasFocus()
    assert dock.current_annotation_id() == work.ids["covid"]


def test_filters_and_edits_before_the_index_has_loaded(work, qtbot) -> None:
    dock = AnnotationListDock(work.bridge)
    qtbot.addWidget(dock)
    assert not dock.model.index_ready
    work.bridge.execute(DeleteAnnotation(work.ids["challenges"]))
    work.bridge.execute(SetNote(work.ids["gabriel"], "pandemic response"))
    assert dock.model.filling  # the letter's rows so far (see test_annotation_list_filling)
    assert "challenges" not in shown(dock, work)
    dock.model.set_filter(AnnotationFilter(text="pandemic"))
    assert not dock.model.index_ready  # answered by the store meanwhile
    assert shown(dock, work) == ["covid", "gabriel"]
    assert dock.filter_bar.count_label.text() == "2 of 5 annotations"
    qtbot.waitUntil(lambda: dock.model.index_ready)
    choose(dock.filter_bar.code, "Pandemics")  # now from the index, which saw both edits
    assert shown(dock, work) == ["covid"]
    with qtbot.waitSignal(dock.model.modelReset, timeout=2000):
        dock.filter_bar.text.setText("response")
    assert shown(dock, work) == []  # gabriel's note matches, but it has no Pandemics code
    choose(dock.filter_bar.code, "Any code")
    assert shown(dock, work) == ["gabriel"]


def test_a_notes_markdown_shows_as_its_words(work, dock) -> None:
    row = READING_ORDER.index("funding")
    assert (
        work.bridge.execute(
            SetNote(
                work.ids["funding"],
                "Core **commitment** of [the letter](https://x.test)\n- see *section 2*",
            )
        )
        is not None
    )
    assert cell(dock, row, Column.NOTE) == "Core commitment of the letter"
    assert tip_text(cell(dock, row, Column.NOTE, Qt.ItemDataRole.ToolTipRole)) == (
        "Core commitment of the letter\nsee section 2"
    )


def test_the_status_is_a_column_set_from_the_context_menu_undoably_and_filtered(
    work, dock, qtbot
) -> None:
    """Status, declared once on the annotation: a column after the list's own, a submenu of
    the row's context menu (the current status checked) whose choice is one undoable edit,
    and a choice of the filter bar."""
    status = len(Column)  # the first column after the list's own: the first listed field
    assert dock.model.headerData(status, Qt.Orientation.Horizontal) == "Status"
    row = shown(dock, work).index("covid")
    assert cell(dock, row, status) == "proposed"
    menu = dock.field_menu(work.ids["covid"])
    (submenu,) = [action.menu() for action in menu.actions()]
    assert submenu.title() == "Status"
    choices = submenu.actions()
    assert [a.text() for a in choices] == ["Proposed", "Accepted", "Disputed", "Rejected"]
    assert [a.isChecked() for a in choices] == [True, False, False, False]
    with qtbot.waitSignal(dock.model.dataChanged):
        choices[1].trigger()
    assert work.project.annotations.require(work.ids["covid"]).status.value == "accepted"
    assert cell(dock, shown(dock, work).index("covid"), status) == "accepted"
    assert [
        a.isChecked() for a in dock.field_menu(work.ids["covid"]).actions()[0].menu().actions()
    ] == [
        False,
        True,
        False,
        False,
    ]
    choose(dock.filter_bar.status, "Accepted")
    qtbot.waitUntil(lambda: shown(dock, work) == ["covid"])
    work.bridge.undo()
    assert work.project.annotations.require(work.ids["covid"]).status.value == "proposed"
    choose(dock.filter_bar.status, "Proposed")
    qtbot.waitUntil(lambda: "covid" in shown(dock, work) and len(shown(dock, work)) == 6)


def test_the_filter_takes_two_rows_so_the_list_keeps_its_height(work, dock) -> None:
    """The list's dock is wide and low by default: the words on one row, every choice side by
    side on the next, rather than a row per pair of choices eating the rows of the list."""
    bar = dock.filter_bar
    choices = (bar.facet, bar.code, bar.document, bar.reviewer, bar.status)
    assert len({choice.geometry().top() for choice in choices}) == 1
    assert bar.text.geometry().bottom() < bar.facet.geometry().top()
