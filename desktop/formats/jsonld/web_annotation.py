"""W3C Web Annotation JSON-LD: the open, tool-neutral export, and reading it (and Hypothesis's
JSON) back.

**What is written.** One ``AnnotationCollection`` (``@context`` the Web Annotation context, as
a plain string so that every consumer recognises it) whose embedded ``first`` page holds every
annotation, in reading order, one per line. Each annotation:

* ``id`` ``urn:uuid:<annotation id>``; ``creator`` the reviewer as a ``Person`` whose id is the
  same uuid5 of the name that the REFI-QDA export uses; ``created``/``modified`` in UTC with
  seconds; ``motivation`` classifying (coded), commenting (a note only) or highlighting;
* two bodies per code, as the W3C suite's examples pair them: a ``SpecificResource`` with
  ``purpose: classifying`` whose ``source`` is the code (``urn:uuid:<guid>``, its path as
  ``label``, ``schema:color`` and a ``skos:broader`` chain of its ancestors' ids up to the
  facet folder, which is how an import rebuilds the tree with the original ids), carrying who
  applied the code and when (``creator``, ``created``); and a ``TextualBody`` with ``purpose:
  tagging`` whose ``value`` is the path (``Thematic areas/Pandemics/COVID-19``), for tools that
  read tags. (The code's id cannot go on the tagging body itself: the W3C suite takes any body
  with an IRI ``id`` for an external resource, which may not have a ``purpose``.)
* the note as a ``TextualBody`` with ``purpose: commenting`` (``text/markdown``);
* the review status (``proposed``, ``accepted``, ``disputed`` or ``rejected``) as a
  ``TextualBody`` with ``purpose: assessing``, always (reading one without it, ``proposed``);
* links follow the annotations, each an item of its own (``jsonld.links``: motivation
  ``linking``, two targets, source first), then the review's decisions (motivation
  ``assessing``) and replies (``replying``), each targeting its annotation (``jsonld.review``);
* the target: a ``SpecificResource`` whose ``source`` is the document, ``urn:sha256:<its
  fingerprint>`` with ``dcterms:title`` and ``format``, selected by a ``TextQuoteSelector`` and a
  ``TextPositionSelector`` (code points of Accord's canonical text, end exclusive) and, on a PDF,
  first a ``FragmentSelector`` ``page=N`` (RFC 3778, 1-based) refined by the quote.

Every item passes the W3C test suite's MUST assertions and the collection passes
``collectionMusts.test`` (``tests/formats/test_jsonld.py`` runs the checker).

The file is pure ASCII: other characters are written as JSON's ``\\uXXXX`` escapes, as
``json.dumps`` does by default. Every JSON reader decodes them, and the file survives a tool
that guesses its encoding wrongly.

**Speed.** Items are streamed, a string each, from fragments encoded once per reviewer, code and
document; only the quote, context and note are encoded per annotation. ASCII output is also
the fast one: one character outside ASCII makes Python build and encode a whole batch at two
bytes a character (measured: an eighth of the export's time).

``read`` accepts this export and what Hypothesis writes (see ``items``).
"""

from __future__ import annotations

import itertools
from json.encoder import encode_basestring_ascii as _quote
from pathlib import Path

from desktop.codebook.model import Codebook
from desktop.core.filtering import CHOICES
from desktop.core.links import Link
from desktop.core.model import DocumentId, ReviewerId, StoredDocument
from desktop.core.review import Decision, Reply
from desktop.formats.files import atomic_output, write_batched
from desktop.formats.ids import derived_guid
from desktop.formats.incoming import Documents, Incoming, ReadEvents, events_of
from desktop.formats.jsonld.items import FileReader
from desktop.formats.jsonld.links import link_item
from desktop.formats.jsonld.load import load_json
from desktop.formats.jsonld.objects import (
    code_source,
    creator,
    encoded,
    is_paged,
    tagging,
    target_source,
    uuid_iri,
)
from desktop.formats.jsonld.review import decision_item, reply_item
from desktop.formats.jsonld.selectors import PDF_FRAGMENT
from desktop.formats.source import ExportSource, Progress, no_progress
from desktop.store import AnnotationRecord

