"""Whether a candidate is a date a company acts on (`obligation`) or `context`.

Decided from the candidate's suggested kind, the words of its sentence nearest the date
and the article's heading, and how long before the edition the date lies:

- a rule (a period after an event) and a comment window, entry into force, mandatory
  date, transition end, application window or report due are obligations, unless the
  sentence is about an event (a meeting, forum, webinar) and names no duty;
- a publication is an obligation when the text published binds (a standard, regulation,
  measures, rules, a law, notice, catalogue ...), context when it is a report, plan,
  white paper, initiative, roadmap, framework, briefing or interpretation (the nearer
  word to the date decides);
- any other date is an obligation only when a duty is written near it ("must", "shall",
  "deadline", "due", "required", "submit"), else context;
- a plan's target year ("by 2030", a goal) and any date more than two years before the
  edition (background, history) are context;
- a table row of a standard and its date is an obligation (unless background);
- the text's own dates (a label "Issued ..." with no subject, the next issue) and what
  already binds ("in force since" a past date) are context.

When in doubt the rule errs towards `obligation`: a curator drops a false one in a
glance, while a missed one is lost.
"""

from __future__ import annotations

import re
from datetime import date

from sesec_deadlines.core.vocab import Kind

OBLIGATION = "obligation"
CONTEXT = "context"
RELEVANCES = (OBLIGATION, CONTEXT)

_ACTING = frozenset((Kind.COMMENT_OPEN, Kind.COMMENT_CLOSE, Kind.ENTRY_INTO_FORCE,
                     Kind.MANDATORY_FROM, Kind.TRANSITION_END, Kind.APPLICATION_OPEN,
                     Kind.REPORT_DUE))
_EVENT_RE = re.compile(
    r"\b(?:held|hosts?|hosted|meetings?|conferences?|forums?|webinars?|workshops?|seminars?"
    r"|trainings?|plenary|summit|sessions?|symposium|roundtable|ceremony|exhibition|expo"
    r"|convened?|convenes|attend\w*|visit\w*|delegation|standards? week|anniversary"
    r"|celebrat\w*|took place|award\w*|olympiad|inaugura\w*|kick-?off|launch event"
    r"|memorandum|MoU|signed an?)\b", re.IGNORECASE)
_STRONG_DUTY = (
    r"must|shall|mandator\w*|compulsor\w*|required?|requires|obliged|obligat\w*"
    r"|deadline|due|submit\w*|no later than|prohibit\w*|ban(?:s|ned)?|no longer|comply"
    r"|take[sn]? effect|taking effect|took effect|into force|effective|enforce\w*"
    r"|transition\w*|grace period|phase[sd]? out|expir\w*|valid until|comments?|feedback"
    r"|consultation|apply for|applications?|register\w*|filing|report(?:ing)? by|mandates?"
    r"|be sold|sold without|sell\w* off|on the market|needs?|fees?|upload\w*|declar\w*"
    r"|label(?:led|ling)? by|withdrawn|repeal\w*|abolish\w*|applied for|remain valid")
_WEAK_DUTY = r"until|starting|beginning|starts?|closed|closes"  # binding only with no event
_DUTY_RE = re.compile(rf"\b(?:{_STRONG_DUTY}|{_WEAK_DUTY})\b", re.IGNORECASE)
_MODAL_DUTY_RE = re.compile(
    r"\b(?:must|shall|mandator\w*|compulsor\w*|required?|requires|obliged|deadline|due"
    r"|no later than|prohibit\w*|ban(?:s|ned)?|comply|take[sn]? effect|into force)\b",
    re.IGNORECASE)
_BINDING_RE = re.compile(
    r"\b(?:standards?|GB(?:/T)?\s?\d+|regulations?|measures|rules|laws?|provisions|notice"
    r"|announcement|catalogue|catalog|requirements|specifications?|decision|order|decree"
    r"|directory|list of|guidelines|technical regulation|certification|implementation rules"
    r"|amendment|revision|scheme)\b", re.IGNORECASE)
_SOFT_RE = re.compile(
    r"\b(?:report|white ?paper|blue ?(?:paper|book)|initiative|roadmap|framework|outline"
    r"|strateg\w*|plan|action plan|implementation plan|briefing|press conference"
    r"|interpretation|statistics|survey|review|opinions?|vision|proposal"
    r"|translation|newsletter|q&a|road ?map|index|study|research|database|yearbook"
    r"|ranking|case studies|platform|membership|plans? to|to formulate|to draft)\b",
    re.IGNORECASE)
_VERB_RE = re.compile(r"\b(?:releas|issu|publish|promulgat|unveil|adopt|approv|announc|draft"
                      r"|launch)\w*", re.IGNORECASE)
_TARGET_RE = re.compile(r"\b(?:goals?|targets?|aims?|objectives?|strives?|vision|plans? to"
                        r"|will (?:have|be|reach|achieve|build|form)|by then|expected to"
                        r"|achieve|reach|peak\w*|neutrality)\b", re.IGNORECASE)
_BACKGROUND_DAYS = 730
_NEXT_ISSUE_RE = re.compile(r"\bnext\s+(?:\w+\s+)?(?:issue|edition|update|newsletter|bulletin"
                            r"|digest|brief)\b", re.IGNORECASE)
