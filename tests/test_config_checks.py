"""Set-up checks: `config show` asks the password's source; `config test` tries the server.

`config test` runs against aiosmtpd on 127.0.0.1: plain, STARTTLS and implicit TLS with a
throwaway CA, and each way a set-up goes wrong.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .conftest import Runner


def config_file(tmp_path: Path, smtp: str, *, host: str = "smtp.example.com",
                port: int | None = None) -> Path:
    path = tmp_path / "config.toml"
    port_line = f"port = {port}\n" if port else ""
    path.write_text(
        f'from = "Deadlines <deadlines@example.com>"\n\n[smtp]\nhost = "{host}"\n{port_line}'
        f'timeout = 10\n{smtp}\n\n[[subscription]]\nto = ["alice@example.com"]\n',
        encoding="utf-8",
    )
    path.chmod(0o600)
    return path


def script(tmp_path: Path, body: str) -> str:
    """A password command: this Python running `body`, as a TOML list."""
    path = tmp_path / "password.py"
    path.write_text(body, encoding="utf-8")
    return f'["{sys.executable}", "{path}"]'


# --- config show: the password's source --------------------------------------------------

def test_config_show_reports_an_unset_password_variable_where_it_is_set(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = config_file(tmp_path, 'username = "me"\npassword_env = "SMTP_PW"')
    monkeypatch.delenv("SMTP_PW", raising=False)
    result = run("config", "show", "--config", str(path))
    assert result.exit_code == 2
    assert 'password_env = "SMTP_PW"' in result.stdout  # the settings are still shown
    assert result.stderr == (
        f"{path}:7: smtp.password_env: the environment variable SMTP_PW is not set or empty "
        "here; set it where `deadlines remind` runs too (a line in the crontab, or "
        "Environment= or EnvironmentFile= in the systemd service)\n"
        "error: 1 problem in the configuration; fix them and run `deadlines config show` "
        "to check\n")
    monkeypatch.setenv("SMTP_PW", "")
    assert run("config", "show", "--config", str(path)).exit_code == 2
    monkeypatch.setenv("SMTP_PW", "s3cret-value")
    shown = run("config", "show", "--config", str(path))
    assert shown.exit_code == 0, shown.stderr
    assert "s3cret-value" not in shown.stdout + shown.stderr


def test_config_show_reports_a_failing_password_command(run: Runner, tmp_path: Path) -> None:
    failing = script(tmp_path, "import sys\nsys.exit('gpg: decryption failed: No secret key')")
    path = config_file(tmp_path, f'username = "me"\npassword_command = {failing}')
    result = run("config", "show", "--config", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"{path}:7: smtp.password_command: failed with exit code 1: gpg: decryption failed: "
        "No secret key")
    silent = config_file(tmp_path, 'username = "me"\npassword_command = "true"')
    result = run("config", "show", "--config", str(silent))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"{silent}:7: smtp.password_command: printed no password on its first line")
    missing = config_file(tmp_path, 'username = "me"\npassword_command = ["/nonexistent/pw"]')
    result = run("config", "show", "--config", str(missing))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{missing}:7: smtp.password_command: could not run: ")


def test_config_show_runs_a_working_password_command_and_prints_no_password(
    run: Runner, tmp_path: Path
) -> None:
    working = script(tmp_path, "print('s3cret-value')")
    path = config_file(tmp_path, f'username = "me"\npassword_command = {working}')
    result = run("config", "show", "--config", str(path))
    assert result.exit_code == 0, result.stderr
    assert "s3cret-value" not in result.stdout + result.stderr
    assert result.stderr == ""
