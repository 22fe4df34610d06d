"""`deadlines timeline`: golden text at fixed widths, and the SVG read back as XML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from sesec_deadlines.core.vocab import KIND_LABELS
from sesec_deadlines.output import svg
from sesec_deadlines.registry.load import load

from .conftest import FIXTURES, Runner

TIMELINE = FIXTURES / "timeline.toml"
GOLDEN = FIXTURES / "golden"
AS_OF = "2026-06-15"
R = ("--registry", str(TIMELINE), "--as-of", AS_OF)
NS = {"svg": "http://www.w3.org/2000/svg"}


@pytest.mark.parametrize(("width", "by"), [(60, "authority"), (80, "topic"), (100, "topic"),
                                           (160, "topic")])
def test_terminal_timeline_golden(run: Runner, width: int, by: str) -> None:
    result = run("timeline", *R, "--width", str(width), "--by", by)
    assert result.exit_code == 0, result.stderr
    golden = GOLDEN / f"timeline-{width}-{by}.txt"
    assert result.stdout == golden.read_text(encoding="utf-8")
    assert all(len(line) <= width for line in result.stdout.splitlines())
    assert "\x1b" not in result.stdout  # plain in a pipe


def test_terminal_timeline_marks_kinds_certainty_and_lapsed(run: Runner) -> None:
    lines = run("timeline", *R, "--width", "100").stdout.splitlines()
    rows = {line.split("   ")[0].strip(): line for line in lines if line.startswith("  ")}
    assert "F~~~~~~|~~~~~~M~~~" in rows["CNCA-C25-01:2024"]  # transition period, today
    assert "===>  !" in rows["GB 26572"]  # comment period, lapsed proposed approval
    assert rows["GB 26572"].endswith("f")  # estimated entry into force: lower case
    assert " * " in rows["GB 31241"]  # published and in force on one day
    assert ")" in rows["Measures for labelling AI-ge..."]  # proposed comment close
    assert lines[-2].startswith("as of 2026-06-15; registry current to SESEC VI")
    assert lines[-1].startswith("days ago): later deadlines are not in it")  # its age


def test_timeline_filters_and_window(run: Runner) -> None:
    result = run("timeline", *R, "--width", "80", "--topic", "ccc", "--from", "2026-07",
                 "--to", "2026-12")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("Timeline 2026-07-01 to 2026-12-31, by topic\n")
    assert "CNCA-C25-01:2024" in out and "GB 26572" not in out and "GB 31241" not in out
    row = next(line for line in out.splitlines() if "CNCA-C25-01:2024" in line)
    assert "|" not in row  # today lies before the window
    grouped = run("timeline", *R, "--width", "80", "--topic", "data").stdout
    assert "\ndata\n" in grouped and "\nai\n" not in grouped  # grouped by the filtered topic
    none = run("timeline", *R, "--width", "80", "--kind", "other", "--to", "2026-07")
    assert "No milestone matches in this window." in none.stdout


@pytest.mark.parametrize(("args", "message"), [
    (("--width", "59"), "--width 59: give 60 to 250 columns"),
    (("--width", "251"), "--width 251: give 60 to 250 columns"),
    (("--from", "2026-09", "--to", "2026-08"), "before it starts"),
])
def test_timeline_usage_errors(run: Runner, args: tuple[str, ...], message: str) -> None:
    result = run("timeline", *R, *args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def expected_x(day: date, first: date, last: date) -> float:
    days = (last - first).days + 1
    return svg.AXIS_X0 + (day - first).days / days * (svg.AXIS_X1 - svg.AXIS_X0)


def parse_svg(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    return ET.fromstring(text.encode())


def test_svg_places_every_milestone_at_its_date(run: Runner) -> None:
    result = run("timeline", *R, "--format", "svg")
    assert result.exit_code == 0, result.stderr
    root = parse_svg(result.stdout)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    first, last = date(2026, 3, 15), date(2027, 6, 15)
    registry = load([TIMELINE])
    expected = {e.id: e for e in registry.entries
                if e.date is not None and first <= e.date.start <= last}
    assert len(expected) == 12
    drawn = {g.get("data-id"): g for g in root.iterfind(".//svg:g", NS)
             if "milestone" in (g.get("class") or "").split()}
    assert set(drawn) == set(expected)
    for ident, entry in expected.items():
        group = drawn[ident]
        assert entry.date is not None
        match = re.fullmatch(r"translate\(([\d.]+),([\d.]+)\)", group.get("transform") or "")
        assert match, group.get("transform")
        assert float(match.group(1)) == pytest.approx(
            expected_x(entry.date.start, first, last), abs=0.06), ident
        assert group.get("data-date") == entry.date.start.isoformat()
        title = group.find("svg:title", NS)
        assert title is not None and title.text and title.text.startswith(entry.date.iso())
    styles = {ident: (g.get("class") or "").split()[2] for ident, g in drawn.items()}
    assert styles["rohs-draft/approval"] == "lapsed"
    assert styles["rohs-draft/entry_into_force"] == "tentative"
    assert styles["ccc-chargers/mandatory_from"] == "official"
    official = drawn["ccc-chargers/mandatory_from"].find("svg:path", NS)
    hollow = drawn["ai-labelling/comment_close"].find("svg:path", NS)
    assert official is not None and hollow is not None
    assert official.get("fill") == svg.INK and hollow.get("fill") == "#ffffff"


def test_svg_spans_today_legend_and_footer(run: Runner) -> None:
    root = parse_svg(run("timeline", *R, "-f", "svg").stdout)
    first, last = date(2026, 3, 15), date(2027, 6, 15)
    spans = {(r.get("class"), r.get("x")) for r in root.iterfind(".//svg:rect", NS)
             if (r.get("class") or "").startswith("span")}
    assert ("span transition", f"{expected_x(date(2026, 5, 1), first, last):.1f}") in spans
    assert ("span comment", f"{svg.AXIS_X0}") in spans  # opened before the window
    today = root.find(".//svg:g[@class='today']/svg:line", NS)
    assert today is not None
    assert float(today.get("x1") or 0) == pytest.approx(
        expected_x(date(2026, 6, 15), first, last), abs=0.06)
    texts = ["".join(t.itertext()) for t in root.iterfind(".//svg:text", NS)]
    for words in (*KIND_LABELS.values(), "official (solid)", "proposed or estimated (hollow)",
                  "lapsed: passed unconfirmed, still a draft", "comment period",
                  "transition period", "today"):
        assert words in texts, words
    footer = next(t for t in texts if t.startswith("As of "))
    assert footer == ("As of 2026-06-15; registry current to SESEC VI, November–December "
                      "2025 (published 2026-01-01, 165 days ago): later deadlines are not in "
                      "it; last verified 2026-05-20.")
    assert root.find("svg:title", NS) is not None and root.find("svg:desc", NS) is not None


def test_export_svg_is_the_timeline_picture(run: Runner, tmp_path: Path) -> None:
    out = tmp_path / "roadmap.svg"
    result = run("export", *R, "--format", "svg", "-o", str(out), "-t", "ccc")
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8") == run("timeline", *R, "-f", "svg", "-t", "ccc").stdout
    assert "CNCA-C25-01:2024" in out.read_text(encoding="utf-8")
    by = run("export", *R, "-f", "svg", "--by", "authority").stdout
    assert by == run("timeline", *R, "-f", "svg", "--by", "authority").stdout
    assert ">CAC</text>" in by


def test_the_user_guide_timeline_is_real_output(run: Runner) -> None:
    readme = (Path(__file__).resolve().parent.parent / "docs" / "user-guide.md").read_text(
        encoding="utf-8")
    section = readme.split("### `deadlines timeline`", 1)[1]
    block = section.split("```console\n$ ", 1)[1].split("\n```", 1)[0]
    command, expected = block.split("\n", 1)
    args = command.split()[1:]
    assert args[0] == "timeline"
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected + "\n"


def run_in_terminal(*args: str, no_color: bool = False) -> str:
    """The real `deadlines` entry point on a pseudo-terminal: what a user sees."""
    from .test_start import in_terminal

    return in_terminal(*args, columns=100, env={"NO_COLOR": "1" if no_color else ""})


def test_on_a_terminal_coloured_and_with_no_color_plain() -> None:
    coloured = run_in_terminal("timeline", *R)
    assert "\x1b[" in coloured  # styles: official bold, tentative dim, lapsed red
    plain = run_in_terminal("timeline", *R, no_color=True)
    assert "\x1b" not in plain
    golden = (GOLDEN / "timeline-100-topic.txt").read_text(encoding="utf-8")
    assert plain == golden  # the terminal's 100 columns, as in a pipe
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == golden


def test_svg_distinctions_survive_black_and_white_printing(run: Runner) -> None:
    """Kinds differ by shape and certainty by fill (ink or white), never by hue alone."""
    root = parse_svg(run("timeline", *R, "-f", "svg").stdout)
    marks = [g for g in root.iterfind(".//svg:g", NS)
             if "milestone" in (g.get("class") or "").split()]
    shapes: dict[str, set[str | None]] = {}
    for g in marks:
        kind, style = (g.get("class") or "").split()[1:3]
        paths = g.findall("svg:path", NS)
        assert {p.get("fill") for p in paths[:1]} <= {svg.INK, "#ffffff"}
        assert paths[0].get("fill") == (svg.INK if style == "official" else "#ffffff")
        assert (len(paths) == 2) == (style == "lapsed")  # struck through
        shapes.setdefault(kind, set()).add(paths[0].get("d"))
    assert all(len(d) == 1 for d in shapes.values())
    assert len({d for ds in shapes.values() for d in ds}) == len(shapes)  # one shape a kind
    assert len(set(svg.SHAPES.values())) == len(svg.SHAPES)
    fills = {r.get("fill") for r in root.iterfind(".//svg:rect", NS)
             if (r.get("class") or "").startswith("span")}
    assert fills == {svg.COMMENT_FILL, "url(#timeline-hatch)"}  # grey band, hatching
    today = root.find(".//svg:g[@class='today']/svg:line", NS)
    assert today is not None and today.get("stroke-dasharray")  # dashed, not only red


@pytest.mark.parametrize(("args", "title"), [
    (("--from", "2027-09"), "Timeline 2027-09-01 to 2028-12-01, by topic"),
    (("--to", "2025-12"), "Timeline 2024-09-30 to 2025-12-31, by topic"),
    (("--from", "2026-05"), "Timeline 2026-05-01 to 2027-06-15, by topic"),
    (("--to", "2026-12"), "Timeline 2026-03-15 to 2026-12-31, by topic"),
])
def test_one_end_given_the_other_follows(run: Runner, args: tuple[str, ...], title: str) -> None:
    result = run("timeline", *R, "--width", "80", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == title


def test_a_long_window_has_a_year_axis(run: Runner) -> None:
    """Twenty years at 80 columns: years every 2 (a month is a fifth of a column), a ruler
    of year starts, the rows' guide dots at year starts; golden text."""
    result = run("timeline", *R, "--from", "2020", "--to", "2040", "--width", "80")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (GOLDEN / "timeline-80-2020-2040.txt").read_text(encoding="utf-8")
    lines = result.stdout.splitlines()
    assert lines[1].split() == [str(y) for y in range(2020, 2040, 2)]
    assert lines[2].split()[:4] == ["+", ".", "+", "."]
    assert all(len(line) <= 80 for line in lines)


