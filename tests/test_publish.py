"""`deadlines publish DIR`: the static site, parsed strictly, written whole, same bytes."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import html5lib
import pytest
from icalendar import Calendar

from sesec_deadlines.registry.load import load
from sesec_deadlines.storage.atomic import replace_directory

from .conftest import FIXTURES, Runner
from .icslint import lint

TIMELINE = FIXTURES / "timeline.toml"
AS_OF = "2026-06-15"
R = ("--registry", str(TIMELINE), "--as-of", AS_OF)
BASE = "https://intranet.example.com/china/"
XHTML = "{http://www.w3.org/1999/xhtml}"


def publish(run: Runner, target: Path, *args: str) -> None:
    result = run("publish", str(target), *R, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""  # silent, for cron


def files_of(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def parse_page(path: Path):  # type: ignore[no-untyped-def]
    parser = html5lib.HTMLParser(strict=True)  # any parse error raises
    return parser.parse(path.read_bytes(), transport_encoding="utf-8")


def test_site_files_and_contracts(run: Runner, tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(run, site, "--base-url", BASE)
    names = sorted(p.name for p in site.iterdir())
    # a calendar for every topic the registry knows, even with nothing due (rohs: its
    # only date to come is known to the month, and calendars need a day)
    topics = sorted({t for e in load([TIMELINE]).entries for t in e.instrument.topics})
    assert "rohs" in topics
    assert names == sorted([*(f"{t}.ics" for t in topics), "all.ics", "changes.atom",
                            "deadlines.json", "index.html", "manifest.json",
                            "registry.toml", "timeline.svg"])
    # deadlines.json is the list contract; all.ics what `export` writes; the picture the SVG
    assert (site / "deadlines.json").read_text() == run("list", *R, "-f", "json").stdout
    json.loads((site / "deadlines.json").read_text())
    # the calendars keep a year of history, as `export --past 12m`
    out = tmp_path / "export.ics"
    run("export", *R, "--past", "12m", "-o", str(out))
    assert (site / "all.ics").read_bytes() == out.read_bytes()
    run("export", *R, "-t", "ccc", "--past", "12m", "--name",
        "China compliance deadlines: China Compulsory Certification (CCC)", "-o", str(out))
    assert (site / "ccc.ics").read_bytes() == out.read_bytes()
    cal = Calendar.from_ical((site / "ccc.ics").read_bytes())
    assert len(cal.walk("VEVENT")) == 4  # 2 ahead, 2 in the last 12 months
    assert (site / "timeline.svg").read_text() == run("timeline", *R, "-f", "svg").stdout
    for path in site.iterdir():
        assert path.stat().st_mode & 0o777 == 0o644
    assert site.stat().st_mode & 0o777 == 0o755


def test_page_parses_strictly_with_every_milestone_and_link(run: Runner, tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(run, site, "--base-url", BASE)
    doc = parse_page(site / "index.html")
    assert doc.get("lang") == "en"
    ids = {e.get("id") for e in doc.iter() if e.get("id")}
    rows = doc.find(f".//{XHTML}table").findall(f"{XHTML}tbody/{XHTML}tr")
    cells = [["".join(c.itertext()) for c in row] for row in rows]
    registry = load([TIMELINE])
    expected = [e for e in registry.entries
                if e.date is not None and e.date.overlaps(*_window())]
    assert len(rows) == len(expected) == 12
    for entry, row in zip(expected, cells, strict=True):
        assert entry.date is not None
        assert row[0] == entry.date.iso()
        assert entry.instrument.title in row[3]
    assert cells[0] == ["2026-03-20", "87 days ago", "applications open",
                        "CCC for EV chargers (CNCA-C25-01:2024)", "official", "none",
                        "SESEC V, November–December 2024, “Chargers under CCC”"]
    assert cells[3][1:6] == ["15 days ago", "published", "Draft RoHS standard (GB 26572)",
                             "proposed", "lapsed"]
    headers = [th.text for th in doc.find(f".//{XHTML}thead").iter(f"{XHTML}th")]
    assert headers == ["Date", "Days left", "What", "Instrument", "Certainty", "Flags",
                       "Source"]
    assert all(th.get("scope") == "col" for th in doc.iterfind(f".//{XHTML}thead//{XHTML}th"))
    assert doc.find(f".//{XHTML}table/{XHTML}caption") is not None
    hrefs = [a.get("href") or "" for a in doc.iter(f"{XHTML}a")]
    for href in hrefs:
        if href.startswith("#"):
            assert href[1:] in ids, href
        elif "://" not in href:
            assert (site / href).is_file(), href
    for inst in registry.instruments:
        assert f"#i-{inst.id}" in hrefs and f"i-{inst.id}" in ids
    assert "https://example.org/ccc?a=1&b=2" in hrefs
    for name in ("all.ics", "ccc.ics", "data.ics"):
        assert f"webcal://intranet.example.com/china/{name}" in hrefs
        assert f"{BASE}{name}" in hrefs and name in hrefs
    assert doc.find(f".//{XHTML}table").findall(f"{XHTML}tbody/{XHTML}tr")
    svg = doc.find(".//{http://www.w3.org/2000/svg}svg")
    assert svg is not None and svg.get("role") == "img"
    text = (site / "index.html").read_text()
    assert "Chargers need CCC &lt;before&gt; sale &amp; import." in text
    assert "<script" not in text and "http://" not in text.replace("http://www.w3.org", "")


def _window() -> tuple:  # type: ignore[type-arg]
    from datetime import date

    return (date(2026, 3, 15), date(2027, 6, 15))


def test_without_base_url_the_page_says_how_to_get_subscribe_links(run: Runner,
                                                                 tmp_path: Path) -> None:
    publish(run, tmp_path / "site")
    text = (tmp_path / "site" / "index.html").read_text()
    assert "webcal:" not in text and "--base-url" in text


def test_same_registry_and_date_same_bytes(run: Runner, tmp_path: Path) -> None:
    publish(run, tmp_path / "a", "--base-url", BASE)
    publish(run, tmp_path / "b", "--base-url", BASE)
    assert files_of(tmp_path / "a") == files_of(tmp_path / "b")
    publish(run, tmp_path / "a", "--base-url", BASE)  # over itself
    assert files_of(tmp_path / "a") == files_of(tmp_path / "b")


def test_republish_replaces_the_site_as_a_whole(run: Runner, tmp_path: Path) -> None:
    site = tmp_path / "www" / "site"
    publish(run, site)
    inode = (site / "index.html").stat().st_ino
    publish(run, site, "--topic", "ccc")
    names = sorted(p.name for p in site.iterdir())
    assert names == ["all.ics", "ccc.ics", "changes.atom", "deadlines.json",
                     "index.html", "manifest.json", "registry.toml", "timeline.svg"]
    assert (site / "index.html").stat().st_ino != inode
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]  # no temp dir left over


def test_refuses_a_folder_that_is_not_a_site(run: Runner, tmp_path: Path) -> None:
    target = tmp_path / "srv" / "www"
    target.mkdir(parents=True)
    (target / "important.txt").write_text("keep me")
    result = run("publish", str(target), *R)
    assert result.exit_code == 2
    assert "holds files that are not a published site; not publishing into it" \
        in result.stderr
    assert sorted(os.listdir(target)) == ["important.txt"]
    assert sorted(p.name for p in target.parent.iterdir()) == ["www"]
    bad = run("publish", str(tmp_path / "x"), *R, "--base-url", "intranet/china")
    assert bad.exit_code == 2 and "--base-url" in bad.stderr


def test_a_failed_build_leaves_the_old_site(tmp_path: Path) -> None:
    site = tmp_path / "www" / "site"
    replace_directory(site, {"index.html": b"old", "deadlines.json": b"{}"})
    with pytest.raises(IsADirectoryError):
        replace_directory(site, {"index.html": b"new", "deadlines.json": b"{}", "": b"x"})
    assert (site / "index.html").read_bytes() == b"old"
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_a_site_is_written_from_pieces_made_while_it_is_written(tmp_path: Path) -> None:
    """Publish hands over each file as pieces made on demand (a large site is never held
    whole); a piece that fails leaves the old site, and a name given twice is refused."""
    site = tmp_path / "www" / "site"
    made: list[str] = []

    def pieces(name: str, count: int) -> Iterator[bytes]:
        for i in range(count):
            made.append(f"{name}:{i}")
            yield f"{name} {i}\n".encode()

    def files(fail: bool = False) -> Iterator[tuple[str, bytes | Iterator[bytes]]]:
        yield "index.html", pieces("index.html", 3)
        assert made[-1] == "index.html:2"  # written whole before the next file is made
        yield "deadlines.json", b"{}"
        if fail:
            raise RuntimeError("the page could not be made")
        yield "all.ics", pieces("all.ics", 2)

    replace_directory(site, files())
    assert (site / "index.html").read_bytes() == b"index.html 0\nindex.html 1\nindex.html 2\n"
    assert sorted(p.name for p in site.iterdir()) == ["all.ics", "deadlines.json", "index.html"]
    before = {p.name: p.read_bytes() for p in site.iterdir()}
    with pytest.raises(RuntimeError):
        replace_directory(site, files(fail=True))
    with pytest.raises(ValueError, match="given twice"):
        replace_directory(site, iter([("a.ics", b"1"), ("a.ics", b"2")]))
    assert {p.name: p.read_bytes() for p in site.iterdir()} == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_without_an_atomic_exchange_two_renames_replace_the_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sesec_deadlines.storage import atomic

    monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)
    site = tmp_path / "www" / "site"
    replace_directory(site, {"index.html": b"old", "deadlines.json": b"{}"})
    replace_directory(site, {"index.html": b"new", "deadlines.json": b"{}"})
    assert (site / "index.html").read_bytes() == b"new"
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_the_feed_of_changes_is_that_of_deadlines_changes(run: Runner, tmp_path: Path) -> None:
    import feedparser

    site = tmp_path / "site"
    publish(run, site, "--base-url", BASE, "--changes-since", "2026-05-01")
    feed = (site / "changes.atom").read_bytes()
    same = run("changes", *R, "--since", "2026-05-01", "--format", "atom", "--link",
               f"{BASE}index.html")
    assert same.exit_code == 0, same.stderr
    assert feed == same.stdout.encode()
    parsed = feedparser.parse(feed)
    assert not parsed.bozo and len(parsed.entries) >= 1
    page = (site / "index.html").read_text()
    assert ('<link rel="alternate" type="application/atom+xml" title="Changes" '
            'href="changes.atom">') in page and '<a href="changes.atom">' in page


def test_a_site_behind_a_symbolic_link_is_replaced_in_its_target(run: Runner,
                                                                 tmp_path: Path) -> None:
    target = tmp_path / "data" / "site"
    publish(run, target)
    link = tmp_path / "www"
    link.symlink_to(target)
    publish(run, link, "--topic", "ccc")
    assert link.is_symlink() and link.resolve() == target
    assert "ccc.ics" in os.listdir(target) and "ai.ics" not in os.listdir(target)
    assert sorted(p.name for p in target.parent.iterdir()) == ["site"]


def test_the_bundled_registry_site_parses_strictly(run: Runner, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = run("publish", str(site), "--registry", "bundled", "--as-of", AS_OF,
                 "--base-url", BASE)
    assert result.exit_code == 0, result.stderr
    doc = parse_page(site / "index.html")
    ids = {e.get("id") for e in doc.iter() if e.get("id")}
    for a in doc.iter(f"{XHTML}a"):
        href = a.get("href") or ""
        assert "".join(a.itertext()).strip(), href  # every link has words
        if href.startswith("#"):
            assert href[1:] in ids, href
        elif "://" not in href:
            assert (site / href).is_file(), href


def test_leftovers_of_a_killed_run_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    parent = tmp_path / "www"
    stale = parent / ".site.new-k1lled00"
    stale.mkdir(parents=True)
    (stale / "index.html").write_bytes(b"half")
    os.utime(stale, (1_000_000_000, 1_000_000_000))
    fresh = parent / ".site.new-running"  # touched just now: a run still building it
    fresh.mkdir()
    other = parent / ".other.new-k1lled00"
    other.mkdir()
    os.utime(other, (1_000_000_000, 1_000_000_000))
    replace_directory(parent / "site", {"index.html": b"new", "deadlines.json": b"{}"})
    assert sorted(p.name for p in parent.iterdir()) == [".other.new-k1lled00",
                                                        ".site.new-running", "site"]


def _text(element) -> str:  # type: ignore[no-untyped-def]
    return " ".join("".join(element.itertext()).split())


def test_the_page_says_the_registrys_age_and_every_flag(run: Runner, tmp_path: Path) -> None:
    """As `upcoming` does: the registry's age, the flags in words (a column of the table and
    sentences in the details, each linked to its meaning), and the unconfirmed dates even
    when they fall before the page's window."""
    site = tmp_path / "site"
    result = run("publish", str(site), "--registry", "bundled", "--as-of", "2026-12-01")
    assert result.exit_code == 0, result.stderr
    doc = parse_page(site / "index.html")
    note = doc.find(f".//{XHTML}header/{XHTML}p[@role='note']")
    assert note is not None and "stale" in (note.get("class") or "")
    assert _text(note).startswith(
        "Registry current to SESEC VI, November–December 2025 (published 2026-01-22, 313 days "
        "ago): later deadlines are not in it; 5 of 26 editions from Aug 2021 to Nov 2025 "
        "curated; last verified ")
    tables = doc.findall(f".//{XHTML}table")
    assert len(tables) == 2  # the window's milestones, then the unconfirmed dates
    caption = _text(tables[1].find(f"{XHTML}caption"))
    assert caption.startswith("Unconfirmed: 2 proposed or estimated date(s) passed before "
                              "2026-12-01")
    unconfirmed = [[_text(c) for c in row] for row in tables[1].iter(f"{XHTML}tr")][1:]
    assert [row[0] for row in unconfirmed] == ["2026-07-01", "2026-07-01"]  # before 2026-09
    assert all(row[5] == "lapsed, outcome_unknown" for row in unconfirmed)
    ids = {e.get("id") for e in doc.iter() if e.get("id")}
    assert {"flag-lapsed", "flag-overdue", "flag-outcome_unknown"} <= ids  # the legend
    for a in doc.iter(f"{XHTML}a"):
        if (a.get("href") or "").startswith("#"):
            assert (a.get("href") or "")[1:] in ids
    pending = [_text(li) for li in doc.iter(f"{XHTML}li")
               if "expected March 2025" in _text(li)]
    assert any("overdue — expected March 2025 (20 months ago); no date known yet" in text
               for text in pending), pending
    rohs = next(s for s in doc.iter(f"{XHTML}section")
                if s.get("id") == "i-gb-26572-rohs-revision")
    words = _text(rohs)
    assert "overdue — expected March 2025 (20 months ago)" in words
    assert "outcome_unknown — comments on the draft closed on 18 January 2025" in words
    assert "i-gb-18384-ev-safety-requirements-revision" in ids  # details of the lapsed ones


