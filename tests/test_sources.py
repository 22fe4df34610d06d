"""verify-sources: dates checked against the text of the cited article."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sesec_deadlines.core.dates import PartialDate
from sesec_deadlines.core.model import Edition
from sesec_deadlines.curation.edition_text import recognise, split_articles
from sesec_deadlines.curation.texts import which_edition
from sesec_deadlines.curation.verify import _confirms
from sesec_deadlines.curation.written_dates import find_dates

from .conftest import FIXTURES, REGISTRY, Runner

EDITIONS = FIXTURES / "editions"
SEEDS = next((p / "shared" / "seeds" for p in Path(__file__).resolve().parents
              if (p / "shared" / "seeds").is_dir()), Path("shared") / "seeds")


def test_edition_is_detected_from_the_masthead() -> None:
    mastheads = {"2021-08": "August – September 2021", "2023-09": "September - October 2023",
                 "2023-11": "November - December 2023", "ours": "Widget Bulletin"}
    assert recognise("SESEC IV\n\nAugust - September  2021\n", mastheads) == "2021-08"
    assert recognise("# SESEC V\n\nSEPTEMBER – OCTOBER 2023\n", mastheads) == "2023-09"
    assert recognise("November - December 2024", mastheads) is None
    assert recognise("no masthead", mastheads) is None
    assert recognise("The Widget Bulletin, No. 3", mastheads) == "ours"
    late = "x" * 3000 + "November - December 2023"
    assert recognise(late, mastheads) is None  # only the start of the text counts
    declared = [Edition("ours", "Our bulletin 3", date(2026, 1, 5), "Widget Bulletin"),
                Edition("theirs", "No masthead", date(2026, 1, 5))]
    assert which_edition("Widget Bulletin", declared) == declared[0]


def test_articles_split_by_index_and_numbering() -> None:
    text = (EDITIONS / "edition.txt").read_text(encoding="utf-8")
    headings, articles = split_articles(text)
    assert headings[:4] == [
        "Takeaways", "Product Safety",
        "SAMR Includes Electric Vehicle Charging Equipment under CCC Certification",
        "China Calls for Comment on Revised RoHS Standard"]
    assert headings[-1] == "An Article Missing From The Index"
    ccc = articles["samr includes electric vehicle charging equipment under ccc certification"]
    assert "A short summary" in ccc and "1st March 2026" in ccc
    assert "2026-03-10" not in ccc
    assert "1 April 2026" in articles["an article missing from the index"]


@pytest.mark.parametrize(
    ("text", "iso", "month_only"),
    [
        ("On 1 August 2026 it", "2026-08-01", False),
        ("from 1st of August, 2026", "2026-08-01", False),
        ("August 1, 2026", "2026-08-01", False),
        ("Aug. 1 2026", "2026-08-01", False),
        ("2026-08-01", "2026-08-01", False),
        ("2026年8月1日", "2026-08-01", False),
        ("until 18 November", "2026-11-18", False),
        ("until November 18", "2026-11-18", False),
        ("in August 2026", "2026-08", True),
        ("in Sept. 2026", "2026-09", True),
        ("on 3 August 2026", "2026-08", True),
    ],
)
def test_date_forms_confirm(text: str, iso: str, month_only: bool) -> None:
    when = PartialDate.parse(iso)
    reference = date(2026, 12, 1)
    assert any(_confirms(m, when) for m in find_dates(text, reference))


def test_date_forms_do_not_overmatch() -> None:
    reference = date(2026, 12, 1)
    for text in ("11 August 2026", "August 10, 2026", "1 August 2025", "2026-08-11",
                 "November 18, 2027", "18 November 2027"):
        for iso in ("2026-08-01", "2026-11-18"):
            assert not any(_confirms(m, PartialDate.parse(iso))
                           for m in find_dates(text, reference)), (text, iso)
    [bare] = find_dates("until 18 November", date(2023, 12, 1))
    assert not _confirms(bare, PartialDate.parse("2026-11-18"))


def test_verify_sources_reports_unconfirmed(run: Runner, tmp_path: Path) -> None:
    result = run("verify-sources", str(EDITIONS), "--registry", str(REGISTRY))
    assert result.exit_code == 3, result.output
    out = result.stdout
    assert "Editions found: 2024-11" in out
    assert ("Checked 4 official/proposed milestones with a day or month date: 2 confirmed "
            "(50.0%), 1 unconfirmed with a note, 1 unconfirmed without one.") in out
    assert "Skipped 2 whose edition is not in" in out
    assert ("  ccc-chargers/mandatory_from 2026-03-25 [2024-11]: 25 Mar 2026 is not in “SAMR "
            "Includes Electric Vehicle Charging Equipment under CCC Certification”") in out
    assert "      note: No CCC mark, no sale." in out
    assert ("  rohs-draft/comment_close 2026-04-09 [2024-11]: 9 Apr 2026 is not in “China Calls "
            "for Comment on Revised RoHS Standard”\n      the article mentions: January 18, "
            "2025, 2026-03-10") in out
    assert result.stderr.startswith("error: 1 milestone not confirmed")


def test_verify_sources_verbose_shows_how(run: Runner) -> None:
    out = run("verify-sources", str(EDITIONS), "--registry", str(REGISTRY), "-v").stdout
    assert "  ccc-chargers/application_open 2026-03-01: “1st March 2026”" in out
    assert "  rohs-draft/comment_open 2026-03-10: “2026-03-10”" in out


def test_verify_sources_missing_directory(run: Runner, tmp_path: Path) -> None:
    result = run("verify-sources", str(tmp_path / "nope"), "--registry", str(REGISTRY))
    assert result.exit_code == 2
    assert "no such directory" in result.stderr


def test_bundled_registry_against_the_newsletters(run: Runner) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"the newsletter editions are not beside the project ({SEEDS}); "
                    "run `deadlines verify-sources DIR` where they are")
    result = run("verify-sources", str(SEEDS))
    assert result.exit_code == 0, result.stdout + result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("Checked "))
    confirmed = float(line.split("(")[1].split("%")[0])
    assert confirmed >= 95.0, line


def test_numbering_is_stripped_but_titles_like_mr_are_kept() -> None:
    from sesec_deadlines.curation.split import bare as clean

    assert clean("12. China Calls for Comment") == "China Calls for Comment"
    assert clean("IV. Annex") == "Annex"
    assert clean("a) Other matters") == "Other matters"
    assert clean("Mr. DENG Zhiyong Nominated as New Administrator of SAC") == \
        "Mr. DENG Zhiyong Nominated as New Administrator of SAC"
    assert clean("Dr. XU Presents") == "Dr. XU Presents"


def test_summaries_and_notes_are_in_our_own_words() -> None:
    """No run of nine words in a summary or note appears in any edition's text."""
    import re

    from sesec_deadlines.registry.load import bundled_path, load

    if not SEEDS.is_dir():
        pytest.skip(f"the newsletter editions are not beside the project ({SEEDS})")

    def words(text: str) -> list[str]:
        return re.sub(r"[*_`“”\"'’]", "", text).casefold().split()

    editions = " " + " ".join(" ".join(words(p.read_text(encoding="utf-8")))
                              for p in sorted(SEEDS.glob("*.txt"))) + " "
    copied = []
    for inst in load([bundled_path()]).instruments:
        for text in (inst.summary, *(m.note or "" for m in inst.milestones)):
            w = words(text)
            for k in range(len(w) - 8):
                run = " " + " ".join(w[k:k + 9]) + " "
                if run in editions:
                    copied.append(f"{inst.id}: {run.strip()}")
                    break
    assert copied == []


