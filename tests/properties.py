"""Generators of hostile registries and option values for the property tests.

A registry is built as TOML data close to a valid one (ids, keys and anchors drawn from
small pools, so duplicates, dangling anchors and cycles arise by themselves), then
mutated: odd strings (control characters, line separators, non-ASCII digits), dates and
offsets at the edges of the calendar, wrong types, deep nesting, and damage to the text
itself (truncation, stray bytes, bare tables, top-level keys).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import tomli_w
from hypothesis import strategies as st

IDS = ["a-rule", "b-rule", "c-rule", "dup", "x"]
KEYS = ["published", "entry_into_force", "a", "b", "c"]
KINDS = ["comment_open", "comment_close", "published", "entry_into_force", "mandatory_from",
         "transition_end", "application_open", "other"]
EDGE_DATES = ["0000-01-01", "0000", "0000-01", "0001-01-01", "0001", "9999-12-30",
              "9999-12-31", "9999-12", "9999", "9998", "2024-02-29", "2025-02-29", "2025-13",
              "2026-00", "2026-1-5", "٢٠٢٦-٠٣-٢٥", "𝟚𝟘𝟚𝟞", "2026-08-01 ", " 2026", "", "today"]
EDGE_OFFSETS = ["0 days", "1 day", "13 months", "99999 years", "99999999999 days",
                "9999999999999999999999 weeks", "-1 day", "1 fortnight", "١٣ months",
                "12 Months", " 3 weeks ", "1 year", "0 months"]
ODD_TEXT = ["\r", "\n", "\r\n", "\x00", "\t", "\x1b[31m", "\u2028", "\u2029", "\u0085",
            "\x7f", "=HYPERLINK(1)", "+1", "-1", "@x", "<b>", '"', "\\", "\ufeff", "\u202e",
            "ﬁ", "٢", " ", "a" * 300, "Bcc: x@example.org", "é" * 40, "\ufffe", "\uffff",
            "\ufdd0", "\U0001fffe", "\U0010ffff", "\ud7ff", "\ue000", "\ufffd",
            "\U00010000"]
URLS = ["https://example.org/a", "http://example.org", "https://example.org/a\r\nX: 1",
        "ftp://example.org", "javascript:alert(1)", "https://", "example.org", "http://[::1",
        "https://example.org/a b", "https://例え.jp/パス"]


def _text(draw: st.DrawFn, *, plain: str, clean: bool = False) -> str:
    """Mostly plain text, sometimes with an odd piece inside (never when `clean`)."""
    choice = draw(st.integers(0, 9))
    if clean or choice < 6:
        return plain
    if choice < 9:
        odd = draw(st.sampled_from(ODD_TEXT))
        at = draw(st.integers(0, len(plain)))
        return plain[:at] + odd + plain[at:]
    return draw(st.text(max_size=12))


@st.composite
def weird_value(draw: st.DrawFn) -> Any:
    """A value of the wrong type or shape."""
    depth = draw(st.integers(1, 40))
    nested: Any = 1
    for _ in range(depth):
        nested = [nested] if draw(st.booleans()) else {"k": nested}
    return draw(st.sampled_from([
        True, 1.0, 0, -1, 10**18, "", " ", [], {}, ["a", 1], nested,
        dt.datetime(2026, 1, 1, 12, 0), dt.time(12, 0), dt.date(2026, 1, 1), dt.date(1, 1, 1),
        dt.date(9999, 12, 31),
    ]))


VALID_EDGES = ["0001-01-01", "0001", "9999-12-30", "9999-11", "9998", "2024-02-29"]


@st.composite
def milestone(draw: st.DrawFn, clean: bool = False) -> dict[str, Any]:
    m: dict[str, Any] = {"kind": draw(st.sampled_from(KINDS)),
                         "certainty": draw(st.sampled_from(["official", "proposed",
                                                            "estimated"]))}
    if draw(st.booleans()):
        m["key"] = draw(st.sampled_from(KEYS))
    how = draw(st.sampled_from(["date", "date", "edge", "relative", "period", "pending"]))
    if clean and how in ("date", "edge"):
        d = draw(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
        m["date"] = draw(st.sampled_from([d.isoformat(), d.isoformat()[:7], d.isoformat()[:4],
                                          *VALID_EDGES]))
    elif how == "date":
        d = draw(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
        m["date"] = draw(st.sampled_from([d.isoformat(), d.isoformat()[:7], d.isoformat()[:4]]))
    elif how == "edge":
        m["date"] = draw(st.sampled_from(EDGE_DATES))
    elif how in ("relative", "period"):
        target = draw(st.sampled_from(KEYS))
        if draw(st.integers(0, 3)) == 0:
            target = f"{draw(st.sampled_from(IDS))}/{target}"
        if clean:
            m["after"] = target
            m["period" if how == "period" else "offset"] = draw(st.sampled_from(
                ["0 days", "1 day", "13 months", "2 weeks", "1 year", "36 months", "30 days"]))
            return m
        m["after"] = target
        m["period" if how == "period" else "offset"] = draw(st.one_of(
            st.sampled_from(EDGE_OFFSETS),
            st.builds(lambda n, u: f"{n} {u}", st.integers(0, 10**6),
                      st.sampled_from(["days", "weeks", "months", "years"]))))
    if draw(st.integers(0, 4)) == 0:
        m["note"] = _text(draw, plain="A note.", clean=clean)
    if not clean and draw(st.integers(0, 8)) == 0:
        m["history"] = [{"date": draw(st.sampled_from(EDGE_DATES)), "certainty": "proposed",
                         "changed": draw(st.dates())}]
    return m


@st.composite
def instrument(draw: st.DrawFn, clean: bool = False, index: int = 0) -> dict[str, Any]:
    """An instrument; a `clean` one has plain text, known vocabulary and its own id."""
    source: dict[str, Any] = {"edition": "2024-11",
                              "article": _text(draw, plain="An article", clean=clean)}
    if draw(st.integers(0, 3)) == 0:
        source["url"] = draw(st.sampled_from(URLS[:2] if clean else URLS))
    ident = draw(st.sampled_from(IDS)) if draw(st.integers(0, 9)) else _text(draw, plain="id")
    inst: dict[str, Any] = {
        "id": IDS[index] if clean and index < len(IDS) else ident,
        "title": _text(draw, plain="A rule", clean=clean),
        "authority": ["SAMR"],
        "topics": draw(st.sampled_from([["ccc"], ["rohs", "ccc"]] + ([] if clean
                                                                     else [["nope"]]))),
        "status": draw(st.sampled_from(["final", "draft", "withdrawn"]
                                       + ([] if clean else ["final-ish"]))),
        "summary": _text(draw, plain="What it requires.", clean=clean),
        "last_verified": draw(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 30) if clean
                                       else dt.date(9999, 12, 31))),
        "sources": [source],
        "milestone": draw(st.lists(milestone(clean), min_size=1, max_size=4)),
    }
    if clean:  # distinct keys: the kinds, or their own `key`
        seen: set[str] = set()
        for m in inst["milestone"]:
            key = m.get("key", m["kind"])
            if key in seen:
                m["key"] = f"k{len(seen)}"
            seen.add(m.get("key", m["kind"]))
        for m in inst["milestone"]:  # anchors among the other milestones (cycles can remain)
            if "after" in m:
                others = sorted(seen - {m.get("key", m["kind"])})
                if others:
                    m["after"] = draw(st.sampled_from(others))
                else:
                    del m["after"], m[next(k for k in ("offset", "period") if k in m)]
    if draw(st.booleans()):
        inst["number"] = _text(draw, plain="GB 1234-2026", clean=clean)
    if draw(st.integers(0, 3)) == 0:
        inst["products"] = [_text(draw, plain="widgets", clean=clean)]
    if clean:
        return inst
    if draw(st.integers(0, 5)) == 0:  # one field of the wrong type or shape
        field = draw(st.sampled_from(sorted(inst)))
        inst[field] = draw(weird_value())
    milestones = inst["milestone"]
    if isinstance(milestones, list) and milestones and isinstance(milestones[0], dict) \
            and draw(st.integers(0, 8)) == 0:
        milestones[0][draw(st.sampled_from(["date", "offset", "after", "kind", "key"]))] \
            = draw(weird_value())
    return inst


TEXT_DAMAGE = ["none", "none", "none", "none", "truncate", "byte", "bare", "top-key", "deep",
               "schema", "separator", "inline-edition", "misspelt-table", "triple-quote",
               "implicit-table", "deep-field"]
MISSPELT = ["[[instrumnt]]", "[[editon]]", "[instrument_]", "[[Instrument]]", "[schema.x]",
            "[[instrument.milestones]]", "[[ instrumentt ]]", "['instrument'.x]"]
TRIPLES = ["'''", '"""', "''''", '""""']


@st.composite
def registry_bytes(draw: st.DrawFn) -> bytes:
    """A registry file's bytes: TOML made from generated data, perhaps damaged."""
    clean = draw(st.booleans())  # half are meant to be valid, apart from dates and anchors
    count = draw(st.integers(1, 5))
    data: dict[str, Any] = {"schema": 1,
                            "instrument": [draw(instrument(clean, i)) for i in range(count)]}
    text = tomli_w.dumps(data)
    damage = "none" if clean else draw(st.sampled_from(TEXT_DAMAGE))
    if damage == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    elif damage == "bare":
        text += "[[instrument]]\n" * draw(st.integers(1, 50))
    elif damage == "top-key":
        text = draw(st.sampled_from(['"" = "v"\n', "name = 1\n", "'' = 2\n"])) + text
    elif damage == "deep":
        depth = draw(st.integers(100, 1200))
        text = f"x = {'[' * depth}1{']' * depth}\n" + text
    elif damage == "schema":
        text = text.replace("schema = 1", draw(st.sampled_from(
            ["schema = true", "schema = 1.0", "schema = 2", 'schema = "1"', "schema = 0x1"])))
    elif damage == "separator":
        sep = draw(st.sampled_from(["\u2028", "\u2029", "\u0085"]))
        text = text.replace("A rule", f"A{sep}rule").replace('"An article"',
                                                             f'"""An{sep}\narticle"""')
    elif damage == "inline-edition":  # an edition written as an inline array, one bad field
        fields = draw(st.sampled_from(['key = "2024-11", label = "L", published = 2025-01-01',
                                       'key = "2099-01", label = "L", publshed = 2025-01-01',
                                       'key = 1, label = "L", published = "2025"']))
        if draw(st.booleans()):  # spread over lines, the bad field on a line of its own
            fields = fields.replace(", ", ",\n    ")
            edition = f"edition = [\n  {{ {fields} }},\n]\n"
        else:
            edition = f"edition = [{{ {fields} }}]\n"
        text = text.replace("schema = 1\n", "schema = 1\n" + edition, 1)
    elif damage == "misspelt-table":
        text += f"\n{draw(st.sampled_from(MISSPELT))}\nid = \"typo\"\n"
    elif damage == "triple-quote":  # quotes inside one-line strings must not shift the map
        quote = draw(st.sampled_from(TRIPLES))
        inner = f"'A {quote} rule'" if quote.startswith('"') else f'"A {quote} rule"'
        text = text.replace('"A rule"', inner).replace('"final"', '"finall"')
    elif damage == "implicit-table":
        text = text.replace("schema = 1\n", 'schema = 1\n\n[[instrument.milestone]]\n'
                            'kind = "published"\n', 1)
    elif damage == "deep-field":
        depth = draw(st.integers(100, 1200))
        text = re.sub(r'authority = \[\n\s*"SAMR",\n\]',
                      f"authority = {'[' * depth}{']' * depth}", text, count=1)
    raw = text.encode("utf-8")
    if damage == "byte":
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\x00", b"\r"])) + raw[at:]
    return raw


# -- option values ---------------------------------------------------------------------

NUMBERS = ["0", "1", "-1", "90", "99999999999999999999", "1e3", "٣", " 7", "0x10", ""]
SPANS = ["90 days", "2w", "6 months", "1y", "1000000 weeks", "0 days", "-1 day", "12h",
         "99999999999d", "1 fortnight", "٣ days", "", "d", "none", "7d"]
BOUNDS = ["2026-08-01", "2026-08", "2026", "today", "+3 months", "-2w", "1 Aug 2026",
          "9999-12-31", "0001-01-01", "0000-01-01", "-9999999999 days", "+99999 years",
          "01/08/2026", "2026-02-30", "٢٠٢٦", "yesterday", "tomorrow", "", "  ",
          "31 Feb 2026", "10000-01-01", "99999", "\x1b"]


@st.composite
def option_args(draw: st.DrawFn) -> list[str]:
    """A command line of `list`, `upcoming`, `export` or `show` with odd option values."""
    command = draw(st.sampled_from(["list", "upcoming", "export", "show", "changes",
                                    "timeline", "review"]))
    args = [command]
    if command == "show":
        args.append(draw(st.sampled_from(["ccc-widgets", "nope", "", "x" * 300])))
    choices = [("--as-of", BOUNDS), ("--from", BOUNDS), ("--to", BOUNDS),
               ("--format", ["table", "json", "csv", "ics", "xml", ""]),
               ("--kind", [*KINDS, "nope", ""]), ("--topic", ["ccc", "rohs", "nope"]),
               ("--search", ["", "\x01", "ccc", "=1", "a" * 1000]),
               ("--authority", ["samr", "", "nope"]), ("--certainty", ["official", "nope"])]
    if command == "upcoming":
        choices += [("--days", NUMBERS), ("--within", SPANS)]
    if command == "export":
        choices += [("--alarm", SPANS), ("--name", ["", "Cal", "\r\nX: 1", "a" * 500])]
    if command == "list":
        choices.append(("--all", []))
    for option, values in draw(st.lists(st.sampled_from(choices), max_size=5)):
        args.append(option)
        if values:
            value = draw(st.one_of(st.sampled_from(values), st.text(max_size=8)))
            args.append(value.replace("\x00", ""))  # no argument can hold a NUL
    return args
