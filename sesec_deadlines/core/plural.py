"""Counts in words: "1 dated statement", "2 dated statements", "1 entry", "3 entries"."""

from __future__ import annotations


def plural(n: int, noun: str, many: str | None = None) -> str:
    """The noun's form for `n` things: the singular for exactly one, else `many` (or the
    noun with "s", or "ies" for a consonant and "y": "entry", "entries")."""
    if n == 1:
        return noun
    if many is not None:
        return many
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    return noun + "s"


def counted(n: int, noun: str, many: str | None = None) -> str:
    """`n` and the noun in the form for it: "1 milestone", "0 milestones"."""
    return f"{n} {plural(n, noun, many)}"
