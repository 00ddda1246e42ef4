"""Words from documents, file names and projects are shown as words: markup in them never makes
the window load a file (issue 11 §1).

Each sink gets markup whose ``<img>`` names a FIFO that counts its readers (``untrusted.py``);
the attack named ``/dev/zero``, which Qt read until it aborted. A widget is looked at the way
a person does (laid out and painted), and a tooltip is asked for the way hovering asks for it
(a tooltip event at the item), since that is when Qt loads images.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QMessageBox,
    QToolTip,
    QWidget,
)

from desktop.app.coding_scheme import RenameCode
from desktop.core.model import CodeId
from desktop.ui.annotation_model import Column
from desktop.ui.codebook_model import CODE_ID_ROLE
from tests.ui.conftest import wait_until_read
from tests.ui.untrusted import ReadDetector, detector, hostile_pdf, hostile_project

__all__ = ["detector"]  # the fixture, used by name


def look_at(widget: QWidget) -> None:
    """What showing a widget does to its texts: measured, laid out and painted."""
    widget.sizeHint()
    widget.grab()


def hover(widget: QWidget, point: QPoint | None = None) -> None:
    """The tooltip event a pause of the mouse sends (item views answer it from the model)."""
    point = point if point is not None else widget.rect().center()
    QApplication.sendEvent(
        widget, QHelpEvent(QEvent.Type.ToolTip, point, widget.mapToGlobal(point))
    )
    QToolTip.hideText()


def hover_item(view: QAbstractItemView, index: QModelIndex) -> None:
    view.scrollTo(index)
    hover(view.viewport(), view.visualRect(index).center())


def test_a_pdf_title_and_a_file_name_of_markup_show_as_written_in_the_panes(
    make_window, detector: ReadDetector, tmp_path: Path, qtbot
) -> None:
    pdf = hostile_pdf(detector, tmp_path)
    named = tmp_path / f"{detector.file_name}.txt"
    named.write_text("A file with a strange name.\n", encoding="utf-8")
    window = make_window(left=pdf, right=named)
    for pane in window.panes:
        wait_until_read(qtbot, pane)
        look_at(pane)
        hover(pane.title_label)
    assert window.left.title_label.text() == detector.img
    assert window.right.title_label.text() == detector.file_name
    assert detector.reads() == 0


def test_a_project_holding_markup_opens_and_is_hovered_without_reading_a_file(
    make_window, detector: ReadDetector, tmp_path: Path, qtbot
) -> None:
    """The poisoned values are stored, so the harm would come back at every open: open the
    project, read the note of the annotation, hover every cell of its row, its code in the
    codebook, and the Undo button once an edit names the code."""
    hostile = hostile_project(detector, tmp_path)
    window = make_window(project=hostile.path)
    qtbot.waitUntil(lambda: window.host.list_dock is not None, timeout=15_000)
    host = window.host
    for pane in window.panes:
        wait_until_read(qtbot, pane)
    qtbot.waitUntil(lambda: host.list_dock.model.index_ready)
    read = {"launch": detector.reads()}

    def sink(name: str, action: Callable[[], object]) -> None:
        before = detector.reads()
        action()
        read[name] = detector.reads() - before

    sink("opening", lambda: [look_at(pane) for pane in window.panes])
    note = host.note_dock
    sink("note", lambda: (host.annotator.set_current(hostile.annotation), look_at(note)))
    listing = host.list_dock
    row = listing.model.row_of(hostile.annotation)
    for column in Column:
        sink(
            f"list {column.name.lower()} tooltip",
            lambda column=column: hover_item(listing.view, listing.model.index(row, column)),
        )
    codebook = host.codebook_dock
    (found,) = codebook.proxy.match(
        codebook.proxy.index(0, 0), CODE_ID_ROLE, hostile.code, 1, Qt.MatchFlag.MatchRecursive
    )
    sink("codebook tooltip", lambda: hover_item(codebook.tree, found))
    host.bridge.execute(RenameCode(CodeId(hostile.code), f"{detector.img} renamed"))
    undo = window.findChild(QWidget, "annotateToolbar").widgetForAction(
        window.actions_by_id["undo"]
    )
    sink("undo button tooltip", lambda: hover(undo))
    assert {name: count for name, count in read.items() if count} == {}
    assert note.quote.text() == f"“{detector.img}”"
    assert detector.img in note.rendered.toPlainText()  # raw HTML in a note is shown as typed
    guessing = [
        label.objectName() or label.text()
        for label in window.findChildren(QLabel)
        if label.textFormat() != Qt.TextFormat.PlainText and label.objectName() != "qtooltip_label"
    ]  # Qt's own, showing our escaped tip
    assert guessing == []


def test_dialogs_and_messages_show_markup_as_written(
    detector: ReadDetector, tmp_path: Path, qtbot, monkeypatch
) -> None:
    """The code picker's tooltips, the filter choices' tooltips, the codebook's dialogs, a
    refused project's message and an import's report, each given the markup."""
    from desktop.store import ProjectError, open_project
    from desktop.ui.annotation_filter_bar import AnnotationFilterBar
    from desktop.ui.code_dialogs import ConfirmDialog, DescriptionDialog, NameDialog
    from desktop.ui.code_picker import CodePicker
    from desktop.ui.interop_dialogs import ImportReportDialog
    from desktop.ui.project_dialogs import ProjectProblem

    hostile = hostile_project(detector, tmp_path)
    shown: list[str] = []

    def exec_(box: QMessageBox) -> int:
        look_at(box)
        shown.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    read: dict[str, int] = {}

    def sink(name: str, action: Callable[[], object]) -> None:
        before = detector.reads()
        action()
        read[name] = detector.reads() - before

    project = open_project(hostile.path)
    try:
        book = project.codes.codebook()
        picker = CodePicker(None, book)
        qtbot.addWidget(picker)
        picker.show()
        picker.search.setText(detector.img)
        sink("code picker tooltip", lambda: hover_item(picker.list, picker.matches.index(0)))
        bar = AnnotationFilterBar(project)
        qtbot.addWidget(bar)
        for combo in (bar.code, bar.document, bar.reviewer):
            tips = [combo.itemData(i, Qt.ItemDataRole.ToolTipRole) for i in range(combo.count())]
            sink(
                f"{combo.objectName() or combo.accessibleName()} choice tooltips",
                lambda tips=tips: [
                    (QToolTip.showText(QPoint(9, 9), tip), QToolTip.hideText())
                    for tip in tips
                    if tip
                ],
            )
    finally:
        project.close()
    name = NameDialog(
        None,
        title="Add code",
        label=f"Name of the new code under “{detector.img}”:",
        text="",
        check=None,
    )
    qtbot.addWidget(name)
    sink("name dialog", lambda: look_at(name))
    description = DescriptionDialog(None, name=detector.img, text="")
    qtbot.addWidget(description)
    sink("description dialog", lambda: look_at(description))
    sink(
        "confirmation",
        lambda: ConfirmDialog.ask(
            None, title="Delete code", action="Delete", text=f"Delete {detector.img}?"
        ),
    )
    refused = tmp_path / f"{detector.file_name}.accord"
    sink(
        "refused project",
        lambda: ProjectProblem.ask(
            None, ProjectError(refused, "it is damaged."), backup=refused.with_suffix(".bak")
        ),
    )

    class Report:
        def lines(self) -> list[str]:
            return [f"Imported “{detector.img}”."] * 6

    sink("import report", lambda: ImportReportDialog.show_report(None, Report()))
    assert {name: count for name, count in read.items() if count} == {}
    assert f"Delete {detector.img}?" in shown


def test_a_web_link_in_a_note_opens_only_after_the_analyst_confirms_it(
    detector: ReadDetector, tmp_path: Path, qtbot, monkeypatch
) -> None:
    from PySide6.QtGui import QDesktopServices

    from desktop.store import open_project
    from desktop.ui import note_panel
    from desktop.ui.code_dialogs import ConfirmDialog
    from desktop.ui.editor_bridge import EditorBridge

    hostile = hostile_project(detector, tmp_path)
    project = open_project(hostile.path)
    bridge = EditorBridge(project=project)
    dock = note_panel.NoteDock(bridge)
    qtbot.addWidget(dock)
    dock.resize(500, 400)
    dock.show()
    dock.load(hostile.annotation)
    asked, opened, refused = [], [], []
    answer = False
    monkeypatch.setattr(
        ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: asked.append(k["text"]) or answer)
    )
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    monkeypatch.setattr(note_panel, "warn", lambda parent, title, text: refused.append(text))
    browser = dock.rendered

    def click(words: str) -> None:
        cursor = browser.textCursor()
        cursor.setPosition(browser.document().find(words).selectionStart() + 2)
        qtbot.mouseClick(
            browser.viewport(), Qt.MouseButton.LeftButton, pos=browser.cursorRect(cursor).center()
        )

    click("the file")  # a path: never handed to the desktop, even if confirmed
    assert asked == [] and len(refused) == 1 and str(detector.fifo) in refused[0]
    click("the site")
    answer = True
    click("the site")
    assert len(asked) == 2 and "https://example.org/clause" in asked[0]
    assert opened == ["https://example.org/clause"]  # once, after the yes
    assert dock.stack.currentWidget() is browser  # a click on a link does not start editing
    assert detector.reads() == 0
    project.close()
