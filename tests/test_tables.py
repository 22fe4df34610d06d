"""Tables of standards and dates of any size and layout: every row that carries a standard
number and a date is one candidate with the number in it, whatever separates the cells,
whichever column comes first, however the date is written, a row wrapped or not."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from sesec_deadlines.curation.scan import Candidate, scan_text

REFERENCE = date(2026, 12, 1)
ROWS = [("GB 4943.1-2026", "Audio/video and IT equipment: safety", date(2027, 8, 1)),
        ("GB/T 9254.1-2026", "Multimedia equipment: emission limits", date(2027, 11, 1)),
        ("GB 31241-2026", "Lithium-ion cells: portable devices", date(2028, 1, 1))]
FORMS = {
    "iso": lambda d: d.isoformat(),
    "dotted": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    "slashed": lambda d: f"{d.year}/{d.month}/{d.day}",
    "words": lambda d: f"{d.day} {d.strftime('%B')} {d.year}",
    "us": lambda d: f"{d.strftime('%B')} {d.day}, {d.year}",
}


def _line(cells: list[str], layout: str, widths: list[int]) -> str:
    if layout == "pipes":
        return "| " + " | ".join(cells) + " |"
    if layout == "bare pipes":
        return " | ".join(cells)
    if layout == "tabs":
        return "\t".join(cells)
    return "".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()


def table(rows: int, layout: str, form: str, *, date_first: bool = False,
          wrapped: bool = False) -> str:
    header = ["Standard", "Title", "Implementation date"]
    body = [[number, title, FORMS[form](when)] for number, title, when in ROWS[:rows]]
    if date_first:
        header = [header[2], header[0], header[1]]
        body = [[r[2], r[0], r[1]] for r in body]
    widths = [max(len(r[i]) for r in [header, *body]) + 3 for i in range(3)]
    lines = [_line(header, layout, widths)]
    if layout == "pipes":
        lines.append("|---|---|---|")
    for row in body:
        if not wrapped:
            lines.append(_line(row, layout, widths))
            continue
        head, tail = row[1].split(": ")  # the title cell wraps after its colon
        if layout == "pipes":  # the wrapped words, then the rest of the row, below
            lines += [f"| {row[0]} | {head}:", f"{tail} | {row[2]} |"]
        else:
            lines += [_line([row[0], head + ":", row[2]], layout, widths),
                      _line(["", tail, ""], layout, widths)]
    return "\n".join(lines)


def scanned(body: str) -> list[Candidate]:
    text = (f"Standards Published for Electronics\n\nOn 20 November 2026 SAMR approved new "
            f"standards, listed below.\n\n{body}\n\nFurther standards are in preparation.\n")
    return [c for c in scan_text(text, REFERENCE) if c.standard]


CASES = [(rows, layout, form, first)
         for rows, layout, form, first in itertools.product(
             (1, 2, 3), ("pipes", "bare pipes", "tabs", "spaces"), FORMS, (False, True))]


@pytest.mark.parametrize(("rows", "layout", "form", "date_first"), CASES,
                         ids=[f"{r}-{lay}-{f}-{'date first' if d else 'number first'}"
                              for r, lay, f, d in CASES])
def test_each_row_is_one_candidate(rows: int, layout: str, form: str,
                                   date_first: bool) -> None:
    found = scanned(table(rows, layout, form, date_first=date_first))
    assert [(c.standard, c.date_text()) for c in found] == [
        (number, when.isoformat()) for number, _, when in ROWS[:rows]]
    assert {(c.kind.value, c.relevance) for c in found} == {("entry_into_force", "obligation")}
    assert all(c.standard in c.text and title in c.text
               for c, (_, title, _) in zip(found, ROWS, strict=False))


@pytest.mark.parametrize("layout", ["pipes", "spaces", "tabs"])
@pytest.mark.parametrize("rows", [1, 2, 3])
def test_a_row_wrapped_over_two_lines_is_one_row(layout: str, rows: int) -> None:
    found = scanned(table(rows, layout, "iso", wrapped=True))
    assert [(c.standard, c.date_text()) for c in found] == [
        (number, when.isoformat()) for number, _, when in ROWS[:rows]]
    for c, (_, title, _) in zip(found, ROWS, strict=False):
        assert " ".join(title.split(": ")) in c.text.replace(": ", " "), c.text


def test_the_header_names_each_dates_kind() -> None:
    body = ("| Standard | Published | Implemented |\n|---|---|---|\n"
            "| GB 4943.1-2026 | 2026-11-20 | 2027-08-01 |\n"
            "| GB 31241-2026 | 2026-11-20 | 2028-01-01 |")
    found = scanned(body)
    assert [(c.standard, c.date_text(), c.kind.value) for c in found] == [
        ("GB 4943.1-2026", "2026-11-20", "published"),
        ("GB 4943.1-2026", "2027-08-01", "entry_into_force"),
        ("GB 31241-2026", "2026-11-20", "published"),
        ("GB 31241-2026", "2028-01-01", "entry_into_force")]


def test_prose_with_two_spaces_is_no_table() -> None:
    text = ("Chargers Need New Marks\n\nThe rule binds makers of chargers.  From 1 May 2027 "
            "every charger must carry the mark under GB 4943.1-2026 in full.\n")
    [c] = scan_text(text, REFERENCE)
    assert (c.kind.value, c.text.startswith("From 1 May 2027")) == ("mandatory_from", True)


def test_a_sentence_right_under_a_table_stays_a_sentence() -> None:
    text = ("Standards Published for Electronics\n\n| Standard | Implementation date |\n"
            "|---|---|\n| GB 4943.1-2026 | 2027-08-01 |\n"
            "Old certificates remain valid until 31 July 2028.\n")
    found = {(c.standard, c.date_text(), c.kind.value) for c in scan_text(text, REFERENCE)}
    assert found == {("GB 4943.1-2026", "2027-08-01", "entry_into_force"),
                     (None, "2028-07-31", "transition_end")}
