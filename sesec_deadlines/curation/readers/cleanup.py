"""Text of any shape made plain: the page furniture of printed and hosted text removed,
wrapped lines re-flowed into paragraphs.

The steps, each for a class of input rather than one file:
- page breaks: form feeds, or "Page N" / "Page N: ..." header lines a host inserts;
- running lines: a line that recurs at the top or bottom of many pages (digits aside, so
  "Newsletter P4" and "Newsletter P5" are one line) is a header or footer;
- page numbers on a line of their own: "12", "P4", "Page 3 of 40", "- 12 -", "3/40";
- dot leaders: "Heading ........ 5" is the index entry "Heading<TAB>5";
- hyphenation: "regu-" + "lation" is "regulation" unless the text writes the word with
  its hyphen elsewhere; "4706.1-" + "2024" keeps its hyphen;
- re-flowing: in text wrapped at a fixed width a line is joined to the next unless the
  next line's first word would have fitted on it (the break was the writer's).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

_PAGE_NUMBER_RES = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"^\s*(?:page|pg\.?|p\.?|s\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$",
    r"^\s*[-–—~]\s*\d{1,4}\s*[-–—~]\s*$",
    r"^\s*\d{1,4}\s*(?:/|of)\s*\d{1,4}\s*$",
    r"^\s*\d{1,3}\s*$",
    r"^\s*\[\s*\d{1,4}\s*\]\s*$",
))
_HOST_PAGE_RE = re.compile(r"^\s*(?:-{2,}\s*)?page\s+\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
                           r"\s*(?:[:|.\-–—]\s*.{0,120}|-{2,})?\s*$", re.IGNORECASE)
_LEADER_RE = re.compile(r"\s*(?:(?:\.\s?){3,}|(?:…\s?)+|(?:·\s?){3,}|_{3,}|\.{2,})\s*"
                        r"((?:p\.?\s*)?\d{1,3})\s*$", re.IGNORECASE)
_SPACED_PAGE_RE = re.compile(r"(?:\t+|\s{2,})(?:p\.?\s*|page\s+)?(\d{1,3})\s*$|"
                             r"(?:\t+|\s+)(?:p\.?\s*|page\s+)(\d{1,3})\s*$", re.IGNORECASE)
_HYPHEN_END_RE = re.compile(r"([A-Za-z]{2,})-$")
_DIGIT_HYPHEN_END_RE = re.compile(r"\d-$")
_WORD_START_RE = re.compile(r"^([a-z]+)")
_STRUCTURAL_RE = re.compile(r"^\s*(?:#|\||[-*•·▪►]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s|"
                            r"[IVX]{1,4}\.\s)|\t\S+\s*$|^\s*>")
_TERMINAL = (".", "!", "?", ":", ";", ".\"", ".”", ".)")
RUNNING_MIN_PAGES = 3
EDGE_LINES = 2  # how many lines at the top and bottom of a page may be running lines


def clean_text(text: str) -> str:
    """Plain text or Markdown of any shape, normalised for the article splitter."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad", "")
    pages = split_pages(text)
    lines = join_pages(drop_running(pages))
    lines = leaders([line.rstrip() for line in lines])
    lines = [line for i, line in enumerate(lines) if not is_page_number(line)
             or _index_page(lines, i)]
    lines = reflow(lines) if is_wrapped(lines) else dehyphenate(lines)
    return tidy("\n".join(lines))


def tidy(text: str) -> str:
    """At most one blank line in a row, no trailing spaces, one final newline."""
    text = re.sub(r"[ \u00a0]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n"


def _index_page(lines: Sequence[str], i: int) -> bool:
    """Whether a number alone on a line is the page of the index entry above it (a title
    without a page number, following entries that have theirs)."""
    if not re.fullmatch(r"\s*\d{1,3}\s*", lines[i]):
        return False
    above = [line for line in lines[max(0, i - 4):i] if line.strip()]
    return len(above) >= 2 and not _ENTRY_RE.search(above[-1]) \
        and any(_ENTRY_RE.search(line) for line in above[:-1])


def split_pages(text: str) -> list[list[str]]:
    """Pages by form feeds, or by the "Page N" lines a host puts at the top of each page
    (those lines dropped); one page when there are neither."""
    if "\f" in text:
        return [page.split("\n") for page in text.split("\f")]
    lines = text.split("\n")
    marks = [i for i, line in enumerate(lines) if _HOST_PAGE_RE.match(line)]
    if len(marks) < 2:
        return [lines]
    pages: list[list[str]] = []
    start = 0
    for mark in [*marks, len(lines)]:
        pages.append(lines[start:mark])
        start = mark + 1
    return pages


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).casefold()


