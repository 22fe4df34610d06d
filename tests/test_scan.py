"""scan: every dated statement of an edition, with its status against the registry."""

from __future__ import annotations

from datetime import date

import pytest

from sesec_deadlines.core.dates import Offset
from sesec_deadlines.core.vocab import Certainty, Kind
from sesec_deadlines.curation.edition_text import sentences
from sesec_deadlines.curation.review import counts, review
from sesec_deadlines.curation.scan import Candidate, scan_text
from sesec_deadlines.curation.written_dates import find_dates, infer_year
from sesec_deadlines.registry.load import load

from .conftest import FIXTURES

SCAN = FIXTURES / "scan"
DECEMBER = date(2025, 12, 20)  # the fixture edition's date (November–December 2025)


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("takes effect on 1 August 2026.", "2026-08-01", "day"),
        ("from 1st August 2026 on", "2026-08-01", "day"),
        ("from the 1st of August, 2026", "2026-08-01", "day"),
        ("on August 1, 2026 the", "2026-08-01", "day"),
        ("on Aug. 1 2026 the", "2026-08-01", "day"),
        ("dated 2026-08-01.", "2026-08-01", "day"),
        ("dated 2026/8/1.", "2026-08-01", "day"),
        ("dated 2026.8.1.", "2026-08-01", "day"),
        ("dated 2026年8月1日", "2026-08-01", "day"),
        ("in August 2026.", "2026-08", "month"),
        ("in Sept. 2026.", "2026-09", "month"),
        ("in August of 2026", "2026-08", "month"),
        ("by the end of 2025.", "2025", "year"),
        ("before 2030", "2030", "year"),
        ("by mid-2026", "2026", "year"),
        ("in Q3 2024", "2024", "quarter"),
        ("in the third quarter of 2024", "2024", "quarter"),
        ("in the first half of 2026", "2026", "half"),
        ("in H2 2026", "2026", "half"),
        ("on September, 29, 2024 the", "2024-09-29", "day"),
        ("from 29th September 2024", "2024-09-29", "day"),
        ("by Sept. 29, 2024.", "2024-09-29", "day"),
        ("dated 29-Sep-2024", "2024-09-29", "day"),
        ("dated 29/09/2024", "2024-09-29", "day"),  # numbers: the day first
        ("dated 05.06.2026", "2026-06-05", "day"),
        ("dated 09/29/2024", "2024-09-29", "day"),  # ... unless it cannot be a month
        ("in early 2027", "2027", "year"),
        ("by end-2026", "2026", "year"),
        ("in Q3/2026", "2026", "quarter"),
        ("in 3Q 2026", "2026", "quarter"),
        ("in 2026 Q3", "2026", "quarter"),
    ],
)
def test_written_forms(text: str, iso: str, precision: str) -> None:
    [mention] = find_dates(text, DECEMBER)
    assert (mention.date.iso(), mention.precision, mention.inferred) == (iso, precision, False)


@pytest.mark.parametrize(
    ("text", "opening", "closing"),
    [
        ("from 1 to 7 November 2025", "2025-11-01", "2025-11-07"),
        ("November 1 to 7, 2025", "2025-11-01", "2025-11-07"),
        ("December 8th to 11th, 2024", "2024-12-08", "2024-12-11"),
        ("10-14 November 2025", "2025-11-10", "2025-11-14"),
        ("from 20 August to 20 October 2021", "2021-08-20", "2021-10-20"),
        ("from November 30 to December 5, 2025", "2025-11-30", "2025-12-05"),
        ("15 December to 15 January 2026", "2025-12-15", "2026-01-15"),
    ],
)
def test_ranges_give_an_opening_and_a_closing(text: str, opening: str, closing: str) -> None:
    first, last = find_dates(text, DECEMBER)
    assert (first.role, first.date.iso()) == ("opening", opening)
    assert (last.role, last.date.iso()) == ("closing", closing)


