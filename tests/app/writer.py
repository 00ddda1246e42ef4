"""A process that annotates as fast as it can and acknowledges each annotation on stdout.

    python -m tests.app.writer PROJECT REVIEWER COUNT

Run by the kill and concurrency tests: a line is printed only after ``execute`` returned, i.e.
after the transaction committed, exactly as ``accord annotate`` prints an id.
"""

from __future__ import annotations

import random
import sys

from desktop.app.anchors import annotation_from_span
from desktop.app.annotating import SetNote
from desktop.app.editor import Editor
from desktop.core.model import CodeId
from desktop.store import open_project
from tests.store.helpers import TEXT, text_layer


def main(project_path: str, reviewer: str, count: int) -> None:
    layer = text_layer(TEXT)
    choose = random.Random(reviewer)
    with open_project(project_path) as project:
        editor = Editor.start(project, reviewer)
        document = project.documents.all()[0].id
        codes = [CodeId(c.guid) for c in project.codes.codebook() if c.is_codable]
        for number in range(count):
            start = choose.randrange(len(TEXT) - 1)
            end = choose.randrange(start + 1, len(TEXT) + 1)
            command = annotation_from_span(
                layer, start, end, document_id=document, code_ids=(choose.choice(codes),)
            )
            editor.execute(command)
            if number % 3 == 0:
                editor.execute(SetNote(command.annotation_id, f"note {number} by {reviewer}"))
            print(command.annotation_id, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
