"""The bundled registry: valid, sourced, and its key dates pinned."""

from __future__ import annotations

import pytest

from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.vocab import Certainty, Kind, Status
from sesec_deadlines.registry.load import bundled_path, check
from sesec_deadlines.registry.store import Registry

from .conftest import Runner


def test_bundled_registry_validates(run: Runner) -> None:
    result = run("check", str(bundled_path()))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def test_every_milestone_is_sourced_and_dated_or_pending() -> None:
    registry, problems = check([bundled_path()])
    assert problems == []
    for entry in registry.entries:
        src = entry.source
        assert src.edition and src.article, entry.id
        if entry.milestone.after is None and entry.date is None:
            assert entry.milestone.note, f"{entry.id}: an undated milestone needs a note"
        if entry.milestone.certainty is Certainty.ESTIMATED and entry.milestone.after is None:
            assert entry.milestone.note, f"{entry.id}: say how the date was estimated"


# Important milestones of each edition, checked by hand against the article: an accidental
# edit of the registry shows up here. (edition, milestone id, kind, date, certainty)
PINNED = [
    ("2021-08", "personal-information-protection-law/entry_into_force", "entry_into_force",
     "2021-11-01", "official"),
    ("2021-08", "cii-security-protection-regulations/entry_into_force", "entry_into_force",
     "2021-09-01", "official"),
    ("2021-08", "cac-automobile-data-security-provisions/entry_into_force", "entry_into_force",
     "2021-10-01", "official"),
    ("2021-08", "gb-23350-excessive-packaging/entry_into_force", "entry_into_force",
     "2023-09", "official"),
    ("2023-09", "product-quality-law-revision/comment_close", "comment_close",
     "2023-11-18", "estimated"),  # the year is inferred from the edition
    ("2023-09", "cac-cross-border-data-flow-provisions/comment_close", "comment_close",
     "2023-10-15", "official"),
    ("2023-09", "sca-commercial-cryptography-testing-institutions-measures/entry_into_force",
     "entry_into_force", "2023-11-01", "official"),
    ("2023-11", "gb-t-24067-product-carbon-footprint/comment_close", "comment_close",
     "2024-01-06", "official"),
    ("2023-11", "miit-lithium-ion-battery-standard-system-guidelines/comment_close",
     "comment_close", "2023-12-20", "official"),
    ("2023-11", "cnca-green-building-materials-grading-certification-rules/entry_into_force",
     "entry_into_force", "2024-01-01", "official"),
    ("2024-11", "ccc-ev-charging-equipment/mandatory_from", "mandatory_from", "2026-08-01",
     "official"),
    ("2024-11", "ccc-ev-charging-equipment/application_open", "application_open",
     "2025-03-01", "official"),
    ("2024-11", "gb-26572-rohs-revision/comment_close", "comment_close", "2025-01-18",
     "official"),
    ("2024-11", "cnca-c07-01-2024-household-appliances-ccc/mandatory_from", "mandatory_from",
     "2026-08-01", "official"),
    ("2024-11", "gb-44263-ev-conductive-charging-system-safety/entry_into_force",
     "entry_into_force", "2025-08-01", "official"),
    ("2025-11", "gb-36980-1-ev-energy-consumption-limits/entry_into_force", "entry_into_force",
     "2026-01-01", "official"),
    ("2025-11", "gb-36980-1-ev-energy-consumption-limits/transition_end_approved_models",
     "transition_end", "2027-12-31", "official"),
    ("2025-11", "miit-traction-battery-carbon-footprint-reporting/mandatory_from",
     "mandatory_from", "2027-01-01", "official"),
    ("2025-11", "cac-cybersecurity-labeling-measures/comment_close", "comment_close",
     "2025-12-06", "official"),
    ("2025-11", "gb-18384-ev-safety-requirements-revision/entry_into_force", "entry_into_force",
     "2026-07-01", "proposed"),
]


@pytest.mark.parametrize(("edition", "ident", "kind", "when", "certainty"), PINNED,
                         ids=[p[1] for p in PINNED])
