"""Accord: read an agreement beside the news about it, and code its clauses."""

__version__ = "0.1.0"
