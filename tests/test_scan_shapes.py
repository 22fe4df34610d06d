"""scan on the editions in the shapes they come in: printed as PDF, served as wrapped host
text, posted as one web page per article or as the whole edition on one page, with the index
taken out or mangled; and the
curator's workflow end to end on a PDF edition and on a folder of web pages.

The material is built by the tests from the editions beside the project (tests/material.py);
without them the tests are skipped, saying so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from sesec_deadlines.core.model import Entry
from sesec_deadlines.curation.readers import read_inputs
from sesec_deadlines.curation.review import review
from sesec_deadlines.curation.scan import scan_articles
from sesec_deadlines.curation.texts import EditionText, group_editions, load_editions
from sesec_deadlines.registry.load import bundled_path, load
from sesec_deadlines.registry.store import Registry

from . import material
from .conftest import Runner
from .test_sources import SEEDS

SHAPES: dict[str, Callable[[EditionText, Path], list[Path]]] = {
    "plain": lambda e, d: [e.file],
    "pdf": lambda e, d: [material.pdf_edition(
        e.text, d / "edition.pdf",
        footer="P{page}" if e.key < "2024" else "Page {page} of {pages}")],
    "pdf, two columns": lambda e, d: [material.pdf_edition(e.text, d / "edition.pdf",
                                                           columns=2)],
    "host": lambda e, d: [_write(d / "edition.txt", material.host_text(e.text))],
    "web": lambda e, d: [material.web_pages(e.text, d / "pages",
                                            e.edition.published.isoformat())[0].parent],
    "web edition": lambda e, d: [_write(d / "edition.html", material.web_edition(
        e.text, e.edition.published.isoformat()))],
    "no index": lambda e, d: [_write(d / "edition.txt", material.without_index(e.text))],
    "mangled index": lambda e, d: [_write(d / "edition.txt", material.mangled_index(e.text))],
}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def bundled() -> Registry:
    return load([bundled_path()])


@pytest.fixture(scope="module")
def editions(bundled: Registry) -> dict[str, EditionText]:
    if not SEEDS.is_dir():
        pytest.skip(f"the newsletter editions are not beside the project ({SEEDS}); the "
                    "shapes are built from them")
    found = load_editions(SEEDS, bundled.editions)
    assert len(found) == 5
    return found


@pytest.fixture(scope="module")
def shaped(editions: dict[str, EditionText],
           tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], dict[str, list[Path]]]:
    """The inputs of each edition in a shape, built once per shape."""
    built: dict[str, dict[str, list[Path]]] = {}

    def shape(name: str) -> dict[str, list[Path]]:
        if name not in built:
            root = tmp_path_factory.mktemp(re.sub(r"\W", "-", name))
            built[name] = {}
            for key, edition in editions.items():
                (root / key).mkdir()
                built[name][key] = SHAPES[name](edition, root / key)
        return built[name]

    return shape


def wanted(entries: list[Entry]) -> set[str]:
    """The registry's milestones of day or month precision with a date of their own."""
    return {e.id for e in entries if e.milestone.after is None and e.milestone.date is not None
            and e.milestone.date.precision.value in ("day", "month")}


def known(inputs: dict[str, list[Path]], registry: Registry) -> set[str]:
    """The milestones scan finds `known` in the inputs of each edition (web pages carry no
    masthead: their edition is given, as with --edition)."""
    declared = {e.key: e for e in registry.editions}
    found: set[str] = set()
    for key, paths in inputs.items():
        groups, unknown = group_editions(read_inputs(paths), registry.editions, declared[key])
        assert unknown == []
        for edition in groups:
            candidates = scan_articles(edition.article_list(), edition.edition.published)
            found.update(m for c in review(candidates, registry.entries, edition.key)
                         if c.status == "known" for m in c.milestones)
    return found


@pytest.mark.parametrize(("shape", "share"), [
    ("plain", 1.0), ("pdf", 0.95), ("pdf, two columns", 0.90), ("host", 0.95), ("web", 0.90),
    ("web edition", 0.90),
    ("no index", 0.90),
    ("mangled index", 0.90),
])
def test_every_milestone_is_found_known_in_each_shape(
        shape: str, share: float, shaped: Callable[[str], dict[str, list[Path]]],
        bundled: Registry) -> None:
    want = wanted(list(bundled.entries))
    assert len(want) >= 135
    found = known(shaped(shape), bundled)
    missing = sorted(want - found)
    assert len(want & found) >= share * len(want), missing


