"""Tables of standards and dates, as text gives them: one row per line ("| GB 1 | ... |",
cells separated by tabs or spaces) or flattened, every cell on a line of its own or the
whole table run into one paragraph.

`split_tables(text)` finds such tables (a stretch holding at least three standard numbers
and two dates, in table-like lines or in one paragraph with few sentences) and gives
their rows, each with its standard number, its dates and the kind its column's header
suggests ("Implementation date" is an entry into force); the rest of the text is left
for sentences. Each row's dates become candidates carrying the row's standard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sesec_deadlines.core.vocab import Kind
from sesec_deadlines.curation.written_dates import DateMention, find_dates

STANDARD_RE = re.compile(
    r"\b(?:GB(?:/[TZ])?|[A-Z]{2,3}/T|T/[A-Z]{2,10}|ISO(?:/IEC)?|IEC)\s?\d{1,6}(?:\.\d{1,3})*"
    r"(?:\s?[-—–]\s?(?:19|20)\d{2})?")
_HEADER_KINDS = (
    (Kind.ENTRY_INTO_FORCE, r"implement\w*|effective|in(?:to)? force|enforce\w*|apply from"),
    (Kind.PUBLISHED, r"publi\w*|issu\w*|releas\w*|approv\w*|announc\w*"),
    (Kind.MANDATORY_FROM, r"mandatory|compulsory"),
    (Kind.TRANSITION_END, r"transition\w*|valid until|expir\w*|withdraw\w*|abolish\w*"),
    (Kind.COMMENT_CLOSE, r"comments?|deadline|feedback"),
)
_HEADER_RE = re.compile("|".join(f"(?P<k{i}>{p})" for i, (_, p) in enumerate(_HEADER_KINDS)),
                        re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"[a-z)]\.\s+[A-Z]")


@dataclass(frozen=True)
class Row:
    """One row of a table: its text (cells joined), standard number and dates, and the
    kind of each date as the header suggests (None where it says nothing)."""

    text: str
    standard: str
    dates: tuple[DateMention, ...]
    kinds: tuple[Kind | None, ...]


def _tabular(line: str) -> bool:
    text = line.strip()
    return text.count("|") >= 2 or "\t" in text or bool(re.search(r"\S {3,}\S", text)) or (
        len(text) < 90 and not text.endswith((".", ";", ":")))


def _header_kinds(header: str) -> list[Kind]:
    return [_HEADER_KINDS[int(next(k for k, v in m.groupdict().items() if v)[1:])][0]
            for m in _HEADER_RE.finditer(header)]


def _rows(block: str, reference: date) -> tuple[str, list[tuple[str, str, list[DateMention]]]]:
    """The header and the rows (text, standard, dates) of one table's text."""
    standards = list(STANDARD_RE.finditer(block))
    dates = [d for d in find_dates(block, reference) if d.precision in ("day", "month")]
    tokens = sorted([(m.start(), m.end(), "s") for m in standards]
                    + [(d.start, d.end, "d") for d in dates])
    first = tokens[0][2]
    starts: list[int] = []
    seen_other = True
    for start, _, kind in tokens:
        if kind == first and seen_other:
            starts.append(start)
            seen_other = False
        elif kind != first:
            seen_other = True
    header = block[:starts[0]]
    out = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(block)
        text = block[start:end]
        std = STANDARD_RE.search(text)
        found = [d for d in dates if start <= d.start < end]
        if std and found:
            out.append((text, " ".join(std.group(0).split()), found))
    return header, out


def _blocks(text: str, reference: date) -> list[tuple[int, int]]:
    """Where the tables are: (start, end) in `text`."""
    spans: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    position = 0

    def close() -> None:
        if run:
            start, end = run[0][0], run[-1][1]
            chunk = text[start:end]
            if len(STANDARD_RE.findall(chunk)) >= 3 and len(find_dates(chunk, reference)) >= 2:
                spans.append((start, end))
        run.clear()

    for line in text.splitlines(keepends=True):
        start, end = position, position + len(line)
        position = end
        body = line.strip()
        if not body:
            continue
        many = len(STANDARD_RE.findall(body)) >= 3 and len(
            _SENTENCE_END_RE.findall(body)) * 2 < len(STANDARD_RE.findall(body))
        if many and len(body) > 200:  # a whole table run into one paragraph
            close()
            run.append((start, end))
            close()
        elif _tabular(body):
            run.append((start, end))
        else:
            close()
    close()
    return spans


def split_tables(text: str, reference: date) -> tuple[str, list[Row]]:
    """The text without its tables, and the tables' rows."""
    rows: list[Row] = []
    rest: list[str] = []
    position = 0
    for start, end in _blocks(text, reference):
        rest.append(text[position:start])
        position = end
        block = text[start:end]
        header, found = _rows(block, reference)
        before = text[max(0, start - 300):start].strip().rsplit("\n", 1)[-1]
        kinds = _header_kinds(before + "\n" + header)
        for row_text, standard, _ in found:
            flat = re.sub(r"\s\d{1,3}$", "", " ".join(row_text.replace("|", " ").split()))
            mentions = [d for d in find_dates(flat, reference) if d.precision in ("day", "month")]
            if len(kinds) == len(mentions):
                said: tuple[Kind | None, ...] = tuple(kinds)
            elif len(set(kinds)) == 1:
                said = (kinds[0],) * len(mentions)
            else:
                said = (None,) * len(mentions)
            rows.append(Row(flat, standard, tuple(mentions), said))
    rest.append(text[position:])
    return "".join(rest), rows
