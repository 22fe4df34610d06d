"""The flags of milestones on the published page: in words, each linked to its meaning in
a legend, never by colour alone (core.staleness has the rules)."""

from __future__ import annotations

from html import escape

from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.staleness import INSTRUMENT_FLAGS, Flag, Staleness
from sesec_deadlines.output.flagged import flag_meaning

OWN_FLAGS = frozenset(Flag) - INSTRUMENT_FLAGS
"""Flags of a milestone itself (lapsed, overdue); the others belong to its instrument."""


def _flag_link(flag: Flag) -> str:
    return f'<a class="flag" href="#flag-{flag.value}">{flag.value}</a>'


def flags_cell(entry: Entry, staleness: Staleness) -> str:
    """The milestone's flags as words, each a link to its meaning; "none" without."""
    return ", ".join(_flag_link(f) for f in staleness.flags(entry)) or "none"


def flag_sentences(entry: Entry, staleness: Staleness,
                   which: frozenset[Flag] | None = None) -> list[str]:
    """Each flag of the milestone (of `which`, if given) in words: "overdue — expected
    March 2025 (20 months ago); no date known yet", as HTML."""
    out = []
    for flag in staleness.flags(entry):
        if which is not None and flag not in which:
            continue
        sentence = staleness.detail(entry, flag)
        head, _, rest = sentence.partition(": ")
        if head == flag.value.replace("_", " ") and rest:
            sentence = rest
        out.append(f"{_flag_link(flag)} — {escape(sentence)}")
    return out


def legend(shown: set[Flag], staleness: Staleness) -> list[str]:
    """What each flag shown on the page means, the targets of the flags' links."""
    if not shown:
        return []
    out = ['<h3 id="flags">Flags</h3>',
           f"<p>As of {staleness.today}; <code>deadlines review</code> lists what to "
           "re-check.</p>", "<dl>"]
    for flag in Flag:
        if flag in shown:
            out.append(f'<dt id="flag-{flag.value}" class="flag">{flag.value}</dt>'
                       f"<dd>{escape(flag_meaning(flag, staleness.thresholds))}</dd>")
    return [*out, "</dl>"]
