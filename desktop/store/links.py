"""Links between annotations (or an annotation and a whole document): the ``links`` table.

A link is deleted with either end (``ON DELETE CASCADE``), so the snapshot that brings an
annotation back (``AnnotationSnapshot.links``) carries its links, read here, and puts them back
with ``insert_many`` once both ends are there again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from desktop.core.links import Link
from desktop.store.connection import Connection
from desktop.store.errors import StaleError
from desktop.store.rows import LINKS

_UPDATE = LINKS.update(unchanging=("source_id", "reviewer_id", "created"))
"""A link's id, source, author and creation never change; retyping may move its target."""


class LinkRepository:
    def __init__(self, db: Connection) -> None:
        self._db = db

    def get(self, link_id: str) -> Link | None:
        return LINKS.one(
            self._db.sql.execute(f"SELECT {LINKS.columns} FROM links WHERE id = ?", (link_id,))
        )

    def require(self, link_id: str) -> Link:
        found = self.get(link_id)
        if found is None:
            raise StaleError(
                f"The link {link_id[:8]} no longer exists; it may have been deleted meanwhile "
                "(with one of its ends, in this window or another Accord)."
            )
        return found

    def all(self) -> list[Link]:
        """Every link, in the reading order of their sources."""
        rows = self._db.sql.execute(
            f"SELECT {', '.join('links.' + c for c in LINKS.columns.split(', '))} FROM links "
            "JOIN annotations ON annotations.id = links.source_id "
            "ORDER BY annotations.document_fingerprint, annotations.start_offset, links.id"
        )
        return list(LINKS.values(rows))

    def touching(self, annotation_ids: Sequence[str]) -> list[Link]:
        """The links with an end among ``annotation_ids``, each once, by id."""
        found: dict[str, Link] = {}
        for annotation_id in dict.fromkeys(annotation_ids):
            rows = self._db.sql.execute(
                f"SELECT {LINKS.columns} FROM links WHERE source_id = ? OR target_id = ?",
                (annotation_id, annotation_id),
            )
            for link in LINKS.values(rows):
                found[link.id] = link
        return [found[key] for key in sorted(found)]

    def of_document(self, document_id: str) -> list[Link]:
        """The links that removing the document would take with it: an end among its
        annotations, or the document itself as the target."""
        rows = self._db.sql.execute(
            f"SELECT {', '.join('links.' + c for c in LINKS.columns.split(', '))} FROM links "
            "WHERE target_document_fingerprint = :document OR EXISTS ("
            "SELECT 1 FROM annotations WHERE annotations.document_fingerprint = :document "
            "AND annotations.id IN (links.source_id, links.target_id)) ORDER BY links.id",
            {"document": document_id},
        )
        return list(LINKS.values(rows))

    def count(self) -> int:
        (count,) = self._db.sql.execute("SELECT COUNT(*) FROM links").fetchone()
        return int(count)

    # Writing (inside project.transaction())

    def insert(self, link: Link) -> None:
        self.insert_many([link])

    def insert_many(self, links: Iterable[Link]) -> None:
        self._db.require_transaction()
        self._db.sql.executemany(LINKS.insert, map(LINKS.row, links))

    def restore(self, links: Iterable[Link]) -> None:
        """Put back those of ``links`` that are missing and whose ends are all there again
        (the undo of a deletion that took them: a link whose other end went meanwhile stays
        gone with it)."""
        self._db.require_transaction()
        for link in links:
            if self._ends_present(link) and self.get(link.id) is None:
                self.insert(link)

    def _ends_present(self, link: Link) -> bool:
        ends = [*link.ends]
        (present,) = self._db.sql.execute(
            f"SELECT COUNT(*) FROM annotations WHERE id IN ({', '.join('?' * len(ends))})", ends
        ).fetchone()
        if link.target_document_id is not None:
            present += self._db.sql.execute(
                "SELECT COUNT(*) FROM documents WHERE fingerprint = ?", (link.target_document_id,)
            ).fetchone()[0]
        return bool(present == len(ends) + (link.target_document_id is not None))

    def update(self, link: Link) -> None:
        self._db.require_transaction()
        self._db.sql.execute(_UPDATE, LINKS.by_column(link))

    def delete(self, link_id: str) -> None:
        self._db.require_transaction()
        self._db.sql.execute("DELETE FROM links WHERE id = ?", (link_id,))
