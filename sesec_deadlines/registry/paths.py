"""Which registry files a command reads: --registry, $DEADLINES_REGISTRY, else the default,
the newer of the bundled registry and the one `deadlines update` installed."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from sesec_deadlines.core.dataversion import compare
from sesec_deadlines.registry.installed import installed_registry, installed_version
from sesec_deadlines.registry.load import BUNDLED, ENV_REGISTRY, bundled_path, same_file
from sesec_deadlines.registry.store import Registry

INSTALLED = "installed"


def registry_paths(options: Sequence[str] | None) -> list[Path]:
    """Which files to read: --registry options, else $DEADLINES_REGISTRY, else the default
    registry (`default_registry`).

    The word "bundled" stands for the bundled registry and "installed" for the one
    `deadlines update` installed, so a company can read its own file beside either:
    `--registry bundled --registry ours.toml`. A file named twice is read once.
    """
    values = list(options or [])
    if not values:
        env = os.environ.get(ENV_REGISTRY, "").strip()
        values = [v for v in env.split(os.pathsep) if v.strip()] if env else []
    if not values:
        return [default_registry()]
    paths, seen = [], set()
    for path in (_named(v) for v in values):
        if (key := same_file(path)) not in seen:
            seen.add(key)
            paths.append(path)
    return paths


def _named(value: str) -> Path:
    if value == BUNDLED:
        return bundled_path()
    if value == INSTALLED:
        return installed_registry()
    return Path(value)


def default_registry() -> Path:
    """The newer of the bundled registry and the installed one (core.dataversion): the
    installed one when it is newer, or of the same day with other content; the bundled
    one when nothing is installed, or it is older or the same (a newer program brought a
    newer registry)."""
    installed = installed_registry()
    if not installed.is_file():  # the usual case costs one stat
        return bundled_path()
    version = installed_version()
    if version is None:
        return bundled_path()
    from sesec_deadlines.core.errors import DeadlinesError

    try:
        order = compare(version, bundled_version())
    except DeadlinesError:  # a bundled registry with problems (an edited checkout)
        return installed
    return installed if order is None or order > 0 else bundled_path()


def bundled_version() -> str:
    """The bundled registry's data version, from the cache (checked once, then kept)."""
    from sesec_deadlines.registry.cache import load_cached

    return load_cached([bundled_path()]).version


def is_installed(registry: Registry) -> bool:
    """Whether `registry` is the one `deadlines update` installed, read alone."""
    return registry.files == (str(installed_registry()),)


def describe(path: Path) -> str:
    """The file as `check` names it: its full path, and which registry it is."""
    kind = kind_of(path)
    try:
        shown = str(path.resolve())
    except (OSError, RuntimeError, ValueError):
        shown = str(path)
    return f"{shown} ({kind})" if kind else shown


def kind_of(path: Path) -> str | None:
    """"bundled" or "installed" for those two files, else None."""
    if path == bundled_path():
        return BUNDLED
    if path == installed_registry():
        return INSTALLED
    return None
