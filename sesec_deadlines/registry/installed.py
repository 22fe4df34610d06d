"""The registry `deadlines update` installed: where it lives and what its manifest says.

`update` keeps one folder in the user's data directory (platformdirs), replaced as a
whole (storage.atomic.replace_directory), so it holds either the old registry or the new
one, never a mix:

    registry.toml   the published registry, byte for byte as its manifest hashes it
    manifest.json   the publisher's manifest, byte for byte (output.manifest)
    origin.json     where it came from: the URL and the validators (ETag, Last-Modified)
                    of the manifest, for the next conditional request
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

APP = "sesec-deadlines"
FOLDER = "registry"
REGISTRY_FILE = "registry.toml"
MANIFEST_FILE = "manifest.json"
ORIGIN_FILE = "origin.json"


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP, appauthor=False))


def installed_dir() -> Path:
    """The folder `update` installs into."""
    return data_dir() / FOLDER


def installed_registry() -> Path:
    """The installed registry file (which may not exist)."""
    return installed_dir() / REGISTRY_FILE


def _read_json(path: Path) -> dict[str, Any] | None:
    import json

    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def installed_manifest() -> dict[str, Any] | None:
    """The manifest of the installed registry; None when none is installed (or its folder
    is not whole, which `update` never leaves)."""
    folder = installed_dir()
    if not (folder / REGISTRY_FILE).is_file():
        return None
    return _read_json(folder / MANIFEST_FILE)


def installed_version() -> str | None:
    manifest = installed_manifest()
    version = None if manifest is None else manifest.get("version")
    return version if isinstance(version, str) else None


def origin() -> dict[str, Any]:
    """Where the installed registry came from (URL, ETag, Last-Modified); {} if unknown."""
    return _read_json(installed_dir() / ORIGIN_FILE) or {}
