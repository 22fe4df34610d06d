"""The bundled registry: valid, sourced, and its key dates pinned."""

from __future__ import annotations

from sesec_deadlines.registry import bundled_path, check
from sesec_deadlines.vocab import Certainty

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
