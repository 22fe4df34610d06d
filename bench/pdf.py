"""Benchmark reading PDF editions: `deadlines scan EDITION.pdf` and the extractors compared.

    python bench/pdf.py [--runs 5] [--editions DIR] [--compare] [--out results.md]

Run it with the Python of the environment where sesec-deadlines is installed with its test
tools (reportlab prints the PDFs as tests/material.py does: running header and footer on
every page, a dot-leader index, headings, tables). For each edition in --editions (the
`.txt` files carrying a bundled edition's masthead) and a synthetic edition of 35 articles
(bench/make_edition.py), it reports the pages, reading the PDF in-process (PDFium's text
with positions, laid out into paragraphs and cleaned), its CPU time, and
`deadlines scan FILE.pdf --format json` as a whole process. With --compare, also the plain
text extraction of each installed extractor (pypdfium2, pypdf, pdfminer.six, pdfplumber)
on the same files, for the choice documented in docs/curation/README.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from make_edition import make  # noqa: E402
from run import DEADLINES, machine, measure  # noqa: E402

from sesec_deadlines.curation.readers import read_document  # noqa: E402
from sesec_deadlines.curation.texts import which_edition  # noqa: E402
from sesec_deadlines.registry.load import bundled_path, load  # noqa: E402
from tests.material import pdf_edition  # noqa: E402


def _pypdfium2(path: Path) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    return "\f".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))


def _pypdf(path: Path) -> str:
    import pypdf

    return "\f".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def _pdfminer(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return str(extract_text(path))


def _pdfplumber(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\f".join(page.extract_text() or "" for page in pdf.pages)


EXTRACTORS: dict[str, Callable[[Path], str]] = {
    "pypdfium2": _pypdfium2, "pypdf": _pypdf, "pdfminer.six": _pdfminer,
    "pdfplumber": _pdfplumber}


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--editions", type=Path, help="folder of editions' plain text")
    parser.add_argument("--compare", action="store_true", help="compare the extractors")
    parser.add_argument("--out", type=Path, help="also write the tables to this file")
    args = parser.parse_args()
    registry = load([bundled_path()])
    rows, compared = [], []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sources: list[tuple[str, str]] = []
        for path in sorted(args.editions.glob("*.txt")) if args.editions else []:
            text = path.read_text(encoding="utf-8")
            edition = which_edition(text, registry.editions)
            if edition is not None:
                sources.append((edition.key, text))
        sources.append(("synthetic, 35 articles", make(35)))
        env = {k: v for k, v in os.environ.items() if not k.startswith("DEADLINES_")}
        env["XDG_CACHE_HOME"] = str(work / "cache")
        subprocess.run([DEADLINES, "upcoming"], env=env, capture_output=True, check=True)
        printed = [(label, pdf_edition(text, work / f"{i}.pdf"))
                   for i, (label, text) in enumerate(sorted(sources))]
        # the whole commands first: a child's peak memory counts the parent's before exec
        commands: dict[str, tuple[float, float, float]] = {}
        for label, pdf in printed:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall, mb = measure([DEADLINES, "scan", str(pdf), "-f", "json"], args.runs, env)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            used = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            commands[label] = (wall, used / args.runs, mb)
        for label, pdf in printed:
            doc = read_document(pdf)
            inside, cpu = timed(lambda pdf=pdf: read_document(pdf), args.runs)  # type: ignore[misc]
            whole, whole_cpu, mb = commands[label]
            rows.append((label, doc.pages, pdf.stat().st_size // 1024, inside, cpu, whole,
                         whole_cpu, mb))
            print(f"  {label:<24} {doc.pages:3d} pages {inside * 1000:7.0f} ms "
                  f"({cpu * 1000:.0f} CPU) {whole * 1000:7.0f} ms ({whole_cpu * 1000:.0f} CPU) "
                  f"{mb:5.0f} MB", file=sys.stderr)
            for name, extract in EXTRACTORS.items() if args.compare else ():
                try:
                    chars = len(extract(pdf))
                except ImportError:
                    continue
                wall, _ = timed(lambda e=extract, p=pdf: e(p), max(1, args.runs // 2))  # type: ignore[misc]
                compared.append((label, name, doc.pages, wall, chars))
    busy = os.getloadavg()[0]
    lines = [f"Machine: {machine()}; load average {busy:.1f}. Median of {args.runs} runs; peak "
             "RSS over the runs.", "",
             "| edition | pages | PDF | read (in-process) | its CPU time | "
             "`deadlines scan FILE.pdf -f json` | its CPU time | peak memory |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {label} | {pages} | {kb} KB | {inside * 1000:.0f} ms | {cpu * 1000:.0f} ms | "
              f"{whole * 1000:.0f} ms | {whole_cpu * 1000:.0f} ms | {mb:.0f} MB |"
              for label, pages, kb, inside, cpu, whole, whole_cpu, mb in rows]
    if compared:
        lines += ["", "| edition | extractor | pages | text extraction | characters |",
                  "|---|---|---:|---:|---:|"]
        lines += [f"| {label} | {name} | {pages} | {wall * 1000:.0f} ms | {chars:,} |"
                  for label, name, pages, wall, chars in compared]
    out = "\n".join(lines) + "\n"
    print(out)
    if args.out:
        args.out.write_text(out, encoding="utf-8")


if __name__ == "__main__":
    main()
