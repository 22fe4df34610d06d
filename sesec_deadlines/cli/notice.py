"""The one-line notice on stderr when a command reads registry files without the default
registry (the bundled one, or the one `deadlines update` installed): a company's own file
read alone leaves every bundled deadline out, silently unless told.

Silenced by `deadlines --no-registry-notice COMMAND`, by DEADLINES_REGISTRY_NOTICE=0, and
by a file that declares itself a registry of its own (`complete = true`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from sesec_deadlines.registry.store import Registry

ENV = "DEADLINES_REGISTRY_NOTICE"
OFF = ("0", "no", "false", "off")


state = {"silent": False}  # `deadlines --no-registry-notice`, set by cli.app on every run


def _silenced() -> bool:
    return state["silent"] or os.environ.get(ENV, "").strip().lower() in OFF


def registry_notice(paths: Sequence[Path], reg: Registry) -> str | None:
    """The notice for a registry read from `paths`, or None when none is due."""
    from sesec_deadlines.registry.paths import default_registry, kind_of

    if any(kind_of(p) is not None for p in paths) or reg.complete or _silenced():
        return None
    left = default_registry()
    what = "installed" if kind_of(left) == "installed" else "bundled"
    from sesec_deadlines.core.errors import DeadlinesError
    from sesec_deadlines.registry.cache import load_cached

    try:
        n, m = load_cached([left]).counts()
        size = f" ({n} instruments, {m} milestones)"
    except DeadlinesError:  # the notice never stops a command
        size = ""
    names = ", ".join(reg.files)
    return (f"note: {names} read without the {what} registry{size}, which is left out: "
            f"`-r {what}` reads both; `complete = true` in the file or "
            "`deadlines --no-registry-notice` silences this")


def say_notice(paths: Sequence[Path], reg: Registry) -> None:
    text = registry_notice(paths, reg)
    if text:
        sys.stderr.write(text + "\n")
