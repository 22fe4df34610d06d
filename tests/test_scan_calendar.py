"""A calendar of dates under month headings: each line led by a date is a statement of its
own, and a day and month without a year take the year of the month heading above them."""

from __future__ import annotations

from datetime import date

import pytest

from sesec_deadlines.curation.scan import scan_text

CALENDAR = """Compliance Dates for the Year Ahead
Put together in late 2026 for the product teams; meetings are marked as such.

{march}
{indent}3 Mar{gap}Labelling rules for small appliances apply
{indent}9 Mar{gap}Steering meeting with the test laboratory (meeting)
{indent}31 Mar{gap}Annual recycling report due to the ministry

{august}
{indent}1 Aug{gap}GB 21520-2026 for display panels takes effect
{indent}20 Aug{gap}Comments on the draft battery passport rules close

{november}
{indent}30 Nov{gap}Old energy label certificates expire
"""


@pytest.mark.parametrize("indent", ["", "  ", "\t"])
@pytest.mark.parametrize("gap", ["   ", "\t", " - ", ": "])
@pytest.mark.parametrize("headings", [("MARCH 2028", "AUGUST 2028", "NOVEMBER 2028"),
                                      ("## March 2028", "## August 2028", "## November 2028"),
                                      ("March 2028:", "August 2028:", "November 2028:")])
def test_a_calendar_under_month_headings(indent: str, gap: str,
                                         headings: tuple[str, str, str]) -> None:
    march, august, november = headings
    text = CALENDAR.format(indent=indent, gap=gap, march=march, august=august,
                           november=november)
    found = {c.date_text(): c for c in scan_text(text, date(2026, 12, 1))
             if c.precision == "day"}
    assert {when: (c.kind.value, c.relevance) for when, c in found.items()} == {
        "2028-03-03": ("entry_into_force", "obligation"),
        "2028-03-09": ("other", "context"),
        "2028-03-31": ("report_due", "obligation"),
        "2028-08-01": ("entry_into_force", "obligation"),
        "2028-08-20": ("comment_close", "obligation"),
        "2028-11-30": ("transition_end", "obligation"),
    }
    assert found["2028-08-01"].standard == "GB 21520-2026"
    assert found["2028-03-31"].text.startswith("31 Mar") and "meeting" not in found[
        "2028-03-31"].text
