"""The codebook dock on a real project: what an analyst sees, edits, undoes and tags with."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLineEdit

from desktop.app.anchors import annotation_from_span
from desktop.app.annotating import TagAnnotation
from desktop.app.coding_scheme import AddCode
from desktop.app.editor import Editor
from desktop.app.projects import new_project
from desktop.app.reading import DocumentReader
from desktop.bundled import bundled_pair
from desktop.codebook.default import load_default_codebook
from desktop.core.model import AnnotationId, CodeId, DocumentId
from desktop.core.textlayer import TextLayer
from desktop.store import open_project
from desktop.ui import code_dialogs
from desktop.ui.code_picker import CodePicker
from desktop.ui.codebook_model import Column
from desktop.ui.codebook_panel import CodebookDock
from desktop.ui.editor_bridge import EditorBridge
from tests.ui.conftest import tip_text


@dataclass(frozen=True)
class Template:
    path: Path
    letter: TextLayer
    letter_id: DocumentId


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    """A project made as ``accord`` makes one: both bundled documents, the default codebook."""
    path = tmp_path_factory.mktemp("codebook") / "template.accord"
    with DocumentReader() as reader:
        new_project(path, reader=reader).close()
        letter = reader.read(bundled_pair()[0])
    return Template(path, letter.text, DocumentId(letter.fingerprint))


@dataclass
class Desk:
    bridge: EditorBridge
    panel: CodebookDock
    template: Template

    @property
    def book(self):  # type: ignore[no-untyped-def]
        return self.bridge.project.codes.codebook()

    def guid(self, text: str) -> CodeId:
        return CodeId(self.book.lookup(text).guid)

    def highlight(self, quote: str, *codes: str) -> AnnotationId:
        text = self.template.letter.text
        start = text.index(quote)
        command = annotation_from_span(
            self.template.letter,
            start,
            start + len(quote),
            document_id=self.template.letter_id,
            code_ids=tuple(self.guid(c) for c in codes),
        )
        assert self.bridge.execute(command) is not None
        return command.annotation_id

    def row(self, text: str, column: Column = Column.CODE) -> QModelIndex:
        """The row of the code as the tree shows it (through the filter)."""
        source = self.panel.model.index_of(self.guid(text), column)
        return self.panel.proxy.mapFromSource(source)

    def select(self, text: str) -> None:
        self.panel.select_code(self.guid(text))

    def shown(self, text: str, column: Column) -> str:
        return self.row(text, column).data() or ""


@pytest.fixture
def desk(template: Template, tmp_path: Path, qtbot) -> Iterator[Desk]:
    path = tmp_path / "review.accord"
    shutil.copy(template.path, path)
    project = open_project(path)
    bridge = EditorBridge(Editor.start(project, "Test reviewer"))
    panel = CodebookDock(bridge)
    qtbot.addWidget(panel)
    panel.resize(380, 760)
    panel.show()
    qtbot.waitExposed(panel)
    yield Desk(bridge, panel, template)
    bridge.detach()
    project.close()


def _names_shown(desk: Desk, parent: QModelIndex | None = None) -> list[str]:
    """Every name the tree shows, depth first, as a person reads it down the panel."""
    parent = parent or QModelIndex()
    found = []
    proxy = desk.panel.proxy
    for row in range(proxy.rowCount(parent)):
        index = proxy.index(row, 0, parent)
        found.append(index.data())
        found.extend(_names_shown(desk, index))
    return found


def _chip_color(index: QModelIndex) -> str:
    image = index.data(Qt.ItemDataRole.DecorationRole).pixmap(14, 14).toImage()
    return QColor(image.pixel(image.width() // 2, image.height() // 2)).name().upper()


def test_the_tree_shows_both_facets_with_the_default_codes_and_colours(
    desk: Desk, qtmodeltester
) -> None:
    qtmodeltester.check(desk.panel.model)
    default = load_default_codebook()
    assert _names_shown(desk) == [code.name for code in default]
    proxy = desk.panel.proxy
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == [
        "Thematic areas",
        "Instruments",
    ]
    for code in default:
        index = desk.row(code.name if code.is_root else desk.book.path(code.guid))
        assert _chip_color(index) == code.color
        if desk.book.children(code.guid):
            assert desk.panel.tree.isExpanded(index), f"{code.name} starts expanded"
    pins = desk.bridge.project.codes.pins()
    for key, guid in pins.items():
        assert desk.panel.proxy.mapFromSource(
            desk.panel.model.index_of(guid, Column.KEY)
        ).data() == str(key)
    assert desk.shown("Twinning", Column.KEY) == ""
    tip = tip_text(desk.row("Missions").data(Qt.ItemDataRole.ToolTipRole))
    assert tip.startswith("Instruments › Programmes › Horizon Europe › Missions")
    assert default.lookup("Missions").description in tip


def test_counts_follow_tagging_without_rebuilding_the_tree(
    desk: Desk, qtmodeltester, qtbot
) -> None:
    """Counts follow each edit once the event loop is idle (not inside the edit, so the new
    highlight is painted first)."""
    qtmodeltester.check(desk.panel.model)
    resets: list[int] = []
    desk.panel.model.modelAboutToBeReset.connect(lambda: resets.append(1))
    assert desk.shown("Pandemics", Column.COUNT) == ""
    desk.highlight("pandemics", "Pandemics")
    qtbot.waitUntil(lambda: desk.shown("Pandemics", Column.COUNT) == "1")
    second = desk.highlight("joint calls", "Joint calls")
    desk.bridge.execute(TagAnnotation(second, desk.guid("COVID-19")))
    qtbot.waitUntil(lambda: desk.shown("Pandemics", Column.COUNT) == "1 (2)")
    assert desk.shown("COVID-19", Column.COUNT) == "1"
    assert desk.shown("Thematic areas", Column.COUNT) == "(2)"
    assert desk.shown("Funding modalities", Column.COUNT) == "0 (1)"
    assert "1 annotation carries it." in tip_text(
        desk.row("COVID-19").data(Qt.ItemDataRole.ToolTipRole)
    )
    assert "1 annotation carries it; 2 codings with its sub-codes." in tip_text(
        desk.row("Pandemics").data(Qt.ItemDataRole.ToolTipRole)
    )
    desk.bridge.undo()
    qtbot.waitUntil(lambda: desk.shown("COVID-19", Column.COUNT) == "")
    assert desk.shown("Pandemics", Column.COUNT) == "1"
    assert resets == []


def test_the_count_column_fits_its_widest_count_as_counts_shrink_too(desk: Desk, qtbot) -> None:
    """Ten highlights coded Pandemics and COVID-19 widen the Count column to "10 (20)"; undoing
    them narrows it again to what a panel opened afresh gives (it once only grew, leaving the
    code names less room in a narrow dock for the rest of the session)."""
    header = desk.panel.tree.header()
    narrow = header.sectionSize(Column.COUNT)
    for _ in range(10):
        desk.highlight("pandemics", "Pandemics", "COVID-19")
    qtbot.waitUntil(lambda: desk.shown("Pandemics", Column.COUNT) == "10 (20)")
    qtbot.waitUntil(lambda: header.sectionSize(Column.COUNT) > narrow)
    for _ in range(10):
        desk.bridge.undo()
    qtbot.waitUntil(lambda: desk.shown("Pandemics", Column.COUNT) == "")
    qtbot.waitUntil(lambda: header.sectionSize(Column.COUNT) == narrow, timeout=1000)


def test_counts_follow_annotation_edits_from_their_change_sets_alone(
    desk: Desk, monkeypatch
) -> None:
    """Highlight, tag, untag, delete, undo and redo: the counts move by what each ChangeSet
    says, at once, without counting every coding of the project again (~20 ms at 100,000)."""
    from desktop.app.annotating import DeleteAnnotation, UntagAnnotation

    def truth() -> dict[str, str]:
        fresh = CodebookDock(desk.bridge)
        try:
            return {
                c.name: fresh.model.index_of(c.guid, Column.COUNT).data() or "" for c in desk.book
            }
        finally:
            fresh.deleteLater()

    def shown() -> dict[str, str]:
        return {c.name: desk.shown(c.name, Column.COUNT) for c in desk.book}

    counted: list[int] = []
    store = desk.bridge.project.annotations
    real = store.counts_by_code
    monkeypatch.setattr(store, "counts_by_code", lambda: counted.append(1) or real())
    first = desk.highlight("pandemics", "Pandemics", "Joint calls")
    assert shown() != {c.name: "" for c in desk.book}  # no wait for an idle event loop
    second = desk.highlight("joint calls")
    steps = [
        TagAnnotation(second, desk.guid("COVID-19")),
        TagAnnotation(second, desk.guid("Joint calls")),
        UntagAnnotation(first, desk.guid("Joint calls")),
        DeleteAnnotation(first),
    ]
    for command in steps:
        assert desk.bridge.execute(command) is not None
    for _ in range(len(steps) + 2):
        desk.bridge.undo()
    for _ in range(3):
        desk.bridge.redo()
    after = shown()
    assert counted == []
    monkeypatch.setattr(store, "counts_by_code", real)
    assert after == truth()
    assert after["Pandemics"] == "1 (2)" and after["Funding modalities"] == "0 (1)"


def test_add_a_sub_code_and_a_top_level_code_then_undo(desk: Desk, monkeypatch) -> None:
    before = desk.book
    asked: list[dict] = []

    def answer(parent, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(kwargs)
        return {"Pandemics": "Lockdowns", "Instruments": "Mobility schemes"}[
            kwargs["label"].split("“")[1].rstrip("”:")
        ]

    monkeypatch.setattr(code_dialogs.NameDialog, "ask", answer)
    desk.select("Pandemics")
    desk.panel.add_action.trigger()
    lockdowns = desk.book.lookup("Thematic areas/Pandemics/Lockdowns")
    assert desk.panel.current_code() == lockdowns
    assert desk.row("Pandemics/Lockdowns").isValid()
    assert lockdowns.color not in {c.color for c in before}
    check = asked[0]["check"]
    with pytest.raises(Exception, match="already has a code named “COVID-19”"):
        check("covid-19")

    desk.panel.add_instrument_action.trigger()
    mobility = desk.book.lookup("Instruments/Mobility schemes")
    assert mobility.parent_guid == desk.book.root(mobility.facet).guid
    desk.bridge.undo()
    desk.bridge.undo()
    assert desk.book == before
    assert _names_shown(desk) == [code.name for code in before]


def test_the_name_dialog_refuses_a_sibling_name_before_ok(qtbot) -> None:
    book = load_default_codebook()
    pandemics = book.lookup("Pandemics")
    from desktop.codebook import rules

    dialog = code_dialogs.NameDialog(
        None,
        title="Add code",
        label="Name:",
        text="",
        check=lambda text: rules.check_new_code(book, parent_guid=pandemics.guid, name=text),
    )
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.field, "Covid-19")
    assert not ok.isEnabled()
    assert "already has a code named “COVID-19”" in dialog.problem.text()
    qtbot.keyClicks(dialog.field, " lockdowns")
    assert ok.isEnabled() and dialog.problem.text() == ""


def test_rename_in_place_with_f2_then_undo(desk: Desk, qtbot) -> None:
    before = desk.book
    desk.select("Smart cities")
    desk.panel.tree.setFocus()
    qtbot.keyClick(desk.panel.tree, Qt.Key.Key_F2)
    editors = desk.panel.tree.viewport().findChildren(QLineEdit)
    assert len(editors) == 1 and editors[0].text() == "Smart cities"
    editors[0].setText("Smart and sustainable cities")
    qtbot.keyClick(editors[0], Qt.Key.Key_Return)  # the delegate commits on its next turn
    qtbot.waitUntil(lambda: desk.book.by_name("Smart and sustainable cities") != ())
    renamed = desk.book.lookup("Smart and sustainable cities")
    assert renamed.guid == before.lookup("Smart cities").guid
    assert desk.panel.current_code() == renamed
    assert desk.row("Smart and sustainable cities").data() == "Smart and sustainable cities"
    desk.bridge.undo()
    assert desk.book == before
    assert desk.row("Smart cities").data() == "Smart cities"


def test_recolour_asks_again_for_a_hard_to_read_colour(desk: Desk, monkeypatch) -> None:
    before = desk.book
    answers = iter(["#123456", "#123456", "#44AA99"])
    monkeypatch.setattr(code_dialogs.ColorDialog, "ask", lambda *a, **k: next(answers))
    confirmations: list[str] = []

    def confirm(parent, **kwargs):  # type: ignore[no-untyped-def]
        confirmations.append(kwargs["text"])
        return len(confirmations) > 1

    monkeypatch.setattr(code_dialogs.ConfirmDialog, "ask", confirm)
    desk.select("Quantum technology")
    desk.panel.recolor_action.trigger()  # too dark for a fill: declined
    assert desk.book == before
    desk.panel.recolor_action.trigger()  # the same, confirmed
    assert desk.book.lookup("Quantum technology").color == "#123456"
    assert "#123456" in confirmations[0]
    desk.panel.recolor_action.trigger()  # readable: no question
    assert len(confirmations) == 2
    assert desk.book.lookup("Quantum technology").color == "#44AA99"
    assert _chip_color(desk.row("Quantum technology")) == "#44AA99"
    desk.bridge.undo()
    desk.bridge.undo()
    assert desk.book == before
    assert _chip_color(desk.row("Quantum technology")) == before.lookup("Quantum technology").color


def test_describe_then_undo(desk: Desk, monkeypatch) -> None:
    before = desk.book
    monkeypatch.setattr(
        code_dialogs.DescriptionDialog,
        "ask",
        lambda *a, **k: "Quantum computing and sensing.\r\nSee §2.",
    )
    desk.select("Quantum technology")
    desk.panel.describe_action.trigger()
    assert desk.book.lookup("Quantum technology").description == (
        "Quantum computing and sensing.\nSee §2."
    )
    assert "See §2." in tip_text(desk.row("Quantum technology").data(Qt.ItemDataRole.ToolTipRole))
    desk.bridge.undo()
    assert desk.book == before


def test_drag_moves_a_code_within_its_facet_and_refuses_the_other(
    desk: Desk, qtbot, qtmodeltester
) -> None:
    model, before = desk.panel.model, desk.book
    qtmodeltester.check(model)  # and keeps checking through the rebuilds below
    twinning = model.index_of(desk.guid("Twinning"))
    drag = model.mimeData([twinning])
    dialogue = model.index_of(desk.guid("Instruments/Dialogue"))
    assert model.canDropMimeData(drag, Qt.DropAction.MoveAction, -1, -1, dialogue)
    assert not model.canDropMimeData(drag, Qt.DropAction.MoveAction, -1, -1, twinning)

    assert model.dropMimeData(drag, Qt.DropAction.MoveAction, 0, 0, dialogue)
    assert desk.book.lookup("Instruments/Dialogue/Twinning").position == 0
    desk.bridge.undo()
    assert desk.book == before

    funding = model.index_of(desk.guid("Funding modalities"))
    assert model.dropMimeData(drag, Qt.DropAction.MoveAction, 0, 0, funding)
    assert [c.name for c in desk.book.children(desk.guid("Funding modalities"))][:2] == [
        "Twinning",
        "Co-funding mechanisms",
    ]
    desk.bridge.undo()
    assert desk.book == before

    pandemics = model.index_of(desk.guid("Pandemics"))
    with qtbot.waitSignal(desk.bridge.failed) as refused:
        assert not model.dropMimeData(drag, Qt.DropAction.MoveAction, -1, -1, pandemics)
    assert "Instruments" in refused.args[0] and "Thematic areas" in refused.args[0]
    assert desk.book == before
    assert not desk.bridge.can_undo


def test_merge_into_a_picked_code_retags_and_undoes(desk: Desk, monkeypatch, qtmodeltester) -> None:
    qtmodeltester.check(desk.panel.model)
    tagged = desk.highlight("pandemics", "COVID-19")
    before = desk.book
    picked: list[dict] = []

    def pick(parent, book, **kwargs):  # type: ignore[no-untyped-def]
        picked.append(kwargs)
        return book.lookup("Health countermeasures").guid

    monkeypatch.setattr(CodePicker, "ask", pick)
    desk.select("COVID-19")
    desk.panel.merge_action.trigger()
    assert picked[0]["title"] == "Merge “COVID-19” into"
    assert before.lookup("COVID-19").guid in picked[0]["exclude"]
    assert before.lookup("Joint calls").guid in picked[0]["exclude"]  # the other facet
    assert before.lookup("Vaccines").guid not in picked[0]["exclude"]
    assert "COVID-19" not in [c.name for c in desk.book]
    codings = desk.bridge.project.annotations.codings(tagged)
    assert [c.code_id for c in codings] == [desk.guid("Health countermeasures")]
    assert desk.shown("Health countermeasures", Column.COUNT) == "1"
    assert desk.panel.current_code() == desk.book.lookup("Health countermeasures")
    desk.bridge.undo()
    assert desk.book == before
    assert [c.code_id for c in desk.bridge.project.annotations.codings(tagged)] == [
        desk.guid("COVID-19")
    ]
    assert desk.shown("COVID-19", Column.COUNT) == "1"


def test_delete_says_how_many_annotations_lose_the_code(desk: Desk, monkeypatch) -> None:
    desk.highlight("pandemics", "Vaccines", "Treatments")
    desk.highlight("joint calls", "Vaccines")
    desk.highlight("twinning", "Health countermeasures")
    before = desk.book
    questions: list[str] = []
    answers = iter([False, True, True])

    def confirm(parent, **kwargs):  # type: ignore[no-untyped-def]
        questions.append(kwargs["text"])
        return next(answers)

    monkeypatch.setattr(code_dialogs.ConfirmDialog, "ask", confirm)
    desk.select("Vaccines")
    desk.panel.delete_action.trigger()
    assert questions[-1] == "Delete “Vaccines”? 2 annotations lose this code. You can undo this."
    assert desk.book == before
    desk.panel.delete_action.trigger()
    assert "Vaccines" not in [c.name for c in desk.book]
    assert desk.panel.current_code() == desk.book.lookup("Health countermeasures")
    desk.bridge.undo()
    assert desk.book == before
    assert desk.shown("Vaccines", Column.COUNT) == "2"

    desk.select("Health countermeasures")
    desk.panel.delete_action.trigger()
    assert questions[-1] == (
        "Delete “Health countermeasures” and its 3 sub-codes? "
        "3 annotations lose these codes. You can undo this."
    )
    desk.bridge.undo()
    assert desk.book == before
    assert desk.panel.delete_question(before.lookup("Ageing societies")) == (
        "Delete “Ageing societies”? No annotation has this code. You can undo this."
    )


def test_pin_to_a_key_shows_it_and_undoes(desk: Desk, monkeypatch) -> None:
    start = desk.bridge.project.codes.pins()
    assert start[3] == desk.guid("Digital transition")
    assert desk.shown("Digital transition", Column.KEY) == "3"
    desk.select("Joint calls")
    assert "Digital transition" in desk.panel.pin_actions[2].text()
    answers, asked = [False, True, True], []
    monkeypatch.setattr(
        code_dialogs.ConfirmDialog,
        "ask",
        classmethod(lambda cls, parent, **kw: asked.append(kw["text"]) or answers.pop(0)),
    )
    desk.panel.pin_actions[2].trigger()  # the key is Digital transition's: asked, refused
    assert asked == [
        "Key 3 is pinned to “Digital transition”. Pin it to “Joint calls” "
        "instead? “Digital transition” will have no key."
    ]
    assert desk.bridge.project.codes.pins() == start
    desk.panel.pin_actions[2].trigger()  # asked again, agreed: the key moves
    assert len(asked) == 2
    assert desk.bridge.project.codes.pins() == {**start, 3: desk.guid("Joint calls")}
    assert desk.shown("Joint calls", Column.KEY) == "3"
    assert desk.shown("Digital transition", Column.KEY) == ""
    assert desk.panel.pin_actions[2].isChecked()
    desk.panel.pin_actions[2].trigger()  # its own key again: freed, without a question
    assert 3 not in desk.bridge.project.codes.pins() and len(asked) == 2
    desk.panel.pin_actions[3].trigger()  # key 4 is another theme's: asked, agreed
    assert len(asked) == 3
    assert desk.shown("Joint calls", Column.KEY) == "4"
    desk.panel.unpin_action.trigger()
    assert desk.shown("Joint calls", Column.KEY) == ""
    for _ in range(4):
        desk.bridge.undo()
    assert desk.bridge.project.codes.pins() == start
    assert desk.shown("Digital transition", Column.KEY) == "3"
    assert desk.shown("Joint calls", Column.KEY) == ""


def _click(
    qtbot, desk: Desk, index: QModelIndex, point: QPoint | None = None, *, double: bool = False
) -> None:
    tree = desk.panel.tree
    tree.scrollTo(index)
    click = qtbot.mouseDClick if double else qtbot.mouseClick
    click(tree.viewport(), Qt.MouseButton.LeftButton, pos=point or tree.visualRect(index).center())


def test_a_click_selects_and_a_double_click_enter_or_apply_activates(desk: Desk, qtbot) -> None:
    seen: list[str] = []
    desk.panel.code_activated.connect(seen.append)
    _click(qtbot, desk, desk.row("Joint calls"))
    assert seen == [] and desk.panel.current_code() == desk.book.lookup("Joint calls")
    with qtbot.waitSignal(desk.panel.code_activated) as activated:
        _click(qtbot, desk, desk.row("Joint calls"), double=True)
    assert activated.args == [desk.guid("Joint calls")]
    with qtbot.waitSignal(desk.panel.code_activated) as activated:
        _click(qtbot, desk, desk.row("Twinning", Column.COUNT), double=True)
    assert activated.args == [desk.guid("Twinning")]
    seen.clear()

    pandemics = desk.row("Pandemics")
    arrow = desk.panel.tree.visualRect(pandemics)
    _click(qtbot, desk, pandemics, QPoint(arrow.left() - 8, arrow.center().y()), double=True)
    _click(qtbot, desk, desk.row("Thematic areas"), double=True)  # a facet folder is not applied
    assert seen == []
    assert not desk.panel.apply_button.isEnabled()

    desk.select("Vaccines")
    desk.panel.tree.setFocus()
    qtbot.keyClick(desk.panel.tree, Qt.Key.Key_Return)
    assert seen == [desk.guid("Vaccines")]
    desk.panel.apply_button.click()
    assert seen == [desk.guid("Vaccines")] * 2


def test_the_filter_hides_codes_that_do_not_match(desk: Desk, qtbot, monkeypatch) -> None:
    pandemics = desk.row("Pandemics")
    desk.panel.tree.collapse(pandemics)
    qtbot.keyClicks(desk.panel.filter, "vacc")
    assert _names_shown(desk) == [
        "Thematic areas",
        "Pandemics",
        "Health countermeasures",
        "Vaccines",
    ]
    assert desk.panel.tree.isExpanded(desk.row("Health countermeasures"))
    desk.panel.filter.clear()
    qtbot.keyClicks(desk.panel.filter, "QUANTUM tech")
    assert _names_shown(desk) == ["Thematic areas", "Quantum technology"]
    with qtbot.waitSignal(desk.panel.code_activated) as activated:
        qtbot.keyClick(desk.panel.filter, Qt.Key.Key_Return)
    assert activated.args == [desk.guid("Quantum technology")]
    desk.panel.filter.setText("calls")
    qtbot.keyClick(desk.panel.filter, Qt.Key.Key_Down)  # to the first code shown
    shown = [desk.book.by_name(name)[0] for name in _names_shown(desk)]
    assert "Joint calls" in [code.name for code in shown]
    assert desk.panel.current_code() == next(code for code in shown if code.is_codable)
    desk.panel.select_code(desk.guid("Twinning"))  # hidden: the filter makes way
    assert desk.panel.filter.text() == ""
    assert desk.panel.current_code() == desk.book.lookup("Twinning")
    assert not desk.panel.tree.isExpanded(desk.row("Pandemics"))
    assert len(_names_shown(desk)) == len(desk.book)


def test_a_rebuild_keeps_collapsed_codes_and_the_selection(desk: Desk) -> None:
    desk.panel.tree.collapse(desk.row("Programmes"))
    desk.select("Dialogue")
    desk.bridge.execute(AddCode(desk.guid("Climate change"), "Adaptation"))
    assert desk.row("Climate change/Adaptation").isValid()
    assert not desk.panel.tree.isExpanded(desk.row("Programmes"))
    assert desk.panel.tree.isExpanded(desk.row("Horizon Europe"))
    assert desk.panel.current_code() == desk.book.lookup("Instruments/Dialogue")