def test_pinned_milestones(edition: str, ident: str, kind: str, when: str,
                           certainty: str) -> None:
    registry, _ = check([bundled_path()])
    entry = next((e for e in registry.entries if e.id == ident), None)
    assert entry is not None, f"{ident} is missing from the registry"
    assert (entry.milestone.kind.value, entry.date.iso() if entry.date else None,
            entry.certainty.value) == (kind, when, certainty)
    assert edition in {s.edition for s in entry.instrument.sources}


def test_the_rohs_revision_waits_for_its_approval() -> None:
    """A relative rule with an undated anchor stays pending, with its rule."""
    registry, _ = check([bundled_path()])
    entry = next(e for e in registry.entries if e.id == "gb-26572-rohs-revision/entry_into_force")
    assert entry.pending
    assert entry.rule() == "13 months after approval (date not yet known)"


def test_every_edition_is_covered() -> None:
    registry, _ = check([bundled_path()])
    per_edition: dict[str, int] = {}
    for entry in registry.entries:
        edition = entry.source.edition or ""
        per_edition[edition] = per_edition.get(edition, 0) + 1
    assert set(per_edition) == {"2021-08", "2023-09", "2023-11", "2024-11", "2025-11"}
    assert sum(per_edition.values()) >= 140


# -- the audit of date meanings (issue 11) -----------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> Registry:
    registry, problems = check([bundled_path()])
    assert problems == []
    return registry


def entry(registry: Registry, ident: str) -> Entry:
    found = next((e for e in registry.entries if e.id == ident), None)
    assert found is not None, f"{ident} is missing from the registry"
    return found


# A transition_end names the last day of the grace period, not the first day of compliance.
# (milestone id, kind, date, certainty)
AUDITED = [
    # drones already in use: 36 months from 2027-01-01, compliance from 2030-01-01
    ("gb-46860-civil-uav-unique-product-identification/transition_end_in_use",
     "transition_end", "2029-12-31", "estimated"),
    # approved models must comply from 1 January 2028
    ("gb-36980-1-ev-energy-consumption-limits/transition_end_approved_models",
     "transition_end", "2027-12-31", "official"),
    # approved types comply from the 13th month after the proposed 2026-07-01
    ("gb-18384-ev-safety-requirements-revision/transition_end_approved_types",
     "transition_end", "2027-06-30", "estimated"),
    # five years of validity from 2026-07-01
    ("nea-energy-sector-data-security-measures/validity_end", "other", "2031-06-30",
     "estimated"),
    # the pilot's last day is the last day to have reported five verified models
    ("miit-traction-battery-carbon-footprint-reporting/pilot_phase_end", "report_due",
     "2026-12-31", "official"),
    # inferred year; an unveiling day standing for a release day
    ("nra-railway-technical-standards-measures/entry_into_force", "entry_into_force",
     "2024-12-09", "estimated"),
    ("power-battery-carbon-footprint-quantification-standard/published", "published",
     "2024-11-22", "estimated"),
]


@pytest.mark.parametrize(("ident", "kind", "when", "certainty"), AUDITED,
                         ids=[a[0] for a in AUDITED])
def test_audited_milestones(bundled: Registry, ident: str, kind: str, when: str,
                            certainty: str) -> None:
    found = entry(bundled, ident)
    assert (found.milestone.kind.value, found.date.iso() if found.date else None,
            found.certainty.value) == (kind, when, certainty)


@pytest.mark.parametrize(("ident", "rule"), [
    ("gb-46860-civil-uav-unique-product-identification/transition_end_in_use",
     "last day of 36 months from entry into force"),
    ("gb-18384-ev-safety-requirements-revision/transition_end_approved_types",
     "last day of 12 months from entry into force"),
    ("nea-energy-sector-data-security-measures/validity_end",
     "last day of 5 years from entry into force"),
])
def test_periods_are_written_as_periods(bundled: Registry, ident: str, rule: str) -> None:
    """A stated period is recorded as one, so its last day follows its anchor."""
    found = entry(bundled, ident)
    assert found.milestone.period is not None and found.milestone.offset is None
    assert found.rule() == rule