def test_days_without_a_year_take_the_nearest_year() -> None:
    [november] = find_dates("until 18 November", DECEMBER)
    assert (november.date.iso(), november.inferred) == ("2025-11-18", True)
    [january] = find_dates("by 15 January", DECEMBER)  # a December edition: next January
    assert (january.date.iso(), january.inferred) == ("2026-01-15", True)
    [july] = find_dates("on July 3", date(2026, 1, 10))
    assert july.date.iso() == "2026-07-03"
    assert infer_year(2, 29, date(2025, 12, 20)) == 2024  # the only leap year in reach
    [year_end] = find_dates("by the end of this year", DECEMBER)
    assert (year_end.date.iso(), year_end.precision, year_end.inferred) == ("2025", "year", True)
    [next_year] = find_dates("before the end of next year", DECEMBER)
    assert (next_year.date.iso(), next_year.inferred) == ("2026", True)
    [march] = find_dates("until the end of March", DECEMBER)
    assert (march.date.iso(), march.precision, march.inferred) == ("2026-03", "month", True)


@pytest.mark.parametrize(
    "text",
    ["GB/T 4706.1-2024 and GB 18384-2020", "It may 12 times", "In September, 12 firms",
     "GB 4943.1.2022", "12 months", "2025-12/27",
     "the 2021 forum", "Q10: what", "2023-2025 plan", "in 2026 China will"],
)
def test_no_date_where_there_is_none(text: str) -> None:
    assert find_dates(text, DECEMBER) == []


def test_sentences_split_on_stops_but_not_abbreviations() -> None:
    text = ("SAMR issued No. 12 on 1 May. It applies to Art. 5 products.\n\n"
            "- From 1 June sales stop.\n- Imports too.")
    assert list(sentences(text)) == ["SAMR issued No. 12 on 1 May.",
                                     "It applies to Art. 5 products.",
                                     "From 1 June sales stop.", "Imports too."]


def scanned() -> list[Candidate]:
    text = (SCAN / "forms.txt").read_text(encoding="utf-8")
    registry = load([SCAN / "registry.toml"])
    return review(scan_text(text, DECEMBER), registry.entries, "2025-11")


def by_written(candidates: list[Candidate], written: str) -> list[Candidate]:
    return [c for c in candidates if c.written == written]


def test_every_form_of_the_fixture_edition_is_found() -> None:
    found = {(c.article.split()[0], c.date_text() or c.rule) for c in scanned()}
    assert found == {
        ("Widget", "2026-08-01"), ("Widget", "2026-02-01"), ("Widget", "2026-09-01"),
        ("Widget", "2026-10-01"), ("Widget", "2026-03-15"),
        ("Draft", "2025-11-03"), ("Draft", "2025-11-01"), ("Draft", "2025-11-07"),
        ("Draft", "2025-11-10"), ("Draft", "2025-11-14"), ("Draft", "2026-08"),
        ("Draft", "13 months after approval"), ("Draft", "2026-01-15"),
        ("Toy", "60 days after entry into force"), ("Toy", "36 months after entry into force"),
        ("Sprocket", "2024"), ("Sprocket", "2026"), ("Sprocket", "2025"),
        ("Plans", "2025-11-12"),
    }


def test_a_statement_in_the_takeaways_and_the_article_is_one_candidate() -> None:
    effect = [c for c in scanned() if c.date_text() == "2026-08-01"]
    assert len(effect) == 1
    assert effect[0].text == "The widget standard takes effect on 1 August 2026."


def test_statuses_against_the_registry() -> None:
    candidates = scanned()
    [effect] = by_written(candidates, "1 August 2026")
    assert (effect.status, effect.milestone) == ("known", "widget-safety/entry_into_force")
    # the day of another instrument's milestone, and nothing else of it: no match
    [imports] = by_written(candidates, "October 1, 2026")
    assert (imports.status, imports.milestone) == ("new", None)
    [rule] = [c for c in candidates if c.rule == "13 months after approval"]
    assert (rule.status, rule.milestone) == ("known", "gadget-labels/entry_into_force")
    [mark] = by_written(candidates, "1st September 2026")
    assert (mark.status, mark.milestone) == ("new", None)
    assert counts(candidates) == {"known": 3, "known_elsewhere": 0, "new": 16}


