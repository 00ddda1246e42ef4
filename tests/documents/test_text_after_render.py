"""At launch a document's text waits for its first page: the page is what the reader waits for."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest

from desktop.documents.client import DocumentClient
from desktop.documents.opening import open_document
from desktop.documents.protocol import Failed, Opened, Rendered, TextPages
from tests.documents.conftest import ARTICLE, LETTER, bundled

TIMEOUT = 60.0


class Events:
    def __init__(self) -> None:
        self.seen: list[object] = []
        self._arrived = threading.Condition()

    def __call__(self, event: object) -> None:
        with self._arrived:
            self.seen.append(event)
            self._arrived.notify_all()

    def wait_for(self, matches: Callable[[object], bool]) -> object:
        with self._arrived:
            found = self._arrived.wait_for(
                lambda: next((e for e in self.seen if matches(e)), None), timeout=TIMEOUT
            )
        assert found is not None, f"no such event among {[type(e).__name__ for e in self.seen]}"
        return found

    def text(self, key: int, page_count: int) -> str:
        def pages() -> list:
            return [
                p for e in self.seen if isinstance(e, TextPages) and e.key == key for p in e.pages
            ]

        self.wait_for(lambda _: len(pages()) == page_count)
        return "".join(page.text for page in pages())

    def text_events(self, key: int) -> list[TextPages]:
        with self._arrived:
            return [e for e in self.seen if isinstance(e, TextPages) and e.key == key]


@pytest.fixture
def worker() -> Iterator[tuple[DocumentClient, Events]]:
    events = Events()
    client = DocumentClient(events)
    client.start()
    yield client, events
    client.shutdown()


def _opened(events: Events, request: int) -> Opened:
    return events.wait_for(lambda e: isinstance(e, Opened) and e.request == request)


def test_held_text_streams_only_once_a_page_has_rendered(
    worker: tuple[DocumentClient, Events],
) -> None:
    client, events = worker
    held = _opened(events, client.open(bundled(LETTER), text_after_render=True)).info
    other = _opened(events, client.open(bundled(ARTICLE))).info
    events.text(other.key, other.page_count)  # the worker has been idle since: no held text
    assert events.text_events(held.key) == []

    render = client.render(held.key, 0, 1.0)
    rendered = events.wait_for(lambda e: isinstance(e, Rendered) and e.request == render)
    with open_document(LETTER) as local:
        assert events.text(held.key, held.page_count) == local.text_layer().text
    assert events.seen.index(rendered) < events.seen.index(events.text_events(held.key)[0])


def test_a_render_that_fails_lets_the_text_through(
    worker: tuple[DocumentClient, Events],
) -> None:
    client, events = worker
    held = _opened(events, client.open(bundled(LETTER), text_after_render=True)).info
    render = client.render(held.key, held.page_count + 5, 1.0)
    events.wait_for(lambda e: isinstance(e, Failed) and e.request == render)
    with open_document(LETTER) as local:
        assert events.text(held.key, held.page_count) == local.text_layer().text
