"""The bundled registry: valid, sourced, and its key dates pinned."""

from __future__ import annotations

import pytest

from sesec_deadlines.core.vocab import Certainty
from sesec_deadlines.registry.load import bundled_path, check

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
     "2023-11-18", "official"),
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
     "transition_end", "2028-01-01", "official"),
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