def test_a_current_registry_says_its_age_without_the_warning(run: Runner,
                                                             tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = run("publish", str(site), "--registry", str(TIMELINE), "--as-of", "2026-02-01")
    assert result.exit_code == 0, result.stderr
    doc = parse_page(site / "index.html")
    note = doc.find(f".//{XHTML}header/{XHTML}p[@role='note']")
    assert note is not None and "stale" not in (note.get("class") or "")
    assert _text(note) == ("Registry current to SESEC VI, November–December 2025 (published "
                           "2026-01-01, 31 days ago); last verified 2026-05-20.")


def test_a_topic_with_nothing_due_keeps_a_valid_empty_calendar(run: Runner,
                                                              tmp_path: Path) -> None:
    """rohs has no day-precision date ahead and, with --past 0d, none behind: its
    calendar is still there, valid for icalendar, vobject, khal and the Outlook rules."""
    import vobject

    from .test_export import khal_events

    site = tmp_path / "site"
    publish(run, site, "--past", "0d")
    data = (site / "rohs.ics").read_bytes()
    rohs = Calendar.from_ical(data)
    assert rohs.walk("VEVENT") == [] and len(rohs.walk("VTIMEZONE")) == 1
    assert "RoHS" in str(rohs["X-WR-CALNAME"])
    assert lint(data, empty=True) == []
    assert vobject.readOne(data.decode("utf-8")).name == "VCALENDAR"
    assert khal_events(site / "rohs.ics", tmp_path) == {}
    assert "rohs.ics" in (site / "index.html").read_text()
    # with a year of history (the default) the calendar keeps the events that passed
    publish(run, site)
    assert len(Calendar.from_ical((site / "rohs.ics").read_bytes()).walk("VEVENT")) == 2
