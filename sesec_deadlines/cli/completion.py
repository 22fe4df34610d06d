"""Shell completion: values completed from the registry, read only when completing.

The vocabularies (kinds, topics, authorities, ...) complete from `core.vocab` in
`cli.options`; instrument ids need the registry, so they are looked up here, when the
shell asks and never on an ordinary run.
"""

from __future__ import annotations

import typer


def registry_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Instrument ids starting with `incomplete`, from the registry the command would read
    (its --registry options so far, else $DEADLINES_REGISTRY or the bundled one)."""
    from sesec_deadlines.registry.cache import load_cached
    from sesec_deadlines.registry.paths import registry_paths

    chosen = ctx.params.get("registry") if ctx is not None else None
    try:
        registry = load_cached(registry_paths(chosen))
    except Exception:  # a broken registry completes nothing rather than printing errors
        return []
    return [inst.id for inst in registry.instruments if inst.id.startswith(incomplete)]
