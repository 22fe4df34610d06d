"""Measure `deadlines scan` on held-out documents against their hand-made labels.

    python bench/scan_heldout.py [--dir tests/fixtures/heldout] [--markdown] [-v]

Run it with the Python of the environment where sesec-deadlines is installed. The folder
holds documents written without looking at how scan works (PDF, web pages, Markdown, plain
text of several shapes), each with a label file beside it (`NAME.toml`: the document, its
edition, its batch, and every milestone a compliance team acts on, with its date and the
standard number where the document gives one), and `editions.toml`, a registry declaring
their editions and no instrument. Batches 2 to 4 were written after the
findings on the batches before them had gone to the scan's authors, and kept back until
measured: their first figures are the unseen ones.
Each document is scanned as a curator scans a new one:

    deadlines scan DOC --format json -r editions.toml [--edition KEY]

(`--edition` only for web pages, which carry no masthead). Then, per document:
- recall: the labelled milestones (not those marked `optional`) among the `obligation`
  candidates: a candidate matches when its date is the milestone's (or one of its `also`
  spellings: "the end of June 2027" may be a month or its last day) and, when both carry a
  standard number, the numbers agree (one a prefix of the other, the same number in another
  version, or the milestone's number in the candidate's sentence);
- precision: the `obligation` candidates that match a labelled milestone (optional ones
  included) or, for a rule without a date, a labelled `[[rule]]`;
- seconds: the wall time of the whole process (start-up, reading, scan, output).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures" / "heldout"


def deadlines_command() -> str:
    """The `deadlines` of the running Python's environment, else the one on PATH."""
    beside = Path(sys.executable).parent / "deadlines"
    if beside.exists():
        return str(beside)
    found = shutil.which("deadlines")
    if found is None:
        raise SystemExit("deadlines is not installed in this environment")
    return found


@dataclass
class Milestone:
    dates: tuple[str, ...]
    number: str | None
    kind: str
    what: str
    optional: bool


@dataclass
class Label:
    path: Path
    document: Path
    edition: str
    pass_edition: bool
    shape: str
    batch: int
    milestones: list[Milestone]
    rules: list[str]