def drop_running(pages: Sequence[list[str]]) -> list[list[str]]:
    """The pages without their running headers and footers: lines (digits aside) found
    among the first or last few lines of at least three pages and of a third of them."""
    if len(pages) < RUNNING_MIN_PAGES:
        return [list(p) for p in pages]
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_shape(line) for line in _edges(page)})
    need = max(RUNNING_MIN_PAGES, len(pages) // 3)
    running = {shape for shape, n in seen.items() if n >= need and shape}
    out: list[list[str]] = []
    for number, page in enumerate(pages):
        edges = {id(line) for line in _edges(page)}
        top = {id(line) for line in [x for x in page if x.strip()][:EDGE_LINES]}
        keep = [line for line in page
                if id(line) not in edges or _shape(line) not in running
                or (number == 0 and id(line) in top)]
        out.append(keep)
    return out


def _edges(page: Sequence[str]) -> list[str]:
    filled = [line for line in page if line.strip()]
    return filled[:EDGE_LINES] + filled[-EDGE_LINES:]


def join_pages(pages: Sequence[list[str]]) -> list[str]:
    """The pages' lines in one list; a paragraph broken by the page break is joined when
    the page ends without a stop and the next starts in lower case."""
    lines: list[str] = []
    for page in pages:
        body = list(page)
        while body and not body[0].strip():
            body.pop(0)
        if lines and body and lines[-1].strip() and not lines[-1].rstrip().endswith(_TERMINAL) \
                and body[0][:1].islower():
            lines[-1] = lines[-1].rstrip() + " " + body.pop(0).strip()
        elif lines and body:
            lines.append("")
        lines.extend(body)
    return lines


def is_page_number(line: str) -> bool:
    return any(p.match(line) for p in _PAGE_NUMBER_RES) or bool(_HOST_PAGE_RE.match(line))


def leaders(lines: Sequence[str]) -> list[str]:
    """Dot leaders turned into a tab before the page number; a line of leaders and a page
    number alone ends the entry above it."""
    out: list[str] = []
    for line in lines:
        m = _LEADER_RE.search(line)
        spaced = _SPACED_PAGE_RE.search(line) if m is None else None
        if spaced and line[: spaced.start()].strip() and _titlelike(line[: spaced.start()]):
            out.append(f"{line[: spaced.start()].rstrip()}\t{spaced.group(1) or spaced.group(2)}")
            continue
        if m is None:
            out.append(line)
            continue
        page = re.sub(r"\D", "", m.group(1))
        head = line[: m.start()].rstrip(" .…·_")
        if head.strip():
            out.append(f"{head}\t{page}")
        elif out and out[-1].strip() and "\t" not in out[-1]:
            out[-1] = f"{out[-1].rstrip()}\t{page}"
    return out


def dehyphenate(lines: Sequence[str]) -> list[str]:
    """Words broken at line ends made whole on the first line (see the module's notes)."""
    words = Counter(w.casefold() for line in lines
                    for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", line))
    out = list(lines)
    emptied: set[int] = set()
    for i in range(len(out) - 1):
        line = out[i].rstrip()
        nxt = out[i + 1].lstrip()
        letters = _HYPHEN_END_RE.search(line)
        digits = _DIGIT_HYPHEN_END_RE.search(line) and nxt[:1].isdigit()
        start = _WORD_START_RE.match(nxt)
        if not (letters and start) and not digits:
            continue
        rest = nxt.split(" ", 1)
        piece = rest[0]
        if letters and start:
            head = letters.group(1)
            joined = (head + start.group(1)).casefold()
            hyphened = f"{head}-{start.group(1)}".casefold()
            if not (words[hyphened] > 0 and words[joined] == 0):
                line = line[:-1]
        out[i] = line + piece
        out[i + 1] = rest[1] if len(rest) > 1 else ""
        if not out[i + 1]:
            emptied.add(i + 1)
    return [line for i, line in enumerate(out) if i not in emptied]


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


def _titlelike(line: str) -> bool:
    """A heading's look: most longer words capitalised, no closing stop, and the last word
    capitalised, a number or a bracket (a wrapped sentence ends on "the", "of", "and")."""
    line = _ENTRY_RE.sub("", line).strip()
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line) if len(w) > 3]
    last = line.rsplit(None, 1)[-1] if line else ""
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words) \
        and not line.endswith(_TERMINAL) and (last[:1].isupper() or last[:1].isdigit()
                                              or last[-1:] in ")”\"")


