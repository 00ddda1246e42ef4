"""What the launcher remembers of the panes: documents and reading positions, and what it makes
of a memory file written by an older version or edited by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.app.launching import ShownDocument, remember_shown, remembered_documents
from desktop.core.errors import AccordError
from desktop.userdata import user_data_folder


def _project(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path / "user-data"))
    document = tmp_path / "letter.pdf"
    document.write_bytes(b"%PDF-1.7")
    return tmp_path / "project.accord", document


def test_each_pane_s_page_and_point_come_back(tmp_path, monkeypatch) -> None:
    project, document = _project(tmp_path, monkeypatch)
    shown = [
        ShownDocument("a" * 64, document, 3, -10.5, 412.25),
        ShownDocument("b" * 64, document, 0, 0.0, 0.0),
    ]
    remember_shown(project, shown)
    assert remembered_documents(project) == shown


def test_a_memory_without_positions_or_with_nonsense_opens_at_the_top(
    tmp_path, monkeypatch
) -> None:
    project, document = _project(tmp_path, monkeypatch)
    entries = [
        {"fingerprint": "a", "file": str(document)},  # as written before positions
        {"fingerprint": "b", "file": str(document), "page": -2, "x": "left", "y": None},
        {"fingerprint": "c", "file": str(document), "page": True, "y": 1e9},
    ]
    memory = user_data_folder() / "last-session.json"
    memory.write_text(json.dumps({"panes": {str(project.resolve()): entries}}), encoding="utf-8")
    assert [(d.fingerprint, d.page, d.x, d.y) for d in remembered_documents(project)] == [
        ("a", 0, 0.0, 0.0),
        ("b", 0, 0.0, 0.0),
        ("c", 0, 0.0, 0.0),
    ]


def test_a_file_gone_since_forgets_the_panes(tmp_path, monkeypatch) -> None:
    project, document = _project(tmp_path, monkeypatch)
    remember_shown(project, [ShownDocument("a", document, 1, 0.0, 5.0)])
    document.unlink()
    assert remembered_documents(project) == []


def test_a_project_left_without_documents_opens_with_the_bundled_pair(
    tmp_path, monkeypatch
) -> None:
    """A first launch makes its project before the panes have read their documents; if it
    ends before that, the next launch shows the bundled pair again (not two empty panes)."""
    from desktop.app.launching import plan_launch
    from desktop.app.projects import create_default_project
    from desktop.bundled import bundled_pair

    project, _document = _project(tmp_path, monkeypatch)
    create_default_project(project, []).close()
    plan = plan_launch(project, left=None, right=None)
    plan.project.close()
    assert plan.files == list(bundled_pair())


def test_a_first_launch_makes_its_project_on_a_thread_and_opens_it_on_this_one(
    tmp_path, monkeypatch
) -> None:
    from desktop.app.launching import plan_launch, prepare_project

    project, _document = _project(tmp_path, monkeypatch)
    plan = plan_launch(project, left=None, right=None)
    prepare_project(plan)
    assert plan.project is None and plan.new_project is not None
    made = plan.new_project.open()  # waits for the thread, then opens here
    try:
        assert made.path == project and made.documents.all() == ()
        assert len(made.codes.codebook()) > 10  # the default codebook
    finally:
        made.close()


def test_a_project_that_cannot_be_made_says_why_when_it_is_taken(tmp_path, monkeypatch) -> None:
    from desktop.app.launching import plan_launch, prepare_project

    _project(tmp_path, monkeypatch)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    plan = plan_launch(blocked / "project.accord", left=None, right=None)
    prepare_project(plan)
    with pytest.raises((AccordError, OSError)):
        plan.new_project.open()


def test_an_existing_project_is_opened_by_the_launcher(tmp_path, monkeypatch) -> None:
    from desktop.app.launching import plan_launch, prepare_project
    from desktop.app.projects import create_default_project

    project, document = _project(tmp_path, monkeypatch)
    create_default_project(project, []).close()
    remember_shown(project, [ShownDocument("a", document)])
    plan = plan_launch(project, left=None, right=None)
    assert plan.project is None  # the panes' documents were remembered: not opened to plan
    prepare_project(plan)
    try:
        assert plan.project is not None and plan.new_project is None and plan.error is None
    finally:
        plan.project.close()
