"""Text wrapped at a fixed width (as document hosts serve it) re-flowed into paragraphs."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sesec_deadlines.curation.readers.linekinds import (
    ENTRY_RE,
    HYPHEN_END_RE,
    STRUCTURAL_RE,
    TERMINAL,
    cell_separator,
    dehyphenate,
    is_entry,
    titlelike,
)


def is_wrapped(lines: Sequence[str]) -> bool:
    """Whether the text was wrapped at a fixed width: many of its lines end near one
    column (and that column is a screen's, not a paragraph's length)."""
    lengths = [len(line) for line in lines if line.strip()]
    if len(lengths) < 20:
        return False
    width = sorted(lengths)[int(0.95 * (len(lengths) - 1))]
    if not 40 <= width <= 140:
        return False
    near = sum(1 for n in lengths if width - 15 <= n <= width + 2)
    return near >= 0.3 * len(lengths)


def _fits(line: str, following: str, width: int) -> bool:
    """Whether the next line's first word would have fitted on this line (so the line was
    broken on purpose), a word broken with a hyphen never."""
    first = following.strip().split(" ", 1)[0] if following.strip() else ""
    return len(line.rstrip()) + 1 + len(first) <= width - 1 \
        and not (HYPHEN_END_RE.search(line.rstrip()) and first[:1].islower())


def reflow(lines: Sequence[str]) -> list[str]:
    """Wrapped lines joined into paragraphs, one to a line, a blank line between them.

    A line ends its paragraph when the next line's first word would have fitted on it. A
    heading-like line that opens a paragraph is a heading (with the next line when that
    one is heading-like too); a list item or a numbered heading starts a paragraph of its
    own and takes its wrapped lines along; a table row wrapped over lines is joined; an
    index entry whose title wrapped is one entry, and a page number alone under an
    entry's title is that entry's."""
    prose = [len(line) for line in lines if line.strip() and not _is_row(line)]
    lengths = sorted(prose or [len(line) for line in lines if line.strip()])
    width = lengths[int(0.95 * (len(lengths) - 1))]
    out: list[str] = []
    table = False  # the last line written was a table row
    para: list[str] = []
    heading = False
    titles: set[str] = set()  # the index's titles, to tell where a wrapped heading ends

    def flush() -> None:
        nonlocal heading
        if para:
            out.append(" ".join(part.strip() for part in dehyphenate(para) if part.strip()))
            out.append("")
            para.clear()
        heading = False

    def entry(text: str) -> None:
        out.extend((text, ""))
        titles.add(_title_key(ENTRY_RE.sub("", text)))

    def row_title(text: str) -> None:
        cells = [c.strip() for c in text.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[1].isdigit():  # an index as a table
            titles.add(_title_key(cells[0]))

    def table_line(text: str) -> None:
        nonlocal table
        flush()
        if table and out and not out[-1]:
            out.pop()  # a table's rows stay together, one to a line
        out.extend((text.rstrip(), ""))
        table = True

    row = ""
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if not row and (_is_row(line) or (table and line[:1].isspace() and line.strip()
                                          and not is_entry(line))):
            table_line(line)  # a row, or a cell wrapped onto an indented line
            continue
        table = False
        tail = bool(_ROW_TAIL_RE.fullmatch(following))  # "| title |" then "29 |"
        if row or (line.lstrip().startswith("|") and (not line.rstrip().endswith("|") or tail)):
            row = f"{row} {line.strip()}".strip()  # a table row wrapped over lines
            if (row.endswith("|") and not tail) or not line.strip() or not following:
                if row.count("|") > 2 and _ROW_TAIL_RE.fullmatch(line):
                    row = row[: -len(line.strip())].rstrip(" |") + " | " + line.strip()
                table_line(row)
                row_title(row)
                row = ""
            continue
        if not line.strip():
            flush()
            continue
        if _BARE_NUMBER_RE.fullmatch(line):  # a wrapped index entry's page
            if para and titlelike(para[-1]):
                title = " ".join(part.strip() for part in para)
                para.clear()
                flush()
                entry(f"{title}\t{line.strip()}")
            elif not para and len(out) >= 2 and titlelike(out[-2]) and "\t" not in out[-2]:
                out[-2] = f"{out[-2]}\t{line.strip()}"
                titles.add(_title_key(out[-2]))
            continue
        if is_entry(line):
            last = ENTRY_RE.search(line)
            page = re.sub(r"[^0-9]", "", last.group(0)) if last else ""
            if para and not para[-1].rstrip().endswith(TERMINAL) \
                    and not _fits(para[-1], line, width):
                title = " ".join([*(part.strip() for part in para), ENTRY_RE.sub("", line)])
                para.clear()  # the last line of a wrapped entry
            else:
                flush()
                title = ENTRY_RE.sub("", line).rstrip()
            flush()
            entry(f"{title}\t{page}")
            continue
        if line.lstrip().startswith("|"):
            row_title(line)
        if STRUCTURAL_RE.search(line):
            flush()
            heading = titlelike(_ITEM_RE.sub("", line)) or line.lstrip().startswith("#")
        elif not para and titlelike(line):
            # a full line wrapped onto a full line that is no title is prose opening with
            # capitalised names ("The State Administration for Market Regulation and")
            heading = not (len(line.rstrip()) >= 0.85 * width and not _fits(line, following,
                                                                             width)
                           and len(following.rstrip()) >= 0.85 * width
                           and not titlelike(following))
        para.append(line)
        after = lines[i + 2] if i + 2 < len(lines) else ""
        if _ends(para, following, width, heading, titles) or (
                not heading and _heading_next(line, following, after, width)):
            flush()
    flush()
    return out


def _is_row(line: str) -> bool:
    """A table row on one line: cells between pipes, or parted by tabs or wide spaces (an
    index entry's title and page number aside)."""
    text = line.strip()
    if text.startswith("|"):
        return text.endswith("|") and text.count("|") >= 3
    return cell_separator(line) is not None and not is_entry(line) \
        and not _ENTRY_TAIL_RE.search(text)


_ENTRY_TAIL_RE = re.compile(r"(?:\t|\s{2,})(?:p\.?\s*)?\d{1,3}\s*$", re.IGNORECASE)


_RUNS_ON_RE = re.compile(r"(?:\b(?:the|a|an|of|and|or|for|by|to|in|on|at|as|with|from|under"
                         r"|that|which|its|their|is|are|was|were|be|until|till|than|into|between"
                         r"|per|via|may|must|shall|will|can|would|should|not|no)|[,\-–—/(])\s*$",
                         re.IGNORECASE)


def _heading_next(line: str, following: str, after: str, width: int) -> bool:
    """Whether the following line is a heading although this line does not end with a
    stop: it has a heading's look and is short, this line cannot run on into it (no
    article, preposition or comma at its end) and a new paragraph comes after it."""
    return titlelike(following) and len(following.strip()) < 0.7 * width \
        and not _RUNS_ON_RE.search(line) and not STRUCTURAL_RE.search(following) \
        and not is_entry(following) and (not after.strip() or after.lstrip()[:1].isupper()
                                         or bool(STRUCTURAL_RE.search(after)))


def _title_key(text: str) -> str:
    return " ".join(_ITEM_RE.sub("", text).replace("*", "").split()).casefold()


_BARE_NUMBER_RE = re.compile(r"\s*\d{1,3}\s*")
_ROW_TAIL_RE = re.compile(r"\s*\|?\s*\d{1,3}\s*\|\s*")
_ITEM_RE = re.compile(r"^\s*(?:#+|[-*•·▪►]|\(?\d{1,2}[.)]|\(?[a-z][.)]|[IVX]{1,4}\.)\s*")


def _ends(para: Sequence[str], following: str, width: int, heading: bool,
          titles: set[str]) -> bool:
    """Whether the paragraph ends before the following line. A heading the index lists
    ends where its title does; a heading's line wraps onto a heading-like or lower-case
    next line."""
    line = para[-1]
    if not following.strip() or (STRUCTURAL_RE.search(following) and not is_entry(following)):
        return True
    fits = _fits(line, following, width) and not _RUNS_ON_RE.search(line)
    if is_entry(following):
        return fits or line.rstrip().endswith(TERMINAL)
    if _BARE_NUMBER_RE.fullmatch(following):
        return False
    if heading:
        so_far = _title_key(" ".join(para))
        if so_far in titles:
            return True
        joined = _title_key(" ".join([*para, following]))
        if any(t.startswith(joined) for t in titles):
            return False
        return not (len(para) == 1 and not fits
                    and (titlelike(following) or following.lstrip()[:1].islower()))
    if line.rstrip().endswith(TERMINAL) and titlelike(following) \
            and len(following.strip()) < 0.85 * width:
        return True  # a heading after the paragraph's last sentence
    return fits
