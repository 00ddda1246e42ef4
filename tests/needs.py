"""Tests that need files from beside the checkout: the shared specs and their examples and
checkers (``../shared/specs``), the source texts (``../shared/seeds``), the bundled documents.

On a developer's machine without them such a test is skipped, saying what is missing. CI has
them (it sets ``CI=true``), so there a missing file fails the test instead: a test CI cannot
run would otherwise pass unnoticed, and the checks it stands for with it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT.parent / "shared" / "specs"
SEEDS = ROOT.parent / "shared" / "seeds"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"true", "1", "yes"}


def require(path: Path, what: str) -> Path:
    """``path``, which the test cannot do without: skipped without it, except in CI."""
    if path.exists():
        return path
    message = f"{what} is not at {path}"
    if in_ci():
        pytest.fail(f"{message}; CI has it beside its checkout, so the test must run there")
    pytest.skip(message)


def needs(path: Path, what: str) -> pytest.MarkDecorator:
    """Mark a test that needs ``path`` (checked by ``require`` before it runs)."""
    return pytest.mark.needs(path, what)