def test_a_transition_end_is_confirmed_by_the_first_day_after_it(run: Runner,
                                                                 tmp_path: Path) -> None:
    """The article says "from 1st March 2026"; the grace period's last day is 28 February."""
    registry = tmp_path / "ours.toml"
    registry.write_text('''schema = 1

[[edition]]
key = "2024-11"
label = "SESEC V, November–December 2024"
published = 2025-01-11
masthead = "November - December 2024"

[[instrument]]
id = "chargers-grace"
title = "Grace period for old chargers"
authority = ["SAMR"]
topics = ["ccc"]
status = "final"
summary = "Old chargers may be sold until the day before the new rules apply."
last_verified = 2026-01-15
sources = [{ edition = "2024-11", article = "CCC" }]

[[instrument.milestone]]
kind = "transition_end"
date = "2026-02-28"
certainty = "official"

[[instrument.milestone]]
key = "not_a_transition"
kind = "report_due"
date = "2026-02-28"
certainty = "official"
'''.replace('"CCC"', '"SAMR Includes Electric Vehicle Charging Equipment under CCC Certification"'),
                        encoding="utf-8")
    result = run("verify-sources", str(EDITIONS), "--registry", str(registry), "-v")
    assert result.exit_code == 3, result.output
    assert ("  chargers-grace/transition_end 2026-02-28: “1st March 2026 (the first day after "
            "the transition)”") in result.stdout
    assert "chargers-grace/not_a_transition 2026-02-28 [2024-11]: 28 Feb 2026 is not in" \
        in result.stdout
