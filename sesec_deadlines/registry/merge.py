"""The registry `deadlines publish` writes beside the site: the files read, as one TOML
file that `deadlines check` passes and that has the same data version."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sesec_deadlines.core.errors import DeadlinesError, ProblemLog
from sesec_deadlines.registry.load import build, read_paths, text_digest
from sesec_deadlines.registry.store import Registry
from sesec_deadlines.registry.version import content_hash

HEADER = ("# The registry of China compliance deadlines, as `deadlines publish` wrote it\n"
          "# from {count} file(s); data version {version}. Install it with\n"
          "# `deadlines update URL-OF-THIS-FOLDER`; check it with `deadlines check FILE`.\n\n")


class MergeError(DeadlinesError):
    """The merged registry did not check as the files it came from did (a bug)."""


def merged_document(parsed_data: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One registry's data from several files' data: the schema, then every edition and
    every instrument, in reading order."""
    schema = next((d.get("schema") for d in parsed_data), 1)
    doc: dict[str, Any] = {"schema": schema}
    for name in ("edition", "instrument"):
        tables = [t for d in parsed_data for t in (d.get(name) or [])]
        if tables:
            doc[name] = tables
    return doc


def published_registry(paths: Sequence[Path], registry: Registry) -> bytes:
    """The registry at `paths` as one file: a single file's text as it is (comments and
    all), several files merged (tomli_w: checked again, as `deadlines check` would, and
    its data version must be the registry's).

    A single file is the file that was checked: its bytes, read again, must have the
    SHA-256 the registry recorded when it checked them (`Registry.digests`, kept in the
    cache), so they are published without being parsed again. A registry that recorded
    none is parsed, and its content hash compared with its data version."""
    if len(paths) == 1 and len(registry.digests) == 1:
        from sesec_deadlines.storage.files import REGISTRY_LIMIT, read_input

        try:
            raw = read_input(paths[0], REGISTRY_LIMIT)
        except OSError as exc:
            raise MergeError(f"{paths[0]}: cannot be read again: {exc.strerror or exc}",
                             hint="run `deadlines publish` again") from exc
        if text_digest(raw) != registry.digests[0]:
            raise MergeError(f"{registry.files[0]} changed while it was published",
                             hint="run `deadlines publish` again")
        return raw.removeprefix(b"\xef\xbb\xbf")
    version = registry.version
    problems = ProblemLog()
    parsed = read_paths(paths, problems)
    if len(parsed) == 1 and not problems:
        from sesec_deadlines.core.dataversion import parse

        data = parsed[0].text.encode()
        expected = parse(version)
        if expected is None or not content_hash(parsed).startswith(expected.digest):
            raise MergeError(f"{parsed[0].name} changed while it was published",
                             hint="run `deadlines publish` again")
        return data
    import tomli_w

    doc = merged_document([pf.data or {} for pf in parsed])
    data = (HEADER.format(count=len(parsed), version=version) + tomli_w.dumps(doc)).encode()
    _recheck(data, version, problems)
    return data


def _recheck(data: bytes, version: str, problems: ProblemLog) -> None:
    from sesec_deadlines.storage.toml import parse_bytes

    parsed = parse_bytes("registry.toml", data, problems)
    registry = build([parsed], problems)
    if problems or registry.version != version:
        shown = "; ".join(str(p) for p in list(problems)[:3]) or (
            f"data version {registry.version}, not {version}")
        raise MergeError(f"the published registry does not check as its files do: {shown}",
                         hint="this is a bug: report it with the registry files")
