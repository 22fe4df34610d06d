"""`deadlines scan` and `deadlines add --from-toml`: the review, its JSON, the draft, and
appending the reviewed draft."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from sesec_deadlines.registry.load import bundled_path, check

from .conftest import FIXTURES, Runner

SCAN = FIXTURES / "scan"
EDITION = SCAN / "forms.txt"
REGISTRY = SCAN / "registry.toml"
R = ("-r", str(REGISTRY))


def test_review_table_groups_by_article(run: Runner) -> None:
    result = run("scan", str(EDITION), *R, "--all")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("SESEC VI, November–December 2025 (2025-11): 19 dated statements (16 "
                          "obligations, 3 context): 3 known, 0 known elsewhere, 16 new\n\n"
                          "Widget Safety Standard Enters into Force\n")
    assert ("  known     2026-08-01                     entry_into_force official  = "
            "widget-safety/entry_into_force\n"
            "            The widget standard takes effect on 1 August 2026.\n") in out
    assert "  NEW       2026-10-01                     other            official  " \
           "(context)\n" in out
    assert "  NEW       2026-01-15 (year inferred)     comment_close    official\n" in out
    assert "  NEW       36 months after entry into force transition_end" in out
    assert "  NEW       Q3 2024 " in out


def test_new_only_hides_what_is_known(run: Runner) -> None:
    out = run("scan", str(EDITION), *R, "--new-only", "--all").stdout
    assert "Showing the 16 new candidates." in out
    assert "\n  known " not in out and "\n  elsewhere " not in out
    assert "Widget Safety Standard Enters into Force" in out  # it has new ones too


def test_json_contract(run: Runner) -> None:
    result = run("scan", str(EDITION), *R, "--format", "json", "--all")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["schema"], doc["edition"]) == (1, "2025-11")
    assert len(doc["candidates"]) == 19
    first = doc["candidates"][0]
    assert first == {
        "article": "Widget Safety Standard Enters into Force", "date": "2026-08-01",
        "precision": "day", "period": None, "rule": None, "kind": "entry_into_force",
        "certainty": "official", "status": "known",
        "milestone": "widget-safety/entry_into_force",
        "milestones": ["widget-safety/entry_into_force"], "inferred": False, "role": None,
        "written": "1 August 2026",
        "text": "The widget standard takes effect on 1 August 2026.",
        "relevance": "obligation", "standard": None}
    rule = next(c for c in doc["candidates"] if c["rule"] == "13 months after approval")
    assert (rule["date"], rule["precision"], rule["status"]) == (None, None, "known")
    quarter = next(c for c in doc["candidates"] if c["precision"] == "quarter")
    assert (quarter["date"], quarter["period"]) == ("2024", 3)
    new = json.loads(run("scan", str(EDITION), *R, "-f", "json", "-n", "--all").stdout)
    assert {c["status"] for c in new["candidates"]} == {"new"}


def test_the_draft_is_refused_until_the_curator_writes_it(run: Runner, tmp_path: Path) -> None:
    target = tmp_path / "ours.toml"
    shutil.copy(REGISTRY, target)
    draft = tmp_path / "draft.toml"
    result = run("scan", str(EDITION), "-r", str(target), "--toml", "--as-of", "2026-01-05",
                 "--all")
    assert result.exit_code == 0, result.stderr
    draft.write_text(result.stdout, encoding="utf-8")
    text = result.stdout
    assert text.count("[[instrument]]") == 5
    assert 'sources = [\n    { edition = "2025-11", article = "Draft Rules on Gadget Labels ' \
           'Open for Comment" },\n]' in text
    assert 'period = "36 months"' in text and 'after = "entry_into_force"' in text
    assert "# written: 15 January\n" in text
    assert "takes effect on" not in text  # no sentence of the edition in the draft
    before = target.read_bytes()
    refused = run("add", str(target), "--from-toml", str(draft))
    assert refused.exit_code == 2
    placeholders = [line for line in refused.stderr.splitlines() if "placeholder" in line]
    assert len(placeholders) == 5
    assert placeholders[0].startswith(f"{draft}:17: widget-safety-standard-enters-into-force: "
                                      "summary: still the draft's placeholder")
    assert target.read_bytes() == before
    written = re.sub(r'summary = "TO BE WRITTEN BY THE CURATOR"',
                     'summary = "Our own words on what it requires."', text)
    draft.write_text(written, encoding="utf-8")
    added = run("add", str(target), "--from-toml", str(draft))
    assert added.exit_code == 0, added.stderr
    assert added.stdout == f"added 5 instruments (17 milestones) from {draft} to {target}\n"
    assert target.read_bytes().startswith(before)
    registry, problems = check([target])
    assert problems == []
    assert "# written" not in target.read_text(encoding="utf-8")
    again = run("scan", str(EDITION), "-r", str(target), "-f", "json")
    statuses = {c["status"] for c in json.loads(again.stdout)["candidates"]}
    assert statuses == {"known", "known_elsewhere"} or statuses == {"known"}
    inst = registry.instrument("toy-battery-standard-transition-rules")
    assert inst is not None and inst.added.isoformat() == "2026-01-05"


def test_edition_by_key_and_unrecognised_text(run: Runner, tmp_path: Path) -> None:
    bare = tmp_path / "bare.txt"
    text = EDITION.read_text(encoding="utf-8").replace("November - December 2025", "")
    bare.write_text(text, encoding="utf-8")
    unknown = run("scan", str(bare), *R, "--toml")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith(f"error: {bare}: no declared edition's masthead")
    assert "hint: give --edition KEY" in unknown.stderr
    look = run("scan", str(bare), *R, "--as-of", "2026-02-01", "-f", "json", "--all")
    assert look.exit_code == 0, look.stderr  # read as an undeclared document, and said so
    assert look.stderr.startswith(f"warning: {bare}: no declared edition's masthead: "
                                  "scanned as an undeclared document, a year left out read "
                                  "against 2026-02-01 (today)\nhint: to draft entries")
    found = json.loads(look.stdout)
    assert found["edition"] == "undeclared" and len(found["candidates"]) == 19
    assert {c["status"] for c in found["candidates"]} <= {"new", "known_elsewhere"}
    named = run("scan", str(bare), *R, "--edition", "2025-11", "-f", "json", "--all")
    assert named.exit_code == 0
    assert len(json.loads(named.stdout)["candidates"]) == 19
    wrong = run("scan", str(bare), *R, "--edition", "2030-01")
    assert wrong.exit_code == 2
    assert "--edition '2030-01' is not declared" in wrong.stderr
    missing = run("scan", str(tmp_path / "nope.txt"), *R)
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    other = tmp_path / "other.txt"
    other.write_text(EDITION.read_text(encoding="utf-8").replace(
        "November - December 2025", "November - December 2024"), encoding="utf-8")
    two = run("scan", str(EDITION), str(other), *R, "--toml")
    assert two.exit_code == 2 and "one edition at a time" in two.stderr
    both = run("scan", str(EDITION), str(other), *R)
    assert both.exit_code == 0 and both.stdout.count("dated statements") == 2
    same = run("scan", str(EDITION), str(EDITION), *R)  # the files of one scan, each once
    assert same.exit_code == 0 and same.stdout.count("19 dated statements") == 1


def test_from_toml_refuses_other_entry_options_and_bad_drafts(run: Runner,
                                                              tmp_path: Path) -> None:
    target = tmp_path / "ours.toml"
    draft = tmp_path / "draft.toml"
    draft.write_text("schema = 1\n", encoding="utf-8")
    mixed = run("add", str(target), "--from-toml", str(draft), "--id", "x")
    assert mixed.exit_code == 2 and "drop --id" in mixed.stderr
    empty = run("add", str(target), "--from-toml", str(draft))
    assert empty.exit_code == 2 and "a draft holds `schema = 1` and [[instrument]]" \
        in empty.stderr
    draft.write_text('schema = 1\nnote = "x"\n[[instrument]]\nid = "a"\n', encoding="utf-8")
    extra = run("add", str(target), "--from-toml", str(draft))
    assert extra.exit_code == 2 and "(not note)" in extra.stderr
    draft.write_text("schema = 1\n[[instrument]\n", encoding="utf-8")
    broken = run("add", str(target), "--from-toml", str(draft))
    assert broken.exit_code == 2 and broken.stderr.startswith(f"{draft}:2:")
    assert not target.exists()
    gone = run("add", str(target), "--from-toml", str(tmp_path / "nope.toml"))
    assert gone.exit_code == 2 and "no such file" in gone.stderr


def test_a_long_article_heading_stays_an_inline_source(run: Runner, tmp_path: Path) -> None:
    """tomli-w writes a long inline table as a [[sources]] table of its own, which would
    fall outside the instrument; add keeps sources inline."""
    path = tmp_path / "ours.toml"
    heading = "Safety Standards Drafted for Power Banks and Toy Batteries, and Revised for " \
              "EVs in China"
    result = run("add", str(path), "-r", "bundled", "--id", "long-source", "--title", "T",
                 "-a", "MIIT", "-t", "battery", "--status", "draft", "--summary", "Ours.",
                 "--edition", "2025-11", "--article", heading,
                 "-m", "kind=other; date=2026; certainty=official")
    assert result.exit_code == 0, result.stderr
    assert f'    {{ edition = "2025-11", article = "{heading}" }},\n' in path.read_text()
    assert check([bundled_path(), path])[1] == []


def test_only_the_formats_that_work_are_offered(run: Runner) -> None:
    assert "<table|json>" in run("scan", "--help").stdout
    refused = run("scan", str(EDITION), *R, "-f", "csv")
    assert refused.exit_code == 2
    assert "'csv' is not one of 'table', 'json'" in refused.stderr


def test_obligations_by_default_and_context_with_all(run: Runner) -> None:
    out = run("scan", str(EDITION), *R).stdout
    assert "Showing the 16 obligations; --all shows the 3 context candidates too.\n" in out
    assert "(context)" not in out and "annual forum" not in out
    assert "annual forum" in run("scan", str(EDITION), *R, "--all").stdout
    doc = json.loads(run("scan", str(EDITION), *R, "-f", "json").stdout)
    assert {c["relevance"] for c in doc["candidates"]} == {"obligation"}
    assert len(doc["candidates"]) == 16
    draft = run("scan", str(EDITION), *R, "--toml").stdout
    assert "Plans of the Year" not in draft  # a forum only: nothing to draft


def test_never_silently_empty(run: Runner, tmp_path: Path) -> None:
    flat = tmp_path / "flat.txt"
    flat.write_text("November - December 2025\nmakers must comply from 1 March 2027. the "
                    "regulator said so in its notice of the day.\n", encoding="utf-8")
    result = run("scan", str(flat), *R)
    assert result.exit_code == 0
    assert "no article structure recognised" in result.stderr
    assert "2027-03-01" in result.stdout
    dateless = tmp_path / "dateless.txt"
    dateless.write_text("Nothing dated is said here at all.\n", encoding="utf-8")
    nothing = run("scan", str(dateless), *R, "--edition", "2025-11")
    assert nothing.exit_code == 5
    assert "error: no dated statement found in the edition 2025-11" in nothing.stderr
    assert "hint:" in nothing.stderr


def test_a_fifo_or_device_is_named_for_what_it_is(run: Runner, tmp_path: Path) -> None:
    """Not "no such file or folder": it exists, and is refused before a byte is read."""
    import os

    fifo = tmp_path / "edition.txt"
    os.mkfifo(fifo)
    for command in ("scan", "verify-sources"):
        for path, kind in ((fifo, "a FIFO"), (Path("/dev/null"), "a character device")):
            result = run(command, str(path), *R)
            assert result.exit_code == 2, result.output
            assert f"error: {path}: is {kind}, not a file or folder to read" in result.stderr
    missing = run("scan", str(tmp_path / "missing.txt"), *R)
    assert missing.exit_code == 2 and "no such file or folder" in missing.stderr


def test_an_uncurated_edition_is_named_as_such(run: Runner, tmp_path: Path) -> None:
    """The edition a curator is about to curate is declared `curated = false`: say so and
    what to change, not "not declared in the registry"."""
    registry = tmp_path / "registry.toml"
    registry.write_text(REGISTRY.read_text(encoding="utf-8") + '\n[[edition]]\nkey = '
                        '"2031-01"\nlabel = "Sprocket Standards Letter, January 2031"\n'
                        'curated = false\n', encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text("<html><body><article><h1>Rules</h1><p>Sprocket rules apply from "
                    "1 May 2031.</p></article></body></html>", encoding="utf-8")
    for command in ("scan", "verify-sources"):
        result = run(command, str(page if command == "scan" else tmp_path), "-e", "2031-01",
                     "-r", str(registry))
        assert result.exit_code == 2, result.output
        assert "--edition '2031-01' is declared as not curated (`curated = false`)" \
            in result.stderr
        assert "remove `curated = false`" in result.stderr
        other = run(command, str(page if command == "scan" else tmp_path), "-e", "2031-02",
                    "-r", str(registry))
        assert other.exit_code == 2
        assert "--edition '2031-02' is not declared in the registry" in other.stderr