@pytest.mark.parametrize(("first", "last", "width", "months", "years"), [
    (date(2026, 3, 15), date(2027, 6, 15), 80, ["Apr", "May", "Jun"], ["2026", "2027"]),
    (date(2024, 1, 1), date(2027, 12, 31), 80, ["Jan", "Apr", "Jul"], ["2024", "2025"]),
    (date(2020, 1, 1), date(2027, 12, 31), 80, ["Jan", "Jul", "Jan"], ["2020", "2021"]),
    (date(2020, 1, 1), date(2040, 12, 31), 160, [], [str(y) for y in range(2020, 2041)]),
    (date(1900, 1, 1), date(2099, 12, 31), 80, [], ["1900", "1920", "1940"]),
])
def test_axis_labels_what_fits(first: date, last: date, width: int, months: list[str],
                               years: list[str]) -> None:
    from sesec_deadlines.core.vocab import GroupBy
    from sesec_deadlines.output import timeline_text
    from sesec_deadlines.output.timeline import Window, build

    drawn = build([], Window(first, last), date(2026, 6, 15), GroupBy.TOPIC)
    lines = timeline_text.plain(drawn, width).splitlines()
    assert lines[1].split()[:len(years)] == years
    if months:
        assert lines[2].split()[:3] == months
    else:
        assert set(lines[2].split()) <= {"+", "."}


