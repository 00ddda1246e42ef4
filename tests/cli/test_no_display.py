"""``accord`` where no window can be opened: one line saying why and what to do, a non-zero exit
status, and nothing else on stderr (no Qt abort, no traceback from a document worker)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.ui.display import EXIT_NO_DISPLAY, debian_package, no_display_sentence, unresolved


def _accord_without_display(tmp_path: Path, **environment: str) -> subprocess.CompletedProcess:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    env.update(ACCORD_DATA_DIR=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path), **environment)
    return subprocess.run(
        [sys.executable, "-m", "desktop"],
        capture_output=True,  # until every process holding the pipe (the workers too) ends
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def _one_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == EXIT_NO_DISPLAY, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("accord: cannot open a window: ")
    return lines[0]


def test_without_display_variable_it_says_so_in_one_line(tmp_path) -> None:
    line = _one_line(_accord_without_display(tmp_path, QT_QPA_PLATFORM="xcb"))
    assert "“xcb”" in line
    # (where the plugin's libraries are missing, that is what is said, with what to install)
    assert "DISPLAY is not set" in line or "apt install" in line


def test_a_display_nobody_serves_is_named(tmp_path) -> None:
    free = next(n for n in range(97, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    line = _one_line(_accord_without_display(tmp_path, QT_QPA_PLATFORM="xcb", DISPLAY=f":{free}"))
    assert "“xcb”" in line
    assert f"DISPLAY=:{free}" in line or "apt install" in line


def test_a_platform_plugin_qt_does_not_have_is_named_with_those_it_has(tmp_path) -> None:
    line = _one_line(_accord_without_display(tmp_path, QT_QPA_PLATFORM="nosuchplugin"))
    assert "“nosuchplugin”" in line
    assert "offscreen" in line  # one that this installation has


def test_missing_libraries_are_read_from_ldd_and_named_by_their_package() -> None:
    listing = (
        "\tlinux-vdso.so.1 (0x00007ffd)\n"
        "\tlibxcb-cursor.so.0 => not found\n"
        "\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f)\n"
        "\tlibxkbcommon-x11.so.0 => not found\n"
    )
    assert unresolved(listing) == ["libxcb-cursor.so.0", "libxkbcommon-x11.so.0"]
    assert [debian_package(name) for name in unresolved(listing)] == [
        "libxcb-cursor0",
        "libxkbcommon-x11-0",
    ]
    assert debian_package("libEGL.so.1") == "libegl1"
    assert debian_package("libdbus-1.so.3") == "libdbus-1-3"


@pytest.mark.parametrize(
    "messages",
    [
        ["something unforeseen went wrong", "no platform plugin could be initialized."],
        [],
    ],
)
def test_whatever_qt_says_becomes_one_line(messages) -> None:
    sentence = no_display_sentence(messages)
    assert "\n" not in sentence and sentence.startswith("cannot open a window")
