"""Formats other tools read and write, no Qt, no dialogs: a sub-package per format (``refi``,
``jsonld``, ``tables``, ``report``) beside the modules they share (``source``, ``files``,
``incoming``, ``limits``, ``ids``, ``columns``, ``tally``, ``clauses``, ``registry``).

An exporter is ``export(source: ExportSource, path: Path, *, progress: Progress) -> None``: it
reads everything through ``ExportSource`` (which reads through the store's repositories) and
writes through ``files.atomic_output`` so a cancelled or failed export leaves no partial file.

An importer is ``read(path: Path) -> Incoming``: it parses an untrusted file (within
``limits``) into plain ``Incoming`` values and touches no project; ``desktop.app.importing``
then places the incoming annotations on Accord's own texts and merges them in one transaction.
"""
