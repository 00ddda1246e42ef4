"""Where the files that ship with Accord are: the sample documents and the resources.

A source checkout (``uv run accord``) finds them beside the package; an installed wheel carries
them inside it under ``desktop/_bundled`` (see ``pyproject.toml``). Nothing here is ever written.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.errors import AccordError

_PACKAGE = Path(__file__).resolve().parent

LETTER_FILE = "letter-of-intent-eu-japan-sti.pdf"
ARTICLE_FILE = "news-article-eu-japan-sti-2020-05-26.html"


def _folder(name: str) -> Path:
    checkout = _PACKAGE.parent / name
    return checkout if checkout.is_dir() else _PACKAGE / "_bundled" / name


def documents_folder() -> Path:
    return _folder("documents")


def resources_folder() -> Path:
    return _folder("resources")


def resource_file(*parts: str) -> Path:
    """A shipped resource, e.g. ``resource_file("codebooks", "eu-japan-sti.qdc")``."""
    path = resources_folder().joinpath(*parts)
    if not path.is_file():
        raise AccordError(
            f"Accord's resource “{'/'.join(parts)}” is missing from this installation; "
            "reinstall Accord."
        )
    return path


def bundled_pair() -> tuple[Path, Path]:
    """The Letter of Intent and the news article, opened side by side on first launch."""
    folder = documents_folder()
    return folder / LETTER_FILE, folder / ARTICLE_FILE
