"""Tables of standards and dates, as text gives them.

`split_tables(text)` first reads the tables written a row a line, of any size
(`table_lines`: pipes, tabs, aligned columns), then the flattened ones: every cell on a
line of its own, or the whole table run into one paragraph (a stretch holding at least
three standard numbers and two dates, in short lines or in one paragraph with few
sentences). It gives their rows, each with its standard number, its dates and the kind its
column's header suggests ("Implementation date" is an entry into force); the rest of the
text is left for sentences. Each row's dates become candidates carrying the row's standard.
"""

from __future__ import annotations

import re
from datetime import date

from sesec_deadlines.core.vocab import Kind
from sesec_deadlines.curation.table_lines import STANDARD_RE, Row, header_kinds, line_tables
from sesec_deadlines.curation.written_dates import DateMention, find_dates

__all__ = ["STANDARD_RE", "Row", "split_tables"]

_SENTENCE_END_RE = re.compile(r"[a-z)]\.\s+[A-Z]")


def _tabular(line: str) -> bool:
    text = line.strip()
    return text.count("|") >= 2 or "\t" in text or bool(re.search(r"\S {3,}\S", text)) or (
        len(text) < 90 and not text.endswith((".", ";", ":")))


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
    """The text without its tables, and the tables' rows: first the tables written a row
    a line, of any size (`table_lines`), then the flattened ones."""
    text, rows = line_tables(text, reference)
    rest: list[str] = []
    position = 0
    for start, end in _blocks(text, reference):
        rest.append(text[position:start])
        position = end
        block = text[start:end]
        header, found = _rows(block, reference)
        before = text[max(0, start - 300):start].strip().rsplit("\n", 1)[-1]
        kinds = header_kinds(before + "\n" + header)
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
