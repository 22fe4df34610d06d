"""`deadlines --version`: the program's version, and the registry's data version, newest
edition, size and file(s)."""

from __future__ import annotations

from pathlib import Path

from sesec_deadlines import __version__
from sesec_deadlines.core.errors import DeadlinesError
from sesec_deadlines.registry.store import Registry


def version_lines() -> list[str]:
    """What `--version` prints; the registry is the one commands read by default (or
    $DEADLINES_REGISTRY). Raises the registry's error when it cannot be read."""
    from sesec_deadlines.registry.cache import load_cached
    from sesec_deadlines.registry.paths import registry_paths

    paths = registry_paths(None)
    reg = load_cached(paths)
    instruments, milestones = reg.counts()
    lines = [f"deadlines {__version__}", f"registry {reg.version or 'unknown'}"]
    newest = newest_edition(reg)
    if newest:
        lines.append(f"  newest edition: {newest}")
    lines.append(f"  {instruments} instrument{'s' if instruments != 1 else ''}, "
                 f"{milestones} milestone{'s' if milestones != 1 else ''}")
    lines += [f"  {line}" for line in read_from(paths)]
    return lines


def newest_edition(reg: Registry) -> str | None:
    """"2025-11 (SESEC VI, ..., published 2026-01-01)": the newest edition the registry
    cites."""
    cited = reg.cited_editions()
    known = [e for e in reg.editions if e.key in cited]
    if not known:
        return None
    e = max(known, key=lambda e: (e.published, e.key))
    return f"{e.key} ({e.label}, published {e.published.isoformat()})"


def read_from(paths: list[Path]) -> list[str]:
    """Which file(s) the registry was read from, and for the default one, why."""
    from sesec_deadlines.registry.installed import installed_version, origin
    from sesec_deadlines.registry.paths import INSTALLED, bundled_version, kind_of

    out = []
    for path in paths:
        kind = kind_of(path)
        if kind == INSTALLED:
            url = origin().get("url")
            came = f" from {url}" if isinstance(url, str) else ""
            out.append(f"file: {path} (installed by `deadlines update`{came})")
            try:
                out.append(f"  (the bundled registry is {bundled_version()})")
            except DeadlinesError:
                out.append("  the bundled registry has problems: run `deadlines check "
                           "bundled`")
        elif kind is not None:
            out.append(f"file: {path} (bundled with the program)")
            installed = installed_version()
            if installed and len(paths) == 1:
                out.append(f"  (the registry `deadlines update` installed, {installed}, is "
                           "not newer)")
        else:
            out.append(f"file: {path}")
    return out
