"""Editions' plain-text files, recognised by the masthead their registry declares.

An `[[edition]]` table's `masthead` is text its edition starts with (e.g. "November -
December 2025"); case, dashes and spacing do not matter. `verify-sources` reads a folder
of such files, `scan` the files it is given.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sesec_deadlines.core.model import Edition
from sesec_deadlines.curation.edition_text import normalize, recognise, split_articles


@dataclass
class EditionText:
    """One edition's text, split into articles (normalized heading -> text)."""

    edition: Edition
    file: Path
    text: str
    headings: list[str]
    articles: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.edition.key

    def article(self, heading: str) -> str | None:
        return self.articles.get(normalize(heading))

    def closest(self, heading: str) -> str | None:
        wanted = normalize(heading)
        names = {normalize(h): h for h in self.headings}
        close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.6)
        return names[close[0]] if close else None


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def which_edition(text: str, declared: Sequence[Edition]) -> Edition | None:
    """The declared edition whose masthead the text carries."""
    key = recognise(text, {e.key: e.masthead for e in declared if e.masthead})
    return next((e for e in declared if e.key == key), None)


def edition_text(path: Path, text: str, edition: Edition) -> EditionText:
    headings, articles = split_articles(text)
    return EditionText(edition, path, text, headings, articles)


def load_editions(directory: Path, declared: Sequence[Edition]) -> dict[str, EditionText]:
    """The `.txt` files of a folder that carry a declared edition's masthead, by key."""
    editions: dict[str, EditionText] = {}
    for path in sorted(directory.iterdir()):
        if path.suffix.lower() != ".txt" or not path.is_file():
            continue
        text = read_text(path)
        edition = which_edition(text, declared)
        if edition is not None and edition.key not in editions:
            editions[edition.key] = edition_text(path, text, edition)
    return editions
