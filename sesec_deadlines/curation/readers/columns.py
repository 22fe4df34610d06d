"""A page printed in two columns made one column, so the layout reads it in order.

A page is in two columns when a vertical gutter in its middle third is crossed by hardly
any text, both sides hold a good share of it, and the left side's lines run up to the
gutter (a table's first column does not). The right column is then moved under the left
one (and left, onto its margin), as if the page were one long column: the layout's rules
for lines, paragraphs and a paragraph carried over from one column to the next apply as
they are. Text crossing the gutter (a header, a footer, a title over both columns) stays
where it is: above the columns or below them.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import replace

from sesec_deadlines.curation.readers.pdf import Page, Segment

MIN_SEGMENTS = 20


def _gutter(page: Page) -> float | None:
    segments = page.segments
    if len(segments) < MIN_SEGMENTS:
        return None
    low, high = int(page.width * 0.35), int(page.width * 0.65)
    if high <= low:
        return None
    # how many segments cross each x of the middle third (left < x < right), by a sweep
    change = [0] * (high - low + 1)
    for s in segments:
        first = max(low, math.floor(s.left) + 1)  # the first x > left
        last = min(high - 1, math.ceil(s.right) - 1)  # the last x < right
        if first <= last:
            change[first - low] += 1
            change[last - low + 1] -= 1
    best: tuple[int, float] | None = None
    crossing = 0
    for step in range(low, high):
        crossing += change[step - low]
        if best is None or crossing < best[0]:
            best = (crossing, float(step))
    if best is None or best[0] > 0.1 * len(segments):
        return None
    x = best[1]
    left = [s for s in segments if s.right <= x]
    right = [s for s in segments if s.left >= x]
    if not right or len(left) < 0.25 * len(segments) or (
            len(right) < 0.25 * len(segments) and best[0] > 0):
        return None  # a right column may hold a line or two (a paragraph's last), no more
    reach = statistics.median(s.right for s in left)
    widths = _typical_width(left)
    if x - reach > 0.15 * page.width or widths < 0.12 * page.width:
        return None  # the left side is a table's narrow column, not running text
    # the gutter's middle: halfway between the left column's ends and the right's starts
    return (max(s.right for s in left) + min(s.left for s in right)) / 2


def _typical_width(segments: list[Segment]) -> float:
    """The width of the segment that holds the middle character of these: the width of
    the lines most of the text is set in (a narrow table among prose does not make the
    prose narrow; a side of table cells alone stays narrow)."""
    ordered = sorted(segments, key=lambda s: s.right - s.left)
    half = sum(len(s.text) for s in ordered) / 2
    seen = 0
    for s in ordered:
        seen += len(s.text)
        if seen >= half:
            return s.right - s.left
    return 0.0


def single_column(page: Page) -> Page:
    """The page as one column (unchanged when it is not in two)."""
    x = _gutter(page)
    if x is None:
        return page
    left = [s for s in page.segments if s.right <= x]
    right = [s for s in page.segments if s.left >= x]
    across = [s for s in page.segments if s.left < x < s.right]
    top = min(s.bottom for s in left + right)  # the columns' lowest text
    high = max(s.top for s in left + right)
    above = [s for s in across if s.bottom > high - 1]
    below = [s for s in across if s.bottom <= high - 1]
    lead = statistics.median(s.top - s.bottom for s in left) * 1.2
    shift_x = min(s.left for s in right) - min(s.left for s in left)
    shift_y = max(s.top for s in right) - min(s.bottom for s in left) + lead
    moved = [replace(s, left=s.left - shift_x, right=s.right - shift_x,
                     top=s.top - shift_y, bottom=s.bottom - shift_y) for s in right]
    depth = min([s.bottom for s in moved] + [top]) - lead
    low = [replace(s, top=s.top - (top - depth), bottom=s.bottom - (top - depth))
           for s in below]
    segments: list[Segment] = above + left + moved + low
    return Page(page.width, page.height, tuple(segments))
