"""Counts in scan's and verify-sources' messages agree with their nouns: one statement,
two statements, never "1 context ones" or "milestone(s)"."""

from __future__ import annotations

from pathlib import Path

import pytest

from sesec_deadlines.core.plural import counted, plural

from .conftest import FIXTURES, Runner

R = ("-r", str(FIXTURES / "scan" / "registry.toml"), "--edition", "2025-11")


@pytest.mark.parametrize(("n", "noun", "text"), [
    (0, "milestone", "0 milestones"), (1, "milestone", "1 milestone"),
    (2, "dated statement", "2 dated statements"), (1, "entry", "1 entry"),
    (3, "entry", "3 entries"), (2, "day", "2 days"), (5, "news", "5 news"),
])
def test_counted(n: int, noun: str, text: str) -> None:
    many = "news" if noun == "news" else None
    assert counted(n, noun, many) == text
    assert plural(n, noun, many) == text.split(" ", 1)[1]


def _scan(run: Runner, tmp_path: Path, body: str, *more: str) -> tuple[str, str]:
    doc = tmp_path / "page.txt"
    doc.write_text(f"Sprocket News of the Month\n\n{body}\n", encoding="utf-8")
    result = run("scan", str(doc), *R, *more)
    assert result.exit_code == 0, result.stderr
    return result.stdout, result.stderr


def test_one_of_each(run: Runner, tmp_path: Path) -> None:
    out, _ = _scan(run, tmp_path, "The annual sprocket forum was held on 12 November 2025. "
                   "Makers must register their sprockets by 31 January 2026.")
    assert ": 2 dated statements (1 obligation, 1 context): " in out
    assert "Showing the one obligation; --all shows 1 context candidate too.\n" in out
    new, _ = _scan(run, tmp_path, "Makers must register their sprockets by 31 January 2026.",
                   "--new-only")
    assert ": 1 dated statement (1 obligation, 0 context): " in new
    assert "Showing the one new obligation.\n" in new


def test_one_context_statement_alone(run: Runner, tmp_path: Path) -> None:
    out, err = _scan(run, tmp_path, "The annual sprocket forum was held on 12 November 2025.")
    assert ": 1 dated statement (0 obligations, 1 context): " in out
    assert "Showing no obligation; --all shows 1 context candidate too.\n" in out
    assert "1 dated statement, not an obligation (meetings, background, plans)" in err
    assert "hint: --all shows it\n" in err
    many, err = _scan(run, tmp_path, "The forum was held on 12 November 2025. The plenary "
                      "meeting took place on 14 November 2025.")
    assert "Showing no obligation; --all shows the 2 context candidates too.\n" in many
    assert "2 dated statements, none of them an obligation" in err
