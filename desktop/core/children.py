"""Starting one of Accord's own modules in a child Python process.

The child runs the same interpreter with the folder that holds the ``desktop`` package first on
its path, so it runs the same code whether Accord is installed or run from a checkout.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent.parent)
"""The folder that holds the ``desktop`` package."""


def module_command(module: str, *arguments: str) -> list[str]:
    """The command line that runs ``python -m module arguments…`` with this interpreter."""
    return [sys.executable, "-m", module, *arguments]


def child_environment() -> dict[str, str]:
    """This process's environment, with the ``desktop`` package's folder on ``PYTHONPATH``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [_ROOT, env.get("PYTHONPATH")]))
    return env
