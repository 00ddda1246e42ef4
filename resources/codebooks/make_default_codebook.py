"""Regenerate the default codebook ``eu-japan-sti.qdc`` from the tree below.

    uv run python resources/codebooks/make_default_codebook.py [--check]

Every code is grounded in the wording of the two bundled documents: the EU–Japan Letter of Intent
on STI (“Letter”, section numbers as printed) and the Commission's news article of 26 May 2020
(“article”); each description quotes or paraphrases where it comes from. Ids are uuid5 of the
code's path (``desktop.codebook.model.stable_guid``) and colours are what ``add_code`` proposes
(palette colours for top-level codes, added first, then variants of the parent's colour below), so
the file is byte-reproducible. ``--check`` exits 1 when the shipped
file differs from what this script would write.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.codebook.edits import add_code
from desktop.codebook.model import Codebook, Facet, escape_segment, stable_guid
from desktop.codebook.qdc import codebook_to_bytes

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "eu-japan-sti.qdc"

Tree = tuple[str, str, tuple["Tree", ...]]


def code(name: str, description: str, *children: Tree) -> Tree:
    return (name, description, children)


THEMATIC: tuple[Tree, ...] = (
    code(
        "Pandemics",
        "Pandemics as a global challenge calling for enhanced STI cooperation (Letter §1); "
        "“future pandemics” (article).",
        code(
            "COVID-19",
            "The COVID-19 outbreak and coronavirus crisis: cooperation “to overcome pandemics” "
            "and a coordinated research response (Letter §1, article).",
        ),
        code(
            "Health countermeasures",
            "Health as a global challenge and the means to fight the coronavirus: “diagnostics, "
            "treatments and vaccines” (article).",
            code(
                "Diagnostics",
                "“Collaborative development and universal deployment of diagnostics” against "
                "coronavirus (article).",
            ),
            code(
                "Treatments",
                "Treatments against coronavirus, to be developed and deployed collaboratively "
                "(article).",
            ),
            code(
                "Vaccines",
                "Vaccines against coronavirus, to be developed and deployed collaboratively "
                "(article).",
            ),
        ),
    ),
    code(
        "Climate change",
        "Climate change as a global challenge and strategic area; STI cooperation “in the "
        "climate change area, in particular” (Letter §1).",
        code(
            "Climate neutrality",
            "Directing “STI investments towards realising global climate neutrality” (Letter §1).",
        ),
    ),
    code(
        "Digital transition",
        "Digital transition, one of the “important global challenges” calling for enhanced STI "
        "cooperation (Letter §1, article).",
    ),
    code(
        "Ageing societies",
        "Ageing societies, a global challenge calling for enhanced STI cooperation "
        "(Letter §1, article).",
    ),
    code(
        "Artificial intelligence",
        "“AI (Artificial Intelligence)”, a strategic area of existing EU–Japan collaboration "
        "(Letter §1, article).",
    ),
    code(
        "Quantum technology",
        "Quantum technology, a strategic area of existing EU–Japan collaboration "
        "(Letter §1, article).",
    ),
    code(
        "Smart cities",
        "Smart cities, a strategic area of existing EU–Japan collaboration (Letter §1, article).",
    ),
    code(
        "Open science",
        "Open science, a strategic area of collaboration “to solve common societal challenges” "
        "(Letter §1, article).",
        code(
            "Open access to research data and results",
            "“Open access to research data and results”, stressed in relation to COVID-19 "
            "(Letter §1, article).",
        ),
    ),
    code(
        "Societal, environmental and economic challenges",
        "The challenges cooperation should tackle: Moonshot's “social, environment and economic "
        "challenges” (Letter §2).",
        code(
            "Societal challenges",
            "“Social” challenges (Letter §2) and the “common societal challenges” collaboration "
            "aims to solve (Letter §1).",
        ),
        code(
            "Environmental challenges",
            "“Environment” challenges the Moonshot Program aims at tackling (Letter §2).",
        ),
        code(
            "Economic challenges",
            "“Economic challenges” the Moonshot Program aims at tackling (Letter §2).",
        ),
    ),
)

INSTRUMENTS: tuple[Tree, ...] = (
    code(
        "Cooperation frameworks",
        "Agreements and partnerships that frame EU–Japan STI cooperation (Letter preamble, "
        "article background).",
        code(
            "2011 S&T Cooperation Agreement",
            "The “Agreement … on Cooperation in Science and Technology” (2011), the existing "
            "framework the letter is based on (Letter preamble, article).",
        ),
        code(
            "Economic Partnership Agreement",
            "The “Agreement between the European Union and Japan for an Economic Partnership” "
            "(Letter preamble).",
        ),
        code(
            "Strategic Partnership Agreement",
            "The Strategic Partnership Agreement (SPA), provisionally applied since 1 February "
            "2019 (Letter preamble, article).",
        ),
        code(
            "Partnership on Sustainable Connectivity and Quality Infrastructure",
            "The EU–Japan “Partnership on Sustainable Connectivity and Quality Infrastructure” "
            "(Letter preamble).",
        ),
    ),
    code(
        "Programmes",
        "Research and innovation programmes through which the Sides cooperate (Letter §2, "
        "article).",
        code(
            "Horizon 2020",
            "The EU's “current research and innovation programme”: Japanese entities in 130 "
            "signed grants (article).",
        ),
        code(
            "Horizon Europe",
            "“The next European Union Framework Programme for Research and Innovation” "
            "(Letter §2, article).",
            code(
                "Global challenges pillar",
                "Horizon Europe's intended “pillar on global challenges” (Letter §2).",
            ),
            code("Missions", "Horizon Europe's intended “cross-cutting missions” (Letter §2)."),
        ),
        code(
            "Moonshot R&D Program",
            "Japan's “Moonshot Research and Development Program”, coordinated by CAO with MEXT, "
            "METI and MAFF (Letter §2).",
            code(
                "Target areas and goals",
                "The “three target areas and six goals” Japan decided for the Moonshot Program "
                "(Letter §2).",
            ),
        ),
        code(
            "Synergies between Horizon Europe and Moonshot",
            "“Exploring synergies between the above mentioned two Programmes” (Letter §2, "
            "article).",
        ),
    ),
    code(
        "Funding modalities",
        "“Appropriate modalities for enhanced STI cooperation” (Letter §2) and reciprocal "
        "participation (Letter §3).",
        code("Co-funding mechanisms", "“Possible expansion of co-funding mechanisms” (Letter §2)."),
        code("Joint calls", "Joint calls, a modality for enhanced STI cooperation (Letter §2)."),
        code(
            "Coordinated calls",
            "Coordinated calls, a modality for enhanced STI cooperation (Letter §2).",
        ),
        code(
            "Twinning",
            "Twinning, a modality for enhanced STI cooperation “where possible” (Letter §2).",
        ),
        code(
            "Reciprocal participation",
            "“Reciprocal forms of collaboration”: taking part in “each other’s respective STI "
            "programmes and initiatives” (Letter §3).",
        ),
    ),
    code(
        "Dialogue",
        "How the Sides discuss the implementation of STI cooperation and future initiatives "
        "(Letter §1, article).",
        code(
            "Regular exchange of views",
            "Exchanging views “on a regular basis through the platforms established under the "
            "relevant instruments in place” (Letter §1).",
        ),
        code(
            "Higher-level consultations",
            "“Consultations at a higher level when appropriate” (Letter §1).",
        ),
        code(
            "Japan-EU Leaders Videoconference Meeting",
            "The leaders' meeting in whose context the Sides agreed to step up cooperation "
            "(article).",
        ),
    ),
    code(
        "Multilateral and policy frameworks",
        "Broader frameworks and policy initiatives in line with which STI results are "
        "disseminated (Letter §1).",
        code(
            "UNFCCC COP",
            "The “Conference of the Parties (COP) of the United Nations Framework Convention on "
            "Climate Change” (Letter §1).",
        ),
        code(
            "Paris Agreement",
            "The Paris Agreement, under which the Sides' climate policy initiatives sit "
            "(Letter §1).",
            code(
                "Nationally Determined Contributions",
                "“Nationally Determined Contributions under the Paris Agreement” (Letter §1).",
            ),
        ),
        code(
            "European Green Deal",
            "The European Green Deal, a policy initiative in line with which results are "
            "disseminated (Letter §1).",
        ),
        code(
            "Japan's Long-term Strategy",
            "“Japan’s Long-term Strategy under the Paris Agreement as Growth Strategy” "
            "(Letter §1).",
        ),
    ),
    code(
        "Pledging",
        "Pledges of funds to the international coronavirus response (article).",
        code(
            "Global Response pledging marathon",
            "Kicked off on 4 May by the EU and partners; Japan co-chaired it and pledged over "
            "€760 million (article).",
        ),
    ),
)


def build() -> Codebook:
    """The default codebook, built with the same edits an analyst's changes go through."""
    book = Codebook.empty()
    pending = [
        (book.root(facet).guid, tree)
        for facet, trees in ((Facet.THEMATIC, THEMATIC), (Facet.INSTRUMENT, INSTRUMENTS))
        for tree in trees
    ]
    while pending:
        parent_guid, (name, description, children) = pending.pop(0)
        path = f"{book.path(parent_guid)}/{escape_segment(name)}"
        book, added = add_code(
            book,
            parent_guid=parent_guid,
            name=name,
            description=description,
            guid=stable_guid(path),
        )
        pending.extend((added.guid, child) for child in children)
    return book


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the shipped file")
    data = codebook_to_bytes(build())
    if parser.parse_args().check:
        same = OUTPUT.is_file() and OUTPUT.read_bytes() == data
        print("up to date" if same else f"{OUTPUT.name} is out of date; run without --check")
        return 0 if same else 1
    OUTPUT.write_bytes(data)
    print(f"wrote {OUTPUT} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
