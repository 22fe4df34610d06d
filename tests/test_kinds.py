"""The kind suggested for a date, family by family of wording: several phrasings of each
kind, most of them not in any edition, and each one an obligation."""

from __future__ import annotations

from datetime import date

import pytest

from sesec_deadlines.curation.scan import Candidate, scan_text

DECEMBER = date(2026, 12, 1)

KINDS = {
 "transition_end": [
  "Products already produced may be used on stock until 31.10.2027.",
  "Products may continue to be sold until 30 June 2027.",
  "Existing certificates remain valid until 31 July 2027.",
  "The grace period ends on 31 December 2027.",
  "Old test reports are no longer accepted after 30 June 2027.",
  "Stocks manufactured before the change can be sold off until 1 March 2027.",
  "The old version may still be used until 31 May 2027.",
  "Certificates issued under the old rules expire on 31 December 2027.",
  "Manufacturers have until 30 September 2027 to bring their products into line.",
  "The previous standard is withdrawn on 1 January 2028.",
  "Non-compliant products must be removed from the market by 31 March 2027.",
  "The transitional arrangements end on 30 April 2027.",
  "Labels of the 2019 version remain acceptable for products made before 30 June 2027.",
  "Test reports to the old edition are still accepted until 31 August 2027.",
  "Devices built to the old standard remain usable and may be sold until 28 February 2028.",
 ],
 "comment_close": [
  "Comments can be sent until 15 January 2027.",
  "Feedback is due by 20 January 2027.",
  "The consultation closes on 31 January 2027.",
  "Stakeholders may submit opinions before 10 February 2027.",
  "The deadline for submitting views is 28 February 2027.",
  "The public consultation runs until 5 March 2027.",
 ],
 "comment_open": [
  "On 3 December 2026, MIIT released the draft for public comments.",
  "SAMR opened a consultation on the draft on 4 December 2026.",
  "The draft was published for comment on 5 December 2026.",
 ],
 "entry_into_force": [
  "The measures take effect on 1 March 2027.",
  "The regulation enters into force on 1 April 2027.",
  "The standard will be implemented from 1 May 2027.",
  "The rules apply from 1 June 2027.",
  "The law becomes effective on 1 July 2027.",
  "The new rules come into effect on 1 August 2027.",
  "The notice shall come into force as of 1 September 2027.",
  "It becomes binding on 1 November 2027.",
  "The revised catalogue is binding from 1 October 2027.",
  "The technical regulation takes binding effect on 1 December 2027.",
 ],
 "mandatory_from": [
  "From 1 March 2027, all chargers must carry the CCC mark.",
  "The standard becomes mandatory on 1 April 2027.",
  "Products without the label may not be sold from 1 May 2027.",
  "Importers are required to register from 1 June 2027.",
  "Sales of non-certified devices are banned from 1 July 2027.",
  "Compliance is compulsory as of 1 August 2027.",
 ],
 "application_open": [
  "Applications are accepted from 1 March 2027.",
  "Companies can apply for the pilot from 15 March 2027.",
  "Certificates may be applied for from 1 July 2027.",
  "Registration for the programme opens on 1 April 2027.",
 ],
 "report_due": [
  "Companies must submit their annual report by 31 March 2027.",
  "The carbon footprint report is due on 30 June 2027.",
  "Operators shall file the data with the ministry by 31 May 2027.",
  "Annual emission reports must be reported no later than 30 April 2027.",
 ],
 "published": [
  "SAMR issued the measures on 3 December 2026.",
  "The standard was published on 4 December 2026.",
  "MIIT released the final rules on 5 December 2026.",
  "The State Council promulgated the regulations on 6 December 2026.",
 ],
}


def scanned(sentence: str) -> list[Candidate]:
    return scan_text(f"Index\n\nNews\t1\n\nTakeaways\n\nNews\n\n{sentence}\n", DECEMBER)


@pytest.mark.parametrize(("kind", "sentence"),
                         [(k, s) for k, sentences in KINDS.items() for s in sentences])
def test_each_family_of_wording(kind: str, sentence: str) -> None:
    [candidate] = scanned(sentence)
    assert (candidate.kind.value, candidate.relevance) == (kind, "obligation")


@pytest.mark.parametrize(("sentence", "kinds"), [
    ("Enterprises may submit their declarations between 1 May and 30 June 2027.",
     ["application_open", "report_due"]),
    ("Applications are accepted from 1 March to 30 April 2027.",
     ["application_open", "report_due"]),
    ("Comments are invited from 3 to 31 January 2027.", ["comment_open", "comment_close"]),
    ("Existing certificates remain valid from 1 January 2027 until 31 December 2028.",
     ["transition_end", "transition_end"]),
])
def test_both_ends_of_a_window(sentence: str, kinds: list[str]) -> None:
    assert [c.kind.value for c in scanned(sentence)][-2:] == kinds


@pytest.mark.parametrize(("sentence", "kind"), [
    # each date of a sentence takes the wording of its own clause
    ("The standard takes effect on 1 May 2027, and products already on the market may "
     "be sold until 30 April 2028.", ["entry_into_force", "transition_end"]),
    ("The measures apply from 1 March 2027, but reports for 2026 are due by 31 May 2027.",
     ["entry_into_force", "report_due"]),
    ("The draft was released for comment on 2 January 2027; comments close on 1 February "
     "2027.", ["comment_open", "comment_close"]),
])
def test_each_clause_its_own_kind(sentence: str, kind: list[str]) -> None:
    assert [c.kind.value for c in scanned(sentence)] == kind


@pytest.mark.parametrize("sentence", [
    "The annual standards forum was held on 12 March 2027.",
    "The exhibition runs until 15 March 2027 in Shanghai.",
    "The delegation visited Beijing on 20 March 2027.",
])
def test_events_stay_other_and_context(sentence: str) -> None:
    [candidate] = scanned(sentence)
    assert (candidate.kind.value, candidate.relevance) == ("other", "context")


@pytest.mark.parametrize("sentence", [
    "Issued 15 November 2026 | Technical regulations unit",
    "Published on 3 March 2026 in Product news.",
    "The next quarterly update will be issued in February 2027.",
    "GB 31241-2022 has been in force since 1 January 2024 for all portable batteries.",
])
def test_the_texts_own_dates_and_what_already_binds_are_context(sentence: str) -> None:
    assert {c.relevance for c in scanned(sentence)} == {"context"}


def test_a_publication_with_its_subject_stays_an_obligation() -> None:
    [c] = scanned("The revised standard was published on 20 November 2026.")
    assert (c.kind.value, c.relevance) == ("published", "obligation")


def test_a_mastheads_date_is_context_and_a_notices_is_its_publication() -> None:
    text = ("PRODUCT RULES BULLETIN - EDITION 4, 20 OCTOBER 2026\n\n"
            "The charger rules take effect on 1 May 2027 for all makers.\n\n"
            "Notice on Charger Labels (SAMR, 30 November 2026)\n\n"
            "Labels must show the new symbol from 1 June 2027 onwards.\n")
    found = {c.date_text(): (c.kind.value, c.relevance) for c in scan_text(text, DECEMBER)}
    assert found.pop("2026-10-20")[1] == "context"
    assert found == {"2027-05-01": ("entry_into_force", "obligation"),
                     "2026-11-30": ("published", "obligation"),
                     "2027-06-01": ("mandatory_from", "obligation")}
