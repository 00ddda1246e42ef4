"""The Qt face of the document worker processes.

All PyMuPDF work happens in worker processes, one per open document (PyMuPDF holds the GIL while
it renders, so a thread would freeze the window). ``DocumentClient`` delivers the workers'
answers on their reader threads; this bridge re-emits each one as a Qt signal, which Qt queues
to the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.documents.client import DocumentClient
from desktop.documents.protocol import (
    DocumentStopped,
    Failed,
    Opened,
    OpenFailed,
    Rendered,
    TextPages,
    WorkerRestarted,
)


class DocumentService(QObject):
    """One client shared by both panes; panes tell their answers apart by request id and key."""

    opened = Signal(object)  # Opened
    open_failed = Signal(object)  # OpenFailed
    document_stopped = Signal(object)  # DocumentStopped
    rendered = Signal(object)  # Rendered
    text_pages_arrived = Signal(object)  # TextPages
    request_failed = Signal(object)  # Failed
    worker_restarted = Signal()

    def __init__(self, client: DocumentClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client

    def deliver(self, event: object) -> None:
        """Called for each worker event, on the client's reader thread (or, for events held
        since launch, on the GUI thread once the window is ready for them)."""
        if isinstance(event, Rendered):
            self.rendered.emit(event)
        elif isinstance(event, TextPages):
            self.text_pages_arrived.emit(event)
        elif isinstance(event, Opened):
            self.opened.emit(event)
        elif isinstance(event, OpenFailed):
            self.open_failed.emit(event)
        elif isinstance(event, DocumentStopped):
            self.document_stopped.emit(event)
        elif isinstance(event, Failed):
            self.request_failed.emit(event)
        elif isinstance(event, WorkerRestarted):
            self.worker_restarted.emit()

    def shutdown(self) -> None:
        self.client.shutdown()
