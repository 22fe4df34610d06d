"""The data audit's findings, each pinned: what the flags can see, and what the sources say."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.staleness import Flag, Staleness
from sesec_deadlines.core.vocab import Kind, Status
from sesec_deadlines.registry.load import bundled_path, check
from sesec_deadlines.registry.stamping import stamp_text
from sesec_deadlines.registry.store import Registry

from .conftest import FIXTURES, REGISTRY, Runner

TODAY = date(2026, 12, 4)


@pytest.fixture(scope="module")
def bundled() -> Registry:
    registry, problems = check([bundled_path()])
    assert problems == []
    return registry


def instrument_entries(bundled: Registry, ident: str) -> list[Entry]:
    found = bundled.entries_of(ident)
    assert found, ident
    return found


@pytest.mark.parametrize("ident", [
    "gb-28008-furniture-structure-safety",
    "gb-18584-furniture-harmful-substances",
    "gb-28007-children-furniture-safety",
    "gb-15979-disposable-sanitary-products-hygiene",
    "commercial-cryptography-regulations",
])
def test_final_texts_without_an_in_force_date_surface_as_pending(bundled: Registry,
                                                                 ident: str) -> None:
    [eif] = [e for e in instrument_entries(bundled, ident)
             if e.milestone.kind is Kind.ENTRY_INTO_FORCE]
    assert eif.date is None and eif.milestone.after is None
    assert eif.milestone.note and "not give" in eif.milestone.note.replace("gives no", "not give")
    assert eif.milestone.added == date(2026, 12, 4)


@pytest.mark.parametrize(("ident", "opened"), [
    ("tc260-blockchain-security-framework", "2 August 2021"),
    ("miit-2021-carbon-green-sector-standard-projects", "15 September 2021"),
    ("tc260-data-security-risk-assessment-method", "21 August 2023"),
])
def test_drafts_without_a_closing_date_are_flagged(bundled: Registry, ident: str,
                                                  opened: str) -> None:
    entry = instrument_entries(bundled, ident)[0]
    stale = Staleness(TODAY)
    assert Flag.OUTCOME_UNKNOWN in stale.flags(entry)
    assert stale.detail(entry, Flag.OUTCOME_UNKNOWN) == (
        f"outcome unknown: the draft was opened for comment on {opened}, closing date not "
        "known; nothing known since")
    assert Flag.OUTCOME_UNKNOWN not in Staleness(date(2021, 9, 1)).flags(entry)


DRAFT_ONLY = """schema = 1
[[edition]]
key = "2024-11"
label = "Bulletin, November 2024"
published = 2025-01-11
masthead = "November 2024"

[[instrument]]
id = "quiet-draft"
title = "A draft with no comment window"
authority = ["MIIT"]
topics = ["ev"]
status = "draft"
summary = "A draft reported without any window."
last_verified = 2025-01-11
sources = [{ edition = "2024-11", article = "A" }]

