"""Matching a candidate to a milestone of another article needs more than its date: the
instrument's number, its cited article heading, or two distinctive words of its title."""

from __future__ import annotations

from datetime import date

import pytest

from sesec_deadlines.curation.review import review
from sesec_deadlines.curation.scan import Candidate, scan_text
from sesec_deadlines.registry.load import bundled_path, load

from .conftest import FIXTURES

EV = "gb-18384-ev-safety-requirements-revision"
EV_ARTICLE = ("Safety Standards Drafted for Power Banks and Toy Batteries, and Revised for "
              "EVs in China")


def reviewed(heading: str, sentence: str, registry_file: str | None = None,
             reference: date = date(2026, 2, 10)) -> Candidate:
    """The one candidate of a one-article text, reviewed as part of a new edition."""
    registry = load([FIXTURES / "scan" / registry_file] if registry_file else [bundled_path()])
    text = f"{heading}\n\n{sentence}\n\nAnother Article Title Here\n\nNothing dated here.\n"
    [candidate] = review(scan_text(text, reference), registry.entries, "2026-01")
    return candidate


@pytest.mark.parametrize("sentence", [
    "Certificates may be applied for from 1 July.",
    "The new labelling scheme takes effect from 1 July 2026.",
    "Suppliers of kitchen appliances must register by 2026-07-01.",
    "From 1 July, the platform accepts online filings only.",
])
def test_a_date_alone_matches_no_other_instrument(sentence: str) -> None:
    # 2026-07-01 is a milestone of the EV safety revision (and of others): not this one
    found = reviewed("Household Appliance Registration Opens", sentence)
    assert found.date_text() == "2026-07-01"
    assert (found.status, found.milestone, found.milestones) == ("new", None, ())


@pytest.mark.parametrize("sentence", [
    "New vehicle types must meet GB 18384 from 1 July 2026.",
    "The revision of GB 18384-2020 applies from July 1, 2026 to new type approvals.",
    "GB18384 binds new types from 01.07.2026.",
])
def test_the_instruments_number_names_it(sentence: str) -> None:
    found = reviewed("Vehicle Type Approval Update", sentence)
    assert found.status == "known_elsewhere"
    assert found.milestone is not None and found.milestone.startswith(EV + "/")


def test_the_article_it_cites_in_another_edition_names_it() -> None:
    found = reviewed(EV_ARTICLE, "The new requirements apply to new types from 1 July 2026.")
    assert found.status == "known_elsewhere" and found.milestone is not None
    assert found.milestone.startswith(EV + "/")


def test_two_distinctive_title_words_name_it() -> None:
    # the fixture registry's "An earlier sprocket notice", mandatory from 2026-10-01
    named = reviewed("Sprocket Imports", "The earlier sprocket rules bind importers from "
                     "October 1, 2026.", "registry.toml", date(2025, 12, 20))
    assert (named.status, named.milestone) == ("known_elsewhere",
                                               "earlier-sprockets/mandatory_from")
    unnamed = reviewed("Widget Imports", "Imports are covered from October 1, 2026.",
                       "registry.toml", date(2025, 12, 20))
    assert (unnamed.status, unnamed.milestone) == ("new", None)


def test_within_the_cited_article_the_citation_is_the_evidence() -> None:
    registry = load([FIXTURES / "scan" / "registry.toml"])
    text = (FIXTURES / "scan" / "forms.txt").read_text(encoding="utf-8")
    found = [c for c in review(scan_text(text, date(2025, 12, 20)), registry.entries,
                               "2025-11") if c.written == "1 August 2026"]
    assert [(c.status, c.milestone) for c in found] == [
        ("known", "widget-safety/entry_into_force")]