@dataclass
class Result:
    label: Label
    seconds: float
    exit_code: int
    stderr: str
    candidates: list[dict[str, Any]]
    found: list[Milestone] = field(default_factory=list)
    missed: list[Milestone] = field(default_factory=list)
    only_context: list[Milestone] = field(default_factory=list)
    true_obligations: list[dict[str, Any]] = field(default_factory=list)
    false_obligations: list[dict[str, Any]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.label.document.name

    @property
    def required(self) -> int:
        return len(self.found) + len(self.missed)

    @property
    def obligations(self) -> int:
        return len(self.true_obligations) + len(self.false_obligations)

    @property
    def recall(self) -> float:
        return len(self.found) / self.required if self.required else 1.0

    @property
    def precision(self) -> float:
        return len(self.true_obligations) / self.obligations if self.obligations else 0.0


def load_labels(folder: Path = FIXTURES) -> list[Label]:
    labels = []
    for path in sorted(folder.glob("*.toml")):
        if path.name == "editions.toml":
            continue
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        milestones = [
            Milestone(
                dates=(m["date"], *m.get("also", [])),
                number=m.get("number"),
                kind=m["kind"],
                what=m["what"],
                optional=m.get("optional", False),
            )
            for m in data.get("milestone", [])
        ]
        labels.append(
            Label(
                path=path,
                document=folder / data["document"],
                edition=data["edition"],
                pass_edition=data.get("pass_edition", False),
                shape=data["shape"],
                batch=data.get("batch", 1),
                milestones=milestones,
                rules=[r["match"] for r in data.get("rule", [])],
            )
        )
    return labels


def _norm(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text).upper().replace("／", "/")


def matches(milestone: Milestone, candidate: dict[str, Any]) -> bool:
    if candidate.get("date") not in milestone.dates:
        return False
    if milestone.number is None:
        return True
    number = _norm(milestone.number)
    if number in _norm(str(candidate.get("text") or "")):
        return True
    standard = candidate.get("standard")
    if not standard:
        return True  # the sentence names no standard of its own (it is in an earlier one)
    standard = _norm(standard)
    if number.startswith(standard) or standard.startswith(number):
        return True
    # The same standard named by another version ("replaces GB 21520-2015 and will be
    # implemented on ..."): the date is right, the number a wrong version of it.
    return _base(number) == _base(standard)


def _base(number: str) -> str:
    return re.sub(r"[-:—–](19|20)\d\d$", "", number)


def rule_matches(rules: list[str], candidate: dict[str, Any]) -> bool:
    if candidate.get("date") is not None:
        return False
    said = f"{candidate.get('rule') or ''} {candidate.get('written') or ''}".lower()
    return any(rule.lower() in said for rule in rules)


def scan(label: Label, registry: Path) -> Result:
    command = [deadlines_command(), "scan", str(label.document), "--format", "json", "--all"]
    command += ["-r", str(registry)]
    if label.pass_edition:
        command += ["--edition", label.edition]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    candidates: list[dict[str, Any]] = []
    if done.returncode == 0 and done.stdout.strip():
        payload = json.loads(done.stdout)
        if payload.get("edition") != label.edition:
            raise SystemExit(f"{label.document.name}: scanned as {payload.get('edition')}")
        candidates = payload["candidates"]
    return Result(label, seconds, done.returncode, done.stderr.strip(), candidates)


def judge(result: Result) -> Result:
    obligations = [c for c in result.candidates if c.get("relevance") == "obligation"]
    context = [c for c in result.candidates if c.get("relevance") != "obligation"]
    for milestone in result.label.milestones:
        if any(matches(milestone, c) for c in obligations):
            if not milestone.optional:
                result.found.append(milestone)
        elif not milestone.optional:
            result.missed.append(milestone)
            if any(matches(milestone, c) for c in context):
                result.only_context.append(milestone)
    for candidate in obligations:
        true = any(matches(m, candidate) for m in result.label.milestones) or rule_matches(
            result.label.rules, candidate
        )
        (result.true_obligations if true else result.false_obligations).append(candidate)
    return result


def evaluate(folder: Path = FIXTURES) -> list[Result]:
    registry = folder / "editions.toml"
    return [judge(scan(label, registry)) for label in load_labels(folder)]


def totals(results: list[Result]) -> tuple[int, int, int, int]:
    found = sum(len(r.found) for r in results)
    required = sum(r.required for r in results)
    true = sum(len(r.true_obligations) for r in results)
    obligations = sum(r.obligations for r in results)
    return found, required, true, obligations


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.0f}%" if b else "-"


def table(results: list[Result]) -> str:
    lines = [
        "| document | milestones found | recall | obligations true | precision | seconds |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | {len(r.found)} of {r.required} | {_pct(len(r.found), r.required)} "
            f"| {len(r.true_obligations)} of {r.obligations} "
            f"| {_pct(len(r.true_obligations), r.obligations)} | {r.seconds:.2f} |"
        )
    batches = sorted({r.label.batch for r in results})
    groups = [(f"batch {b}", [r for r in results if r.label.batch == b]) for b in batches]
    for name, group in [*(groups if len(groups) > 1 else []), ("all", results)]:
        found, required, true, obligations = totals(group)
        slowest = max(r.seconds for r in group)
        lines.append(
            f"| {name}: {len(group)} | {found} of {required} | {_pct(found, required)} "
            f"| {true} of {obligations} | {_pct(true, obligations)} | max {slowest:.2f} |"
        )
    return "\n".join(lines)


def details(result: Result) -> str:
    out = [f"== {result.name} (exit {result.exit_code}): {result.label.shape}"]
    if result.stderr:
        out.append("   stderr: " + result.stderr.replace("\n", "\n           "))
    for m in result.missed:
        where = "only as context" if m in result.only_context else "not found"
        number = f" {m.number}" if m.number else ""
        out.append(f"   MISSED ({where}) {m.dates[0]}{number} {m.kind}: {m.what}")
    for c in result.false_obligations:
        text = " ".join(str(c.get("text", "")).split())[:160]
        out.append(
            f"   FALSE {c.get('date') or c.get('rule')} [{c.get('kind')}] "
            f"std={c.get('standard')} art={str(c.get('article'))[:40]!r}: {text}"
        )
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=FIXTURES)
    parser.add_argument("--markdown", action="store_true", help="only the table")
    parser.add_argument("-v", "--verbose", action="store_true", help="every miss and false one")
    args = parser.parse_args()
    results = evaluate(args.dir)
    print(table(results))
    if args.verbose and not args.markdown:
        for result in results:
            print(details(result))


if __name__ == "__main__":
    main()
