"""Editions' texts, from the documents the readers give, recognised by their mastheads.

An `[[edition]]` table's `masthead` is text its edition starts with (e.g. "November -
December 2025"); case, dashes and spacing do not matter. The documents of one scan (a
PDF, a text file, a folder of web pages) that carry the same masthead, or that a curator
assigns to an edition with `--edition`, make one `EditionText`: the articles each
document delimits itself (a web page) and those split from the rest of its text.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sesec_deadlines.core.errors import UsageError
from sesec_deadlines.core.model import Edition
from sesec_deadlines.curation.edition_text import Article, articles, normalize, recognise
from sesec_deadlines.curation.readers import Document, read_inputs


@dataclass
class EditionText:
    """One edition's documents, split into articles (normalized heading -> text)."""

    edition: Edition
    documents: list[Document]
    headings: list[str] = field(default_factory=list)
    articles: dict[str, str] = field(default_factory=dict)
    dates: dict[str, date] = field(default_factory=dict)  # a web page's own date

    @property
    def key(self) -> str:
        return self.edition.key

    @property
    def file(self) -> Path:
        return self.documents[0].path

    @property
    def text(self) -> str:
        return "\n\n".join(d.text for d in self.documents)

    def article(self, heading: str) -> str | None:
        return self.articles.get(normalize(heading))

    def closest(self, heading: str) -> str | None:
        wanted = normalize(heading)
        names = {normalize(h): h for h in self.headings}
        close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.6)
        return names[close[0]] if close else None

    def reference(self, heading: str) -> date:
        """The day a day and month without a year are read against: the article's own
        date (a web page's), else the edition's publication."""
        return self.dates.get(normalize(heading), self.edition.published)

    def article_list(self) -> list[Article]:
        """The articles in the order of their headings, each once."""
        return [Article(h, self.articles[normalize(h)])
                for h in dict.fromkeys(self.headings) if normalize(h) in self.articles]

    def add(self, document: Document) -> None:
        self.documents.append(document)
        found = ([Article(s.title, s.text) for s in document.sections]
                 if document.sections else articles(document.text))
        for section in document.sections:
            if section.published is not None:
                self.dates[normalize(section.title)] = section.published
        for item in found:
            key = normalize(item.heading)
            self.headings.append(item.heading)
            self.articles[key] = (self.articles[key] + "\n\n" + item.text
                                  if key in self.articles else item.text)


def which_edition(text: str, declared: Sequence[Edition]) -> Edition | None:
    """The declared edition whose masthead the text carries."""
    key = recognise(text, {e.key: e.masthead for e in declared if e.masthead})
    return next((e for e in declared if e.key == key), None)


def document_edition(document: Document, declared: Sequence[Edition]) -> Edition | None:
    """The declared edition whose masthead the document (or its page title) carries."""
    return which_edition(document.text, declared) or (
        which_edition(document.title, declared) if document.title else None)


def edition_text(documents: Iterable[Document], edition: Edition) -> EditionText:
    out = EditionText(edition, [])
    for document in documents:
        out.add(document)
    return out


def group_editions(documents: Iterable[Document], declared: Sequence[Edition],
                   edition: Edition | None = None) -> tuple[list[EditionText], list[Document]]:
    """The documents gathered by edition (in the order first met), and those whose
    edition is not recognised. With `edition`, every document belongs to it."""
    groups: dict[str, EditionText] = {}
    unknown: list[Document] = []
    for document in documents:
        found = edition or document_edition(document, declared)
        if found is None:
            unknown.append(document)
            continue
        if found.key not in groups:
            groups[found.key] = EditionText(found, [])
        groups[found.key].add(document)
    return list(groups.values()), unknown


UNDECLARED = "undeclared"  # the key of documents read without a declared edition


def read_editions(paths: Sequence[Path], declared: Sequence[Edition],
                  edition: Edition | None = None,
                  undeclared: date | None = None) -> list[EditionText]:
    """The editions in the files and folders given (one scan). Documents whose edition
    is not recognised are refused, by name, with what to do; with `undeclared` (today)
    they are read together as one undeclared document instead (`provisional`)."""
    documents = read_inputs(paths)
    editions, unknown = group_editions(documents, declared, edition)
    if unknown and undeclared is not None:
        return [*editions, provisional(unknown, undeclared)]
    if unknown:
        raise UsageError(f"{names_of(unknown)}: no declared edition's masthead in the first "
                         "lines", hint="give --edition KEY (a web page carries no masthead), "
                         "or add the edition's `masthead` to its [[edition]] table "
                         "(`deadlines vocab` lists them); `scan` without --toml reads it "
                         "as an undeclared document")
    return editions


def names_of(documents: Sequence[Document]) -> str:
    """"notice.pdf", or "4 files (a.html, b.html, c.html, ...)"."""
    if len(documents) == 1:
        return documents[0].name
    return (f"{len(documents)} files (" + ", ".join(d.path.name for d in documents[:3])
            + (", ..." if len(documents) > 3 else "") + ")")


def provisional(documents: Sequence[Document], today: date) -> EditionText:
    """Documents of no declared edition, read as one: dates without a year are read
    against the newest date the documents give themselves (a page's date), else against
    `today`. Its key, `undeclared`, is no edition a source may cite."""
    own = [d.published for d in documents if d.published is not None]
    own += [s.published for d in documents for s in d.sections if s.published is not None]
    label = documents[0].title or documents[0].name
    if len(documents) > 1:
        label += f" and {len(documents) - 1} more"
    found = EditionText(Edition(UNDECLARED, label, max(own, default=today)), [])
    for document in documents:
        found.add(document)
    return found


def load_editions(directory: Path, declared: Sequence[Edition],
                  edition: Edition | None = None) -> dict[str, EditionText]:
    """The documents of a folder (PDF, web pages, text) that carry a declared edition's
    masthead, by key; documents of no declared edition are left out."""
    editions, _ = group_editions(read_inputs([directory]), declared, edition)
    return {e.key: e for e in editions}