[[instrument.milestone]]
kind = "published"
certainty = "proposed"
note = "Not yet published."
"""


def test_a_draft_with_no_window_counts_from_the_edition(write, tmp_path: Path) -> None:
    registry, problems = check([write(DRAFT_ONLY)])
    assert problems == []
    [entry] = registry.entries
    assert Flag.OUTCOME_UNKNOWN not in Staleness(date(2025, 5, 30)).flags(entry)
    later = Staleness(date(2025, 6, 1))
    assert Flag.OUTCOME_UNKNOWN in later.flags(entry)
    assert later.detail(entry, Flag.OUTCOME_UNKNOWN) == (
        "outcome unknown: reported as a draft in the edition of November 2024; nothing "
        "known since")


def test_the_rohs_revision_records_what_its_article_says(bundled: Registry) -> None:
    inst = instrument_entries(bundled, "gb-26572-rohs-revision")[0].instrument
    assert "mandatory-standard" not in inst.topics
    assert inst.number is None
    assert "does not\nsay whether it will be mandatory" in inst.summary.replace(
        "does not say", "does not\nsay")


def test_the_cross_border_draft_says_its_thresholds_were_replaced(bundled: Registry) -> None:
    inst = instrument_entries(bundled, "cac-cross-border-data-flow-provisions")[0].instrument
    assert "replaced by later rules" in " ".join(inst.summary.split())


def test_gb_t_24067_records_its_draft_to_final_lifecycle(bundled: Registry) -> None:
    inst = instrument_entries(bundled, "gb-t-24067-product-carbon-footprint")[0].instrument
    assert [(c.status, c.date) for c in inst.status_history] == [
        (Status.DRAFT, date(2023, 11, 1)), (Status.FINAL, date(2024, 8, 23))]


def test_the_2025_11_edition_is_published_after_the_last_event_it_reports(
        bundled: Registry) -> None:
    [edition] = [e for e in bundled.editions if e.key == "2025-11"]
    assert edition.published == date(2026, 1, 22)


@pytest.mark.parametrize("ident", [
    "gb-44263-ev-conductive-charging-system-safety",
    "gb-39752-ev-conductive-supply-equipment-safety",
    "gb-t-4706-1-2024-household-appliance-safety",
])
def test_the_standards_behind_ccc_are_tagged_ccc(bundled: Registry, ident: str) -> None:
    assert "ccc" in instrument_entries(bundled, ident)[0].instrument.topics


def test_gb_4706_keeps_the_article_s_number_and_notes_the_conflict(bundled: Registry) -> None:
    inst = instrument_entries(bundled, "gb-t-4706-1-2024-household-appliance-safety")[0]
    assert inst.instrument.number == "GB/T 4706.1-2024"
    assert "series is mandatory" in " ".join(inst.instrument.summary.split())


def test_stamping_changes_only_the_last_verified_lines() -> None:
    text = (b'[[instrument]]\nid = "a"\nlast_verified = 2026-01-15  # checked\nadded = 2026-01-01\n'
            b'\n[[instrument.milestone]]\nkind = "other"\n\n'
            b'[[instrument]]\nid = "b"\nlast_verified = 2026-01-15\n\n'
            b'[[instrument]]\nid = "c"\nlast_verified = 2026-01-15\n')
    new, changed = stamp_text(text, {"a": date(2026, 12, 4), "b": date(2026, 12, 4)})
    assert changed == {"a", "b"}
    assert new == text.replace(b"2026-01-15  # checked", b"2026-12-04  # checked").replace(
        b'id = "b"\nlast_verified = 2026-01-15\n',
        b'id = "b"\nlast_verified = 2026-12-04\nadded = 2026-01-15\n')


def test_verify_sources_stamps_only_what_it_confirmed(run: Runner, tmp_path: Path) -> None:
    registry = tmp_path / "registry.toml"
    shutil.copy(REGISTRY, registry)
    before = registry.read_text(encoding="utf-8")
    result = run("verify-sources", str(FIXTURES / "editions"), "--registry", str(registry),
                 "--stamp", "--as-of", "2026-12-04")
    assert result.exit_code == 3  # one milestone is unconfirmed and has no note
    after, problems = check([registry])
    assert problems == []
    stamped = {i.id for i in after.instruments if i.last_verified == date(2026, 12, 4)}
    # ccc-chargers and rohs-draft each have a date their article does not confirm;
    # the others cite an edition that is not in the folder.
    assert stamped == set()
    assert registry.read_text(encoding="utf-8") == before
    assert "Stamped nothing" in result.stdout


def test_verify_sources_stamps_the_instruments_it_confirms_in_full(run: Runner,
                                                                  tmp_path: Path) -> None:
    registry = tmp_path / "registry.toml"
    text = REGISTRY.read_text(encoding="utf-8")
    # Take out the one date the article does not confirm: the RoHS draft is then confirmed
    # in full (ccc-chargers still has its unconfirmed, noted mandatory_from).
    close = '[[instrument.milestone]]\nkind = "comment_close"\ndate = "2026-04-09"\n'
    assert close in text
    registry.write_text(text.replace(close, '[[instrument.milestone]]\nkind = "other"\n'
                                            'date = "2026-04-09"\ncertainty = "estimated"\n'
                                            'note = "x"\n#'), encoding="utf-8")
    result = run("verify-sources", str(FIXTURES / "editions"), "--registry", str(registry),
                 "--stamp", "--as-of", "2026-12-04")
    assert result.exit_code == 0, result.output
    assert "Stamped last_verified = 2026-12-04 on 1 of 1 confirmed instrument" in result.stdout
    after, problems = check([registry])
    assert problems == []
    verified = {i.id: i.last_verified for i in after.instruments}
    assert verified["rohs-draft"] == date(2026, 12, 4)
    assert verified["ccc-chargers"] == date(2026, 1, 15)
    rohs = next(i for i in after.instruments if i.id == "rohs-draft")
    assert rohs.added_on == date(2026, 1, 15)  # the day it entered did not move
