"""Standard numbers as people write them: "GB 4706.1-2024", "gb4706.1", "GB-26572"."""

from __future__ import annotations

import re

_QUALIFIER = re.compile(r"^(gb)/[tz]", re.ASCII)
_LETTERS_DASH = re.compile(r"^([a-z]+(?:/[a-z])?)-(?=\d)", re.ASCII)


def number_key(number: str) -> str:
    """A number as compared: any case, no spaces, no dash between the letters and the
    digits ("GB-26572" is "gb26572"; "gb/t4706.1-2024")."""
    return _LETTERS_DASH.sub(r"\1", "".join(number.split()).casefold())


def number_matches(wanted: str, number: str | None) -> bool:
    """Whether an instrument's number starts with `wanted`, at a boundary: "GB 4706" finds
    GB 4706.1-2024 and GB/T 4706.2 (a plain GB finds the /T and /Z standards too) but not
    GB 47061 (a number does not end inside a run of digits or letters). Case and spaces
    make no difference."""
    if not number:
        return False
    key = number_key(wanted)
    if not key:
        return False
    full = number_key(number)
    for candidate in {full, _QUALIFIER.sub(r"\1", full)}:
        if candidate.startswith(key):
            rest = candidate[len(key):]
            if not rest or not _same_class(key[-1], rest[0]):
                return True
    return False


def _same_class(a: str, b: str) -> bool:
    return (a.isdigit() and b.isdigit()) or (a.isalpha() and b.isalpha())
