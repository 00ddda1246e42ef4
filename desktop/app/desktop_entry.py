"""``accord --install-desktop`` and ``--uninstall-desktop``: the freedesktop integration for the
current user, from the files that ship in ``resources/desktop``.

Installed under ``$XDG_DATA_HOME`` (``~/.local/share`` when unset), where every freedesktop
desktop looks: the launcher entry (its ``Exec`` the command that ran this, so a bundle copied
anywhere or a checkout's ``uv run`` both launch themselves), the AppStream metainfo, the icon
in every size, and the MIME type of ``.accord`` projects, so a double-click on one opens it.
The desktop's caches are refreshed with its own tools where they are installed
(``update-mime-database``, ``update-desktop-database``, ``gtk-update-icon-cache``); without
them the files still take effect when the desktop next rescans.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from desktop.bundled import resource_file
from desktop.core.children import frozen

APP_ID = "org.accordreader.Accord"
"""The reverse-DNS name the desktop knows Accord by: its entry, metainfo, icon and MIME files."""

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

_REFRESH = (
    ("update-mime-database", "mime"),
    ("update-desktop-database", "applications"),
    ("gtk-update-icon-cache", "icons/hicolor"),
)


def data_home() -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` as the specification says when it is unset."""
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def launch_command() -> list[str]:
    """The command that starts this Accord: the bundle's executable, the ``accord`` script that
    ran, or this Python with ``-m desktop``."""
    if frozen():
        return [sys.executable]
    script = Path(sys.argv[0])
    if script.name == "accord" and script.is_file():
        return [str(script.resolve())]
    return [sys.executable, "-m", "desktop"]


def _placed() -> Iterator[tuple[Path, Path]]:
    """Each shipped file and where it goes under the data home."""
    yield resource_file("desktop", f"{APP_ID}.metainfo.xml"), Path("metainfo")
    yield resource_file("desktop", f"{APP_ID}.mime.xml"), Path("mime", "packages", f"{APP_ID}.xml")
    icons = Path("icons", "hicolor")
    yield resource_file("desktop", "icons", f"{APP_ID}.svg"), icons / "scalable" / "apps"
    for size in ICON_SIZES:
        yield (
            resource_file("desktop", "icons", f"{APP_ID}-{size}.png"),
            icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png",
        )


def desktop_entry_text(command: list[str]) -> str:
    """The shipped launcher entry, with ``Exec`` and ``TryExec`` naming ``command``."""
    lines = []
    for line in resource_file("desktop", f"{APP_ID}.desktop").read_text("utf-8").splitlines():
        if line.startswith("Exec="):
            line = "Exec=" + " ".join(map(_exec_argument, command)) + " %F"
        elif line.startswith("TryExec="):
            line = "TryExec=" + command[0]
        lines.append(line)
    return "\n".join(lines) + "\n"


def _exec_argument(argument: str) -> str:
    """One argument of an ``Exec`` line, quoted as the Desktop Entry specification asks."""
    if argument and not any(c in argument for c in " \t\n\"'\\><~|&;$*?#()`%="):
        return argument
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
    return f'"{escaped.replace("%", "%%")}"'


def install(*, out: list[str]) -> list[Path]:
    """Install the integration for this user; the files written (``out`` gets what to say)."""
    home = data_home()
    written = []
    entry = home / "applications" / f"{APP_ID}.desktop"
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(desktop_entry_text(launch_command()), encoding="utf-8")
    written.append(entry)
    for source, place in _placed():
        target = home / place
        if target.suffix == "":  # a folder: the file keeps its name
            target = target / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    _refresh(home, out=out)
    out.append(f"Installed Accord's launcher, icon and project file type in {home}.")
    return written


def uninstall(*, out: list[str]) -> list[Path]:
    """Remove what ``install`` wrote; the files removed."""
    home = data_home()
    removed = []
    candidates = [home / "applications" / f"{APP_ID}.desktop"]
    for source, place in _placed():
        candidates.append(home / place / source.name if place.suffix == "" else home / place)
    for path in candidates:
        if path.is_file():
            path.unlink()
            removed.append(path)
    _refresh(home, out=out)
    out.append(f"Removed Accord's launcher, icon and project file type from {home}.")
    return removed


def _refresh(home: Path, *, out: list[str]) -> None:
    """Have the desktop read the changed folders now, with whichever of its tools are here."""
    for tool, folder in _REFRESH:
        path = home / folder
        if shutil.which(tool) is None or not path.is_dir():
            continue
        arguments = (
            ["-q", "-t", "-f", str(path)] if tool == "gtk-update-icon-cache" else [str(path)]
        )
        done = subprocess.run([tool, *arguments], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            out.append(
                f"{tool} failed ({done.stderr.strip() or done.returncode}); the desktop "
                "will see the change when it next rescans."
            )
