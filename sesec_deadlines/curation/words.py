"""The words every reader of an edition's text shares: month names and normalised text."""

from __future__ import annotations

import calendar

MONTHS = {name.casefold(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_TRANSLATE = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-",
                            "\u00a0": " ", "\t": " "})


def normalize(text: str) -> str:
    """Casefold, straighten quotes and dashes, collapse white space."""
    return " ".join(text.translate(_TRANSLATE).casefold().split()).strip(" .:")
