"""Write a synthetic newsletter edition for the scan benchmark.

    python bench/make_edition.py ARTICLES OUT.txt

The text has the masthead of the bundled 2025-11 edition, an index of ARTICLES headings,
a takeaways section and the full articles, each a few paragraphs of filler with dated
sentences in every form `deadlines scan` reads (full dates, ranges, months, quarters, days
without a year, relative rules). Seeded: the same ARTICLES gives the same file. The bundled
editions have 30 to 40 articles and 50 to 140 KB of text.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

WORDS = ["standard", "national", "safety", "requirements", "products", "market", "regulation",
         "technical", "committee", "industry", "data", "security", "certification", "energy",
         "vehicles", "batteries", "manufacturers", "draft", "implementation", "guidelines",
         "measures", "administration"]
DATED = (
    "The measures take effect on {d} {m} {y}.",
    "Comments may be submitted until {m} {d}, {y}.",
    "The draft was published on {y}-{mm:02d}-{dd:02d} for comment.",
    "From {d} to {d2} {m} {y}, the committee held its plenary meeting.",
    "Approval is expected in {m} {y}, with implementation 13 months after approval.",
    "Products already on the market get a 36-month transition period.",
    "The plan sets goals for Q3 {y} and for the first half of {y2}.",
    "The deadline for feedback is {d} {m}.",
    "Makers must comply within 60 days after entry into force.",
    "Certificates issued before {d} {m} {y} remain valid until {m2} {y2}.",
)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 30))]
    return " ".join(words).capitalize() + "."


def dated(rng: random.Random) -> str:
    month = rng.randint(1, 12)
    return rng.choice(DATED).format(
        d=rng.randint(1, 20), d2=rng.randint(21, 28), m=MONTHS[month - 1],
        m2=MONTHS[rng.randint(0, 11)], y=rng.randint(2025, 2027), y2=rng.randint(2026, 2028),
        mm=month, dd=rng.randint(1, 28))


def make(articles: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    headings = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 11))).title()
                + f" {i}" for i in range(1, articles + 1)]
    out = ["SESEC VI", "", "China Standardisation Newsletter", "", "November - December 2025",
           "", "Index", ""]
    out += [f"{h}\t{3 + i}" for i, h in enumerate(headings)]
    out += ["", "Takeaways", ""]
    for h in headings:
        out += [h, "", " ".join(sentence(rng) for _ in range(2)) + " " + dated(rng), ""]
    for i, h in enumerate(headings, start=1):
        out += [f"{i}. {h}", ""]
        for _ in range(rng.randint(3, 7)):
            parts = [sentence(rng) for _ in range(rng.randint(3, 6))]
            parts.insert(rng.randint(0, len(parts)), dated(rng))
            out += [" ".join(parts), ""]
    return "\n".join(out) + "\n"


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    Path(sys.argv[2]).write_text(make(int(sys.argv[1])), encoding="utf-8")


if __name__ == "__main__":
    main()
