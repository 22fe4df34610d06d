"""Word forms for `--search`: "charger", "chargers" and "charging" are one word, and so are
"battery" and "batteries".

A query word matches a text when it occurs in it as written (so "4706" finds "GB 4706.1"
and "char" finds "charging"), or when one of the text's words has the same key: its
English Snowball stem (the `snowballstemmer` package, imported on the first search), with
an agent noun's "-er" taken off a long stem ("charger" -> "charg", as "charging").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer  # type: ignore[import-untyped]

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """The form a word is compared by (`word` in lower case)."""
    if not word.isalpha():
        return word
    stem: str = _stemmer().stemWord(word)
    if len(stem) >= 6 and stem.endswith("er"):
        stem = stem[:-2]
    return stem


def words(text: str) -> list[str]:
    """The words of a text, in lower case."""
    return _WORD.findall(text.casefold())


def text_keys(text: str) -> frozenset[str]:
    """The keys of every word of a (lower-case) text."""
    return frozenset(word_key(w) for w in _WORD.findall(text))


def term_matches(term: str, text: str, keys: frozenset[str]) -> bool:
    """Whether every word of `term` is in `text` (lower case) as written or by its key
    (`keys`, from `text_keys(text)`)."""
    parts = term.casefold().split()
    return all(
        part in text or all(word_key(w) in keys for w in _WORD.findall(part) or [part])
        for part in parts)


def any_term(terms: Iterable[str], text: str, keys: frozenset[str]) -> bool:
    """Whether any of `terms` matches (`term_matches`)."""
    return any(term_matches(term, text, keys) for term in terms)
