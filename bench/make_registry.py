"""Write a synthetic registry with N milestones in the project's own format.

    python bench/make_registry.py N OUT.toml [--seed S]

Instruments get 1-4 milestones each, with mixed kinds, precisions (mostly days, some
months and years) and certainties, several topics and authorities, long titles and
summaries, and about one relative milestone in ten (anchored on an undated approval or on
a dated publication). The output is deterministic for a given N and seed.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

from sesec_deadlines.core.vocab import AUTHORITIES, TOPICS, Kind

WORDS = [
    "safety",
    "requirements",
    "for",
    "electrical",
    "equipment",
    "household",
    "appliances",
    "lithium-ion",
    "batteries",
    "charging",
    "systems",
    "data",
    "security",
    "personal",
    "information",
    "cybersecurity",
    "labelling",
    "energy",
    "efficiency",
    "grades",
    "restricted",
    "substances",
    "certification",
    "rules",
    "implementation",
    "technical",
    "specification",
    "intelligent",
    "connected",
    "vehicles",
]


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make(n: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    topics = list(TOPICS)
    authorities = [a for a in AUTHORITIES if a != "Other"]
    editions = [f"{year}-{month:02d}" for year in (2024, 2025) for month in (1, 3, 5, 7, 9, 11)]
    kinds = [k.value for k in Kind]
    out = ["# Synthetic benchmark registry: bench/make_registry.py", "schema = 1", ""]
    for key in editions:
        out += ["[[edition]]", f'key = "{key}"', f'label = "Synthetic bulletin {key}"',
                f"published = {key}-28", f'masthead = "Synthetic bulletin {key}"', ""]
    written = 0
    index = 0
    base = date(2024, 1, 1)
    while written < n:
        index += 1
        count = min(rng.randint(1, 4), n - written)
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 16))).capitalize()
        out += [
            "[[instrument]]",
            f'id = "bench-{index:06d}"',
            f"title = {_q(title)}",
            f'number = "GB {rng.randint(10000, 49999)}-{rng.randint(2020, 2027)}"',
            f"authority = [{', '.join(_q(a) for a in rng.sample(authorities, rng.randint(1, 2)))}]",
            f"topics = [{', '.join(_q(t) for t in rng.sample(topics, rng.randint(1, 4)))}]",
            f'status = "{rng.choice(["draft", "final", "final", "superseded", "withdrawn"])}"',
            f"products = [{_q(' '.join(rng.sample(WORDS, 3)))}]",
            f"summary = {_q(' '.join(rng.choice(WORDS) for _ in range(40)))}",
            "last_verified = 2026-11-24",
            f'sources = [{{ edition = "{rng.choice(editions)}", article = {_q(title[:60])} }}]',
            "",
        ]
        relative = count >= 2 and rng.random() < 0.2
        # Dates ascend through an instrument's milestones, kinds in their natural order, so
        # that a comment window never closes before it opens.
        days = sorted(base + timedelta(days=rng.randint(0, 4 * 365)) for _ in range(count))
        picked = sorted((rng.choice(kinds) for _ in range(count)), key=kinds.index)
        for m in range(count):
            out.append("[[instrument.milestone]]")
            if relative and m == count - 1:
                out += [
                    'kind = "entry_into_force"',
                    'after = "m0"',
                    f'offset = "{rng.choice([6, 12, 13, 24, 36])} months"',
                    'certainty = "proposed"',
                    "",
                ]
            else:
                day = days[m]
                roll = rng.random()
                text = (
                    day.isoformat()
                    if roll < 0.8
                    else day.isoformat()[:7]
                    if roll < 0.95
                    else str(day.year)
                )
                undated = relative and m == 0 and rng.random() < 0.5
                out += [f'key = "m{m}"', f'kind = "{picked[m]}"']
                if not undated:
                    out.append(f'date = "{text}"')
                certainty = rng.choice(["official", "official", "proposed", "estimated"])
                out.append(f'certainty = "{certainty}"')
                if undated or certainty == "estimated" or rng.random() < 0.3:
                    out.append(f"note = {_q(' '.join(rng.sample(WORDS, 8)))}")
                out.append("")
            written += 1
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of milestones")
    parser.add_argument("out", type=Path, help="output .toml file")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.out.write_text(make(args.n, args.seed), encoding="utf-8")


if __name__ == "__main__":
    main()
