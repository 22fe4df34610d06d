"""Cutting a text into articles whatever its shape: an index of any form, headings alone,
or nothing (the whole text, said so)."""

from __future__ import annotations

from sesec_deadlines.curation.split import WHOLE_TEXT, articles, layout

BODY = """
Gizmo Labels Become Mandatory

From 1 March 2027 every gizmo sold must carry the new label. The regulator said so.

Regulator Opens Consultation on Doohickeys

Comments on the doohickey draft are taken until 30 June 2026. The draft has three parts.
"""


def test_an_index_with_p_numbers_and_no_marker_line() -> None:
    text = ("Monthly Digest\n\nGizmo Labels Become Mandatory P3\n"
            "Regulator Opens Consultation on Doohickeys P4\nSprocket News P5\n" + BODY)
    found = layout(text)
    assert found.how == "index"
    assert [a.heading for a in articles(text)] == ["Gizmo Labels Become Mandatory",
                                                  "Regulator Opens Consultation on Doohickeys"]


def test_an_unnumbered_contents_list_without_pages() -> None:
    text = ("Contents:\n\nGizmo Labels Become Mandatory\n"
            "Regulator Opens Consultation on Doohickeys\n" + BODY)
    found = layout(text)
    assert found.how == "index"
    assert "30 June 2026" in found.bodies["regulator opens consultation on doohickeys"]


def test_headings_without_an_index() -> None:
    found = layout(BODY)
    assert found.how == "headings"
    assert found.headings == ["Gizmo Labels Become Mandatory",
                              "Regulator Opens Consultation on Doohickeys"]


def test_a_numbered_list_inside_an_article_starts_no_article() -> None:
    text = """1. Gizmo Rules Published

The gizmo rules were published on 2 May 2026. They require:

1. Makers to label every gizmo from 1 March 2027
2. Importers to keep records for three years
3. Sellers to remove unlabelled stock

2. Doohickey Draft Open for Comment

Comments are taken until 30 June 2026, the regulator said in its notice.
"""
    assert [a.heading for a in articles(text)] == ["Gizmo Rules Published",
                                                  "Doohickey Draft Open for Comment"]


def test_sub_headings_list_inside_one_article_is_not_a_numbering() -> None:
    text = """Widget Rules Revised

The widget rules were revised on 2 May 2026 and apply from 1 January 2027 onwards.

1. Scope of the rules

They cover all widgets sold in shops, online and through agents in the country.

2. What changes

Labels change, and records must be kept. The regulator explains the details later.

Gadget Fees Cut

Fees for gadget testing fall by a fifth from 1 July 2026, the ministry announced.

Sprocket Survey Published

A survey of sprocket makers was published on 3 May 2026 by the trade association.
"""
    assert [a.heading for a in articles(text)] == ["Widget Rules Revised", "Gadget Fees Cut",
                                                  "Sprocket Survey Published"]


def test_no_structure_is_one_article_and_says_what_was_tried() -> None:
    found = layout("makers must comply from 1 March 2027. nothing else is said here.")
    assert (found.how, found.headings) == ("none", [WHOLE_TEXT])
    assert any("index" in t for t in found.tried) and any("headings" in t for t in found.tried)


def test_an_index_run_together_on_one_line() -> None:
    text = ("Index\n\nGizmo Labels Become Mandatory 3 Regulator Opens Consultation on "
            "Doohickeys 4\n" + BODY)
    found = layout(text)
    assert found.how == "index"
    assert found.headings == ["Gizmo Labels Become Mandatory",
                              "Regulator Opens Consultation on Doohickeys"]


def test_headings_over_text_wrapped_at_a_fixed_width() -> None:
    text = """Gizmo Labels Become Mandatory
Every gizmo sold in the country must carry the new label from the first day of
March 2027, according to the regulator, which published the rules this week
Doohickey Fees Cut
The fees for testing a doohickey fall by a fifth from 1 July 2026, the ministry
said in a notice that also lists the laboratories allowed to do the testing
"""
    assert [a.heading for a in articles(text)] == ["Gizmo Labels Become Mandatory",
                                                  "Doohickey Fees Cut"]
