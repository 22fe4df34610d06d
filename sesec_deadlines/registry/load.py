"""Loading one or more registry files into a checked, resolved `Registry`."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from sesec_deadlines.core.errors import Problem, ProblemLog, RegistryError, UsageError, report
from sesec_deadlines.core.model import Instrument
from sesec_deadlines.registry.checker import table_line
from sesec_deadlines.registry.resolve import resolve
from sesec_deadlines.registry.store import Registry

if TYPE_CHECKING:
    from sesec_deadlines.storage.toml import ParsedFile

BUNDLED = "bundled"
BUNDLED_NAME = "data/deadlines.toml"  # how problems and outputs name the bundled file
ENV_REGISTRY = "DEADLINES_REGISTRY"
EMPTY_HINT = "a registry starts with `schema = 1`"


def bundled_path() -> Path:
    """The registry shipped with the package (in a wheel) or at the repository root."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "data" / "deadlines.toml"
    if packaged.is_file():
        return packaged
    return package.parent / "data" / "deadlines.toml"


def same_file(path: Path) -> str:
    """What tells two names of one file apart from two files: its resolved path."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError, ValueError):  # a loop of links, a bad name: keep it as given
        return str(path)


def _display_name(path: Path) -> str:
    if path == bundled_path():
        return BUNDLED_NAME
    return str(path)


def read_paths(paths: Sequence[Path], problems: list[Problem]) -> list[ParsedFile]:
    from sesec_deadlines.storage.files import REGISTRY_LIMIT, RefusedFile, read_input
    from sesec_deadlines.storage.toml import (
        parse_bytes,  # the TOML parser is needed only without a cache
    )

    parsed = []
    for path in paths:
        name = _display_name(path)
        try:
            raw = read_input(path, REGISTRY_LIMIT)
        except FileNotFoundError:
            problems.append(Problem(name, "no such file"))
            continue
        except RefusedFile as exc:
            problems.append(Problem(name, f"{exc.reason}; a registry is a TOML text file"))
            continue
        except IsADirectoryError:
            problems.append(Problem(name, "is a directory, not a registry file"))
            continue
        except OSError as exc:
            problems.append(Problem(name, f"cannot be read: {exc.strerror or exc}"))
            continue
        parsed.append(parse_bytes(name, raw, problems, empty_hint=EMPTY_HINT))
    return parsed


def text_digest(data: bytes) -> str:
    """The SHA-256 (hex) of a registry file's text as UTF-8, a byte-order mark left out."""
    import hashlib

    return hashlib.sha256(data.removeprefix(b"\xef\xbb\xbf")).hexdigest()


def build(parsed: Sequence[ParsedFile], problems: list[Problem]) -> Registry:
    """Check every file, then the registry as a whole; problems are appended, not raised."""
    from sesec_deadlines.registry.editions import merge_editions
    from sesec_deadlines.registry.validate import read_file

    editions, uncurated = merge_editions(parsed, problems)
    labels = {e.key: e.label for e in editions}
    instruments: list[Instrument] = []
    first_seen: dict[str, tuple[ParsedFile, int]] = {}  # id -> its file and table index
    for pf in parsed:
        for index, instrument in read_file(pf, problems, labels, {e.key for e in uncurated}):
            if instrument.id in first_seen:
                other = first_seen[instrument.id][0]
                where = "earlier in this file" if other is pf else f"in {other.name}"
                report(problems, Problem(pf.name, f"duplicate id: also defined {where}", None,
                                         None, instrument.id, "id"),
                       partial(table_line, pf, index, None, "id"))
                continue
            first_seen[instrument.id] = (pf, index)
            instruments.append(instrument)
    if any(i.replaces or i.superseded_by for i in instruments):
        from sesec_deadlines.registry.lifecycle import check_links

        check_links(instruments, first_seen, problems)
    entries = resolve(instruments, first_seen, problems)
    from sesec_deadlines.registry.header import read_header
    from sesec_deadlines.registry.version import data_version

    registry = Registry(tuple(instruments), tuple(entries), tuple(p.name for p in parsed),
                        tuple(editions), data_version(parsed, editions, instruments))
    headers = {pf.name: read_header(pf, problems) for pf in parsed}
    registry.uncurated = tuple(uncurated)
    registry.baselines = {name: h.baseline for name, h in headers.items() if h.baseline}
    registry.complete = frozenset(name for name, h in headers.items() if h.complete)
    registry.digests = tuple(text_digest(pf.text.encode()) for pf in parsed)
    return registry


def check(paths: Sequence[Path]) -> tuple[Registry, list[Problem]]:
    """Read, validate and resolve the files; the registry and every problem found."""
    problems: list[Problem] = ProblemLog()
    registry = build(read_paths(paths, problems), problems)
    return registry, problems


def load(paths: Sequence[Path]) -> Registry:
    """Load and check; raise RegistryError listing every problem."""
    if not paths:
        raise UsageError("no registry file given")
    registry, problems = check(paths)
    if problems:
        raise RegistryError(problems)
    return registry
