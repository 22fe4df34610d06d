"""`deadlines update`: fetch the manifest and the registry, verify them, install them.

Nothing is installed unless every step passed, and the install replaces the folder of the
installed registry in one step (storage.atomic.replace_directory): a refusal, a failure
or a run killed at any moment leaves the installed registry as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

from sesec_deadlines.core.changes import Event
from sesec_deadlines.core.dataversion import compare
from sesec_deadlines.core.errors import OutputError, ProblemLog
from sesec_deadlines.core.plural import counted
from sesec_deadlines.registry.installed import (
    MANIFEST_FILE,
    ORIGIN_FILE,
    REGISTRY_FILE,
    installed_dir,
    installed_version,
    origin,
)
from sesec_deadlines.registry.manifest import MANIFEST, Manifest, read_manifest, sha256
from sesec_deadlines.registry.store import Registry
from sesec_deadlines.update.fetch import Refused, check_url, fetch

DEFAULT_TIMEOUT = 30.0


@dataclass
class Outcome:
    """What `update` found and did."""

    manifest_url: str
    current: str | None  # the data version commands read before (the default registry)
    manifest: Manifest | None = None  # None: the server said "not modified"
    installed: bool = False
    changes: list[Event] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # instrument ids
    same_day: bool = False  # its version and the current one differ on the same day

    @property
    def up_to_date(self) -> bool:
        return self.manifest is None or self.manifest.version == self.current


def manifest_url(url: str) -> str:
    """The manifest's URL: `url` itself when it names a .json file, else manifest.json in
    the folder `url` names."""
    check_url(url)
    if url.split("?", 1)[0].endswith(".json"):
        return url
    return url if url.endswith("/" + MANIFEST) else url.rstrip("/") + "/" + MANIFEST


def update(url: str, *, current: Registry, timeout: float = DEFAULT_TIMEOUT,
           allow_downgrade: bool = False, dry_run: bool = False) -> Outcome:
    """Fetch, verify and (unless `dry_run`) install the registry published at `url`.
    `current` is the registry commands read by default now. Raises Unreachable, Refused
    or OutputError; the installed registry is then untouched."""
    where = manifest_url(url)
    outcome = Outcome(where, current.version)
    known = origin() if installed_version() is not None else {}
    same_place = known.get("url") == where
    got = fetch(where, timeout=timeout, limit=1 << 20,
                etag=known.get("etag") if same_place else None,
                last_modified=known.get("last_modified") if same_place else None)
    if got.body is None:
        return outcome  # 304: the server's manifest is the one installed
    manifest = outcome.manifest = read_manifest(got.body, got.url)
    if outcome.up_to_date:
        return outcome
    order = compare(manifest.version, current.version)
    if order is not None and order < 0 and not allow_downgrade:
        raise Refused(f"the published registry {manifest.version} is older than the one "
                      f"read now, {current.version}: not installing it",
                      hint="a downgrade needs --allow-downgrade")
    if order is None and not allow_downgrade:
        older = _older_copy(got.last_modified, known if same_place else {},
                            current.version == installed_version())
        if older is not None:
            raise Refused(f"the published registry {manifest.version} records the same last "
                          f"day as the one read now, {current.version}, and the server's copy "
                          f"({older[0]}) is older than the one installed ({older[1]}): not "
                          "installing it", hint="a downgrade needs --allow-downgrade")
    outcome.same_day = order is None
    entry = manifest.files[manifest.registry]
    registry_url = urljoin(got.url, manifest.registry)
    data = fetch(registry_url, timeout=timeout, limit=entry.size).body or b""
    if len(data) != entry.size:
        raise Refused(f"{registry_url}: received {len(data)} bytes, the manifest says "
                      f"{entry.size}: a truncated or changed download; nothing installed")
    if sha256(data) != entry.sha256:
        raise Refused(f"{registry_url}: SHA-256 {sha256(data)} differs from the manifest's "
                      f"{entry.sha256}: the file is not the one published; nothing installed")
    new = checked(data, manifest)
    outcome.changes, outcome.removed = differences(current, new)
    if dry_run:
        return outcome
    install(data, got.body, {"url": where, "etag": got.etag,
                             "last_modified": got.last_modified,
                             "installed": datetime.now(UTC).isoformat(timespec="seconds")})
    outcome.installed = True
    return outcome


def _older_copy(served: str | None, known: dict[str, object],
                installed: bool) -> tuple[str, str] | None:
    """For two versions of the same day, which their versions cannot order: the served
    Last-Modified and the installed copy's, when the same address served an older copy
    than the installed one; None when that cannot be told (no dates, another address, or
    the registry read now is not the installed one)."""
    from email.utils import parsedate_to_datetime

    before = known.get("last_modified")
    if not installed or not served or not isinstance(before, str):
        return None
    try:
        if parsedate_to_datetime(served) < parsedate_to_datetime(before):
            return served, before
    except (TypeError, ValueError):
        return None
    return None


class RefusedRegistry(Refused):
    """The fetched registry has problems; every one is listed, as `check` lists them."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{counted(len(problems), 'problem')} in the "
                         "published registry; nothing installed",
                         hint="tell the curator: `deadlines check` shows the same problems")
        self.problems = problems

    def lines(self) -> list[str]:
        return [*self.problems, *super().lines()]


def checked(data: bytes, manifest: Manifest) -> Registry:
    """The registry in `data`, checked in full as `deadlines check` checks a file; its
    data version must be the manifest's."""
    from sesec_deadlines.registry.load import build
    from sesec_deadlines.storage.toml import parse_bytes

    problems = ProblemLog()
    registry = build([parse_bytes(manifest.registry, data, problems)], problems)
    if problems:
        raise RefusedRegistry([str(p) for p in problems] + problems.summary())
    if registry.version != manifest.version:
        raise Refused(f"{manifest.registry}: its data version is {registry.version}, the "
                      f"manifest says {manifest.version}; nothing installed")
    return registry


def differences(old: Registry, new: Registry) -> tuple[list[Event], list[str]]:
    """What `new` records that `old` does not (core.changes: new instruments and
    milestones, moves and other changes, by their stable keys), and the instruments of
    `old` that `new` no longer holds."""
    from sesec_deadlines.core.changes import changes
    from sesec_deadlines.core.query import Filters

    known = {e.key for e in changes(old.entries, Filters(), None, None)}
    fresh = [e for e in changes(new.entries, Filters(), None, None) if e.key not in known]
    kept = {i.id for i in new.instruments}
    return fresh, sorted(i.id for i in old.instruments if i.id not in kept)


def install(registry: bytes, manifest: bytes, where_from: dict[str, str | None]) -> Path:
    """Replace the installed registry's folder with these files, in one step."""
    from sesec_deadlines.storage.atomic import replace_directory

    folder = installed_dir()
    files = {REGISTRY_FILE: registry, MANIFEST_FILE: manifest,
             ORIGIN_FILE: (json.dumps(where_from, indent=2) + "\n").encode()}
    try:
        replace_directory(folder, files)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot install the registry: {exc.strerror or exc}",
                          hint="the installed registry is as it was; free some space or "
                               "fix the folder's permissions, then run `deadlines update` "
                               "again") from None
    return folder / REGISTRY_FILE

