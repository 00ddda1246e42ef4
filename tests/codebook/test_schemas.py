"""The shipped REFI-QDA schemas, built once per process however many threads ask."""

from __future__ import annotations

import threading

from desktop.codebook import xmlsafe
from desktop.codebook.xmlsafe import PROJECT_NS, schema_for


def test_threads_asking_for_a_schema_at_once_share_one_build() -> None:
    """An import builds its schema in a thread of its own, which an export may meet."""
    xmlsafe._schema.cache_clear()  # (as in a new process)
    built: list[object] = []
    threads = [
        threading.Thread(target=lambda: built.append(schema_for(PROJECT_NS))) for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 3 and built[0] is built[1] is built[2]
