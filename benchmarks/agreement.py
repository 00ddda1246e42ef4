"""Every figure of the Agreement panel for 5 reviewers over 100,000 annotations.

Builds, without a project, documents of generated clauses and five reviewers who each highlight
a fifth of the annotations: one a clause, mostly the same clause with the same one or two codes
of a 40-code codebook in two facets (a reviewer shifts a span's ends now and then and picks
another code one time in five), then computes the whole study as the panel does (every row:
all codes, each facet, each code; percent agreement, kappa and alpha on clause units, alpha_U on
free spans) and prints its time and its slowest row, against the target of 2 s for every figure
of the panel. The store's read of the highlights is not included, though the panel reads them
again on every run (about 0.55 s of CPU at 100,000 annotations, measured apart): add it to the
figure printed here before comparing with the target.

    uv run python benchmarks/agreement.py [--annotations 100000] [--reviewers 5] [--repeat 3]
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import time

import smoke

from desktop.agreement.designs import StudyDocument
from desktop.agreement.study import Design, compute
from desktop.core.curation import Version
from desktop.core.model import AnnotationId, CodeId, DocumentId, ReviewerId

TARGET_SECONDS = 2.0
WORDS = [
    "the",
    "sides",
    "will",
    "cooperate",
    "on",
    "research",
    "and",
    "innovation",
    "in",
    "areas",
    "of",
    "mutual",
    "interest",
]


def corpus(
    annotations: int, reviewers: int, *, documents: int = 5, seed: int = 15
) -> tuple[list[StudyDocument], list[ReviewerId], dict[CodeId, str]]:
    rng = random.Random(seed)
    facets = {CodeId(f"T{n}"): "Thematic areas" for n in range(20)}
    facets |= {CodeId(f"I{n}"): "Instruments" for n in range(20)}
    codes = list(facets)
    people = [ReviewerId(n + 1) for n in range(reviewers)]
    per_document = max(1, annotations // reviewers // documents)
    built: list[StudyDocument] = []
    serial = 0
    for number in range(documents):
        clauses: list[tuple[int, int]] = []
        pieces: list[str] = []
        position = 0
        for _ in range(per_document):
            sentence = " ".join(rng.choices(WORDS, k=rng.randint(6, 14))).capitalize() + ". "
            clauses.append((position, position + len(sentence) - 1))
            pieces.append(sentence)
            position += len(sentence)
        versions: list[Version] = []
        for start, end in clauses:
            agreed = frozenset(rng.sample(codes, rng.choice((1, 1, 2))))
            for person in people:
                chosen = agreed if rng.random() > 0.2 else frozenset(rng.sample(codes, 1))
                shift = rng.choice((0, 0, 0, 2, -2)) if rng.random() < 0.3 else 0
                versions.append(
                    Version(
                        AnnotationId(f"a{serial}"),
                        person,
                        max(start, start + shift),
                        end,
                        chosen,
                    )
                )
                serial += 1
        built.append(
            StudyDocument(
                DocumentId(f"d{number}"), f"Document {number}", "".join(pieces), tuple(versions)
            )
        )
    return built, people, facets


def measure(
    documents: list[StudyDocument],
    reviewers: list[ReviewerId],
    facets: dict[CodeId, str],
    design: Design,
) -> tuple[float, float, int, float]:
    """Seconds for the whole study, the slowest row's seconds, the number of rows, and the
    CPU seconds the whole study took (on a loaded machine, what it would take alone)."""
    cpu = time.process_time()
    marks = [time.perf_counter()]
    study = compute(
        documents,
        reviewers,
        design=design,
        facets=facets,
        progress=lambda done, total: marks.append(time.perf_counter()),
    )
    rows = [later - earlier for earlier, later in itertools.pairwise(marks)]
    return marks[-1] - marks[0], max(rows), len(study.rows), time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--reviewers", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    options = smoke.parse(parser, annotations=500, repeat=1)
    documents, reviewers, facets = corpus(options.annotations, options.reviewers)
    total = sum(len(d.versions) for d in documents)
    load = os.getloadavg()[0]
    print(
        f"{total:,} annotations by {len(reviewers)} reviewers, "
        f"{sum(len(d.text) for d in documents):,} characters, load average {load:.1f}"
    )
    for design in Design:
        runs = [measure(documents, reviewers, facets, design) for _ in range(options.repeat)]
        whole = statistics.median(r[0] for r in runs)
        slowest = statistics.median(r[1] for r in runs)
        cpu = statistics.median(r[3] for r in runs)
        print(
            f"{design.value} units: every figure ({runs[0][2]} rows) in {whole:.2f} s, "
            f"{cpu:.2f} s of CPU (slowest row {slowest:.2f} s; target {TARGET_SECONDS:.0f} s "
            f"for the panel, ratio {whole / TARGET_SECONDS:.2f}, by CPU {cpu / TARGET_SECONDS:.2f})"
        )


if __name__ == "__main__":
    main()
