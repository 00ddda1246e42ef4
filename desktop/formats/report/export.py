"""The annotation report, as Markdown or as self-contained HTML.

Headline counts and the filters applied; every quote grouped by facet and code (codebook order,
the hierarchy as heading levels), each with its document, page, reviewer, date and note; the
theme × instrument matrix; and, per document and facet, the clauses no annotation covers.
The content is gathered once (``model``) and written by one renderer per format.

The output is deterministic (no time of export in it): the same project and filters give the
same bytes, so two reports can be compared with ``diff``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop.formats.files import atomic_output
from desktop.formats.report import render_html, render_markdown
from desktop.formats.report.model import Report, gather
from desktop.formats.source import ExportSource, Progress, no_progress

_BUFFER = 1 << 20


def export_markdown(source: ExportSource, path: Path, *, progress: Progress = no_progress) -> None:
    _write(gather(source, progress), path, render_markdown.render)


def export_html(source: ExportSource, path: Path, *, progress: Progress = no_progress) -> None:
    _write(gather(source, progress), path, render_html.render)


def _write(
    report: Report, path: Path, render: Callable[[Report, Callable[[str], object]], None]
) -> None:
    with (
        atomic_output(Path(path)) as temporary,
        temporary.open("w", encoding="utf-8", newline="\n", buffering=_BUFFER) as output,
    ):
        render(report, output.write)
