"""``accord list`` streams: the output comes in flushed blocks, as ``json.dump`` or a CSV
writer would have written the whole list at once."""

from __future__ import annotations

import csv
import io
import json

from desktop.app import terminal
from desktop.app.anchors import annotation_from_span
from desktop.core.model import CodeId
from tests.app.conftest import Workbench

COUNT = 1200


class Flushes(io.StringIO):
    """An output that notes how much had been written at each flush."""

    def __init__(self) -> None:
        super().__init__()
        self.flushed_at: list[int] = []

    def flush(self) -> None:
        self.flushed_at.append(len(self.getvalue()))


def _fill(bench: Workbench) -> None:
    codes = [CodeId(c.guid) for c in bench.project.codes.codebook() if c.is_codable]
    for number in range(COUNT):
        start = number % (len(bench.layer.text) - 20)
        bench.editor.execute(
            annotation_from_span(
                bench.layer,
                start,
                start + 12,
                document_id=bench.document_id,
                code_ids=(codes[number % len(codes)],),
                note="“note”\n2" if number % 7 else "",
            )
        )


def test_list_as_json_is_written_in_flushed_blocks_of_the_same_array(bench: Workbench) -> None:
    _fill(bench)
    out = Flushes()
    terminal.list_annotations(bench.path, typed={}, output_format="json", out=out)
    rows = json.loads(out.getvalue())
    assert len(rows) == COUNT
    lines = out.getvalue().splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == COUNT + 2  # an element a line
    assert len(out.flushed_at) >= 2
    assert out.flushed_at[0] < len(out.getvalue()) // 2


def test_list_as_csv_is_written_in_flushed_blocks(bench: Workbench) -> None:
    _fill(bench)
    json_out, csv_out = io.StringIO(), Flushes()
    for output_format, out in (("json", json_out), ("csv", csv_out)):
        terminal.list_annotations(bench.path, typed={}, output_format=output_format, out=out)
    rows = list(csv.DictReader(io.StringIO(csv_out.getvalue())))
    assert rows == [
        {name: str(value) for name, value in row.items()} for row in json.loads(json_out.getvalue())
    ]
    assert len(csv_out.flushed_at) >= 2


def test_an_empty_list_is_an_empty_array(bench: Workbench) -> None:
    out = io.StringIO()
    terminal.list_annotations(bench.path, typed={}, output_format="json", out=out)
    assert out.getvalue() == "[]\n"
