"""The one error the codebook package raises, so a UI or the command line can show its sentence."""

from __future__ import annotations

from desktop.core.errors import AccordError


class CodebookError(AccordError):
    """A codebook change or file was refused; the message says what to do instead."""
