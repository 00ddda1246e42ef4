"""Suggested alignment: for each clause of the article, the letter's clauses it most likely
reports, each with a score, and whether it has a counterpart at all.

A small, plain TF-IDF over truncated words rather than a library: scikit-learn's vectorizers
would bring NumPy and SciPy (about 100 MB to a bundle that issue 17 weighs) for a few dozen
clauses, and an embedding model would bring more and download weights. What a reporter keeps
of a clause are its content words, often inflected anew (*strengthening* → *strengthen*,
*coordinated* → *coordinate*), so each word is cut to its first ``STEM`` letters, a stemmer
English IR has long used for its robustness; a pair of neighbouring stems counts as much as
a stem, for phrases kept whole (*climate change*, *open access*): on the bundled pair they
raise the AUC from 0.94 to 0.99 whatever the stem's length (4 to 7 letters). Weights are
TF-IDF over the clauses of both documents; a pair's score is the cosine of their vectors.

An article clause has a counterpart when its best score reaches ``COUNTERPART_AT``; a letter
clause that no article clause reaches is a proposed *omits*. The threshold was read off the
analyst's alignment of the bundled pair (``tests/comparing/gold.py``): it separates clauses
with a counterpart from those without (ROC AUC in ``benchmarks/alignment.py``).

Scoring goes through an inverted index of the letter, so a pair shares a feature or costs
nothing: two documents of 1,000 clauses align in well under the two seconds issue 16 allows.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.core.textunits import Clause, clauses

STEM = 5
"""Letters a word is cut to: *cooperation*, *cooperate* → *coope*; *pandemics* → *pande*."""
COUNTERPART_AT = 0.2
"""The best score from which an article clause is taken to have a counterpart."""
CANDIDATES = 3
"""Letter clauses kept per article clause, best first."""

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_STOP = frozenset(
    """a about above after again against all also am an and any are as at be been before being
    between both but by can could did do does doing down during each few for from further had
    has have having he her here hers him his how i if in into is it its itself just me more most
    my no nor not now of off on once only or other our ours out over own same she should so some
    such than that the their theirs them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your
    which whose upon via per within without shall may might must""".split()  # noqa: SIM905 (130 words, unquoted to read)
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A letter clause an article clause may report, and how likely (0 to 1)."""

    clause: Clause
    score: float


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One article clause, the letter clauses it most likely reports (best first), and
    whether its best is good enough to count as a counterpart."""

    clause: Clause
    candidates: tuple[Candidate, ...]
    counterpart: bool

    @property
    def score(self) -> float:
        """Its best candidate's score (0 with none): how sure it has a counterpart."""
        return self.candidates[0].score if self.candidates else 0.0


@dataclass(frozen=True, slots=True)
class Alignment:
    suggestions: tuple[Suggestion, ...]
    """One per article clause, in the article's order."""
    unreported: tuple[Clause, ...]
    """The letter's clauses no article clause reaches: proposed *omits*."""


def features(text: str) -> Counter[str]:
    """The clause's stems (stop words left out) and pairs of neighbouring stems, counted."""
    stems = [
        word[:STEM]
        for word in (match.group().lower() for match in _WORD.finditer(text))
        if word not in _STOP and (len(word) > 1 or word.isdigit())
    ]
    found = Counter(stems)
    found.update(f"{a} {b}" for a, b in itertools.pairwise(stems))
    return found


def _weighted(counts: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    """TF-IDF weights (sublinear term frequency), scaled to unit length."""
    weights = {term: (1 + math.log(count)) * idf[term] for term, count in counts.items()}
    length = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {term: w / length for term, w in weights.items()}


def align(
    letter: str | Sequence[Clause],
    article: str | Sequence[Clause],
    *,
    candidates: int = CANDIDATES,
    threshold: float = COUNTERPART_AT,
) -> Alignment:
    """Suggest, for each clause of ``article``, the clauses of ``letter`` it reports (texts
    are split with ``clauses``; clauses given are taken as they are)."""
    sources = list(clauses(letter)) if isinstance(letter, str) else list(letter)
    reports = list(clauses(article)) if isinstance(article, str) else list(article)
    counted = [features(c.text) for c in sources] + [features(c.text) for c in reports]
    frequency: Counter[str] = Counter()
    for counts in counted:
        frequency.update(counts.keys())
    total = len(counted)
    idf = {term: math.log((1 + total) / (1 + seen)) + 1 for term, seen in frequency.items()}
    vectors = [_weighted(counts, idf) for counts in counted]
    index: defaultdict[str, list[tuple[int, float]]] = defaultdict(list)
    for number, vector in enumerate(vectors[: len(sources)]):
        for term, weight in vector.items():
            index[term].append((number, weight))
    best_for_letter = [0.0] * len(sources)
    suggestions = []
    for clause, vector in zip(reports, vectors[len(sources) :], strict=True):
        scores: defaultdict[int, float] = defaultdict(float)
        for term, weight in vector.items():
            for number, other in index.get(term, ()):
                scores[number] += weight * other
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:candidates]
        chosen = tuple(Candidate(sources[n], round(min(s, 1.0), 4)) for n, s in ranked)
        has_counterpart = bool(chosen) and chosen[0].score >= threshold
        for number, score in scores.items():
            best_for_letter[number] = max(best_for_letter[number], score)
        suggestions.append(Suggestion(clause, chosen, has_counterpart))
    unreported = tuple(
        clause for clause, best in zip(sources, best_for_letter, strict=True) if best < threshold
    )
    return Alignment(tuple(suggestions), unreported)
