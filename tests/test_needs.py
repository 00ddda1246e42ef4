"""A test that needs a file from beside the checkout skips without it on a developer's machine
and fails without it in CI, which has it (tests/needs.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import pytest_runtest_setup
from tests.needs import require


def test_a_missing_file_fails_the_test_in_ci(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"the shared specs is not at .*must run"):
        require(tmp_path / "specs", "the shared specs")


def test_a_missing_file_skips_the_test_elsewhere_saying_what_is_missing(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="the shared specs is not at"):
        require(tmp_path / "specs", "the shared specs")


def test_a_file_that_is_there_is_handed_back(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CI", "true")
    assert require(tmp_path, "a folder") == tmp_path


class _MarkedTest:
    """What the hook reads of a test marked ``@needs(path, what)``."""

    def __init__(self, path: Path) -> None:
        self._mark = pytest.mark.needs(path, "the shared specs").mark

    def iter_markers(self, name: str) -> Iterator[pytest.Mark]:
        return iter([self._mark] if name == "needs" else [])


def test_a_test_marked_needs_fails_before_it_runs_in_ci(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="the shared specs is not at"):
        pytest_runtest_setup(_MarkedTest(tmp_path / "specs"))  # type: ignore[arg-type]
