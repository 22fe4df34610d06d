"""The published page in a real browser: headless Chromium (Debian package `chromium`).

Skipped, with the reason in the summary, when no Chromium is installed; the README's test
command installs it where apt-get can. Screenshots are written to the test's temporary
folder, and also to $DEADLINES_SCREENSHOTS when set (the user guide's pictures come from there).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from .browser import Browser, find_chromium, keep
from .conftest import FIXTURES, Runner

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium not installed (Debian: apt-get install chromium); "
           "the page was not checked in a browser")
AS_OF = "2026-06-15"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None
    chromium = Browser(CHROMIUM)
    yield chromium
    chromium.close()


def is_png(path: Path) -> bool:
    return path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000


def test_the_harness_sees_console_errors(browser: Browser, tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html lang="en"><title>x</title>'
                    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
                    '<img src="https://example.org/x.png" alt="">', encoding="utf-8")
    browser.open(page.as_uri(), 800)
    assert browser.console_problems(), "a blocked image must show as a console error"


@pytest.mark.parametrize(("registry", "width", "name", "height"), [
    (FIXTURES / "timeline.toml", 1280, "site-fixture-desktop.png", None),
    ("bundled", 1280, "site.png", 1500),
    ("bundled", 390, "site-phone.png", 1500),
])
def test_the_published_page_renders_cleanly(browser: Browser, run: Runner, tmp_path: Path,
                                             registry: object, width: int, name: str,
                                             height: int | None) -> None:
    site = tmp_path / "site"
    result = run("publish", str(site), "--registry", str(registry), "--as-of", AS_OF,
                 "--base-url", "https://intranet.example.com/china/")
    assert result.exit_code == 0, result.stderr
    browser.open((site / "index.html").as_uri(), width, mobile=width < 600)
    assert browser.console_problems() == []
    assert browser.evaluate("document.title") == "China compliance deadlines"
    # the picture is drawn, with its shapes
    drawn = browser.evaluate("document.querySelectorAll('svg g.milestone').length")
    assert drawn > 0
    box = browser.evaluate("document.querySelector('.picture svg').getBoundingClientRect()"
                           ".height")
    assert box > 200
    # the page itself never scrolls sideways; only the picture's own box may
    assert browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    rows = browser.evaluate("document.querySelectorAll('table.milestones tbody tr').length")
    assert rows > 0
    if width < 600:  # one card per milestone: the header row is moved out of sight
        left = browser.evaluate("document.querySelector('table.milestones thead')"
                                ".getBoundingClientRect().left")
        assert left < -1000
    picture = tmp_path / name
    browser.screenshot(picture, width, height)
    assert is_png(picture)
    keep(picture)


def test_terminal_timeline_picture(browser: Browser, tmp_path: Path) -> None:
    """The coloured terminal timeline, recorded by rich and photographed for the user guide."""
    from datetime import date

    from rich.console import Console
    from rich.terminal_theme import MONOKAI

    from sesec_deadlines.core.query import Filters
    from sesec_deadlines.core.vocab import GroupBy
    from sesec_deadlines.output import timeline_text
    from sesec_deadlines.output.timeline import Window, from_registry
    from sesec_deadlines.registry.load import bundled_path, load

    today = date(2026, 6, 15)
    drawn = from_registry(load([bundled_path()]), Filters(), Window.around(today),
                          GroupBy.TOPIC, today)
    console = Console(record=True, width=120, force_terminal=True, color_system="truecolor",
                      file=open(os.devnull, "w"))  # noqa: SIM115
    timeline_text.print_styled(drawn, 120, console)
    console.file.close()
    page = tmp_path / "terminal.html"
    page.write_text(console.export_html(theme=MONOKAI, inline_styles=True,
                                        code_format=TERMINAL_PAGE),
                    encoding="utf-8")
    browser.open(page.as_uri(), 1100, height=100)
    assert browser.console_problems() == []
    picture = tmp_path / "timeline-terminal.png"
    browser.screenshot(picture, 1100)
    assert is_png(picture)
    keep(picture)


TERMINAL_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>deadlines timeline</title>
<style>body{{margin:0;background:{background};color:{foreground}}}
pre{{margin:0;padding:16px;font:14px/1.3 'DejaVu Sans Mono',monospace}}</style></head>
<body><pre><code>$ deadlines timeline --as-of 2026-06-15
{code}</code></pre></body></html>
"""