def test_a_long_svg_names_years_not_months(run: Runner) -> None:
    root = parse_svg(run("timeline", *R, "-f", "svg", "--from", "2020", "--to", "2040").stdout)
    axis = root.find(".//svg:g[@class='axis']", NS)
    assert axis is not None
    labels = [t.text for t in axis.iterfind("svg:text", NS)]
    assert labels == [str(y) for y in range(2020, 2041)]  # every year, no month name
    lines = [float(line.get("x1") or 0) for line in axis.iterfind("svg:line", NS)]
    assert len(lines) == 21 and lines == sorted(lines)
    assert lines[1] - lines[0] == pytest.approx(
        expected_x(date(2021, 1, 1), date(2020, 1, 1), date(2040, 12, 31)) - svg.AXIS_X0,
        abs=0.1)
    default = parse_svg(run("timeline", *R, "-f", "svg").stdout)
    names = [t.text for t in default.iterfind(".//svg:g[@class='axis']/svg:text", NS)]
    assert names[:3] == ["Apr", "May", "Jun"] and "2026" in names  # 15 months: every month


def test_the_footer_counts_the_overdue_among_the_undated(run: Runner) -> None:
    """The RoHS revision's approval, expected March 2025, is pending and overdue: the
    timeline does not draw it but says so, in the text and the SVG."""
    text = run("timeline", "--registry", "bundled", "--as-of", "2026-12-01", "--width",
               "250", "-t", "rohs").stdout
    assert ("2 milestone(s) without a date not shown, 1 of them overdue (expected date "
            "passed)") in " ".join(text.split())
    picture = run("timeline", "--registry", "bundled", "--as-of", "2026-12-01", "-t", "rohs",
                  "-f", "svg").stdout
    assert "1 of them overdue (expected date passed). Dates known only" in picture


