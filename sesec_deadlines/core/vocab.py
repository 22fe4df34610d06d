"""Closed vocabularies shared by the data model, the validator and the CLI options.

Each vocabulary is defined once here. The validator rejects any value not listed, the
CLI offers exactly these values as choices, and docs/registry-format.md lists them.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum


class Kind(StrEnum):
    """What happens on a milestone's date."""

    COMMENT_OPEN = "comment_open"
    COMMENT_CLOSE = "comment_close"
    PUBLISHED = "published"
    ENTRY_INTO_FORCE = "entry_into_force"
    MANDATORY_FROM = "mandatory_from"
    TRANSITION_END = "transition_end"
    APPLICATION_OPEN = "application_open"
    REPORT_DUE = "report_due"
    OTHER = "other"


KIND_LABELS: dict[Kind, str] = {
    Kind.COMMENT_OPEN: "comments open",
    Kind.COMMENT_CLOSE: "last day for comments",
    Kind.PUBLISHED: "published",
    Kind.ENTRY_INTO_FORCE: "in force from",
    Kind.MANDATORY_FROM: "mandatory from",
    Kind.TRANSITION_END: "last day of transition",
    Kind.APPLICATION_OPEN: "applications open",
    Kind.REPORT_DUE: "last day to report",
    Kind.OTHER: "other date",
}
"""Each kind in words, the one wording used by tables, calendar titles and emails: it says
whether the date is a first day ("mandatory from") or a last day ("last day of transition").
Tables and emails print it as it stands, calendar titles with a capital letter."""

KIND_DAYS: dict[Kind, str] = {
    Kind.COMMENT_OPEN: "the first day comments are accepted",
    Kind.COMMENT_CLOSE: "the last day comments are accepted",
    Kind.PUBLISHED: "the day the text is published, issued, approved or released",
    Kind.ENTRY_INTO_FORCE: "the first day the text is in force",
    Kind.MANDATORY_FROM: "the first day the requirement binds",
    Kind.TRANSITION_END: "the last day of the grace period; the requirement binds the day after",
    Kind.APPLICATION_OPEN: "the first day applications are accepted",
    Kind.REPORT_DUE: "the last day by which a report (or other act) must have been made",
    Kind.OTHER: "the day the note describes",
}
"""Which day a milestone of each kind names (docs/registry-format.md, "Kinds")."""


def milestone_label(kind: Kind, key: str) -> str:
    """A milestone's kind in words; an `other` milestone is named by its key instead
    ("pilot_phase_end" reads "pilot phase end")."""
    if kind is Kind.OTHER and key != kind.value:
        return key.replace("_", " ").replace("-", " ")
    return KIND_LABELS[kind]


def capitalised(text: str) -> str:
    """The first letter upper-cased, the rest as it is (for calendar titles)."""
    return text[:1].upper() + text[1:]


class Certainty(StrEnum):
    """How sure the date is: stated in an issued text, in a draft, or derived by us."""

    OFFICIAL = "official"
    PROPOSED = "proposed"
    ESTIMATED = "estimated"


CERTAINTY_WORDS: dict[Certainty, str] = {
    Certainty.OFFICIAL: "official (stated in an issued text)",
    Certainty.PROPOSED: "proposed (stated in a draft; may change)",
    Certainty.ESTIMATED: "estimated (derived by the registry's curators)",
}
"""Each certainty in words, for calendar descriptions and emails."""


class Status(StrEnum):
    """The state of the instrument itself."""

    DRAFT = "draft"
    FINAL = "final"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"


class ChangeOrigin(StrEnum):
    """Who changed a milestone's recorded value (a `history` entry's `change`): the
    authority ("moved": a new date or certainty from the source), or the registry
    correcting its own record ("corrected": a misread or a date's meaning fixed)."""

    MOVED = "moved"
    CORRECTED = "corrected"


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


TOPICS: dict[str, str] = {
    "ccc": "China Compulsory Certification (CCC)",
    "rohs": "China RoHS, hazardous substances in electrical and electronic products",
    "gb-standard": "GB national standards",
    "mandatory-standard": "mandatory (GB) standards",
    "sector-standard": "sector (industry) standards",
    "standardisation-policy": "standardisation law, policy and system",
    "cybersecurity": "cybersecurity",
    "data": "data security and data flows",
    "privacy": "personal information protection",
    "cryptography": "commercial cryptography",
    "ai": "artificial intelligence",
    "automotive": "vehicles and intelligent connected vehicles",
    "ev": "electric and new-energy vehicles and charging",
    "battery": "batteries",
    "carbon": "carbon footprint, emissions and neutrality",
    "green": "green products, labels and circular economy",
    "energy-efficiency": "energy efficiency and energy labels",
    "product-safety": "product safety",
    "chemicals": "chemicals and restricted substances",
    "telecom": "telecommunications and radio equipment",
    "procurement": "government procurement",
    "certification": "certification and conformity assessment",
    "medical-devices": "medical devices",
    "food": "food and food contact",
    "machinery": "machinery and special equipment",
    "electrical": "electrical equipment and household appliances",
    "iot": "internet of things",
    "blockchain": "blockchain",
    "packaging": "packaging",
    "construction": "construction and building products",
    "railway": "railway",
    "trade": "trade, market access and investment",
    "ip": "patents and intellectual property",
    "consumer-products": "consumer products",
    "environment": "environmental protection",
    "energy": "energy supply, hydrogen and power",
    "digital": "digital economy and infrastructure",
    "translation": "official translations of standards and regulations",
}


