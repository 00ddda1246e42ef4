"""Starting one of Accord's own modules in a child Python process.

From a checkout or an installed wheel the child runs the same interpreter with the folder that
holds the ``desktop`` package first on its path, so it runs the same code either way. In the
frozen bundle (``packaging/``) there is no interpreter to run with ``-m``: the child is the
bundle's own executable, told with ``CHILD_FLAG`` which module to run as ``__main__``
(``run_child``, called by the bundle's entry point before anything else is imported).
"""

from __future__ import annotations

import os
import runpy
import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent.parent)
"""The folder that holds the ``desktop`` package."""

CHILD_FLAG = "--accord-child-module"
"""How the frozen bundle's executable is told to be a child process rather than Accord."""


def frozen() -> bool:
    """Whether this is the frozen bundle (PyInstaller sets ``sys.frozen``)."""
    return bool(getattr(sys, "frozen", False))


def module_command(module: str, *arguments: str) -> list[str]:
    """The command line that runs ``python -m module arguments…`` with this interpreter, or in
    the frozen bundle the same module in the bundle's executable."""
    if frozen():
        return [sys.executable, CHILD_FLAG, module, *arguments]
    return [sys.executable, "-m", module, *arguments]


def child_environment() -> dict[str, str]:
    """This process's environment, with the ``desktop`` package's folder on ``PYTHONPATH``
    (the frozen bundle carries its modules inside and reads no ``PYTHONPATH``)."""
    env = dict(os.environ)
    if not frozen():
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [_ROOT, env.get("PYTHONPATH")]))
    return env


def run_child(argv: list[str]) -> bool:
    """In the frozen bundle: if ``argv`` (``sys.argv``) asks for a child, run its module as
    ``python -m`` would, with the arguments after it, and say so (the caller then exits).
    Only Accord's own modules are run: the flag is not a way to run arbitrary code."""
    if len(argv) < 3 or argv[1] != CHILD_FLAG or not argv[2].startswith("desktop."):
        return False
    module = argv[2]
    sys.argv = [module, *argv[3:]]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
    return True
