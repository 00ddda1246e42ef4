"""A ``.qdpx`` of any size is read by one code path: in this process or in a child, the same
messages are decoded and checked the same way; only where the reading runs differs."""

from __future__ import annotations

from pathlib import Path

from desktop.formats.incoming import collect
from desktop.formats.refi import qdpx_child
from tests.formats.qdpx_files import archive, selection, text_source

GUIDS = ("0B6F1C52-7A0E-5B52-9C0B-ACC0DE4E7A11", "0B6F1C52-7A0E-5B52-9C0B-ACC0DE4E7A12")


def _read(path: Path, *, in_child: bool) -> object:
    with qdpx_child.events(path, in_child=in_child) as read:
        return collect(path.name, read)


def test_the_reading_in_a_child_and_here_hand_on_the_same(tmp_path: Path) -> None:
    body = text_source(selection(GUIDS[0], 0, 5) + selection(GUIDS[1], 6, 9))
    path = archive(tmp_path, body, files={"T.txt": b"Water and energy"})
    here, there = _read(path, in_child=False), _read(path, in_child=True)
    assert here == there
    assert [a.exact for a in here.annotations] == ["Water", "and"]  # type: ignore[attr-defined]
