"""Shell completion: values completed from the registry, read only when completing.

The vocabularies (kinds, topics, authorities, ...) complete from `core.vocab` in
`cli.options`; instrument ids need the registry, so they are looked up here, when the
shell asks and never on an ordinary run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from sesec_deadlines.registry.store import Registry


def _registry(ctx: typer.Context) -> Registry | None:
    """The registry the command would read (its --registry options so far, else
    $DEADLINES_REGISTRY or the bundled one); None when it cannot be read."""
    from sesec_deadlines.registry.cache import load_cached
    from sesec_deadlines.registry.paths import registry_paths

    chosen = ctx.params.get("registry") if ctx is not None else None
    try:
        return load_cached(registry_paths(chosen))
    except Exception:  # a broken registry completes nothing rather than printing errors
        return None


def registry_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Instrument ids starting with `incomplete`, from the registry."""
    registry = _registry(ctx)
    if registry is None:
        return []
    return [inst.id for inst in registry.instruments if inst.id.startswith(incomplete)]


def registry_numbers(ctx: typer.Context, incomplete: str) -> list[str]:
    """Standard numbers (the instruments' own and those they replace) that start with
    `incomplete` in any case and spacing: as written when they start with it, else in the
    spelling begun ("gb4706" completes to "gb4706.1-2024", which finds GB/T 4706.1-2024;
    the shell keeps only what starts with the text typed)."""
    from sesec_deadlines.core.numbers import number_key

    registry = _registry(ctx)
    if registry is None:
        return []
    key = number_key(incomplete)
    found = set()
    for inst in registry.instruments:
        for number in (inst.number, *inst.replaces_numbers):
            if not number:
                continue
            if number.startswith(incomplete):
                found.add(number)
                continue
            for spelling in {number_key(number), number_key(number).replace("gb/t", "gb", 1)
                             .replace("gb/z", "gb", 1)}:
                if spelling.startswith(key):
                    found.add(incomplete + spelling[len(key):])
    return sorted(found)
