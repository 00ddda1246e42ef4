"""Opening the display, or saying in one line why it cannot be opened.

Without a usable display Qt prints half a dozen lines, one of them a wrong guess (from Qt 6.5
on it blames ``xcb-cursor0`` whenever the ``xcb`` plugin fails, even when that library is
installed and the real cause is that no X server answers), then aborts the process, which
leaves a core dump and the document workers' pipes broken. Here Qt's messages are held while
the application is built; if Qt gives up, the reason is worked out from them and from the
plugin's libraries, said in one line (which platform plugin failed, and what to set or
install), and the process exits with ``EXIT_NO_DISPLAY``, its workers ending with it (they
die with their parent, ``desktop.documents.bounds``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop.app.desktop_entry import APP_ID, ICON_SIZES
from desktop.bundled import resource_file
from desktop.ui.language import chosen_language, install_translators
from desktop.ui.settings import open_settings

EXIT_NO_DISPLAY = 3
"""The exit status when no window can be opened (2 is a subcommand's refused input)."""

_FAILED_PLUGIN = re.compile(r'Could not (load|find) the Qt platform plugin "([^"]*)"')
_AVAILABLE = re.compile(r"Available platform plugins are: (.*?)\.?\s*$", re.DOTALL)
_DISPLAY_ENVIRONMENT = {
    "xcb": ("DISPLAY", "an X server"),
    "wayland": ("WAYLAND_DISPLAY", "a Wayland compositor"),
}


def open_application(argv: list[str]) -> QApplication:
    """The QApplication, or (when Qt cannot open any display) one line on stderr and exit."""
    heard: list[tuple[str, str]] = []

    def hear(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            messages = [text for _category, text in heard] + [message]
            sys.stderr.write(f"accord: {no_display_sentence(messages)}\n")
            sys.stderr.flush()
            os._exit(EXIT_NO_DISPLAY)  # (Qt would abort next: a core dump, no reason given)
        heard.append((context.category or "", message))

    previous = qInstallMessageHandler(hear)
    try:
        app = QApplication(argv)
    finally:
        qInstallMessageHandler(previous)
    for category, message in heard:  # a display opened: what Qt said on the way is worth seeing
        print(f"{category}: {message}" if category else message, file=sys.stderr)
    introduce(app)
    return app


def introduce(app: QApplication) -> None:
    """Give the application its language (``desktop.ui.language``), its icon (every window's,
    and the task bar's) and the name of its launcher entry, by which a Wayland desktop matches
    the window to the entry's icon."""
    install_translators(app, chosen_language(open_settings()))
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(resource_file("desktop", "icons", f"{APP_ID}-{size}.png")))
    app.setWindowIcon(icon)
    app.setDesktopFileName(APP_ID)


def no_display_sentence(messages: list[str]) -> str:
    """Why Qt could open no display, from what it said, in one line that says what to do."""
    said = "\n".join(messages)
    failed = _FAILED_PLUGIN.findall(said)
    if not failed:
        return "cannot open a window: " + " ".join(said.split())
    reasons = []
    for how, plugin in dict.fromkeys(failed):
        if how == "find":
            available = _AVAILABLE.search(said)
            reasons.append(
                f"Qt has no platform plugin “{plugin}” (QT_QPA_PLATFORM names it); this "
                f"installation has: {available.group(1) if available else 'none'}"
            )
        else:
            reasons.append(_why_plugin_failed(plugin))
    return "cannot open a window: " + "; ".join(reasons)


def _why_plugin_failed(plugin: str) -> str:
    missing = missing_libraries(_plugin_file(plugin))
    if missing:
        packages = " ".join(debian_package(soname) for soname in missing)
        return (
            f"Qt's “{plugin}” platform plugin cannot load without {', '.join(missing)}: "
            f"install them (Debian and Ubuntu: apt install {packages})"
        )
    if plugin not in _DISPLAY_ENVIRONMENT:
        return f"Qt's “{plugin}” platform plugin found no display it can use"
    variable, server = _DISPLAY_ENVIRONMENT[plugin]
    display = os.environ.get(variable, "")
    if not display:
        return (
            f"{variable} is not set, so Qt's “{plugin}” platform plugin has no display "
            f"(run Accord in a desktop session, or give it {server}, e.g. xvfb-run accord)"
        )
    return (
        f"Qt's “{plugin}” platform plugin cannot connect to {variable}={display} (is "
        f"{server} running there, and may this user use it?)"
    )


def _plugin_file(plugin: str) -> Path | None:
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    return next(folder.glob(f"libq{plugin}.so*"), None)


def missing_libraries(plugin: Path | None) -> list[str]:
    """The shared libraries the plugin needs that the system does not have (``ldd`` says;
    none known where there is no ``ldd``, i.e. not on Linux)."""
    if plugin is None:
        return []
    try:
        listing = subprocess.run(
            ["ldd", str(plugin)], capture_output=True, text=True, check=False, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return unresolved(listing)


def unresolved(ldd_listing: str) -> list[str]:
    """The libraries ``ldd`` could not find, in its order: its ``libfoo.so.1 => not found``."""
    return [
        line.split("=>")[0].strip()
        for line in ldd_listing.splitlines()
        if line.strip().endswith("=> not found")
    ]


def debian_package(soname: str) -> str:
    """The Debian package that ships a library, by Debian's naming rule: the name before
    ``.so`` in lower case, then its major version, after a hyphen if the name ends in a digit
    (``libxcb-cursor.so.0`` is in ``libxcb-cursor0``, ``libxkbcommon-x11.so.0`` in
    ``libxkbcommon-x11-0``, ``libEGL.so.1`` in ``libegl1``)."""
    name, _so, version = soname.partition(".so")
    major = version.lstrip(".").split(".")[0]
    name = name.lower()
    return f"{name}-{major}" if name[-1:].isdigit() and major else f"{name}{major}"