def test_host_text_is_wrapped_and_paged(editions: dict[str, EditionText]) -> None:
    """The material is what it claims: lines at most 78 wide, "Page N:" lines, no blank
    lines, some words broken with a hyphen."""
    text = material.host_text(editions["2024-11"].text)
    lines = text.splitlines()
    assert max(len(line) for line in lines if not line.startswith("Page ")) <= 78 \
        or sum(len(line) > 78 for line in lines) < 5  # a word longer than the line
    assert "" not in lines and sum(line.startswith("Page ") for line in lines) >= 5
    assert sum(bool(re.search(r"[a-z]-$", line)) for line in lines) >= 10


def _editions_only(tmp_path: Path) -> Path:
    """A registry declaring the bundled editions, with no instrument yet."""
    text = bundled_path().read_text(encoding="utf-8")
    tables = re.findall(r"^\[\[edition\]\]\n(?:[^\[\n].*\n)*", text, re.M)
    path = tmp_path / "ours.toml"
    path.write_text("schema = 1\n\n" + "\n".join(tables), encoding="utf-8")
    return path


def _workflow(run: Runner, tmp_path: Path, inputs: list[str], *edition: str) -> None:
    """scan, --toml, add --from-toml, check, verify-sources, scan again: all known."""
    registry = _editions_only(tmp_path)
    r = ("-r", str(registry))
    first = run("scan", *inputs, *r, *edition, "-f", "json")
    assert first.exit_code == 0, first.stderr
    candidates = json.loads(first.stdout)["candidates"]
    assert candidates and {c["status"] for c in candidates} == {"new"}
    drafted = run("scan", *inputs, *r, *edition, "--toml", "--as-of", "2021-10-20")
    assert drafted.exit_code == 0, drafted.stderr
    draft = tmp_path / "draft.toml"
    draft.write_text(drafted.stdout.replace('summary = "TO BE WRITTEN BY THE CURATOR"',
                                            'summary = "Our own words on what it asks."'),
                     encoding="utf-8")
    added = run("add", str(registry), "--from-toml", str(draft))
    assert added.exit_code == 0, added.stderr
    assert run("check", str(registry)).exit_code == 0
    verified = run("verify-sources", *inputs, *r, *edition)
    assert verified.exit_code == 0, verified.stdout + verified.stderr
    assert re.search(r"Checked (\d+) .*: \1 confirmed \(100\.0%\)", verified.stdout)
    again = json.loads(run("scan", *inputs, *r, *edition, "-f", "json").stdout)
    assert {c["status"] for c in again["candidates"]} == {"known"}
    assert len(again["candidates"]) == len(candidates)


def test_the_workflow_on_a_pdf_edition(run: Runner, tmp_path: Path,
                                       editions: dict[str, EditionText]) -> None:
    printed = material.pdf_edition(editions["2021-08"].text, tmp_path / "2021-08.pdf")
    _workflow(run, tmp_path, [str(printed)])


def test_the_workflow_on_a_folder_of_web_pages(run: Runner, tmp_path: Path,
                                               editions: dict[str, EditionText]) -> None:
    edition = editions["2021-08"]
    pages = material.web_pages(edition.text, tmp_path / "pages", "2021-10-14")
    folder = pages[0].parent
    unnamed = run("scan", str(folder), "--toml", "-r", str(_editions_only(tmp_path)))
    assert unnamed.exit_code == 2  # a draft needs the edition its sources cite
    assert "no declared edition's masthead" in unnamed.stderr
    assert "hint: give --edition KEY" in unnamed.stderr
    preview = run("scan", str(folder), "-f", "json", "-r", str(_editions_only(tmp_path)))
    assert preview.exit_code == 0, preview.stderr  # a look without it: undeclared, said so
    assert "scanned as an undeclared document" in preview.stderr
    assert "read against 2021-10-14 (its own date)" in preview.stderr
    assert json.loads(preview.stdout)["edition"] == "undeclared"
    _workflow(run, tmp_path, [str(folder)], "--edition", "2021-08")
