"""The kind of milestone the words around a date suggest, and its certainty.

`suggest_kind(sentence, start, end, role)` reads the sentence of a date (its span is
`start:end`) in three steps:

1. **Cues.** Each kind has a family of wordings (`_CUES`); the cue nearest the date wins,
   a cue before the date counting double its distance after (the verb usually precedes
   the date: "takes effect on 1 May"). Ties go to the kind listed first.
2. **Comment windows.** A comment cue names the window's last day when a closing word
   stands before the date ("until", "by", "deadline for submitting views is") or right
   after it ("31 October: deadline for comments"), and its first day when the clause
   opens it ("released the draft for comments on", "from", a date opening the sentence).
3. **Deadlines and leftovers.** In the clause before the date:
   - "until" / "till" / "through" after a permission ("may", "can", "continue", "still",
     "remain", "allowed") is the last day of a transition: old stock, old certificates,
     old versions still allowed;
   - a closing word ("by", "before", "no later than", "due") with a report, a submission,
     a filing or a declaration is a report due; with an application it is the last day
     to apply, a report due too (a last day by which something must be done); the
     opening of a window to submit or declare is an application window's first day.
"""

from __future__ import annotations

import re

from sesec_deadlines.core.vocab import Certainty, Kind

_CUES: tuple[tuple[Kind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in (
        (Kind.COMMENT_CLOSE, r"\b(?:comments?|feedback|opinions?|consultation|solicit\w*"
                             r"|views|suggestions)\b"),
        (Kind.TRANSITION_END,
         r"\b(?:transition(?:al)?|grace|buffer)\s+(?:period|arrangements?|provisions?|phase)"
         r"|\bgrace\b|\bphased? out\b|\bphase-out\b|\bvalid until\b"
         r"|\bremains?\s+(?:valid|acceptable|accepted|usable|in use|allowed|permitted)\b"
         r"|\bstill\s+(?:be\s+)?(?:accepted|acceptable|allowed|permitted|valid)\b"
         r"|\bexpir\w*|\bwithdrawn\b|\bwithdrawal\b|\babolish\w*|\brepeal\w*|\bannul\w*"
         r"|\brevoked\b|\bceases? to\b|\blose[sn]?\s+(?:its\s+|their\s+)?validity"
         r"|\bno longer\s+(?:be\s+)?(?:accepted|valid|recogni[sz]ed|honou?red|renewed"
         r"|issued|used)\b|\b(?:sold|sell|selling|used)\s+off\b|\b(?:on|in|from)\s+stock\b"
         r"|\bstocks?\b|\binventor(?:y|ies)\b|\bremoved?\s+from\s+(?:the\s+)?(?:market|shelves)"
         r"|\binto\s+(?:line|conformity)\b|\bhave\s+until\b|\bold (?:version|edition)s?\b"),
        (Kind.APPLICATION_OPEN, r"\bapplications?\b|\bappl(?:y|ies|ied|ying)\s+for\b"
                                r"|\baccept\w* applications\b"
                                r"|\bregistration\b[^.;]{0,40}\b(?:opens?|starts?|begins?|window)"
                                r"|\b(?:opens?|starts?|begins?)\s+(?:for"
                                r"\s+)?(?:registration|enrol\w*)|\benrol?ment\b|\bsign-?ups?\b"),
        (Kind.MANDATORY_FROM, r"\bmandatory\b|\bcompulsor\w*|\bmust\b|\bno longer\b"
                              r"|\bprohibit\w*|\bshall not\b|\bnot be (?:allowed|permitted)\b"
                              r"|\brequired\b|\bCCC mark\b|\bbanned?\b|\b(?:may|can|must)\s+not\b"
                              r"|\bcannot\b|\bforbidden\b"),
        (Kind.ENTRY_INTO_FORCE, r"\btak(?:e|es|en|ing)\s+effect|\b(?:into|in)\s+force\b"
                                r"|\beffective\b|\bimplement\w*|\b(?:in|into) effect\b|\benforce\w*"
                                r"|\btook effect\b|\bapplies\b|\bapply\b(?!\s+for)"
                                r"|\bbecomes? applicable\b|\bbecomes?\s+binding\b"
                                r"|\bbinding\s+(?:from|on|as of|with effect)\b"
                                r"|\btak(?:e|es|en|ing)\s+binding\s+effect\b"
                                r"|\bstart\w* to apply\b|\bcommenc\w*"),
        (Kind.PUBLISHED, r"\b(?:issu|releas|publish|promulgat|approv|announc|unveil|adopt)\w*"
                         r"|\bsigned\b|\bpublication\b|\bpassed\b|\benacted\b"),
        (Kind.OTHER, r"\b(?:held|meeting|conference|forum|webinar|workshop|seminar|training"
                     r"|visit\w*|plenary|session|summit|exhibition|expo|delegation|ceremony"
                     r"|took place|symposium|roundtable)\b"),
    ))
_OPEN_WORDS = re.compile(r"\b(?:from|since|opens?|opened|starting|begins?|began|launch\w*"
                         r"|published|released|issued|solicit\w*)\W+(?:\w+\W+){0,6}$",
                         re.IGNORECASE)
_LEADING_RE = re.compile(r"^\W*(?:on|in|from|since)?\W*$", re.IGNORECASE)
_CLOSE_WORDS = re.compile(r"\b(?:until|till|by|before|deadline|due|closes?|ends?|no later than"
                          r"|expires?)\W+(?:\w+\W+){0,4}$", re.IGNORECASE)
_CLOSE_AFTER = re.compile(r"[^\w;]{0,3}(?:\w+[^\w;]+){0,2}(?:deadline|last day|closes?"
                          r"|closing|ends?|due)\b", re.IGNORECASE)
_CALL_RE = re.compile(r"\b(?:call\w* for|for|solicit\w*|seek\w*|invit\w*)\s+(?:public\s+)?"
                      r"(?:comments?|feedback|opinions|consultation)\b", re.IGNORECASE)
_DRAFT_RE = re.compile(r"\b(?:draft\w*|propos\w*|tentative\w*|planned|plans? to|expected"
                       r"|scheduled|intends?|envisag\w*|for comments?|consultation)\b",
                       re.IGNORECASE)
_DRAFT_HEADING_RE = re.compile(r"\b(?:draft\w*|comments?|consult\w*|feedback|solicit\w*)\b",
                               re.IGNORECASE)
# the clause a date belongs to begins after the last of these before it
_CLAUSE_RE = re.compile(r"[;:]|\.\s|,\s+(?:and|but|while|whereas|which|after which)\b"
                        r"|\b(?:but|whereas|while)\b", re.IGNORECASE)
_UNTIL_RE = re.compile(r"\b(?:until|till|through|up to(?: and including)?)\s+(?:the\s+end\s+"
                       r"of\s+|on\s+)?$", re.IGNORECASE)
_PERMISSION_RE = re.compile(r"\b(?:may|can|could|continues?|continued|still|remains?|allowed"
                            r"|permitted|valid)\b", re.IGNORECASE)
_DEADLINE_RE = re.compile(r"(?:\b(?:by|before|no later than|not later than|deadline\W+(?:\w+"
                          r"\W+){0,4}|due(?:\s+(?:on|by))?|until)\s+(?:the\s+end\s+of\s+"
                          r"|on\s+)?$)", re.IGNORECASE)
_REPORT_RE = re.compile(r"\breport(?:s|ed|ing)?\b|\bsubmi\w*|\bfil(?:e|ed|ing)\b"
                        r"|\bdisclos\w*|\bdeclar\w*|\bupload\w*", re.IGNORECASE)
_DUE_RE = re.compile(r"\bdue\b(?!\s+to\s+(?:be|take|enter|come|start|begin|have|the\s+fact))",
                     re.IGNORECASE)


def _nearest_cue(sentence: str, start: int, end: int) -> Kind:
    best: tuple[float, int, Kind] | None = None
    for rank, (kind, pattern) in enumerate(_CUES):
        for m in pattern.finditer(sentence):
            if m.end() <= start:
                distance: float = start - m.end()
            elif m.start() >= end:
                distance = 2 * (m.start() - end) + 1
            else:
                distance = 0
            if best is None or (distance, rank) < best[:2]:
                best = (distance, rank, kind)
    return best[2] if best is not None else Kind.OTHER


def _comment(sentence: str, start: int, end: int, role: str | None) -> Kind:
    """The first or last day of a comment window."""
    if role == "opening":
        return Kind.COMMENT_OPEN
    if role == "closing":
        return Kind.COMMENT_CLOSE
    before = clause_before(sentence, start)
    if _CLOSE_AFTER.match(sentence[end:end + 40]) or _CLOSE_WORDS.search(before) or (
            _LEADING_RE.match(before) and _CLOSING_VERB_RE.search(clause_after(sentence, end))):
        return Kind.COMMENT_CLOSE  # "31 October: deadline for comments", "until 15 May",
        # "19 Jan  Comments on the draft close" (a date leading a calendar's item)
    if _OPEN_WORDS.search(before) or _LEADING_RE.match(before):
        return Kind.COMMENT_OPEN
    return Kind.COMMENT_CLOSE


_CLOSING_VERB_RE = re.compile(r"\b(?:close[sd]?|closing|ends?|ended|deadline|due|expires?)\b",
                              re.IGNORECASE)


def clause_after(sentence: str, end: int) -> str:
    """The words of the date's clause after it."""
    after = sentence[end:]
    after = after[len(after) - len(after.lstrip(" \t:;,.-–—|")):]  # "1 Jan: ...", "1 Jan - ..."
    cut = _CLAUSE_RE.search(after)
    return after[:cut.start()] if cut else after


def clause_before(sentence: str, start: int) -> str:
    """The words of the date's clause before it."""
    before = sentence[:start]
    cuts = list(_CLAUSE_RE.finditer(before))
    return before[cuts[-1].end():] if cuts else before


def suggest_kind(sentence: str, start: int, end: int, role: str | None = None) -> Kind:
    """The kind the words nearest a date suggest (see the module's steps)."""
    kind = _nearest_cue(sentence, start, end)
    if kind is Kind.PUBLISHED and role != "closing" and _CALL_RE.search(sentence):
        return Kind.COMMENT_OPEN  # "released the draft for public comments on 2 August"
    if kind is Kind.COMMENT_CLOSE:
        return _comment(sentence, start, end, role)
    clause = clause_before(sentence, start)
    if _LEADING_RE.match(clause):  # a date leading its item: "30 Jun  Filing due ..."
        clause = clause_after(sentence, end)
    closing = role == "closing" or bool(_DEADLINE_RE.search(clause))
    if kind is Kind.APPLICATION_OPEN:
        return Kind.REPORT_DUE if closing and role != "opening" else kind
    if _UNTIL_RE.search(clause) and _PERMISSION_RE.search(clause):
        return Kind.TRANSITION_END  # "may still be sold until", "remain valid until"
    if role == "opening" and _REPORT_RE.search(clause):
        return Kind.APPLICATION_OPEN  # "may submit declarations between 1 May and ..."
    if kind is not Kind.TRANSITION_END and _REPORT_RE.search(clause) and (
            closing or _DUE_RE.search(clause) or _DUE_RE.match(sentence[end:end + 8])):
        return Kind.REPORT_DUE  # "submit the annual report by", "the report is due on"
    if kind is Kind.OTHER and _DUE_RE.search(sentence[max(0, start - 30):start]):
        return Kind.REPORT_DUE
    return kind


def suggest_certainty(sentence: str, heading: str, kind: Kind) -> Certainty:
    """`proposed` where a draft or a plan speaks, `official` otherwise; the dates of a
    comment window are the authority's own, so `official`."""
    if kind in (Kind.COMMENT_OPEN, Kind.COMMENT_CLOSE):
        return Certainty.OFFICIAL
    if _DRAFT_RE.search(sentence) or _DRAFT_HEADING_RE.search(heading):
        return Certainty.PROPOSED
    return Certainty.OFFICIAL
