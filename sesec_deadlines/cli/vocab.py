"""`deadlines vocab`: the closed vocabularies."""

from __future__ import annotations

import typer

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.common import load_registry
from sesec_deadlines.cli.options import RegistryOpt
from sesec_deadlines.core.vocab import (
    AUTHORITIES,
    KIND_DAYS,
    KIND_LABELS,
    TOPICS,
    Certainty,
    Kind,
    Status,
)

app = command_app()


@app.command()
def vocab(registry: RegistryOpt = None) -> None:
    """List the closed vocabularies: kinds, certainties, statuses, topics, authorities, and
    the editions the registry declares."""
    editions = {e.key: f"{e.label} (published {e.published})"
                for e in load_registry(registry).editions}
    sections: list[tuple[str, dict[str, str]]] = [
        ("kinds", {k.value: f"{KIND_LABELS[k]}: {KIND_DAYS[k]}" for k in Kind}),
        ("certainties", {c.value: "" for c in Certainty}),
        ("statuses", {s.value: "" for s in Status}),
        ("topics", TOPICS),
        ("authorities", AUTHORITIES),
        ("editions", editions),
    ]
    for name, values in sections:
        typer.echo(f"{name}:")
        for key, text in values.items():
            typer.echo(f"  {key:<20} {text}".rstrip())