def test_within_60_days_is_already_a_last_day(bundled: Registry) -> None:
    """"Within 60 days after it takes effect": the 60th day after is the last one."""
    found = entry(bundled, "cnca-certification-rules-management-announcement/transition_end")
    assert found.milestone.kind is Kind.TRANSITION_END
    assert found.rule() == "60 days after entry into force (date not yet known)"


def test_a_date_with_an_inferred_part_is_estimated(bundled: Registry) -> None:
    """The format's rule: a year or day we supplied from context makes the date estimated."""
    inferred = [e for e in bundled.entries if "inferred" in (e.milestone.note or "")]
    assert len(inferred) >= 5
    assert [e.id for e in inferred if e.milestone.certainty is not Certainty.ESTIMATED] == []


def test_a_note_naming_an_edition_starts_with_its_own_source(bundled: Registry) -> None:
    import re

    for e in bundled.entries:
        named = re.findall(r"\b(20\d\d-\d\d) edition", e.milestone.note or "")
        if named:
            assert named[0] == e.source.edition, e.id
    lithium = entry(bundled, "miit-lithium-ion-battery-standard-system-guidelines/comment_open")
    assert lithium.source.edition == "2023-11"


def test_translation_windows_say_what_they_are(bundled: Registry, run: Runner) -> None:
    for ident in ("gb-19517-2023-english-translation", "gb-1002-2024-english-translation"):
        inst = next(i for i in bundled.instruments if i.id == ident)
        assert "translation" in inst.topics and "mandatory-standard" not in inst.topics
        assert inst.status is Status.FINAL  # the status of the translated standard
        assert [m.key for m in inst.milestones] == ["translation_feedback_open",
                                                    "translation_feedback_close"]
    drafts = run("list", "--topic", "mandatory-standard", "--status", "draft", "--all",
                 "--format", "csv")
    assert drafts.exit_code == 0 and "english-translation" not in drafts.stdout


def test_mandatory_from_only_when_it_adds_to_entry_into_force(bundled: Registry) -> None:
    """The format's rule: a mandatory_from on the day of entry into force is kept only when
    it binds part of the scope first and a later transition_end covers the rest."""
    for inst in bundled.instruments:
        days = {m.key: m.date for m in inst.milestones}
        for m in inst.milestones:
            if m.kind is not Kind.MANDATORY_FROM or m.date is None:
                continue
            if m.date == days.get("entry_into_force"):
                assert any(k.kind is Kind.TRANSITION_END for k in inst.milestones), inst.id
                assert m.note, f"{inst.id}: say whom the first day binds"


def test_the_traction_battery_notes_are_our_own_words(bundled: Registry) -> None:
    found = entry(bundled, "miit-traction-battery-carbon-footprint-reporting/mandatory_from")
    assert "normalized management" not in (found.milestone.note or "").casefold()


def test_scan_review_knows_the_period_rules(bundled: Registry) -> None:
    """A stated period ("a 36-month transition") written as `period` is a known rule."""
    from sesec_deadlines.curation.review import review
    from sesec_deadlines.curation.scan import scan_text
    from sesec_deadlines.curation.texts import load_editions

    from .test_sources import SEEDS

    if not SEEDS.is_dir():
        pytest.skip(f"the newsletter editions are not beside the project ({SEEDS})")
    edition = load_editions(SEEDS, bundled.editions)["2025-11"]
    text = edition.text
    known = {c.rule: c.milestones for c in review(scan_text(text, edition.edition.published),
                                                  bundled.entries, "2025-11")
             if c.rule and c.status == "known"}
    assert "gb-46860-civil-uav-unique-product-identification/transition_end_in_use" in \
        known["36 months after entry into force"]
    assert "nea-energy-sector-data-security-measures/validity_end" in \
        known["5 years after entry into force"]


def test_no_title_repeats_its_number_in_brackets() -> None:
    """Tables print "title (number)": a title ending in "(PIPL)" would read "(PIPL) (PIPL)"."""
    registry, _ = check([bundled_path()])
    for inst in registry.instruments:
        if inst.number:
            assert not inst.title.endswith(f"({inst.number})"), inst.id
