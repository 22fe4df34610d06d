"""Every refusal of `check` names its file and line, also for the shapes where the TOML
parser gives no position: an inline `edition = [...]` array, values nested too deeply, a
misspelt top-level table, `'''` or `\"\"\"` inside a one-line string (which must not shift
the line map), and a table made implicit by `[[instrument.milestone]]` first. And text
every output can carry: Unicode non-characters are refused at their field and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sesec_deadlines.registry.checker import control_problem
from sesec_deadlines.registry.load import check
from sesec_deadlines.storage.toml import LineMap

from .conftest import Runner

EDITION = '[[edition]]\nkey = "2025-11"\nlabel = "SESEC VI"\npublished = 2026-01-01\n\n'
EDITION_LINES = EDITION.count("\n")


def instrument(title: str = '"X one"', status: str = "final", ident: str = "x-one",
               products: str = "") -> str:
    return (f'[[instrument]]\nid = "{ident}"\ntitle = {title}\nauthority = ["SAMR"]\n'
            f'topics = ["ccc"]\nstatus = "{status}"\nsummary = "S."\n{products}'
            'last_verified = 2026-01-15\nsources = [{ edition = "2025-11", article = "A" }]\n'
            '\n[[instrument.milestone]]\nkind = "entry_into_force"\ndate = "2026-05-01"\n'
            'certainty = "official"\n\n')


def located(path: Path) -> list[str]:
    _, problems = check([path])
    assert problems, "expected a refusal"
    for p in problems:
        assert p.line is not None, str(p)
    return [str(p) for p in problems]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


Q3 = "'''"
D3 = '"""'
TITLES = [
    '"Don' + Q3 + 't"',
    "'a " + D3 + " b'",
    D3 + 'x"' + D3,
    '"\\"\\"\\" quoted"',
    D3 + "one " + Q3 + " line" + D3,
    Q3 + "one" + Q3 + " # " + D3 + " in a comment",
]


@pytest.mark.parametrize("title", TITLES)
def test_triple_quotes_in_strings_do_not_shift_the_line_map(
        write: Callable[..., Path], title: str) -> None:
    text = ("schema = 1\n\n" + EDITION + instrument(title)
            + instrument(ident="second", status="finall"))
    path = write(text)
    assert located(path) == [f"{path}:{line_of(text, 'finall')}: second: status: unknown status "
                             "'finall' (did you mean 'final'?); allowed: draft, final, "
                             "superseded, withdrawn"]


def test_an_inline_edition_array_is_located_at_the_key(write: Callable[..., Path]) -> None:
    text = ('schema = 1\n\nedition = [{ key = "2025-11", label = "SESEC VI", '
            'published = 2026-01-01, publshed = 2026-01-01 }]\n\n' + instrument())
    path = write(text)
    assert located(path)[0].startswith(f"{path}:3: edition 2025-11: publshed: unknown field")
    spread = ('schema = 1\nedition = [\n  { key = "2025-11", label = "SESEC VI",\n'
              '    published = 2026-01-01,\n    publshed = 2026-01-01 },\n]\n\n' + instrument())
    path = write(spread, "spread.toml")
    assert located(path)[0].startswith(f"{path}:5: edition 2025-11: publshed: unknown field")


def test_a_misspelt_top_level_table_is_located_at_its_header(
        write: Callable[..., Path]) -> None:
    for header in ("[[instrumnt]]", "[editon]", "[instrument_.x]"):
        text = "schema = 1\n\n" + EDITION + instrument() + f'{header}\nid = "typo"\n'
        path = write(text)
        name = header.strip("[]").split(".")[0]
        assert located(path)[0].startswith(
            f"{path}:{line_of(text, header)}: {name}: unknown field {name!r}"), header


def test_values_nested_too_deeply_are_located(write: Callable[..., Path]) -> None:
    deep = "[" * 2000 + "]" * 2000
    text = "schema = 1\n\n" + EDITION + instrument(products=f"products = {deep}\n")
    path = write(text)
    assert located(path) == [f"{path}:{line_of(text, 'products')}: TOML syntax error: "
                             "values nested too deeply"]
    spread = "schema = 1\nx = [\n" + "[\n" * 1500 + "'a string with [[[ in it', # [[[\n" \
        + "]\n" * 1500 + "]\n"
    assert LineMap(spread).deepest() == 1502


def test_a_table_made_implicit_is_located_at_the_header_that_made_it(
        write: Callable[..., Path]) -> None:
    text = ('schema = 1\n\n[[instrument.milestone]]\nkind = "published"\n'
            'date = "2026-05-01"\ncertainty = "official"\n')
    path = write(text)
    assert located(path) == [f"{path}:3: instrument: must be an array of tables, written "
                             "[[instrument]]"]


def test_an_inline_instrument_array_is_located_near_its_field(
        write: Callable[..., Path]) -> None:
    text = ('schema = 1\n\ninstrument = [\n  { id = "x-one", title = "X",\n'
            '    authority = ["SAMR"], topics = ["ccc"], status = "finall", summary = "S.",\n'
            '    last_verified = 2026-01-15, sources = [{ edition = "2025-11", article = "A" }],\n'
            '    milestone = [{ kind = "published", date = "2026-05-01", '
            'certainty = "official" }] },\n]\n\n' + EDITION)
    path = write(text)
    assert any(p.startswith(f"{path}:{line_of(text, 'finall')}: x-one: status: unknown status")
               for p in located(path))


NONCHARACTERS = [0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE, 0x1FFFF, 0x10FFFE, 0x10FFFF]


@pytest.mark.parametrize("code", NONCHARACTERS, ids=lambda c: f"U+{c:04X}")
def test_non_characters_are_refused_at_their_field(write: Callable[..., Path], run: Runner,
                                                   code: int) -> None:
    char = chr(code)
    text = "schema = 1\n\n" + EDITION + instrument(title=f'"X {char} one"')
    path = write(text)
    assert located(path) == [f"{path}:{line_of(text, 'title')}: x-one: title: holds a "
                             f"non-character (U+{code:04X}) at position 3: remove it"]
    result = run("check", str(path))
    assert result.exit_code == 2
    summary = instrument().replace('summary = "S."', f'summary = "S.\\n{char}"')
    path = write("schema = 1\n\n" + EDITION + summary, "summary.toml")
    assert "summary: holds a non-character" in located(path)[0]


def test_every_non_character_and_nothing_else_above_the_controls() -> None:
    refused = [c for c in range(0xA0, 0x110000)
               if c not in (0x2028, 0x2029) and not 0xD800 <= c <= 0xDFFF
               and control_problem(chr(c)) is not None]
    expected = [*range(0xFDD0, 0xFDF0), *(p << 16 | low for p in range(17)
                                          for low in (0xFFFE, 0xFFFF))]
    assert refused == sorted(expected) and len(refused) == 66
