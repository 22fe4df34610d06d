"""`deadlines vocab`: the closed vocabularies."""

from __future__ import annotations

import typer

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.core.vocab import (
    AUTHORITIES,
    EDITIONS,
    KIND_DAYS,
    KIND_LABELS,
    TOPICS,
    Certainty,
    Kind,
    Status,
)

app = command_app()


@app.command()
def vocab() -> None:
    """List the closed vocabularies: kinds, certainties, statuses, topics, authorities."""
    sections: list[tuple[str, dict[str, str]]] = [
        ("kinds", {k.value: f"{KIND_LABELS[k]}: {KIND_DAYS[k]}" for k in Kind}),
        ("certainties", {c.value: "" for c in Certainty}),
        ("statuses", {s.value: "" for s in Status}),
        ("topics", TOPICS),
        ("authorities", AUTHORITIES),
        ("editions", EDITIONS),
    ]
    for name, values in sections:
        typer.echo(f"{name}:")
        for key, text in values.items():
            typer.echo(f"  {key:<20} {text}".rstrip())
