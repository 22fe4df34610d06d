"""Set-up checks: `config show` asks the password's source; `config test` tries the server.

`config test` runs against aiosmtpd on 127.0.0.1: plain, STARTTLS and implicit TLS with a
throwaway CA, and each way a set-up goes wrong.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from .conftest import Runner
from .mailserver import Recorder, Server, authenticator
from .test_remind_smtp import make_certificates, server_tls


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
        "to check\nhint: `deadlines help reminders` describes every setting\n")
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


# --- config test: against a real server ---------------------------------------------------

@dataclass
class Watcher(Recorder):
    """Also notes the commands that would start a message, and the QUIT."""

    commands: list[str] = field(default_factory=list)

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str,
                          mail_options: list[str]) -> str:
        self.commands.append("MAIL")
        envelope.mail_from = address
        return "250 OK"

    async def handle_QUIT(self, server: Any, session: Any, envelope: Any) -> str:
        self.commands.append("QUIT")
        return "221 Bye"


RECIPIENTS = "recipients: 1 address in 1 subscription, well-formed (not asked of the server)"
LOGIN = 'username = "deadlines"\npassword_env = "SMTP_PW"'


def config_test(run: Runner, path: Path) -> Result:
    return run("config", "test", "--config", str(path))


def wait_for_quit(watcher: Watcher) -> None:
    """The server handles QUIT on its own thread: wait until it has (no clock involved)."""
    for _ in range(1000):
        if "QUIT" in watcher.commands:
            return
        threading.Event().wait(0.005)


def test_all_good_without_tls_to_a_server_on_this_machine(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    watcher = Watcher()
    server = smtp_server(handler=watcher, authenticator=authenticator("deadlines", "s3cret"),
                         auth_require_tls=False)
    monkeypatch.setenv("SMTP_PW", "s3cret")
    path = config_file(tmp_path, f'security = "none"\n{LOGIN}', host="127.0.0.1",
                       port=server.port)
    result = config_test(run, path)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"configuration: ok ({path})\n{RECIPIENTS}\n"
        "password: from $SMTP_PW\n"
        f"connect 127.0.0.1:{server.port}: ok\n"
        "login as deadlines: ok\n"
        'TLS: none (security = "none": the mail goes unencrypted)\n'
        "all steps passed; nothing was sent\n")
    wait_for_quit(watcher)
    assert watcher.commands == ["QUIT"]
    assert watcher.received == []
    assert "s3cret" not in result.stdout


def test_all_good_with_starttls_and_a_private_ca(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    ca, cert, key = make_certificates(tmp_path)
    watcher = Watcher()
    server = smtp_server(handler=watcher, tls_context=server_tls(cert, key),
                         require_starttls=True,
                         authenticator=authenticator("deadlines", "s3cret"))
    monkeypatch.setenv("SMTP_PW", "s3cret")
    path = config_file(tmp_path, f'security = "starttls"\nca_file = "{ca}"\n{LOGIN}',
                       host="127.0.0.1", port=server.port)
    result = config_test(run, path)
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[:4] == [f"configuration: ok ({path})", RECIPIENTS,
                         "password: from $SMTP_PW",
                         f"connect 127.0.0.1:{server.port}: ok"]
    assert re.fullmatch(r"STARTTLS: ok \(TLSv1\.[23]\)", lines[4])
    assert lines[5:] == ["login as deadlines: ok", "all steps passed; nothing was sent"]
    wait_for_quit(watcher)
    assert watcher.commands == ["QUIT"]


def test_all_good_with_implicit_tls_and_no_login(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    ca, cert, key = make_certificates(tmp_path)
    watcher = Watcher()
    server = smtp_server(handler=watcher, ssl_context=server_tls(cert, key))
    path = config_file(tmp_path, f'security = "ssl"\nca_file = "{ca}"', host="127.0.0.1",
                       port=server.port)
    result = config_test(run, path)
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[:3] == [f"configuration: ok ({path})", RECIPIENTS,
                         f"connect 127.0.0.1:{server.port}: ok"]
    assert re.fullmatch(r"TLS: ok \(TLSv1\.[23]\)", lines[3])
    assert lines[4:] == ["login: none (no smtp.username)", "all steps passed; nothing was sent"]
    wait_for_quit(watcher)
    assert watcher.commands == ["QUIT"]


def test_server_down(run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]) -> None:
    server = smtp_server()
    server.stop()  # a port where nothing listens now
    path = config_file(tmp_path, 'security = "none"', host="127.0.0.1", port=server.port)
    result = config_test(run, path)
    assert result.exit_code == 1
    assert result.stdout == f"configuration: ok ({path})\n{RECIPIENTS}\n"
    assert result.stderr == (
        f"error: connect 127.0.0.1:{server.port}: failed: Connection refused\n"
        "hint: check smtp.host and smtp.port, and that the server is up and reachable from "
        "here (a firewall, a proxy?)\n")


def test_wrong_password(run: Runner, tmp_path: Path, smtp_server: Callable[..., Server],
                        monkeypatch: pytest.MonkeyPatch) -> None:
    server = smtp_server(authenticator=authenticator("deadlines", "s3cret"),
                         auth_require_tls=False)
    monkeypatch.setenv("SMTP_PW", "wrong-password")
    path = config_file(tmp_path, f'security = "none"\n{LOGIN}', host="127.0.0.1",
                       port=server.port)
    result = config_test(run, path)
    assert result.exit_code == 1
    assert result.stdout == (f"configuration: ok ({path})\n{RECIPIENTS}\n"
                             "password: from $SMTP_PW\n"
                             f"connect 127.0.0.1:{server.port}: ok\n")
    assert result.stderr == (
        "error: login as deadlines: refused: 535 5.7.8 Authentication credentials invalid\n"
        "hint: check smtp.username and the password (some providers want an app password)\n")
    assert "wrong-password" not in result.stdout + result.stderr


def test_starttls_to_a_server_that_does_not_offer_it(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server()
    path = config_file(tmp_path, 'security = "starttls"', host="127.0.0.1", port=server.port)
    result = config_test(run, path)
    assert result.exit_code == 1
    assert result.stdout == (f"configuration: ok ({path})\n{RECIPIENTS}\n"
                             f"connect 127.0.0.1:{server.port}: ok\n")
    assert result.stderr == (
        f"error: STARTTLS: not offered by 127.0.0.1:{server.port}\n"
        'hint: check smtp.port, or use security = "ssl"; check smtp.security and smtp.port: '
        '"ssl" is for a port that starts with TLS (usually 465), "starttls" for one that '
        "starts in plain text (587)\n")


def test_implicit_tls_to_a_plain_server(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server()
    path = config_file(tmp_path, 'security = "ssl"', host="127.0.0.1", port=server.port)
    result = config_test(run, path)
    assert result.exit_code == 1
    assert result.stdout == f"configuration: ok ({path})\n{RECIPIENTS}\n"
    first, hint = result.stderr.splitlines()
    assert first.startswith("error: TLS: failed: ")
    assert hint.startswith('hint: check smtp.security and smtp.port: "ssl" is for a port')


def test_an_untrusted_certificate(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    _, cert, key = make_certificates(tmp_path)
    watcher = Watcher()
    server = smtp_server(handler=watcher, tls_context=server_tls(cert, key),
                         require_starttls=True,
                         authenticator=authenticator("deadlines", "s3cret"))
    monkeypatch.setenv("SMTP_PW", "s3cret")
    path = config_file(tmp_path, f'security = "starttls"\n{LOGIN}', host="127.0.0.1",
                       port=server.port)
    result = config_test(run, path)
    assert result.exit_code == 1
    assert result.stdout == (f"configuration: ok ({path})\n{RECIPIENTS}\n"
                             "password: from $SMTP_PW\n"
                             f"connect 127.0.0.1:{server.port}: ok\n")
    assert result.stderr == (
        "error: STARTTLS: certificate not trusted: unable to get local issuer certificate\n"
        "hint: check that smtp.host is the name on the server's certificate; for a private "
        "CA set smtp.ca_file to its certificate (PEM)\n")
    assert "MAIL" not in watcher.commands


def test_an_unset_password_variable_is_a_configuration_problem(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    watcher = Watcher()
    server = smtp_server(handler=watcher, auth_require_tls=False,
                         authenticator=authenticator("deadlines", "s3cret"))
    monkeypatch.delenv("SMTP_PW", raising=False)
    path = config_file(tmp_path, f'security = "none"\n{LOGIN}', host="127.0.0.1",
                       port=server.port)
    result = config_test(run, path)
    assert result.exit_code == 2
    assert result.stdout == f"configuration: ok ({path})\n{RECIPIENTS}\n"
    assert result.stderr == (
        f"{path}:9: smtp.password_env: the environment variable SMTP_PW is not set or empty "
        "here; set it where `deadlines remind` runs too (a line in the crontab, or "
        "Environment= or EnvironmentFile= in the systemd service)\n"
        "error: 1 problem in the configuration; fix them and run `deadlines config test` "
        "again\nhint: `deadlines help reminders` describes every setting\n")
    assert watcher.commands == []  # not even connected


def test_a_failing_password_command_is_a_configuration_problem(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server(auth_require_tls=False,
                         authenticator=authenticator("deadlines", "s3cret"))
    failing = script(tmp_path, "import sys\nsys.exit('pass: mail/deadlines is not in the "
                     "password store')")
    path = config_file(tmp_path, f'security = "none"\nusername = "deadlines"\n'
                       f"password_command = {failing}", host="127.0.0.1", port=server.port)
    result = config_test(run, path)
    assert result.exit_code == 2
    assert result.stdout == f"configuration: ok ({path})\n{RECIPIENTS}\n"
    assert result.stderr.splitlines() == [
        f"{path}:9: smtp.password_command: failed with exit code 1: pass: mail/deadlines is "
        "not in the password store",
        "error: 1 problem in the configuration; fix them and run `deadlines config test` "
        "again", "hint: `deadlines help reminders` describes every setting"]


def test_a_working_password_command_is_named_not_its_output(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server(auth_require_tls=False,
                         authenticator=authenticator("deadlines", "s3cret"))
    command = script(tmp_path, "print('s3cret')")
    path = config_file(tmp_path, f'security = "none"\nusername = "deadlines"\n'
                       f"password_command = {command}", host="127.0.0.1", port=server.port)
    result = config_test(run, path)
    assert (result.exit_code, result.stderr) == (0, "")
    assert f"password: from the command {sys.executable} {tmp_path / 'password.py'}\n" \
        in result.stdout
    assert "login as deadlines: ok\n" in result.stdout
    assert "s3cret" not in result.stdout


def test_a_bad_configuration_is_exit_2_before_any_step(run: Runner, tmp_path: Path) -> None:
    path = config_file(tmp_path, 'security = "tls"')
    result = config_test(run, path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"{path}:6: smtp.security: unknown security 'tls'; allowed: starttls, ssl, none\n"
        "error: 1 problem in the configuration; fix them and run `deadlines config show` "
        "to check\nhint: `deadlines help reminders` describes every setting\n")
    missing = config_test(run, tmp_path / "none.toml")
    assert missing.exit_code == 2
    assert missing.stderr.startswith(f"error: no configuration file at {tmp_path / 'none.toml'}")


def test_recipients_are_counted_once_and_not_probed(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    watcher = Watcher()
    server = smtp_server(handler=watcher)
    path = config_file(tmp_path, 'security = "none"', host="127.0.0.1", port=server.port)
    with path.open("a", encoding="utf-8") as out:
        out.write('\n[[subscription]]\nto = ["Alice <Alice@example.com>", "bob@example.com"]\n')
    result = config_test(run, path)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1] == (
        "recipients: 2 addresses in 2 subscriptions, well-formed (not asked of the server)")
    wait_for_quit(watcher)
    assert watcher.commands == ["QUIT"]


def test_a_login_to_a_server_that_offers_none(
    run: Runner, tmp_path: Path, smtp_server: Callable[..., Server],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    server = smtp_server()  # no authenticator: no AUTH in its EHLO reply
    monkeypatch.setenv("SMTP_PW", "s3cret")
    path = config_file(tmp_path, f'security = "none"\n{LOGIN}', host="127.0.0.1",
                       port=server.port)
    result = config_test(run, path)
    assert result.exit_code == 1
    assert result.stdout.endswith(f"connect 127.0.0.1:{server.port}: ok\n")
    assert result.stderr == (
        "error: login as deadlines: the server offers no login (AUTH)\n"
        "hint: remove smtp.username if the server needs no login, or check smtp.security\n")
