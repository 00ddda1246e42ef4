"""Words from outside shown as words: text from a document, a file name or a project.

Qt guesses the format of a label's, a tooltip's and a message box's text: when its first line
holds something that looks like a tag, it is rendered as rich text, and rich text loads the
``<img>`` sources it names from the file system (``/dev/zero`` until memory runs out, a FIFO
for ever). A PDF's title, a file's name, an author or a code name from an imported file is
such text, and it is kept in the project, so the harm would come back at every open. So every
widget that shows such words takes them through here: labels and message boxes in plain-text
format, tooltips escaped into rich text of our own making, and menu texts whose ``&`` stays an
``&`` instead of underlining the next letter.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, Qt  # QtGui's Qt also holds convertFromPlainText
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def tooltip(text: str | None) -> str | None:
    """A tooltip that shows ``text`` as written: escaped (``<`` becomes ``&lt;``) in a
    paragraph, so Qt sees rich text in which no tag comes from ``text``. Lines are kept.
    None when there is nothing to show (no tooltip at all)."""
    return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal) if text else None


class PlainLabel(QLabel):
    """A label that never reads its text as markup (set before the text: a QLabel parses its
    text as soon as it is given)."""

    def __init__(self, text: str = "", parent: QWidget | None = None, **properties: object) -> None:
        super().__init__(parent, **properties)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)


def message_box(
    parent: QWidget | None, *, icon: QMessageBox.Icon, title: str, text: str, informative: str = ""
) -> QMessageBox:
    """A message box whose texts are shown as written (its details are always plain)."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    if informative:
        box.setInformativeText(" ")  # made first, so the format below reaches it too
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    return box


def warn(parent: QWidget | None, title: str, text: str) -> None:
    message_box(parent, icon=QMessageBox.Icon.Warning, title=title, text=text).exec()


def inform(parent: QWidget | None, title: str, text: str) -> None:
    message_box(parent, icon=QMessageBox.Icon.Information, title=title, text=text).exec()


def literal_ampersands(text: str) -> str:
    """``text`` for a menu entry: each ``&`` shown, not taken as the next letter's shortcut,
    and a tab (which starts a menu entry's shortcut column) shown as a space."""
    return text.replace("&", "&&").replace("\t", " ")


def set_action_text(action: QAction, text: str) -> None:
    """Name ``action`` with outside words (an undo step naming a code): shown as written in
    its menu, and in the tooltip of its toolbar button, which Qt would otherwise make from the
    text and read as markup."""
    action.setText(literal_ampersands(text))
    action.setToolTip(tooltip(text) or "")
