"""Where file dialogs open: never in the hidden data folder."""

from __future__ import annotations

from pathlib import Path

from desktop.app.start_folders import documents_folder, start_folder


def test_the_last_folder_used_comes_first_unless_it_is_gone_or_in_the_data_folder(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    (data / "documents").mkdir(parents=True)
    last, project = tmp_path / "last", tmp_path / "projects"
    last.mkdir()
    project.mkdir()
    assert start_folder(str(last), project, data_folder=data) == last
    assert start_folder(str(tmp_path / "gone"), project, data_folder=data) == project
    assert start_folder(str(data / "documents"), data, data_folder=data) == documents_folder()
    assert start_folder(None, None, data_folder=data) == documents_folder()
    assert not documents_folder().resolve().is_relative_to(data)
