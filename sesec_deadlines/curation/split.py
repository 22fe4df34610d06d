"""Cutting an edition's text into articles, whatever the shape of the text.

Two ways, tried in turn (`Layout.how` says which was used):

1. **By the index.** A table of contents anywhere near the top, with or without a line
   naming it ("Index", "Contents", "In this issue"), its entries ending in a page number
   ("3", "P4", "p. 4", dot leaders, a Markdown table row) or, after such a line, bare
   title lines, numbered or not. The index counts when its headings recur in the body;
   the body is cut where a line is one of them (numbering, hashtags and small wording
   changes aside). A numbered body heading that continues the numbering of those found
   starts an article too (indexes skip articles), but a numbered list never does.
2. **By headings.** Without a usable index: Markdown headings, and title-like lines
   (short, no closing stop, not a table cell) followed by prose. Numbered title lines
   are headings only when they number the whole text 1, 2, 3 ... with no other heading
   between them; otherwise they are a list inside an article.

When neither finds anything, the whole text is one article (`how` = "none"), so that no
date is lost; the caller says so. The takeaway paragraph and the full article of one
heading are one article.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sesec_deadlines.core.plural import counted
from sesec_deadlines.curation.headings import heading_lines, lead
from sesec_deadlines.curation.lines import (
    MARKERS,
    NUMBERED_RE,
    PAGE_RE,
    SUMMARY,
    TAG_RE,
    bare,
    index_entry,
    is_prose,
    next_text,
    run_together,
    title_like,
)
from sesec_deadlines.curation.words import normalize

WHOLE_TEXT = "(the whole text)"  # the article's name when no structure is found


@dataclass(frozen=True)
class Article:
    heading: str  # as the index (or the body) prints it
    text: str


@dataclass
class Layout:
    """The articles of a text and how they were found."""

    headings: list[str]
    bodies: dict[str, str]  # normalized heading -> text
    how: str  # "index", "headings" or "none"
    tried: list[str] = field(default_factory=list)  # what was looked for, in words



def index_headings(lines: Sequence[str]) -> tuple[list[str], int]:
    """Headings from the index (table of contents), and the line where the index ends."""
    limit = max(40, len(lines) // 3)
    start = next((i + 1 for i, line in enumerate(lines[:limit])
                  if normalize(bare(line)) in MARKERS), None)
    if start is None:  # no line names it: the first run of three entries with page numbers
        run: list[int] = []
        for i, line in enumerate(lines[:limit]):
            if line.strip():
                run = [*run, i] if index_entry(line) else []
            if len(run) == 3:
                start = run[0]
                break
        if start is None:
            return [], 0
    firsts = [line for line in lines[start:start + 30] if line.strip()
              and not set(line.strip()) <= set("|-: ")][:8]
    paged = sum(len(run_together(line)) if len(run_together(line)) > 1
                else index_entry(line) is not None for line in firsts) >= 2
    headings: list[str] = []
    seen: set[str] = set()
    pending = ""
    misses = 0
    for i in range(start, len(lines)):
        line = lines[i]
        if not line.strip() or set(line.strip()) <= set("|-: "):
            continue
        pieces = run_together(line) if paged else [line]
        for piece in pieces[:-1]:  # "Pilot 2 Packaging Rules 3 Data Export": entries
            joined = (pending + " " + piece).strip()
            pending, misses = "", 0
            if normalize(joined) not in seen:
                seen.add(normalize(joined))
                headings.append(joined)
        line = pieces[-1]
        title = index_entry(line) if paged else None
        plain = normalize(TAG_RE.sub("", bare(line)))
        if plain in seen or (title is None and plain in SUMMARY and headings):
            return headings, i  # a heading again: the body (or its takeaways) begins
        if title is not None:
            title = (pending + " " + title).strip()
            pending, misses = "", 0
        elif is_prose(line) or not (title_like(line) or line.strip().startswith(".")):
            return headings, i
        elif paged:
            misses += 1
            if misses > 2:
                return headings, i
            pending = (pending + " " + bare(line)).strip()
            continue
        else:
            title = bare(line)
        if title and normalize(title) not in seen:
            seen.add(normalize(title))
            headings.append(title)
    return headings, len(lines)


def heading_matcher(headings: Sequence[str]) -> Callable[[str], str | None]:
    """Recognise a body line as one of the index headings.

    Body headings carry numbering ("11."), Markdown marks, trailing hashtags ("#IoT") and,
    now and then, a shortened or slightly different wording; so besides an exact match a
    line may be a long prefix of a heading or nearly the same text.
    """
    known = {normalize(h): normalize(h) for h in headings}
    matchers = [(h, difflib.SequenceMatcher(None, "", h)) for h in known]

    def match(line: str) -> str | None:
        if len(line) > 220:
            return None
        text = bare(PAGE_RE.sub("", line))
        candidate = normalize(text)
        if candidate in known:
            return candidate
        candidate = normalize(TAG_RE.sub("", text))
        if len(candidate) < 12:
            return known.get(candidate)
        if candidate in known:
            return candidate
        for heading, matcher in matchers:
            if heading.startswith(candidate) and len(candidate) >= 0.6 * len(heading):
                return heading
            matcher.set_seq1(candidate)
            if (matcher.real_quick_ratio() >= 0.9 and matcher.quick_ratio() >= 0.9
                    and matcher.ratio() >= 0.9):
                return heading
        return None

    return match


def _numbered_heading(lines: Sequence[str], i: int, number: int) -> str | None:
    """The title of a numbered heading "N. Title" continuing `number`, or None; an item
    of a numbered list (the next line numbered N+1, or a closing stop) is none."""
    m = NUMBERED_RE.match(lines[i].replace("*", ""))
    if m is None or int(m.group(1)) != number + 1 or not title_like(lines[i]):
        return None
    following = NUMBERED_RE.match(next_text(lines, i).replace("*", ""))
    if following and int(following.group(1)) == number + 2:
        return None
    return TAG_RE.sub("", m.group(2)).strip()


def _by_index(lines: Sequence[str], headings: list[str], start: int) -> dict[str, list[str]]:
    match = heading_matcher(headings)
    bodies: dict[str, list[str]] = {}
    current: str | None = None
    number = 0
    for i in range(start, len(lines)):
        line = lines[i]
        heading = match(line) if line.strip() else None
        numbered = NUMBERED_RE.match(line.replace("*", ""))
        if heading is None and number and line.strip():
            title = _numbered_heading(lines, i, number)
            if title is not None:
                headings.append(title)
                heading = normalize(title)
        if heading is not None:
            if numbered:
                number = int(numbered.group(1))
            current = heading
            bodies.setdefault(current, [])
        elif current is not None:
            bodies[current].append(line)
    return bodies


def layout(text: str) -> Layout:
    """The articles of a text: by its index, else by its headings, else the whole text."""
    lines = text.splitlines()
    tried = []
    headings, start = index_headings(lines)
    if headings:
        bodies = _by_index(lines, headings, start)
        found = sum(1 for h in headings if normalize(h) in bodies)
        if found >= min(2, len(headings)) and any("\n".join(b).strip() for b in bodies.values()):
            return Layout(headings, {k: "\n".join(v) for k, v in bodies.items()}, "index")
        tried.append(f"an index of {counted(len(headings), 'entry')}, {found} of "
                     f"{'it' if len(headings) == 1 else 'them'} found in the body")
    else:
        tried.append("an index (no table of contents found near the top)")
    marks = heading_lines(lines)
    if marks:
        titles: list[str] = []
        bodies = {}
        before = lead(lines, marks[0][0])
        if before is not None:  # text before the first heading: under the document's title
            titles.append(before[0])
            bodies[normalize(before[0])] = before[1]
        for n, (i, title) in enumerate(marks):
            end = marks[n + 1][0] if n + 1 < len(marks) else len(lines)
            key = normalize(title)
            if key not in bodies:
                titles.append(title)
            bodies.setdefault(key, []).extend(lines[i + 1:end])
        if any("\n".join(b).strip() for b in bodies.values()):
            return Layout(titles, {k: "\n".join(v) for k, v in bodies.items()}, "headings",
                          tried)
    tried.append("headings (no Markdown heading or short title line followed by prose)")
    return Layout([WHOLE_TEXT], {normalize(WHOLE_TEXT): text}, "none", tried)


def split_articles(text: str) -> tuple[list[str], dict[str, str]]:
    """The edition's headings and the text under each (normalized heading -> text)."""
    found = layout(text)
    return found.headings, found.bodies


def ordered(found: Layout) -> list[Article]:
    """The articles in the order of their headings, each once, each with its text."""
    out: list[Article] = []
    seen: set[str] = set()
    for heading in found.headings:
        key = normalize(heading)
        if key in found.bodies and key not in seen:
            seen.add(key)
            out.append(Article(heading, found.bodies[key]))
    return out


def articles(text: str) -> list[Article]:
    """The articles of an edition in the order of their headings, each with its text."""
    return ordered(layout(text))
