"""An analyst's alignment of the bundled pair, made by hand for Accord's tests (the product
is held to a gold that is not in the repository).

Each clause of the article (named by how it begins) maps to the letter's clauses it reports,
paraphrases or changes (each named by how it begins; any of them is a right top suggestion),
or to nothing when the article says something the letter does not (the headline's date, the
Commissioner's own words, the pledging marathon, the page's furniture).
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.comparing.alignment import Suggestion

ARTICLE_TO_LETTER: dict[str, tuple[str, ...]] = {
    "News article": (),
    "EU and Japan step up cooperation": ("on Strengthening Cooperation",),
    "26 May 2020 · Directorate-General": (),
    "European and Japanese researchers": ("The Sides acknowledge that they are facing",),
    "Mariya Gabriel, Commissioner": (
        "Commissioner for Innovation, Research",
        "TAKEMOTO Naokazu Minister",
        "For the European Commission For",
    ),
    "They signed a Letter of Intent": (
        "Therefore, the Sides intend to work together",
        "The Sides acknowledge that the European Commission proposed",
        "on Strengthening Cooperation",
    ),
    "Commissioner Gabriel said": (),
    "“Japan is one of our key partners": (),
    "I am therefore extremely happy": (
        "on Strengthening Cooperation",
        "The European Commission and the Cabinet Office",
    ),
    "The coronavirus crisis has shown": ("In relation to the COVID-19 outbreak",),
    "The letter underlines the paramount": ("In relation to the COVID-19 outbreak",),
    "EU and Japan are key partners in the fight": (),
    "On 4 May, the EU": (),
    "Japan co-chaired the event": (),
    "Background": (),
    "Japan is one of the EU’s closest": (),
    "This letter is based on": (
        "The European Commission and the Cabinet Office",
        "The Sides acknowledge that cooperation in STI",
    ),
    "Under Horizon 2020": ("The Sides also acknowledge that collaborations",),
    "EU’s and Japan’s new research": (
        "Therefore, the Sides intend to work together",
        "The Sides acknowledge that the European Commission proposed",
        "2. Collaboration between the future Horizon",
    ),
    "To face the spreading": (),
    "Details": (),
    "Publication date": (),
    "26 May 2020": (),
    "Author": (),
    "Directorate-General for Research and Innovation": (),
}
"""Every clause of the article, in order."""


def judged(suggestions: Sequence[Suggestion]) -> tuple[list[str], float]:
    """Against the gold: the article clauses whose top suggestion is not one of their
    counterparts (by how they begin), and the ROC AUC of the best score as a sign of having
    a counterpart at all (ties count half)."""
    if len(suggestions) != len(ARTICLE_TO_LETTER):
        raise ValueError(f"{len(suggestions)} clauses, the gold has {len(ARTICLE_TO_LETTER)}")
    wrong, having, lacking = [], [], []
    gold = ARTICLE_TO_LETTER.items()
    for (begins, counterparts), suggestion in zip(gold, suggestions, strict=True):
        if not suggestion.clause.text.startswith(begins):
            raise ValueError(f"the clause {suggestion.clause.text[:40]!r} is not {begins!r}")
        if not counterparts:
            lacking.append(suggestion.score)
            continue
        having.append(suggestion.score)
        top = suggestion.candidates[0].clause.text if suggestion.candidates else ""
        if not top.startswith(counterparts):
            wrong.append(begins)
    pairs = [(yes > no) + 0.5 * (yes == no) for yes in having for no in lacking]
    return wrong, sum(pairs) / len(pairs)
