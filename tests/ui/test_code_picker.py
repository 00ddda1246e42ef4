"""The code picker as an analyst uses it: type a few letters, arrow down, Enter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from desktop.codebook.default import load_default_codebook
from desktop.codebook.model import Codebook
from desktop.ui.code_picker import APPLIED_ROLE, CODE_ID_ROLE, PATH_ROLE, CodePicker


@pytest.fixture
def book() -> Codebook:
    return load_default_codebook()


@pytest.fixture
def picker(qtbot, book: Codebook) -> CodePicker:
    dialog = CodePicker(None, book)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _listed(picker: CodePicker) -> list[str]:
    model = picker.matches
    return [model.index(row).data() for row in range(model.rowCount())]


def test_every_codable_code_of_both_facets_is_offered(
    picker: CodePicker, book: Codebook, qtmodeltester
) -> None:
    qtmodeltester.check(picker.matches)
    assert _listed(picker) == [code.name for code in book if code.is_codable]
    assert "Thematic areas" not in _listed(picker) and "Instruments" not in _listed(picker)
    assert picker.windowTitle() == "Tag with code"
    assert picker.chosen == book.lookup("Pandemics").guid
    missions = picker.matches.index(_listed(picker).index("Missions"))
    assert missions.data(PATH_ROLE) == "Instruments › Programmes › Horizon Europe"


def test_typing_filters_and_enter_returns_the_best_match(
    picker: CodePicker, book: Codebook, qtbot
) -> None:
    qtbot.keyClicks(picker.search, "joint c")
    assert _listed(picker)[0] == "Joint calls"
    with qtbot.waitSignal(picker.accepted):
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.chosen == book.lookup("Joint calls").guid


def test_words_match_the_start_of_a_parent_name(picker: CodePicker, qtbot) -> None:
    qtbot.keyClicks(picker.search, "horizon miss")
    assert _listed(picker) == ["Missions"]


def test_arrows_move_the_highlight_while_the_search_keeps_the_focus(
    picker: CodePicker, book: Codebook, qtbot
) -> None:
    picker.activateWindow()
    picker.search.setFocus()
    qtbot.keyClicks(picker.search, "calls")
    assert _listed(picker) == ["Joint calls", "Coordinated calls"]
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    assert picker.chosen == book.lookup("Coordinated calls").guid
    qtbot.keyClick(picker.search, Qt.Key.Key_Up)
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    assert picker.search.text() == "calls"
    with qtbot.waitSignal(picker.accepted):
        qtbot.keyClick(picker.search, Qt.Key.Key_Enter)
    assert picker.chosen == book.lookup("Coordinated calls").guid


def test_nothing_matching_says_so_and_enter_does_nothing(picker: CodePicker, qtbot) -> None:
    qtbot.keyClicks(picker.search, "zzz")
    assert _listed(picker) == []
    assert picker.nothing.isVisible() and "zzz" in picker.nothing.text()
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.isVisible() and picker.result() != QDialog.DialogCode.Accepted
    picker.search.clear()
    assert not picker.nothing.isVisible()


def test_escape_cancels(picker: CodePicker, qtbot) -> None:
    with qtbot.waitSignal(picker.rejected):
        qtbot.keyClick(picker.search, Qt.Key.Key_Escape)


def test_excluded_codes_are_not_offered(qtbot, book: Codebook) -> None:
    covid = book.lookup("COVID-19").guid
    dialog = CodePicker(None, book, title="Merge “COVID-19” into", exclude={covid})
    qtbot.addWidget(dialog)
    assert "COVID-19" not in _listed(dialog)
    assert dialog.windowTitle() == "Merge “COVID-19” into"
    guids = {dialog.matches.index(r).data(CODE_ID_ROLE) for r in range(dialog.matches.rowCount())}
    assert len(guids) == sum(1 for code in book if code.is_codable) - 1


def test_ask_returns_the_guid_or_none(qtbot, book: Codebook) -> None:
    def type_and_choose() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CodePicker)
        qtbot.keyClicks(dialog.search, "twin")
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    QTimer.singleShot(0, type_and_choose)
    assert CodePicker.ask(None, book) == book.lookup("Twinning").guid

    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())
    assert CodePicker.ask(None, book) is None


def test_the_codes_the_highlight_has_are_marked(qtbot, book: Codebook) -> None:
    pandemics = book.lookup("Pandemics").guid
    dialog = CodePicker(None, book, applied={pandemics})
    qtbot.addWidget(dialog)
    rows = [dialog.matches.index(row) for row in range(dialog.matches.rowCount())]
    marked = [index.data() for index in rows if index.data(APPLIED_ROLE)]
    assert marked == ["Pandemics"]
    first = rows[0]
    assert first.data(Qt.ItemDataRole.AccessibleTextRole).endswith(", applied")
    assert "takes it off" in first.data(Qt.ItemDataRole.ToolTipRole)
