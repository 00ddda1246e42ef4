"""A document reader for text files that needs no worker process, for fast import tests.

It lays a text out exactly as ``tests.store.helpers.text_layer`` does, so the texts it reads
match the ``text_sha256`` of documents made with ``text_document``, as the real worker's texts
match the documents it read.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import TracebackType

from desktop.app.reading import ReadDocument
from tests.store.helpers import text_layer


class TextReader:
    """Reads UTF-8 text files; a context manager like ``DocumentReader``."""

    def __init__(self) -> None:
        self.paths: list[Path] = []

    def __enter__(self) -> TextReader:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        return None

    def read(self, path: str | Path) -> ReadDocument:
        path = Path(path)
        self.paths.append(path)
        data = path.read_bytes()
        return ReadDocument(
            path,
            hashlib.sha256(data).hexdigest(),
            path.stem.title(),
            "text",
            text_layer(data.decode("utf-8")),
        )
