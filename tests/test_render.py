"""Terminal output: colour by urgency on a terminal, none with NO_COLOR or in a pipe."""

from __future__ import annotations

import io
from datetime import date

import pytest

from sesec_deadlines.output import terminal as render
from sesec_deadlines.registry.load import load

from .conftest import REGISTRY


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def table(stream: io.StringIO) -> str:
    today = date(2026, 3, 20)
    entries = [e for e in load([REGISTRY]).entries if e.date and not e.date.is_past(today)]
    render.print_table("Deadlines", render.HEADERS, [render.row(e, today) for e in entries],
                       [render.urgency(e, today) for e in entries], stream=stream)
    return stream.getvalue()


def test_terminal_gets_colour_by_urgency(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    out = table(Terminal())
    assert "\x1b[1;31m2026-03-25" in out  # within a week: bold red
    assert "\x1b[33m2026-04-09" in out  # within a month: yellow
    assert "CCC for EV" in out  # long titles fold within the terminal's width


def test_no_color_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    out = table(Terminal())
    assert "31m" not in out and "33m" not in out  # no colours; bold may stay
    assert "CCC for EV" in out


def test_pipe_is_plain_text() -> None:
    out = table(io.StringIO())
    assert "\x1b" not in out
    assert out.splitlines()[1].split() == ["DATE", "LEFT", "KIND", "CERTAINTY", "AUTHORITY",
                                           "TITLE"]


@pytest.mark.parametrize(
    ("when", "today", "text"),
    [("2026-03-20", "2026-03-20", "today"), ("2026-03-21", "2026-03-20", "1 day"),
     ("2026-03-19", "2026-03-20", "1 day ago"), ("2026-03", "2026-03-20", "this month"),
     ("2026", "2026-03-20", "this year"), ("2026-04", "2026-03-20", "12 days")],
)
def test_days_left_text(when: str, today: str, text: str) -> None:
    from sesec_deadlines.core.dates import PartialDate

    entry = load([REGISTRY]).entries[0]
    moved = type(entry)(entry.instrument, entry.milestone, PartialDate.parse(when),
                        entry.certainty)
    assert render.days_left_text(moved, date.fromisoformat(today)) == text