CONTEXT = "http://www.w3.org/ns/anno.jsonld"

_ITEM_INDENT = "\n      "
_NEXT_ITEM = "," + _ITEM_INDENT


def export(source: ExportSource, path: Path, *, progress: Progress = no_progress) -> None:
    """Write the project's annotations (narrowed by ``source.options``) as one
    ``AnnotationCollection``; ``progress`` is called every 1,000 annotations."""
    total = source.count()
    items = _Items(source)
    records = source.records()
    first = next(records, None)
    collection_id, page_id = _collection_ids(source)
    with atomic_output(path) as temporary:
        with temporary.open("w", encoding="utf-8", newline="\n") as out:
            out.write(
                f'{{\n  "@context": "{CONTEXT}",\n  "id": "{collection_id}",\n'
                f'  "type": "AnnotationCollection",\n  "label": {_quote(_label(source))},\n'
            )
            written = 0
            exported: set[str] = set()

            def tracked(record: AnnotationRecord) -> AnnotationRecord:
                exported.add(record.id)
                return record

            if first is not None:
                out.write(
                    f'  "first": {{\n    "id": "{page_id}",\n    "type": "AnnotationPage",'
                    f'\n    "startIndex": 0,\n    "items": ['
                )
                written = write_batched(
                    itertools.chain(
                        [_ITEM_INDENT + items.item(tracked(first))],
                        (_NEXT_ITEM + items.item(tracked(record)) for record in records),
                    ),
                    out.write,
                    total=total,
                    progress=progress,
                )
                for link in source.links(exported):
                    out.write(_NEXT_ITEM + items.link(link))
                    written += 1
                decisions, replies = source.review(exported)
                for decision in decisions:
                    out.write(_NEXT_ITEM + items.decision(decision))
                    written += 1
                for reply in replies:
                    out.write(_NEXT_ITEM + items.reply(reply))
                    written += 1
                out.write(f'\n    ]\n  }},\n  "last": "{page_id}",\n')
            out.write(f'  "total": {written}\n}}\n')
        progress(written, written)


def read(path: Path) -> Incoming:
    """Parse a W3C Web Annotation file (an ``AnnotationCollection``, an ``AnnotationPage``, one
    annotation or a list of them) or a Hypothesis export (the client's ``annotations`` file, an
    API search result, or a list of API annotations). ``ImportRefused`` names what is wrong."""
    path = Path(path)
    return FileReader(path.name).read(load_json(path))


def events(path: Path, *, documents: Documents) -> ReadEvents:
    """``read``'s annotations as an import's events (the documents are the project's)."""
    return events_of(read(path))


def _label(source: ExportSource) -> str:
    return f"Accord annotations: {source.name}"


_ALWAYS_IN_KEY = ("reviewer_ids", "code_ids", "document_ids")
"""The filter's choices the collection's id has been made of from the first, always in its key
and in this order; each other choice of ``filtering.CHOICES`` joins the key only when it is
chosen, so the ids of exports filtered as before stay as they were."""


def _collection_ids(source: ExportSource) -> tuple[str, str]:
    """The same project exported with the same filters gets the same collection and page ids,
    and other filters other ids: every choice of the filter (``filtering.CHOICES``) is in the
    key, so a choice added there is too."""
    options = source.options
    chosen = [
        choice.field
        for choice in CHOICES
        if choice.field not in _ALWAYS_IN_KEY and getattr(options, choice.field)
    ]
    key = "|".join(
        (
            source.name,
            *(",".join(sorted(map(str, getattr(options, field)))) for field in _ALWAYS_IN_KEY),
            *(f"{field}={','.join(sorted(map(str, getattr(options, field))))}" for field in chosen),
        )
    )
    return (
        uuid_iri(derived_guid("jsonld-collection", key)),
        uuid_iri(derived_guid("jsonld-page", key)),
    )