@pytest.mark.parametrize("seed", range(5))
def test_the_picture_is_written_as_elementtree_writes_it(seed: int) -> None:
    """The SVG is written by output.xmltext for speed: character for character what
    ElementTree's own `tostring` gives, for any text, attribute value and nesting."""
    import random

    from sesec_deadlines.output.xmltext import markup

    rng = random.Random(seed)
    alphabet = ["a", " ", "&", "<", ">", '"', "'", "\r", "\n", "\t", "\r\n", "&amp;", "é",
                "中", "🙂", "]]>", "x" * 20]

    def text() -> str:
        return "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12)))

    def grow(parent: ET.Element, depth: int) -> None:
        for _ in range(rng.randrange(0, 4)):
            child = ET.SubElement(parent, rng.choice(["g", "text", "title", "path"]),
                                  {rng.choice(["x", "class", "data-id", "d"]): text()
                                   for _ in range(rng.randrange(0, 4))})
            child.text = rng.choice([None, "", text()])
            child.tail = rng.choice([None, None, "", text()])
            if depth:
                grow(child, depth - 1)

    for _ in range(50):
        root = ET.Element("svg", {"xmlns": "http://www.w3.org/2000/svg", "title": text()})
        root.text = rng.choice([None, text()])
        grow(root, 3)
        assert markup(root) == ET.tostring(root, encoding="unicode")