def test_suggested_kinds_and_certainties() -> None:
    def kinds(written: str) -> list[tuple[str, str, str | None]]:
        return [(c.kind.value, c.certainty.value, c.role)
                for c in by_written(scanned(), written)]

    assert kinds("1 August 2026") == [("entry_into_force", "official", None)]
    assert kinds("2026-02-01") == [("published", "official", None)]
    assert kinds("1st September 2026") == [("mandatory_from", "official", None)]
    assert kinds("1 to 7 November 2025") == [("comment_open", "official", "opening"),
                                             ("comment_close", "official", "closing")]
    assert kinds("August 2026") == [("published", "proposed", None)]
    assert kinds("15 January") == [("comment_close", "official", None)]
    assert kinds("12 November 2025") == [("other", "official", None)]


def test_relative_rules() -> None:
    rules = {c.rule: c for c in scanned() if c.rule}
    assert set(rules) == {"13 months after approval", "60 days after entry into force",
                          "36 months after entry into force"}
    transition = rules["36 months after entry into force"]
    assert (transition.kind, transition.offset, transition.date) == (
        Kind.TRANSITION_END, Offset(36, "month"), None)
    assert rules["60 days after entry into force"].kind is Kind.MANDATORY_FROM
    assert rules["13 months after approval"].certainty is Certainty.PROPOSED


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("On 2 August 2021, TC260 released the draft for public comments.", "comment_open"),
        ("Comments could be submitted until 20 October 2021.", "comment_close"),
        ("The deadline for feedback is 7 November 2025.", "comment_close"),
        ("31 October 2026: deadline for comments on the annex.", "comment_close"),
        ("The provisions come into effect from 1 October 2021.", "entry_into_force"),
        ("On 17 August 2021, the State Council released the regulations.", "published"),
        ("From 1 August 2026, no product may be sold without the CCC mark.", "mandatory_from"),
        ("Existing certificates remain valid until 31 July 2027.", "transition_end"),
        ("Applications are accepted from 1 March 2025.", "application_open"),
        ("The plenary meeting was held online on 17 August 2021.", "other"),
    ],
)
def test_kind_from_the_wording(sentence: str, kind: str) -> None:
    [candidate] = scan_text(f"Index\n\nNews\t1\n\nTakeaways\n\nNews\n\n{sentence}\n", DECEMBER)
    assert candidate.kind.value == kind


def test_scan_is_pure_text_in_candidates_out() -> None:
    assert scan_text("", DECEMBER) == []
    # no structure at all: the whole text is one article, so that no date is lost
    [whole] = scan_text("no index, no articles: 1 August 2026", DECEMBER)
    assert (whole.article, whole.date_text()) == ("(the whole text)", "2026-08-01")


def test_every_day_and_month_milestone_is_found_known_in_its_article() -> None:
    """On the bundled editions, scan finds every day- and month-precision milestone of the
    bundled registry as `known` in the article it cites: 100%."""
    from sesec_deadlines.curation.texts import load_editions
    from sesec_deadlines.registry.load import bundled_path

    from .test_sources import SEEDS

    if not SEEDS.is_dir():
        pytest.skip(f"the newsletter editions are not beside the project ({SEEDS})")
    registry = load([bundled_path()])
    editions = load_editions(SEEDS, registry.editions)
    assert len(editions) == 5
    found: set[str] = set()
    for key, edition in editions.items():
        for c in review(scan_text(edition.text, edition.edition.published),
                        registry.entries, key):
            if c.status == "known":
                found.update(c.milestones)
    wanted = [e.id for e in registry.entries
              if e.milestone.after is None and e.milestone.date is not None
              and e.milestone.date.precision.value in ("day", "month")]
    assert len(wanted) >= 135
    assert [ident for ident in wanted if ident not in found] == []
