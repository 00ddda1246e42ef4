"""One side of the reader: a document's title and position, its pages, its find bar.

A pane opens files through the document service, each file in a worker process of its own. A
file that cannot be opened, or whose worker is stopped later (too slow, out of memory, a crash
in MuPDF), leaves a message in this pane alone; the other pane and the rest of the window keep
working.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.app.launching import ShownDocument
from desktop.documents.protocol import DocumentStopped, Opened, OpenFailed
from desktop.ui.document_service import DocumentService
from desktop.ui.elided_label import ElidedLabel
from desktop.ui.find_bar import FindBar
from desktop.ui.page_view import PageView
from desktop.ui.plain_text import PlainLabel, tooltip

OPEN_FILTER = (
    "Documents (*.pdf *.html *.htm *.xhtml *.txt *.md *.markdown *.epub);;"
    "PDF (*.pdf);;HTML (*.html *.htm *.xhtml);;Text and Markdown (*.txt *.md *.markdown);;"
    "EPUB (*.epub);;All files (*)"
)


class MessagePage(QWidget):
    """What a pane shows instead of pages when its file could not be opened."""

    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = PlainLabel(wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setObjectName("paneMessage")
        button = QPushButton("Open Another File…")
        button.clicked.connect(self.open_requested)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(2)


class DocumentPane(QFrame):
    """A titled page view that accepts files by menu and by drag and drop."""

    ready = Signal()
    """The pane has shown something for the first time: a painted page or a message."""
    activated = Signal()

    def __init__(self, service: DocumentService, side: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side = side
        self.setObjectName(f"{side}Pane")
        self._service = service
        self._request: int | None = None
        self._path: Path | None = None
        self._resume: ShownDocument | None = None
        """Where to open the document the pending request opens, if it is that one."""
        self._announced = False
        self.title_label = ElidedLabel("Opening…")
        self.title_label.setObjectName("paneTitle")
        self.position_label = PlainLabel()
        self.position_label.setObjectName("panePosition")
        self.view = PageView(service)
        self.message = MessagePage()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.message)
        self.find_bar = FindBar(self.view)
        header = QHBoxLayout()
        header.setContentsMargins(8, 4, 8, 4)
        header.addWidget(self.title_label, 1)
        header.addWidget(self.position_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.find_bar)
        self.setAcceptDrops(True)
        service.opened.connect(self._on_service_opened)
        service.open_failed.connect(self._on_service_open_failed)
        service.document_stopped.connect(self._on_service_document_stopped)
        self.view.zoom_changed.connect(self._show_position)
        self.view.current_page_changed.connect(self._show_position)
        self.view.first_page_painted.connect(self._announce_ready)
        self.message.open_requested.connect(self.choose_file)

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def shows_message(self) -> bool:
        return self.stack.currentWidget() is self.message

    def open_file(self, path: Path) -> None:
        self.adopt_request(path, self._service.client.open(str(path)))

    def adopt_request(self, path: Path, request: int) -> None:
        """Wait for the answer to an open request (the launcher sends the first ones early)."""
        self._path = Path(path)
        self._request = request
        self._resume = None
        self.title_label.setText(f"Opening {self._path.name}…")

    def resume_at(self, shown: ShownDocument | None) -> None:
        """Open the pending document where the reader left it last time (if it is still the
        same document): in the first frame, so the pane does not show page 1 and then jump."""
        self._resume = shown

    def shown_document(self) -> ShownDocument | None:
        """The document on screen and where the pane is in it, to resume there next time."""
        info = self.view.document
        if info is None:
            return None
        page, x, y = self.view.reading_position()
        return ShownDocument(info.fingerprint, Path(info.path), page, x, y)

    def choose_file(self) -> None:
        from desktop.ui.settings import dialog_folder, open_settings, remember_dialog_folder

        settings = open_settings()  # (a document shown may be a copy in the data folder)
        name, _filter = QFileDialog.getOpenFileName(
            self, "Open Document", str(dialog_folder(settings)), OPEN_FILTER
        )
        if name:
            remember_dialog_folder(settings, Path(name))
            self.open_file(Path(name))

    def _on_service_opened(self, event: Opened) -> None:
        current = self.view.document
        is_answer = event.request == self._request
        is_reopen = current is not None and event.info.key == current.key and self._request is None
        if not (is_answer or is_reopen):
            return
        if is_answer and current is not None and current.key != event.info.key:
            self._service.client.close(current.key)
        self._request = None
        self.view.set_document(event.info)
        resume, self._resume = self._resume, None
        if is_answer and resume is not None and resume.fingerprint == event.info.fingerprint:
            self.view.go_to(resume.page, resume.x, resume.y)
        self.stack.setCurrentWidget(self.view)
        self.title_label.setText(event.info.title)
        self.title_label.setToolTip(tooltip(f"{event.info.path}\nsha256 {event.info.fingerprint}"))
        self._show_position()

    def _on_service_open_failed(self, event: OpenFailed) -> None:
        if event.request == self._request:
            self._request = None
            self._show_message(event.path, event.message)

    def _on_service_document_stopped(self, event: DocumentStopped) -> None:
        current = self.view.document
        if current is not None and current.key == event.key and self._request is None:
            self._show_message(event.path, event.message)

    def _show_message(self, path: str, message: str) -> None:
        """Show ``message`` instead of pages, and close the document shown until now."""
        if self.view.document is not None:
            self._service.client.close(self.view.document.key)
            self.view.clear_document()
        self.message.label.setText(message)
        self.stack.setCurrentWidget(self.message)
        self.title_label.setText(Path(path).name)
        self.position_label.setText("")
        self.find_bar.close_bar()
        self._announce_ready()

    def _show_position(self) -> None:
        info = self.view.document
        if info is None:
            return
        pages = len(info.page_sizes)
        self.position_label.setText(
            f"Page {self.view.current_page + 1} of {pages} · {round(self.view.zoom * 100)} %"
        )

    def _announce_ready(self) -> None:
        if not self._announced:
            self._announced = True
            self.ready.emit()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_file(files[0])
