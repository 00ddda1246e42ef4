"""How Accord starts its child processes, from a checkout and in the frozen bundle."""

from __future__ import annotations

import sys

import pytest

from desktop.core import children


def test_from_a_checkout_a_child_is_python_dash_m(monkeypatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    command = children.module_command("desktop.documents.worker", "--parent", "1")
    assert command == [sys.executable, "-m", "desktop.documents.worker", "--parent", "1"]
    assert children.child_environment()["PYTHONPATH"].startswith(children._ROOT)


def test_in_the_bundle_a_child_is_the_bundles_executable_told_which_module(monkeypatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delenv("PYTHONPATH", raising=False)
    command = children.module_command("desktop.documents.worker", "--parent", "1")
    assert command == [
        sys.executable,
        children.CHILD_FLAG,
        "desktop.documents.worker",
        "--parent",
        "1",
    ]
    assert "PYTHONPATH" not in children.child_environment()


def test_the_bundles_entry_point_runs_the_child_module_as_main(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    argv = ["accord", children.CHILD_FLAG, "desktop.formats.refi.qdpx_child", str(tmp_path)]
    with pytest.raises(SystemExit):  # (its __main__ ends with sys.exit)
        children.run_child(argv)
    assert sys.argv[1:] == [str(tmp_path)]


@pytest.mark.parametrize(
    "argv",
    [
        ["accord"],
        ["accord", "--exit-when-ready"],
        ["accord", children.CHILD_FLAG, "http.server", "8000"],
        ["accord", children.CHILD_FLAG],
    ],
)
def test_anything_else_is_accord_itself(argv) -> None:
    assert children.run_child(argv) is False