AUTHORITIES: dict[str, str] = {
    "NPC": "National People's Congress and its Standing Committee",
    "State Council": "State Council of the PRC",
    "SAMR": "State Administration for Market Regulation",
    "SAC": "Standardization Administration of China",
    "CNCA": "Certification and Accreditation Administration of China",
    "MIIT": "Ministry of Industry and Information Technology",
    "CAC": "Cyberspace Administration of China",
    "TC260": "National Information Security Standardisation Technical Committee",
    "NDA": "National Data Administration",
    "NDRC": "National Development and Reform Commission",
    "MEE": "Ministry of Ecology and Environment",
    "MOF": "Ministry of Finance",
    "MOFCOM": "Ministry of Commerce",
    "MPS": "Ministry of Public Security",
    "MOT": "Ministry of Transport",
    "MOST": "Ministry of Science and Technology",
    "MOHURD": "Ministry of Housing and Urban-Rural Development",
    "MEM": "Ministry of Emergency Management",
    "NHC": "National Health Commission",
    "NMPA": "National Medical Products Administration",
    "NEA": "National Energy Administration",
    "NRA": "National Railway Administration",
    "SCA": "State Cryptography Administration",
    "CCSA": "China Communications Standards Association",
    "CQC": "China Quality Certification Centre",
    "CNIS": "China National Institute of Standardization",
    "GACC": "General Administration of Customs",
    "PBOC": "People's Bank of China",
    "CSRC": "China Securities Regulatory Commission",
    "NIPA": "National Intellectual Property Administration",
    "MOE": "Ministry of Education",
    "CAAC": "Civil Aviation Administration of China",
    "MNR": "Ministry of Natural Resources",
    "MWR": "Ministry of Water Resources",
    "MARA": "Ministry of Agriculture and Rural Affairs",
    "NFSRA": "National Food and Strategic Reserves Administration",
    "Other": "another body, named in the summary",
}


def spelling_key(text: str) -> str:
    """The one rule of spelling for every vocabulary on the command line: case, and `_`,
    `-` or a space between words, make no difference ("Comment-Close" is comment_close,
    "rohs" is RoHS, "samr" is SAMR)."""
    return "-".join(text.replace("_", " ").replace("-", " ").casefold().split())


def lookup(values: Iterable[str], what: str, *, fold: bool = True,
           described: Mapping[str, str] | None = None) -> Callable[[str], str]:
    """A parser of one vocabulary's values: returns the canonical value, or raises
    ValueError saying what is allowed, with a "did you mean" where one is close: a close
    spelling, else the values whose description (`described`, or `values` itself when it
    is a mapping of value to description) holds every word given, in any word form
    ("household appliances" -> electrical, "electrical equipment and household appliances").

    Values are compared by `spelling_key` (`fold` is kept for older callers: every
    vocabulary folds case now)."""
    allowed = list(values)
    table = {spelling_key(v): v for v in allowed}
    about = described if described is not None else (
        values if isinstance(values, Mapping) else {})

    def parse(text: str) -> str:
        key = spelling_key(text)
        if key in table:
            return table[key]
        close = [table[c] for c in difflib.get_close_matches(key, list(table), n=1,
                                                               cutoff=0.6)]
        if about:
            close += [v for v in _described_by(text, about) if v not in close]
        hint = (" Did you mean " + " or ".join(repr(c) for c in close) + "?") if close else ""
        raise ValueError(f"unknown {what} {text!r}.{hint} Allowed: {', '.join(allowed)}")

    return parse


def _described_by(text: str, about: Mapping[str, str]) -> list[str]:
    """The values (at most three) whose description holds every word of `text`, as whole
    words in any word form."""
    from sesec_deadlines.core.words import text_keys, word_key, words

    wanted = {word_key(w) for w in words(text)}
    if not wanted:
        return []
    found = [value for value, description in about.items()
             if wanted <= text_keys(description.casefold())]
    return found[:3]


class GroupBy(StrEnum):
    """How the timeline groups its rows."""

    TOPIC = "topic"
    AUTHORITY = "authority"
