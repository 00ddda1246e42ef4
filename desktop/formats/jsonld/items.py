"""Turn parsed W3C Web Annotation or Hypothesis JSON into ``Incoming`` values.

Two dialects share the selectors (Hypothesis stores W3C selectors) and differ around them:

* **W3C** (Accord's own export, Recogito, Annotorious, Hypothesis's ``.jsonld``): ``type``
  Annotation, ``body`` (``TextualBody`` with ``purpose`` tagging or commenting), ``target``
  (a ``SpecificResource``), ``creator``, ``created``/``modified``.
* **Hypothesis API** (``/api/search`` rows, the client's "Export annotations" file): ``tags``,
  ``text`` (Markdown), ``user`` ``acct:name@authority``, ``user_info.display_name``, ``uri``,
  ``document.title``, ``target[].selector``, ``created``/``updated``, ``references`` (replies).

A file that does not have the shape of either (an annotation that is not an object, a
``target`` that is a number, an ``exact`` that is not text, a negative position, an unreadable
time) is refused with the annotation's number and id. What is well formed but has no place in
Accord (replies, page notes without a quote, XPath ranges, groups and permissions, other
motivations, unknown selectors) is listed in ``Incoming.dropped``, one line per kind, with counts.

Codes named by a ``urn:uuid`` id keep that id, and their ``skos:broader`` chain (Accord's own
export) gives their ancestors' ids, so ``Incoming.codes`` rebuilds the tree as it was. The tree
is filed under Accord's two facets by the rule REFI-QDA imports follow: a top-level code named
like a facet becomes that facet's folder, any other goes under Thematic areas. Tags without an
id (Hypothesis) stay ``code_paths`` for the import to look up.

Ids: a ``urn:uuid`` (or bare uuid) annotation id is kept, upper case; any other id (Hypothesis's
``w6fNigSgEfCOTdupAyRrPQ``) becomes a uuid5 of itself, so importing a file twice merges.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from desktop.formats.ids import derived_guid
from desktop.formats.incoming import Incoming, IncomingAnnotation, IncomingDocument, IncomingLink
from desktop.formats.jsonld.codes import CodeTree
from desktop.formats.jsonld.fields import (
    JsonObject,
    Problem,
    kind_of,
    objects,
    printable,
    text_field,
    uuid_of,
    words,
)
from desktop.formats.jsonld.links import read_link
from desktop.formats.jsonld.selectors import Located, read_selectors
from desktop.formats.limits import ImportRefused

_SHA256 = re.compile(r"urn:sha256:([0-9a-f]{64})", re.IGNORECASE)
KEPT_MOTIVATIONS = frozenset({"highlighting", "commenting", "tagging", "classifying"})
NOTE_PURPOSES = frozenset({"commenting", "describing"})
MAX_DROPPED_LINES = 40
"""A hostile file could invent a new field per annotation; the user reads the commonest."""
_TITLE_KEYS = ("dcterms:title", "dc:title", "title", "label", "name")
_HYPOTHESIS_KNOWN = frozenset(
    {
        "id",
        "created",
        "updated",
        "user",
        "uri",
        "text",
        "tags",
        "target",
        "document",
        "links",
        "hidden",
        "flagged",
        "user_info",
        "consumer",
        "mentions",
        "references",
        "group",
        "permissions",
        "moderation_status",
    }
)
"""Fields read, or the service's own bookkeeping (links, moderation, the author's profile)."""
_W3C_KNOWN = frozenset(
    {
        "@context",
        "id",
        "type",
        "motivation",
        "created",
        "modified",
        "creator",
        "body",
        "bodyValue",
        "target",
        "generator",
        "generated",
    }
)
"""Fields read, or not worth a line in ``dropped`` (which software wrote the file, when)."""


def moment(value: object, name: str) -> datetime | None:
    """An ISO-8601 time in UTC to the second (what Accord keeps); none given, None."""
    if value is None:
        return None
    text = text_field(value, name)
    try:
        parsed = datetime.fromisoformat(text.strip())
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC).replace(microsecond=0)
    except (ValueError, OverflowError):
        raise Problem(f"“{name}” is not an ISO-8601 time: “{text[:40]}”") from None


def account_name(user: str) -> str:
    """``acct:alice@hypothes.is`` → ``alice``; another authority stays: ``bob@lms.example``."""
    name = user.strip().removeprefix("acct:")
    local, at, authority = name.rpartition("@")
    return local if at and authority.casefold() == "hypothes.is" and local else name


@dataclass(slots=True)
class _Found:
    """What one annotation contributes, before it becomes an ``IncomingAnnotation``."""

    notes: list[str] = field(default_factory=list)
    code_guids: list[str] = field(default_factory=list)
    code_paths: list[str] = field(default_factory=list)
    dropped: set[str] = field(default_factory=set)
    status: str | None = None
    """The value of an ``assessing`` body: the review status Accord wrote."""


class FileReader:
    """Reads the parsed content of one file; ``read`` returns everything as ``Incoming``."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self._documents: dict[str, IncomingDocument] = {}
        self._annotations: list[IncomingAnnotation] = []
        self._counts: Counter[str] = Counter()
        self._notes: list[str] = []
        self._codes = CodeTree()
        self._links: list[IncomingLink] = []

    def refuse(self, problem: str) -> ImportRefused:
        return ImportRefused(printable(f"Can't import “{self.file_name}”: {problem}."))

    def read(self, data: object) -> Incoming:
        for number, item in enumerate(self._items(data), start=1):
            where = f"annotation {number}"
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                where += f" (“{item['id'][:60]}”)"
            if not isinstance(item, dict):
                raise self.refuse(f"{where} is {kind_of(item)}, not a JSON object")
            try:
                self._item(item)
            except Problem as problem:
                raise self.refuse(f"{where}: {problem}") from None
        codes, code_notes = self._codes.incoming()
        common = self._counts.most_common(MAX_DROPPED_LINES)
        dropped = (
            self._notes
            + code_notes
            + [
                printable(f"{reason}: {count} annotation{'' if count == 1 else 's'}")
                for reason, count in common
            ]
        )
        if len(self._counts) > len(common):
            dropped.append(
                f"… and {len(self._counts) - len(common)} other kinds of content "
                "that Accord does not keep"
            )
        return Incoming(
            self.file_name,
            list(self._documents.values()),
            codes,
            self._annotations,
            dropped,
            self._links,
        )

    def _items(self, data: object) -> list[object]:
        """The annotations of any accepted shape of file."""
        if isinstance(data, list):
            return data
        if not isinstance(data, dict):
            raise self.refuse(f"the file holds {kind_of(data)}, not annotations")
        kinds = data.get("type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if "Annotation" in kinds:
            return [data]
        if "AnnotationCollection" in kinds or "AnnotationPage" in kinds:
            return self._pages(data, collection="AnnotationCollection" in kinds)
        for key in ("annotations", "rows"):  # the Hypothesis client's export; API search
            if isinstance(listed := data.get(key), list):
                return listed
        raise self.refuse(
            "it is neither W3C Web Annotation JSON (an Annotation, "
            "AnnotationPage or AnnotationCollection) nor a Hypothesis export "
            "(“annotations” or “rows”)"
        )

    def _pages(self, data: JsonObject, *, collection: bool) -> list[object]:
        """The items of every embedded page, following ``next`` (pages kept elsewhere by IRI
        cannot be fetched: that is said, not guessed)."""
        page = data.get("first") if collection else data
        items: list[object] = []
        seen = 0
        while isinstance(page, dict):
            found = page.get("items", [])
            if not isinstance(found, list):
                raise self.refuse("an AnnotationPage's “items” is not a list")
            items.extend(found)
            page = page.get("next")
            seen += 1
        if isinstance(page, str) or (collection and seen == 0 and data.get("first")):
            self._notes.append(
                "pages of the collection kept at another address (only the "
                "pages inside the file were read)"
            )
        total = data.get("total") if collection else None
        if isinstance(total, int) and not isinstance(total, bool) and total != len(items):
            self._notes.append(
                f"the collection says it holds {total} annotations; the file has {len(items)}"
            )
        return items

    def _item(self, item: JsonObject) -> None:
        kinds = words(item.get("type"), "type")
        if "Annotation" in kinds or "@context" in item or "body" in item:
            found = self._w3c(item)
        elif "target" in item or "uri" in item:
            found = self._hypothesis(item)
        else:
            raise Problem(
                "it is neither a W3C annotation (type Annotation) nor a Hypothesis "
                "annotation (uri, target)"
            )
        if found is not None:
            self._annotations.append(found)

    def _count(self, reasons: Iterable[str]) -> None:
        self._counts.update(set(reasons))

    def _w3c(self, item: JsonObject) -> IncomingAnnotation | None:
        found = _Found()
        motivations = words(item.get("motivation"), "motivation")
        if "linking" in motivations:
            link = read_link(item, document_key=lambda target: self._document(target, None))
            if isinstance(link, str):
                self._count([link])
            else:
                self._links.append(link)
            return None
        if "replying" in motivations:
            self._count(["replies to other annotations (not kept)"])
            return None
        found.dropped.update(
            f"motivation “{m[:40]}” (the annotation is kept without it)"
            for m in motivations
            if m not in KEPT_MOTIVATIONS
        )
        found.dropped.update(
            f"field “{key[:40]}” (not kept)" for key in item if key not in _W3C_KNOWN
        )
        if "bodyValue" in item:
            found.notes.append(text_field(item["bodyValue"], "bodyValue"))
        self._bodies(objects(item.get("body", []), "body"), motivations, found)
        if "target" not in item:
            raise Problem("it has no “target”")
        targets = objects(item["target"], "target")
        reviewer = self._creator(item.get("creator"), found)
        return self._annotation(
            item,
            targets,
            found,
            reviewer=reviewer,
            created=moment(item.get("created"), "created"),
            modified=moment(item.get("modified"), "modified"),
            title=None,
        )

    def _bodies(
        self, bodies: list[JsonObject | str], motivations: list[str], found: _Found
    ) -> None:
        """Codes first (a classifying ``SpecificResource`` naming the code by id, its path as
        the source's ``label`` or else the tagging body after it), then the tagging bodies
        that name no code by id, and the notes. JSON-LD does not keep the order of bodies, so
        a tagging body is matched to its code by its text, not by where it stands."""
        classified: set[str] = set()
        textual: list[tuple[JsonObject, list[str], list[str]]] = []
        for index, body in enumerate(bodies):
            if isinstance(body, str):
                found.dropped.add("bodies that only link to another resource")
                continue
            kinds = words(body.get("type"), "body type")
            stated = words(body.get("purpose"), "purpose")
            purposes = stated or motivations  # a body without purpose serves the motivation
            if "SpecificResource" in kinds and {"classifying", "tagging"} & set(purposes):
                following = bodies[index + 1] if index + 1 < len(bodies) else None
                self._classifying(body, following, found, classified)
            elif "TextualBody" in kinds or (not kinds and "value" in body):
                textual.append((body, stated, purposes))
            else:
                found.dropped.add(f"bodies of type “{'/'.join(kinds)[:40] or 'unknown'}”")
        for body, stated, purposes in textual:
            value = text_field(body.get("value"), "value")
            if not value.strip():
                continue
            if "assessing" in stated:
                found.status = value.strip()
            elif "tagging" in purposes or "classifying" in purposes:
                if value.strip().casefold() not in classified:
                    found.code_paths.append(value.strip())
            else:
                found.dropped.update(
                    f"body purpose “{p[:40]}” (kept as the note)"
                    for p in stated
                    if p not in NOTE_PURPOSES
                )
                found.notes.append(value)

    def _classifying(
        self, body: JsonObject, following: object, found: _Found, classified: set[str]
    ) -> None:
        source = body.get("source")
        node = source if isinstance(source, dict) else {}
        guid = uuid_of(node.get("id") if isinstance(source, dict) else source)
        if guid is None:
            found.dropped.add("classifying bodies whose code is not a urn:uuid")
            return
        path = text_field(node.get("label"), "source label").strip()
        if (
            not path
            and isinstance(following, dict)
            and "tagging" in words(following.get("purpose"), "purpose")
        ):
            path = text_field(following.get("value"), "value").strip()
        if not path:
            found.dropped.add("classifying bodies naming a code by id only, without its name")
            return
        found.code_guids.append(self._codes.add(guid, path, node))
        classified.add(path.casefold())

    def _creator(self, value: object, found: _Found) -> str | None:
        if value is None:
            return None
        creators = objects(value, "creator")
        if len(creators) > 1:
            found.dropped.add("creators after the first")
        creator = creators[0] if creators else None
        if isinstance(creator, str):
            return account_name(creator) or None
        if creator is None:
            return None
        for key in ("name", "nickname", "id"):
            if creator.get(key) is not None:
                name = text_field(creator[key], f"creator {key}").strip()
                return (account_name(name) if key == "id" else name) or None
        return None

    def _hypothesis(self, item: JsonObject) -> IncomingAnnotation | None:
        found = _Found()
        if words(item.get("references"), "references"):
            self._count(["replies to other annotations (not kept)"])
            return None
        for key, reason in (
            ("group", "Hypothesis groups (Accord has none)"),
            ("permissions", "Hypothesis sharing permissions"),
        ):
            if key in item:
                found.dropped.add(reason)
        found.dropped.update(
            f"field “{key[:40]}” (not kept)" for key in item if key not in _HYPOTHESIS_KNOWN
        )
        text = text_field(item.get("text"), "text")
        if text.strip():
            found.notes.append(text)
        found.code_paths.extend(
            tag.strip() for tag in words(item.get("tags"), "tags") if tag.strip()
        )
        targets = objects(item.get("target", []), "target")
        if not targets and "uri" in item:
            targets = [text_field(item["uri"], "uri")]
        document = item.get("document")
        title = None
        if isinstance(document, dict) and document.get("title"):
            titles = words(document["title"], "document title")
            title = titles[0] if titles else None
        user_info = item.get("user_info")
        display = user_info.get("display_name") if isinstance(user_info, dict) else None
        reviewer = (
            text_field(display, "display_name").strip()
            if display
            else account_name(text_field(item.get("user"), "user"))
        ) or None
        uri = text_field(item.get("uri"), "uri") or None
        return self._annotation(
            item,
            targets,
            found,
            reviewer=reviewer,
            created=moment(item.get("created"), "created"),
            modified=moment(item.get("updated"), "updated"),
            title=title,
            uri=uri,
        )

    def _annotation(
        self,
        item: JsonObject,
        targets: list[JsonObject | str],
        found: _Found,
        *,
        reviewer: str | None,
        created: datetime | None,
        modified: datetime | None,
        title: str | None,
        uri: str | None = None,
    ) -> IncomingAnnotation | None:
        """The annotation on its first target that quotes text; the rest is said in dropped."""
        if len(targets) > 1:
            found.dropped.add("targets after the first")
        target = targets[0] if targets else None
        located: Located | None = None
        source: object = uri
        if isinstance(target, dict):
            source = target.get("source", uri)
            located = read_selectors(target.get("selector"), found.dropped)
        elif isinstance(target, str):
            source = target
        if located is None:
            self._count(
                ["annotations without a quoted passage (page notes, whole documents; not kept)"]
            )
            return None
        key = self._document(source, title)
        self._count(found.dropped)
        return IncomingAnnotation(
            key,
            located.exact,
            located.start,
            located.end,
            located.prefix,
            located.suffix,
            located.page,
            id=self._id(item.get("id")),
            note="\n\n".join(found.notes).strip(),
            reviewer=reviewer,
            created=created,
            modified=modified,
            code_guids=tuple(dict.fromkeys(found.code_guids)),
            code_paths=tuple(dict.fromkeys(found.code_paths)),
            listed=None if found.status is None else {"status": found.status},
        )

    def _document(self, source: object, title: str | None) -> str:
        """The key of the target's document, registered on first sight."""
        if isinstance(source, dict):
            if title is None:
                title = next(
                    (text_field(source[k], k) for k in _TITLE_KEYS if source.get(k) is not None),
                    None,
                )
            source = source.get("id")
        if isinstance(source, str):
            source = text_field(source, "source")
        if not isinstance(source, str) or not source.strip():
            raise Problem("its target names no document (“source” or “uri”)")
        key = source.strip()
        if key not in self._documents:
            match = _SHA256.fullmatch(key)
            self._documents[key] = IncomingDocument(
                key,
                (title or "").strip() or key,
                fingerprint=match.group(1).lower() if match else None,
            )
        return key

    @staticmethod
    def _id(value: object) -> str | None:
        if not isinstance(value, str) or not value.strip():
            return None
        return uuid_of(value) or derived_guid(
            "imported-annotation", text_field(value, "id").strip()
        )
