"""Comparing the two documents (no Qt, no SQL): which clauses of the letter the article
reports (``alignment``), and what became of each clause once the analyst has linked them
(``coverage``). Loaded only when asked for, so opening a project does not pay for it."""
