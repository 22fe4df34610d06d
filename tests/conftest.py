from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from sesec_deadlines.cli.app import app

from .httpserver import http_site  # noqa: F401  (the fixture, for the update tests)
from .mailserver import smtp_server  # noqa: F401  (the fixture, for every reminder test)

FIXTURES = Path(__file__).parent / "fixtures"
REGISTRY = FIXTURES / "registry.toml"
AS_OF = "2026-03-20"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's own registry, config, state or cache."""
    for var in ("DEADLINES_REGISTRY", "DEADLINES_CONFIG", "DEADLINES_DEBUG", "NO_COLOR",
                "DEADLINES_TRACKING", "DEADLINES_USER", "DEADLINES_UPDATE_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    # test registries read alone are registries of their own: no notice that the bundled
    # one is left out (tests/test_coverage.py turns it back on to test it)
    monkeypatch.setenv("DEADLINES_REGISTRY_NOTICE", "0")


Runner = Callable[..., Result]


@pytest.fixture
def run() -> Runner:
    """Invoke the CLI in-process; stdout and stderr stay separate."""

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(app, list(args), input=input, env=env)

    return invoke


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    def _write(text: str, name: str = "registry.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write