_ENTRY_RE = re.compile(r"(?:\t+|\s{2,}|(?<=[A-Za-z)”\"])\s)(?:p\.?\s*)?\d{1,3}\s*$",
                       re.IGNORECASE)


def _entry(line: str) -> bool:
    """An index entry: a title and a page number after a tab or spaces."""
    return bool(_ENTRY_RE.search(line)) and _titlelike(line)


def _structural(line: str) -> bool:
    return bool(_STRUCTURAL_RE.search(line)) or _entry(line)


def _fits(line: str, following: str, width: int) -> bool:
    """Whether the next line's first word would have fitted on this line (so the line was
    broken on purpose), a word broken with a hyphen never."""
    first = following.strip().split(" ", 1)[0] if following.strip() else ""
    return len(line.rstrip()) + 1 + len(first) <= width - 1 \
        and not (_HYPHEN_END_RE.search(line.rstrip()) and first[:1].islower())


def reflow(lines: Sequence[str]) -> list[str]:
    """Wrapped lines joined into paragraphs, one to a line, a blank line between them.

    A line ends its paragraph when the next line's first word would have fitted on it;
    a heading-like line that opens a paragraph is a heading (with the next line when that
    one is heading-like too); list items, table rows and index entries stand alone, and a
    page number alone under an index entry's title is that entry's."""
    lengths = sorted(len(line) for line in lines if line.strip())
    width = lengths[int(0.95 * (len(lengths) - 1))]
    out: list[str] = []
    para: list[str] = []
    heading = False

    def flush() -> None:
        nonlocal heading
        if para:
            out.append(" ".join(part.strip() for part in dehyphenate(para) if part.strip()))
            out.append("")
            para.clear()
        heading = False

    row = ""
    for i, line in enumerate(lines):
        if row or (line.lstrip().startswith("|") and not line.rstrip().endswith("|")):
            row = f"{row} {line.strip()}".strip()  # a table row wrapped over lines
            if row.endswith("|") or not line.strip() or i + 1 == len(lines):
                flush()
                out.extend((row, ""))
                row = ""
            continue
        if not line.strip():
            flush()
            continue
        if re.fullmatch(r"\s*\d{1,3}\s*", line):  # a wrapped index entry's page
            if para and _titlelike(para[-1]):
                para[-1] = f"{para[-1].rstrip()}\t{line.strip()}"
                flush()
            elif not para and len(out) >= 2 and _titlelike(out[-2]) and "\t" not in out[-2]:
                out[-2] = f"{out[-2]}\t{line.strip()}"
            continue
        if _entry(line) and heading and para and not _fits(para[-1], line, width):
            para.append(line.replace("\t", " "))  # the last line of a wrapped entry
            last = _ENTRY_RE.search(para[-1])
            page = re.sub(r"\D", "", last.group(0)) if last else ""
            para[-1] = _ENTRY_RE.sub("", para[-1])
            flush()
            out[-2] = f"{out[-2]}\t{page}"
            continue
        if _structural(line):
            flush()
            out.extend((line.rstrip(), ""))
            continue
        if not para and _titlelike(line):
            heading = True
        para.append(line)
        following = lines[i + 1] if i + 1 < len(lines) else ""
        fits = _fits(line, following, width)
        if heading and len(para) == 1 and _titlelike(following) and not fits \
                and not _structural(following):
            continue
        if line.rstrip().endswith(_TERMINAL) and _titlelike(following) \
                and len(following.strip()) < 0.85 * width:
            flush()  # a heading after the paragraph's last sentence
            continue
        if (heading and not re.fullmatch(r"\s*\d{1,3}\s*", following)) \
                or not following.strip() or fits:
            flush()
    flush()
    return out
