"""The merge engine: three-way merges of a reviewer's copy through SQLite's session extension.

It runs in a child process (``python -m desktop.merging.child``) and speaks to the project
through APSW, whose bundled SQLite has the session extension that Python's ``sqlite3`` lacks.
Two SQLite libraries must never hold one file open in one process (SQLite's "How To Corrupt An
SQLite Database File", §2.2.1), so nothing here imports ``sqlite3`` or ``desktop.store``, and
nothing outside imports APSW (import-linter contracts); the application layer starts the
child with ``desktop.merging.protocol``, which imports neither.
"""
