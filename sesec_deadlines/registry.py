"""Loading one or more registry files into a checked, resolved `Registry`."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Problem, RegistryError, UsageError
from .model import Entry, Instrument, Milestone
from .vocab import Certainty

if TYPE_CHECKING:
    from .loader import ParsedFile

BUNDLED = "bundled"
ENV_REGISTRY = "DEADLINES_REGISTRY"


def bundled_path() -> Path:
    """The registry shipped with the package (in a wheel) or at the repository root."""
    here = Path(__file__).resolve().parent
    packaged = here / "data" / "deadlines.toml"
    if packaged.is_file():
        return packaged
    return here.parent / "data" / "deadlines.toml"


def registry_paths(options: Sequence[str] | None) -> list[Path]:
    """Which files to read: --registry options, else $DEADLINES_REGISTRY, else the bundled one.

    The word "bundled" stands for the bundled registry, so a company can read its own file
    beside it: `--registry bundled --registry ours.toml`.
    """
    values = list(options or [])
    if not values:
        env = os.environ.get(ENV_REGISTRY, "").strip()
        values = [v for v in env.split(os.pathsep) if v.strip()] if env else [BUNDLED]
    return [bundled_path() if v == BUNDLED else Path(v) for v in values]


class Registry:
    """Checked instruments and all their milestones, sorted soonest first, pending last."""

    def __init__(self, instruments: tuple[Instrument, ...], entries: tuple[Entry, ...],
                 files: tuple[str, ...]) -> None:
        self._instruments = instruments
        self._entries = entries
        self.files = files

    @property
    def instruments(self) -> tuple[Instrument, ...]:
        return self._instruments

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self._entries

    def instrument(self, ident: str) -> Instrument | None:
        for instrument in self.instruments:
            if instrument.id == ident:
                return instrument
        return None

    def entries_of(self, ident: str) -> list[Entry]:
        return [e for e in self.entries if e.instrument.id == ident]

    def window(self, first: date | None, last: date | None) -> Iterator[Entry]:
        """Dated milestones overlapping [first, last] in order, then every pending one."""
        for entry in self.entries:
            if entry.date is None or entry.date.overlaps(first, last):
                yield entry


def _display_name(path: Path) -> str:
    if path == bundled_path():
        return "data/deadlines.toml"
    return str(path)


def read_paths(paths: Sequence[Path], problems: list[Problem]) -> list[ParsedFile]:
    from .loader import parse_bytes  # the TOML parser is needed only without a cache

    parsed = []
    for path in paths:
        name = _display_name(path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            problems.append(Problem(name, "no such file"))
            continue
        except IsADirectoryError:
            problems.append(Problem(name, "is a directory, not a registry file"))
            continue
        except OSError as exc:
            problems.append(Problem(name, f"cannot be read: {exc.strerror or exc}"))
            continue
        parsed.append(parse_bytes(name, raw, problems))
    return parsed


def build(parsed: Sequence[ParsedFile], problems: list[Problem]) -> Registry:
    """Check every file, then the registry as a whole; problems are appended, not raised."""
    from .validate import read_file

    instruments: list[Instrument] = []
    first_seen: dict[str, ParsedFile] = {}
    for pf in parsed:
        for instrument in read_file(pf, problems):
            if instrument.id in first_seen:
                other = first_seen[instrument.id]
                where = "earlier in this file" if other is pf else f"in {other.name}"
                problems.append(
                    Problem(
                        pf.name,
                        f"duplicate id: also defined {where}",
                        _line_of_id(pf, instrument.id),
                        None,
                        instrument.id,
                        "id",
                    )
                )
                continue
            first_seen[instrument.id] = pf
            instruments.append(instrument)
    entries = resolve(instruments, first_seen, problems)
    return Registry(tuple(instruments), tuple(entries), tuple(p.name for p in parsed))


def _line_of_id(pf: ParsedFile, ident: str) -> int | None:
    if pf.lines is None:
        return None
    found = [
        pf.lines.line_of(index, None, "id")
        for index, table in pf.instruments()
        if isinstance(table, dict) and table.get("id") == ident
    ]
    return found[-1] if found else None


def resolve(
    instruments: Sequence[Instrument], files: dict[str, ParsedFile], problems: list[Problem]
) -> list[Entry]:
    """Give every milestone its date, following relative rules; report bad anchors and cycles."""
    by_id = {i.id: i for i in instruments}
    done: dict[tuple[str, str], Entry] = {}
    broken: set[tuple[str, str]] = set()

    def report(inst: Instrument, key: str, message: str) -> None:
        pf = files.get(inst.id)
        problems.append(
            Problem(
                pf.name if pf else inst.file,
                message,
                _milestone_line(pf, inst, key),
                None,
                f"{inst.id}/{key}",
                "after",
            )
        )

    def visit(inst: Instrument, milestone: Milestone, path: list[tuple[str, str]]) -> Entry | None:
        key = milestone.key
        node = (inst.id, key)
        if node in done:
            return done[node]
        if node in broken:
            return None
        if milestone.after is None:
            entry = Entry(inst, milestone, milestone.date, milestone.certainty)
            done[node] = entry
            return entry
        if node in path:
            cycle = " -> ".join(f"{i}/{k}" for i, k in [*path[path.index(node) :], node])
            report(inst, key, f"relative milestones form a cycle: {cycle}")
            broken.update(path[path.index(node) :])
            return None
        target_id, _, target_key = milestone.after.rpartition("/")
        target = by_id.get(target_id) if target_id else inst
        anchor_milestone = (
            next((m for m in target.milestones if m.key == target_key), None)
            if target is not None
            else None
        )
        if target is None or anchor_milestone is None:
            what = (
                f"instrument {target_id!r}" if target is None else f"milestone {milestone.after!r}"
            )
            keys = ", ".join(m.key for m in (target or inst).milestones)
            report(
                inst,
                key,
                f"`after` names {what}, which does not exist"
                + (f" (keys here: {keys})" if target is not None else ""),
            )
            broken.add(node)
            return None
        anchor = visit(target, anchor_milestone, [*path, node])
        if anchor is None:
            broken.add(node)
            return None
        assert milestone.offset is not None
        when = anchor.date.plus(milestone.offset) if anchor.date else None
        entry = Entry(inst, milestone, when, Certainty.ESTIMATED, anchor)
        done[node] = entry
        return entry

    entries = []
    for inst in instruments:
        for m in inst.milestones:
            entry = visit(inst, m, [])
            if entry is not None:
                entries.append(entry)
    entries.sort(key=Entry.sort_key)
    return entries


def _milestone_line(pf: ParsedFile | None, inst: Instrument, key: str) -> int | None:
    if pf is None or pf.lines is None:
        return None
    for index, table in pf.instruments():
        if isinstance(table, dict) and table.get("id") == inst.id:
            position = next(i for i, m in enumerate(inst.milestones) if m.key == key)
            return pf.lines.line_of(index, position, "after")
    return None


def check(paths: Sequence[Path]) -> tuple[Registry, list[Problem]]:
    """Read, validate and resolve the files; the registry and every problem found."""
    problems: list[Problem] = []
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
