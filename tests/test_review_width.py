"""`review` and the Unconfirmed heading on terminals of 60, 80 and 120 columns: no word split,
no line too long (a link may stand alone), colour on a terminal, plain in a pipe."""

from __future__ import annotations

import io
from datetime import date

import pytest
from rich.console import Console

from sesec_deadlines.cli.common import emit
from sesec_deadlines.cli.options import Format
from sesec_deadlines.cli.review import print_review
from sesec_deadlines.core.query import make_filters, select
from sesec_deadlines.core.staleness import Staleness, freshness
from sesec_deadlines.curation import todo
from sesec_deadlines.output import terminal as render
from sesec_deadlines.registry.load import bundled_path, load

from .conftest import Runner
from .test_terminal_widths import ANSI, WIDTHS, assert_fits, console, text_of

TODAY = date(2026, 12, 1)


def review_lines() -> list[str]:
    reg = load([bundled_path()])
    staleness = Staleness(TODAY)
    items = todo.review(reg.entries, make_filters(), staleness)
    fresh = freshness(reg.editions, reg.cited_editions(), TODAY, uncurated=reg.uncurated,
                      files=reg.files)
    return list(todo.text_lines(items, fresh, staleness))


@pytest.mark.parametrize("width", WIDTHS)
def test_review_fits_the_terminal_without_splitting_words(width: int) -> None:
    lines = review_lines()
    assert max(len(line) for line in lines) > 120  # the pipe's long lines
    con = console(width)
    print_review(lines, con)
    out = con.file
    assert isinstance(out, io.StringIO)
    assert "\x1b[1m" in out.getvalue() and "\x1b[2m" in out.getvalue()  # bold, dim
    text = text_of(con)
    ids = [line.strip() for line in lines if line.startswith("  ") and not line.startswith("   ")]
    assert_fits(text, width, [line for line in lines if line.strip() not in ids], ids)
    for shown in text.splitlines():  # what is left too long is one link, alone
        if len(shown) > width:
            assert shown.strip().startswith("<https://")


def test_review_in_a_pipe_is_plain_and_unwrapped(run: Runner) -> None:
    out = run("review", "--registry", str(bundled_path()), "--as-of", "2026-12-01").stdout
    assert out.splitlines() == review_lines()
    assert not ANSI.search(out)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_unconfirmed_heading_is_wrapped_to_the_terminal(
        width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    reg = load([bundled_path()])
    filters = make_filters(topic=["ev"], first=TODAY, last=date(2027, 3, 1))
    selection = select(reg.window(TODAY, date(2027, 3, 1), filters), filters, TODAY)
    buffer = io.StringIO()
    con = Console(file=buffer, width=width, force_terminal=True, highlight=False)
    monkeypatch.setattr("sys.stdout", buffer)
    monkeypatch.setattr(render, "is_terminal", lambda stream: True)
    monkeypatch.setattr(render, "terminal_console", lambda stream: con)
    emit(selection, Format.TABLE, "Deadlines", registry=reg, filters=filters,
         lapsed=list(reg.unconfirmed_before(TODAY, filters)))
    text = ANSI.sub("", buffer.getvalue())
    assert "Unconfirmed: 2 proposed" in text
    heading = "Unconfirmed: 2 proposed or estimated date(s) passed before 2026-12-01 while " \
              "the text is still a draft"
    assert_fits(text, width, [heading])
    assert heading in " ".join(text.split())
