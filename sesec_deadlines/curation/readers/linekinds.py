"""What a line of text is: a page number, an index entry, a heading, a list item; and the
line-level repairs every reader shares (dot leaders, hyphens at line ends)."""

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
HOST_PAGE_RE = re.compile(r"^\s*(?:-{2,}\s*)?page\s+\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
                           r"\s*(?:[:|.\-–—]\s*.{0,120}|-{2,})?\s*$", re.IGNORECASE)
_LEADER_RE = re.compile(r"\s*(?:(?:\.\s?){3,}|(?:…\s?)+|(?:·\s?){3,}|_{3,}|\.{2,})\s*"
                        r"((?:p\.?\s*)?\d{1,3})\s*$", re.IGNORECASE)
_SPACED_PAGE_RE = re.compile(r"(?:\t+|\s{2,})(?:p\.?\s*|page\s+)?(\d{1,3})\s*$|"
                             r"(?:\t+|\s+)(?:p\.?\s*|page\s+)(\d{1,3})\s*$", re.IGNORECASE)
HYPHEN_END_RE = re.compile(r"([A-Za-z]{2,})-$")
_DIGIT_HYPHEN_END_RE = re.compile(r"\d-$")
_WORD_START_RE = re.compile(r"^([a-z]+)")
STRUCTURAL_RE = re.compile(r"^\s*(?:#|\||[-*•·▪►]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s|"
                            r"[IVX]{1,4}\.\s)|\t\S+\s*$|^\s*>")
TERMINAL = (".", "!", "?", ":", ";", ".\"", ".”", ".)")

def tidy(text: str) -> str:
    """At most one blank line in a row, no trailing spaces, one final newline."""
    text = re.sub(r"[ \u00a0]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n"


_SPACES_RE = re.compile(r"(?<=\S) {2,}(?=\S)")
_SENTENCE_RE = re.compile(r"[a-z)]\.\s+[A-Z]")


def cell_separator(line: str) -> str | None:
    """How the line's cells are separated: "|", "\\t", "  ", or None for no cells."""
    text = line.strip()
    if text.count("|") >= 2 or (text.count("|") == 1 and text.startswith("|")):
        return "|"
    if "\t" in text:
        return "\t"
    pieces = _SPACES_RE.split(text)
    if len(pieces) >= 2 and all(len(p) <= 90 for p in pieces) \
            and not _SENTENCE_RE.search(text):
        return "  "
    return None


def is_page_number(line: str) -> bool:
    return any(p.match(line) for p in _PAGE_NUMBER_RES) or bool(HOST_PAGE_RE.match(line))


def leaders(lines: Sequence[str]) -> list[str]:
    """Dot leaders turned into a tab before the page number; a line of leaders and a page
    number alone ends the entry above it."""
    out: list[str] = []
    for line in lines:
        m = _LEADER_RE.search(line)
        spaced = _SPACED_PAGE_RE.search(line) if m is None else None
        if spaced and line[: spaced.start()].strip() and titlelike(line[: spaced.start()]):
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
        letters = HYPHEN_END_RE.search(line)
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


def titlelike(line: str) -> bool:
    """A heading's look: most longer words capitalised, no closing stop, and the last word
    capitalised, a number or a bracket (a wrapped sentence ends on "the", "of", "and")."""
    line = ENTRY_RE.sub("", line).strip()
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line) if len(w) > 3]
    last = line.rsplit(None, 1)[-1] if line else ""
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words) \
        and not line.endswith(TERMINAL) and (last[:1].isupper() or last[:1].isdigit()
                                              or last[-1:] in ")”\"")


ENTRY_RE = re.compile(r"(?:\t+|\s{2,}|(?<=[A-Za-z)”\"])\s)(?:p\.?\s*)?\d{1,3}\s*$",
                       re.IGNORECASE)


def is_entry(line: str) -> bool:
    """An index entry: a title and a page number after a tab or spaces."""
    return bool(ENTRY_RE.search(line)) and titlelike(line)


def is_structural(line: str) -> bool:
    return bool(STRUCTURAL_RE.search(line)) or is_entry(line)
