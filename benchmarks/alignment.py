"""Suggested alignment (issue 16): right on the bundled pair, and fast.

Prints, each against its floor:
- on the bundled pair, judged against the analyst's alignment in ``tests/comparing/gold.py``:
  the article clauses with a counterpart whose top suggestion is wrong (floor: none), and the
  ROC AUC of telling "has a counterpart" from "has none" (floor: 0.95);
- the bundled pair aligned after its texts are read (floor: 50 ms, the median of ``--runs``);
- a generated letter and article of ``--clauses`` clauses each (floor at 1,000: 2 s), clauses
  split from the texts inside the time.

    uv run python benchmarks/alignment.py [--clauses 1000] [--runs 20] [--smoke]

``--smoke`` (CI): 100 clauses, 3 runs.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

import smoke

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the gold lives with the tests

from desktop.app.reading import DocumentReader  # noqa: E402
from desktop.comparing.alignment import align  # noqa: E402
from tests.comparing.gold import judged  # noqa: E402

PAIR_FLOOR_MS = 50.0
LARGE_FLOOR_S = 2.0
AUC_FLOOR = 0.95
WORDS = 5000


def bundled_texts() -> tuple[str, str]:
    with DocumentReader() as reader:
        return tuple(  # type: ignore[return-value]
            reader.read(ROOT / "documents" / name).text.text
            for name in (
                "letter-of-intent-eu-japan-sti.pdf",
                "news-article-eu-japan-sti-2020-05-26.html",
            )
        )


def generated(clauses: int) -> tuple[str, str]:
    """A letter of ``clauses`` sentences over a vocabulary of ``WORDS`` made-up words, and an
    article whose every other sentence reworks one of the letter's (some of its words, in
    another order, with a few new ones) and the rest its own."""
    chance = random.Random(16)
    vocabulary = [f"w{n:04d}x" for n in range(WORDS)]
    letter = [chance.choices(vocabulary, k=chance.randint(12, 40)) for _ in range(clauses)]
    article = []
    for number in range(clauses):
        if number % 2:
            article.append(chance.choices(vocabulary, k=chance.randint(8, 30)))
        else:
            source = chance.choice(letter)
            kept = chance.sample(source, k=max(3, len(source) // 2))
            article.append(kept + chance.choices(vocabulary, k=5))
    return tuple(" ".join(f"{' '.join(words)}." for words in text) for text in (letter, article))  # type: ignore[return-value]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clauses", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20)
    options = smoke.parse(parser, clauses=100, runs=3)
    load = os.getloadavg()[0]
    letter, article = bundled_texts()
    suggestions = align(letter, article).suggestions
    wrong, auc = judged(suggestions)
    times = []
    for _ in range(options.runs):
        started = time.perf_counter()
        align(letter, article)
        times.append((time.perf_counter() - started) * 1000)
    pair_ms = statistics.median(times)
    large_letter, large_article = generated(options.clauses)
    started = time.perf_counter()
    large = align(large_letter, large_article)
    large_s = time.perf_counter() - started
    print(f"load average (1 min) {load:.1f}")
    with_counterpart = sum(1 for s in suggestions if s.counterpart)
    print(
        f"bundled pair: {len(suggestions)} article clauses, {with_counterpart} suggested with a "
        f"counterpart; top suggestion wrong for {len(wrong)} (floor 0){': ' if wrong else ''}"
        f"{'; '.join(wrong)}"
    )
    print(f"bundled pair: ROC AUC {auc:.3f}, floor {AUC_FLOOR}, ratio {AUC_FLOOR / auc:.2f}")
    print(
        f"bundled pair aligned: {pair_ms:.1f} ms (median of {options.runs}), floor "
        f"{PAIR_FLOOR_MS:.0f} ms, ratio {pair_ms / PAIR_FLOOR_MS:.2f}"
    )
    floor = LARGE_FLOOR_S * options.clauses / 1000
    print(
        f"{len(large.suggestions):,} x {options.clauses:,} clauses aligned: {large_s:.2f} s, "
        f"floor {floor:.2f} s, ratio {large_s / floor:.2f}"
    )
    return 0 if not wrong and auc >= AUC_FLOOR else 1


if __name__ == "__main__":
    sys.exit(main())