_SINCE_RE = re.compile(r"\bsince\s+$", re.IGNORECASE)
# the text's own date: a label opening the sentence or a "|" part, no subject before it
_OWN_DATE_RE = re.compile(r"(?:^|\|)\s*(?:issued|published|posted|updated|compiled|prepared"
                          r"|dated|edition|last updated)\s*(?:on|:)?\s*$", re.IGNORECASE)


def names_binding(text: str) -> bool:
    """Whether a text (a heading) names a binding text: a notice, standard, regulation."""
    return bool(_BINDING_RE.search(text)) and not _SOFT_RE.search(text)


def _nearest(pattern: re.Pattern[str], text: str, start: int, end: int) -> float | None:
    """Distance from the date to the nearest match (a match after it counts double)."""
    best: float | None = None
    for m in pattern.finditer(text):
        if m.end() <= start:
            gap: float = start - m.end()
        elif m.start() >= end:
            gap = 2 * (m.start() - end)
        else:
            gap = 0
        best = gap if best is None or gap < best else best
    return best


def _what_published(sentence: str, start: int) -> str | None:
    """What the publication verb nearest the date publishes: `obligation` for a binding
    text, `context` for a report or plan, None when there is no verb or no telling word.
    The object follows an active verb ("SAMR released the measures") and precedes a
    passive one ("the report was released")."""
    verbs = list(_VERB_RE.finditer(sentence))
    if not verbs:
        return None
    verb = min(verbs, key=lambda m: abs(m.start() - start))
    passive = re.search(r"\b(?:was|were|is|are|been|be)\s+(?:\w+ly\s+)?$",
                        sentence[:verb.start()])
    if passive:
        window = sentence[max(0, verb.start() - 120):verb.start()]
        found = [(m.start(), OBLIGATION) for m in _BINDING_RE.finditer(window)]
        found += [(m.start(), CONTEXT) for m in _SOFT_RE.finditer(window)]
        return max(found)[1] if found else None
    window = sentence[verb.end():verb.end() + 120]
    found = [(m.start(), OBLIGATION) for m in _BINDING_RE.finditer(window)]
    found += [(m.start(), CONTEXT) for m in _SOFT_RE.finditer(window)]
    return min(found)[1] if found else None


def relevance(kind: Kind, sentence: str, heading: str, *, start: int = 0, end: int = 0,
              when: date | None = None, precision: str | None = None,
              is_rule: bool = False, reference: date | None = None, row: bool = False) -> str:
    """`obligation` or `context` for one candidate (see the module's rules); a table row
    of a standard with its date is an obligation unless the date is background."""
    if is_rule:
        return OBLIGATION
    if when is not None and reference is not None and precision != "year" \
            and (reference - when).days > _BACKGROUND_DAYS:
        return CONTEXT  # a date long before the edition: background
    if row:
        return OBLIGATION
    duty = _nearest(_DUTY_RE, sentence, start, end)
    if len((sentence[:start] + sentence[end:]).split()) <= 4 and duty is None:
        return CONTEXT  # a date line: the page's or issue's own date
    if _OWN_DATE_RE.search(sentence[:start]) or _NEXT_ISSUE_RE.search(sentence):
        return CONTEXT  # "Issued 15 November 2026 | ...", "the next update will be issued"
    if when is not None and reference is not None and when < reference \
            and _SINCE_RE.search(sentence[max(0, start - 12):start]):
        return CONTEXT  # "in force since 1 November 2024": already binding, background
    event = _nearest(_EVENT_RE, sentence, start, end)
    if precision in ("year", "half", "quarter") and _TARGET_RE.search(sentence) and (
            duty is None or duty > 60):
        return CONTEXT  # a plan's target
    if kind in _ACTING:
        if duty is None and ((event is not None and event < 40)
                             or _what_published(sentence, start) == CONTEXT):
            return CONTEXT
        return OBLIGATION
    if kind in (Kind.PUBLISHED, Kind.OTHER) and duty is None:
        said = _what_published(sentence, start)
        if said is not None:
            return said
    if kind is Kind.PUBLISHED:
        binding = _nearest(_BINDING_RE, sentence, start, end)
        soft = _nearest(_SOFT_RE, sentence, start, end)
        if binding is None and soft is None:  # the heading says what was published
            binding = 0 if _BINDING_RE.search(heading) else None
            soft = 0 if _SOFT_RE.search(heading) else None
            if binding is not None and soft is not None:
                return OBLIGATION
        if binding is None:  # a duty in the same sentence says the text binds
            return OBLIGATION if soft is None and duty is not None and duty < 150 else CONTEXT
        if soft is not None and soft < binding:
            return CONTEXT
        if event is not None and event < binding and duty is None:
            return CONTEXT
        return OBLIGATION
    if event is not None:  # beside an event only a modal duty binds ("must", "due")
        duty = _nearest(_MODAL_DUTY_RE, sentence, start, end)
    if duty is not None and duty < 80 and (event is None or duty <= event):
        return OBLIGATION
    return CONTEXT
