"""The freedesktop integration: the shipped launcher entry, AppStream metainfo and MIME type
are valid, ``accord --install-desktop`` installs them (with the icon) for the user under
``XDG_DATA_HOME`` and ``--uninstall-desktop`` removes them, and a project file given as the
file opens as the project (what a double-click on it does)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.app.desktop_entry import APP_ID, ICON_SIZES, _exec_argument, desktop_entry_text
from desktop.bundled import resources_folder
from tests.needs import require

SHIPPED = resources_folder() / "desktop"


def _tool(name: str, package: str) -> str:
    """A desktop tool the check needs: skipped without it, except in CI (tests/needs.py)."""
    found = shutil.which(name)
    return found or str(require(Path("/usr/bin") / name, f"{name} (Debian package {package})"))


def _accord(*args: str, data_home: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(data_home),
        "ACCORD_DATA_DIR": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_the_shipped_launcher_entry_is_valid() -> None:
    validate = _tool("desktop-file-validate", "desktop-file-utils")
    checked = subprocess.run(
        [validate, str(SHIPPED / f"{APP_ID}.desktop")], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "error" not in checked.stdout.lower()


def test_the_shipped_appstream_metainfo_is_valid() -> None:
    appstreamcli = _tool("appstreamcli", "appstream")
    checked = subprocess.run(
        [appstreamcli, "validate", "--no-net", str(SHIPPED / f"{APP_ID}.metainfo.xml")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    metainfo = (SHIPPED / f"{APP_ID}.metainfo.xml").read_text("utf-8")
    for part in ("<screenshot ", "<content_rating ", "<release ", "<launchable "):
        assert part in metainfo


def test_install_and_uninstall_for_the_user(tmp_path) -> None:
    home = tmp_path / "share"
    installed = _accord("--install-desktop", data_home=home, tmp_path=tmp_path)
    assert installed.returncode == 0, installed.stderr
    assert str(home) in installed.stdout
    entry = home / "applications" / f"{APP_ID}.desktop"
    exec_line = next(x for x in entry.read_text("utf-8").splitlines() if x.startswith("Exec="))
    assert exec_line == f"Exec={_exec_argument(sys.executable)} -m desktop %F"
    ours = [
        entry,
        home / "metainfo" / f"{APP_ID}.metainfo.xml",
        home / "mime" / "packages" / f"{APP_ID}.xml",
        home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
        *(home / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in ICON_SIZES),
    ]
    assert all(path.is_file() for path in ours)
    validate = _tool("desktop-file-validate", "desktop-file-utils")
    assert subprocess.run([validate, str(entry)], check=False).returncode == 0
    _tool("update-mime-database", "shared-mime-info")  # (the glob below is its work)
    assert "application/x-accord-project:*.accord" in (home / "mime" / "globs2").read_text()

    removed = _accord("--uninstall-desktop", data_home=home, tmp_path=tmp_path)
    assert removed.returncode == 0, removed.stderr
    assert not any(path.exists() for path in ours)
    assert "x-accord-project" not in (home / "mime" / "globs2").read_text()


@pytest.mark.parametrize(
    ("argument", "written"),
    [
        ("/opt/accord/accord", "/opt/accord/accord"),
        ("/home/ada/My Apps/accord", '"/home/ada/My Apps/accord"'),
        ('/tmp/a"b$c', '"/tmp/a\\"b\\$c"'),
        ("/tmp/100%", '"/tmp/100%%"'),
    ],
)
def test_exec_arguments_are_quoted_as_the_specification_asks(argument, written) -> None:
    assert _exec_argument(argument) == written
    assert f"Exec={written} %F" in desktop_entry_text([argument])


def test_a_project_given_as_the_file_opens_as_the_project(tmp_path) -> None:
    project = tmp_path / "from the file manager.accord"
    ready = _accord(
        str(project), "--exit-when-project-ready", data_home=tmp_path, tmp_path=tmp_path
    )
    assert ready.returncode == 0, ready.stderr
    assert project.is_file()  # made there, not in the user data folder
    assert not (tmp_path / "data" / "Accord.accord").exists()


def test_the_window_and_task_bar_icon_and_the_entry_name(qapp) -> None:
    from desktop.ui.display import introduce

    introduce(qapp)
    sizes = {size.width() for size in qapp.windowIcon().availableSizes()}
    assert sizes == set(ICON_SIZES)
    assert qapp.desktopFileName() == APP_ID