class _Items:
    """Encodes annotations as JSON text: each item is ``objects.encoded`` of
    ``objects.item``, laid out here by hand from fragments that ``json`` encodes once
    per reviewer, code and document (a test proves the bytes are the same)."""

    def __init__(self, source: ExportSource) -> None:
        self._source = source
        self._book: Codebook = source.codebook
        self._documents: dict[str, StoredDocument] = {d.id: d for d in source.documents}
        self._creators: dict[ReviewerId, str] = {}
        self._codes: dict[str, str] = {}
        self._targets: dict[DocumentId, tuple[str, bool]] = {}

    def item(self, record: AnnotationRecord) -> str:
        bodies = [
            f'{{"type":"SpecificResource","purpose":"classifying",'
            f'"creator":{self._creator(coding.reviewer_id)},'
            f'"created":{_quote(coding.created)},{self._code(coding.code_id)}'
            for coding in record.codings
        ]
        if record.note:
            bodies.append(
                '{"type":"TextualBody","purpose":"commenting","format":"text/markdown",'
                f'"value":{_quote(record.note)}}}'
            )
        bodies.append(
            f'{{"type":"TextualBody","purpose":"assessing","value":{_quote(record.status)}}}'
        )
        motivation = (
            "classifying" if record.codings else "commenting" if record.note else "highlighting"
        )
        quote = f'"exact":{_quote(record.exact)}'
        if record.prefix:
            quote += f',"prefix":{_quote(record.prefix)}'
        if record.suffix:
            quote += f',"suffix":{_quote(record.suffix)}'
        target, paged = self._target(record.document_id)
        selectors = (
            f'{{"type":"TextQuoteSelector",{quote}}},{{"type":"TextPositionSelector",'
            f'"start":{record.start:d},"end":{record.end:d}}}'
        )
        if paged:
            selectors = (
                f'{{"type":"FragmentSelector","conformsTo":"{PDF_FRAGMENT}",'
                f'"value":"page={record.page + 1:d}",'
                f'"refinedBy":{{"type":"TextQuoteSelector",{quote}}}}},{selectors}'
            )
        return (
            f'{{"id":{_quote(uuid_iri(record.id))},"type":"Annotation",'
            f'"motivation":"{motivation}","created":{_quote(record.created)},'
            f'"modified":{_quote(record.modified)},'
            f'"creator":{self._creator(record.reviewer_id)},"body":[{",".join(bodies)}],'
            f'"target":{{"type":"SpecificResource","source":{target},'
            f'"selector":[{selectors}]}}}}'
        )

    def link(self, link: Link) -> str:
        """A link as an item (``jsonld.links``), encoded whole: a project has few."""
        document = self._documents.get(link.target_document_id or "")
        name = self._source.reviewer_name(link.reviewer_id)
        return encoded(link_item(link, reviewer=name, document=document))

    def decision(self, decision: Decision) -> str:
        """A decision as an ``assessing`` item (``jsonld.review``)."""
        name = self._source.reviewer_name(decision.reviewer_id)
        return encoded(decision_item(decision, reviewer=name))

    def reply(self, reply: Reply) -> str:
        """A reply as a ``replying`` item (``jsonld.review``)."""
        return encoded(reply_item(reply, reviewer=self._source.reviewer_name(reply.reviewer_id)))

    def _creator(self, reviewer_id: ReviewerId) -> str:
        found = self._creators.get(reviewer_id)
        if found is None:
            found = encoded(creator(self._source.reviewer_name(reviewer_id)))
            self._creators[reviewer_id] = found
        return found

    def _code(self, guid: str) -> str:
        """The end of the classifying body (its ``source``) and the whole tagging body."""
        found = self._codes.get(guid)
        if found is None:
            source = encoded(code_source(self._book, guid))
            found = f'"source":{source}}},{encoded(tagging(self._book.path(guid)))}'
            self._codes[guid] = found
        return found

    def _target(self, document_id: DocumentId) -> tuple[str, bool]:
        """The target's encoded ``source`` and whether its pages are selected too."""
        found = self._targets.get(document_id)
        if found is None:
            document = self._documents.get(document_id)
            found = (encoded(target_source(document_id, document)), is_paged(document))
            self._targets[document_id] = found
        return found
