"""The records every reader gives: a `Document` and the `Section`s it delimits itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sesec_deadlines.core.errors import UsageError

PDF = "pdf"
HTML = "html"
TEXT = "text"


class InputError(UsageError):
    """An input that cannot be read: named with the file and what to do."""


@dataclass(frozen=True)
class Section:
    """An article the input itself delimits: a web page's title, body and own date."""

    title: str
    text: str
    published: date | None = None


@dataclass(frozen=True)
class Document:
    """One input, read and normalised.

    `text` is the whole text as the article splitter wants it: paragraphs one to a line
    (a table row "| cell | cell |" and an index entry "Heading<TAB>page" too), a blank
    line between paragraphs. `sections` are the articles the input delimits itself (one
    per web page); empty when the text must be split into articles. `title` and
    `published` are the input's own (a page's headline and date), when it has them.
    """

    path: Path
    kind: str  # PDF | HTML | TEXT, from the content
    text: str
    sections: tuple[Section, ...] = ()
    title: str | None = None
    published: date | None = None
    pages: int = 1

    @property
    def name(self) -> str:
        return str(self.path)
