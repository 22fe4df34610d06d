"""Articles by their headings, for a text without a usable index: which lines are
headings (Markdown headings, title-like lines followed by prose, numbered titles only as
the text's own numbering) and the text before the first of them."""

from __future__ import annotations

from collections.abc import Sequence

from sesec_deadlines.curation.lines import (
    MD_HEADING_RE,
    NUMBERED_RE,
    TAG_RE,
    bare,
    followed_by_prose,
    in_list,
    is_cell,
    is_prose,
    is_tag,
    next_index,
    title_like,
)


def heading_lines(lines: Sequence[str]) -> list[tuple[int, str]]:
    """(line, title) of each heading of a text without an index."""
    found: list[tuple[int, str, int | None]] = []  # line, title, its number
    previous = ""
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if is_tag(line):
            continue
        if MD_HEADING_RE.match(line) and len(line) < 200:
            found.append((i, TAG_RE.sub("", bare(line)).strip(), None))
        elif title_like(line) and not is_cell(previous) and not is_cell(line) \
                and followed_by_prose(lines, i):
            numbered = NUMBERED_RE.match(line.replace("*", ""))
            number = int(numbered.group(1)) if numbered else None
            if number is not None and in_list(lines, i, number):
                continue
            found.append((i, TAG_RE.sub("", bare(line)).strip(), number))
        previous = line
    # a title right under a kept one is its label or subtitle ("Cloud Computing"); under
    # a numbered one, only if the numbering proves to be the text's (below)
    kept: list[tuple[int, str, int | None]] = []
    under: set[int] = set()  # titles right under a numbered title
    for f in found:
        if kept and not MD_HEADING_RE.match(lines[f[0]]) \
                and next_index(lines, kept[-1][0]) == f[0]:
            if kept[-1][2] is None:
                continue
            under.add(f[0])
        kept.append(f)
    found = kept
    # numbered titles are headings only as the one numbering of the text: 1, 2, 3 ...
    # (a number or two may be missing) ...
    chain: list[int] = []
    last = 0
    for i, _, n in found:
        if n is not None and last < n <= last + 3 and (last or n == 1):
            chain.append(i)
            last = n
    # ... that run through the text: few other titles between and after them (those
    # between are then sub-headings); else they are a list inside an article
    between = [i for i, _, n in found if n is None and chain and chain[0] < i < chain[-1]
               and i not in under]
    after = [i for i, _, n in found if n is None and chain and i > chain[-1] and i not in under]
    if len(chain) >= 2 and len(between) <= 2 * len(chain) and len(after) < len(chain):
        drop = set(between) | under
        return [(i, title) for i, title, n in found
                if (n is None and i not in drop) or i in set(chain)]
    return [(i, title) for i, title, n in found if n is None]


def lead(lines: Sequence[str], first: int) -> tuple[str, list[str]] | None:
    """The text before the first heading, under the document's first line, when it holds
    more than a title and a date line (a press release's opening, a digest's first
    items), so that no date in it is lost."""
    body = [line for line in lines[:first] if line.strip()]
    if not any(is_prose(line) or (line.lstrip().startswith(("-", "*", "•")) and len(line) > 40)
               for line in body):
        return None
    return bare(body[0])[:120], list(lines[:first])
