"""The reminder configuration: `deadlines config init|show|path`, and every problem reported."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from sesec_deadlines.core.dates import WORKDAY, Offset
from sesec_deadlines.core.vocab import Kind
from sesec_deadlines.remind.checks import load
from sesec_deadlines.remind.config import ConfigProblems
from sesec_deadlines.remind.template import TEMPLATE

from .conftest import Runner

GOOD = """\
from = "Deadlines <deadlines@example.com>"

[smtp]
host = "smtp.example.com"
username = "deadlines@example.com"
password = "hunter2-secret"

[[subscription]]
to = ["alice@example.com"]
topics = ["ccc"]
"""


def write_config(tmp_path: Path, text: str, mode: int = 0o600) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_config_path_default_env_and_option(run: Runner, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    result = run("config", "path")
    assert result.exit_code == 0
    assert result.stdout == f"{tmp_path / 'xdg-config' / 'sesec-deadlines' / 'config.toml'}\n"
    monkeypatch.setenv("DEADLINES_CONFIG", str(tmp_path / "env.toml"))
    assert run("config", "path").stdout == f"{tmp_path / 'env.toml'}\n"
    assert run("config", "path", "--config", "x.toml").stdout == "x.toml\n"


def test_config_init_writes_a_private_commented_file_and_never_overwrites(
    run: Runner, tmp_path: Path
) -> None:
    result = run("config", "init")
    path = tmp_path / "xdg-config" / "sesec-deadlines" / "config.toml"
    assert result.exit_code == 0, result.stderr
    assert str(path) in result.stdout
    assert path.read_text(encoding="utf-8") == TEMPLATE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text(TEMPLATE + "# mine\n", encoding="utf-8")
    again = run("config", "init")
    assert again.exit_code == 2
    assert again.stderr.startswith(f"error: {path} already exists")
    assert path.read_text(encoding="utf-8").endswith("# mine\n")


def test_the_starting_file_is_a_valid_configuration(run: Runner, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("config", "init").exit_code == 0
    unset = run("config", "show")  # the template's password_env is not set in the tests
    assert unset.exit_code == 2
    assert ":16: smtp.password_env: the environment variable DEADLINES_SMTP_PASSWORD is " \
        "not set or empty here" in unset.stderr
    monkeypatch.setenv("DEADLINES_SMTP_PASSWORD", "secret")
    shown = run("config", "show")
    assert shown.exit_code == 0, shown.stderr
    assert 'password_env = "DEADLINES_SMTP_PASSWORD"' in shown.stdout
    assert 'kind_leads = { comment_close = ["20wd", "10wd", "5wd", "1wd", 0] }\n' \
        in shown.stdout
    assert "\nleads = " not in shown.stdout  # unset: each kind has its own ladder
    config = load(tmp_path / "xdg-config" / "sesec-deadlines" / "config.toml")
    (sub,) = config.subscriptions
    wd = [Offset(n, WORKDAY) for n in (20, 10, 5, 1)]
    assert sub.ladder(Kind.COMMENT_CLOSE) == (*wd, Offset(0, "day"))
    assert sub.ladder(Kind.MANDATORY_FROM) == tuple(
        Offset(n, "day") for n in (365, 180, 90, 30, 7, 0))
    assert config.smtp.port == 587


def test_config_show_masks_the_password_and_reads_back(run: Runner, tmp_path: Path) -> None:
    path = write_config(tmp_path, GOOD)
    result = run("config", "show", "--config", str(path))
    assert result.exit_code == 0, result.stderr
    assert "hunter2" not in result.stdout
    assert 'password = "********"' in result.stdout
    assert f"# configuration: {path}" in result.stdout
    assert "port = 587" in result.stdout  # defaults are filled in
    assert result.stderr == ""
    # the effective settings are themselves a configuration file, with the same meaning
    (tmp_path / "again").mkdir()
    again = load(write_config(tmp_path / "again", result.stdout))
    first = load(path)
    assert again.subscriptions == first.subscriptions
    assert replace(again.smtp, password=None) == replace(first.smtp, password=None)
    assert again.smtp.password is not None and again.smtp.password.value == "********"


@pytest.mark.parametrize("command", [("config", "show"), ("remind",), ("remind", "--dry-run")])
def test_a_password_in_a_file_others_can_read_is_refused(
    run: Runner, tmp_path: Path, command: tuple[str, ...]
) -> None:
    path = write_config(tmp_path, GOOD, mode=0o644)
    result = run(*command, "--config", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "hunter2" not in result.stderr
    assert f"{path}:6: smtp.password: the file holds a password but is not readable by its " \
           f"owner alone (-rw-r--r--): run `chmod 600 {path}`" in result.stderr


def test_group_readable_is_refused_too(tmp_path: Path) -> None:
    path = write_config(tmp_path, GOOD, mode=0o640)
    with pytest.raises(ConfigProblems) as caught:
        load(path)
    (problem,) = caught.value.problems
    assert problem.field == "smtp.password"
    assert "not readable by its owner alone (-rw-r-----)" in problem.message
    path.chmod(0o600)
    assert load(path).smtp.password is not None


def test_every_problem_is_reported_with_file_line_and_field(run: Runner, tmp_path: Path) -> None:
    path = write_config(tmp_path, """\
from = "not an address"
colour = "blue"

[smtp]
hots = "smtp.example.com"
security = "tls"
port = 99999
username = "me"
password_env = "my secret"
password_command = "pass show x"

[reminders]
leads = [30, 30]

[reminders.kind_leads]
comment_closes = [3]

[[subscription]]
name = "ccc-team"
to = "alice@example.com"
topics = ["cc"]
kinds = ["mandatory"]
leads = [-1]

[[subscription]]
to = ["bob@", "Carol <carol@example.com>"]
authorities = ["samr"]
certainty = ["sure"]
include_approximate = "yes"
""")
    result = run("remind", "--config", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    f = str(path)
    expected = [
        f"{f}:2: colour: unknown setting 'colour'",
        f"{f}:1: from: 'not an address' is not an email address",
        f"{f}:5: smtp.hots: unknown setting 'hots' (did you mean 'host'?)",
        f"{f}:4: smtp.host: missing required setting 'host'",
        f"{f}:6: smtp.security: unknown security 'tls'; allowed: starttls, ssl, none",
        f"{f}:7: smtp.port: must be a whole number from 1 to 65535, not 99999",
        f"{f}:10: smtp.password_command: give one of password_env, password_command, not "
        "several",
        f"{f}:13: reminders.leads: lists a number of days twice",
        f"{f}:16: reminders.kind_leads.comment_closes: unknown kind 'comment_closes' (did you "
        "mean 'comment_close'?)",
        f'{f}:20: subscription ccc-team: to: must be a list of non-empty strings, not the '
        'string \'alice@example.com\' (write ["alice@example.com"])',
        f"{f}:21: subscription ccc-team: topics: unknown topic 'cc'. Did you mean 'ccc'?",
        f"{f}:22: subscription ccc-team: kinds: unknown kind 'mandatory'.",
        f"{f}:23: subscription ccc-team: leads: -1 is before nothing: give 0 or more days",
        f"{f}:26: subscription #2: to: 'bob@' is not an email address",
        f"{f}:28: subscription #2: certainty: unknown certainty 'sure'.",
        f"{f}:29: subscription #2: include_approximate: must be true or false, not the "
        "string 'yes'",
        "error: 16 problems in the configuration; fix them and run `deadlines config show` "
        "to check",
        "hint: `deadlines help reminders` describes every setting",
    ]
    for want in expected:
        assert any(line.startswith(want) for line in lines), (want, lines)
    assert len(lines) == len(expected)


@pytest.mark.parametrize(
    ("smtp", "message"),
    [
        ('host = "smtp.example.com"\nsecurity = "none"\nusername = "me"\n'
         'password_env = "PW"', 'security = "none" would send the password in clear text'),
        ('host = "smtp.example.com"\nusername = "me"',
         "a username needs a password: set password_env, password_command or password"),
        ('host = "smtp.example.com"\npassword_env = "PW"', "a password needs smtp.username"),
        ('host = "smtp.example.com"\nca_file = "missing.pem"', "ca_file: no such file"),
        ('host = "smtp.example.com"\ntimeout = 0', "timeout: must be a number from 1 to 600"),
    ],
)
def test_unsafe_or_incomplete_smtp_settings(
    run: Runner, tmp_path: Path, smtp: str, message: str
) -> None:
    path = write_config(tmp_path, f'from = "d@example.com"\n[smtp]\n{smtp}\n'
                        '[[subscription]]\nto = ["a@example.com"]\n')
    result = run("config", "show", "--config", str(path))
    assert result.exit_code == 2
    assert message in result.stderr


def test_plain_smtp_with_a_password_is_allowed_to_this_machine(tmp_path: Path) -> None:
    path = write_config(tmp_path, 'from = "d@example.com"\n[smtp]\nhost = "127.0.0.1"\n'
                        'security = "none"\nusername = "me"\npassword_env = "PW"\n'
                        '[[subscription]]\nto = ["a@example.com"]\n')
    assert load(path).smtp.port == 25


def test_missing_and_unparsable_files(run: Runner, tmp_path: Path) -> None:
    missing = run("remind", "--config", str(tmp_path / "nope.toml"))
    assert missing.exit_code == 2
    assert missing.stderr == (
        f"error: no configuration file at {tmp_path / 'nope.toml'}\n"
        "hint: create one with `deadlines config init`, or point --config or "
        "DEADLINES_CONFIG at yours\n"
    )
    broken = write_config(tmp_path, "from = \n")
    result = run("remind", "--config", str(broken))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{broken}:1:8: TOML syntax error: Invalid value\n")


def test_config_from_the_environment(run: Runner, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_config(tmp_path, GOOD)
    monkeypatch.setenv("DEADLINES_CONFIG", str(path))
    result = run("config", "show")
    assert result.exit_code == 0
    assert f"# configuration: {path}" in result.stdout
    assert os.environ["DEADLINES_CONFIG"] == str(path)


@pytest.mark.parametrize("value", ['"hunter2 secret!"', '"pa$$word"', "12345678", '"9LIVES"'])
def test_a_password_env_that_is_no_variable_name_is_refused_and_never_shown(
    run: Runner, tmp_path: Path, value: str
) -> None:
    path = write_config(tmp_path, GOOD.replace('password = "hunter2-secret"',
                                               f"password_env = {value}"))
    for command in (("config", "show"), ("remind", "--dry-run")):
        result = run(*command, "--config", str(path))
        assert result.exit_code == 2
        assert result.stdout == ""
        shown = value.strip('"')
        assert shown not in result.stderr
        assert f"{path}:6: smtp.password_env: is not the name of an environment variable " \
               "(letters, digits and _, not starting with a digit); its value is not shown, " \
               "in case it is the password" in result.stderr


def test_config_show_prints_a_valid_password_env_name(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMTP_PW_1", "s3cret")
    path = write_config(tmp_path, GOOD.replace('password = "hunter2-secret"',
                                               'password_env = "SMTP_PW_1"'))
    result = run("config", "show", "--config", str(path))
    assert result.exit_code == 0
    assert 'password_env = "SMTP_PW_1"\n' in result.stdout


@pytest.mark.parametrize(("to", "message"), [
    ('"a@bücher-.example"', "to: 'a@bücher-.example': the domain 'bücher-.example' has no "
                            "IDNA form"),
    ('"a@xn--zz.example"', None),  # ASCII domains are left to the server
])
def test_a_domain_without_an_idna_form_is_refused(
    run: Runner, tmp_path: Path, to: str, message: str | None
) -> None:
    path = write_config(tmp_path, GOOD.replace('to = ["alice@example.com"]', f"to = [{to}]"))
    result = run("config", "show", "--config", str(path))
    if message is None:
        assert (result.exit_code, result.stderr) == (0, "")
    else:
        assert result.exit_code == 2
        assert message in result.stderr


@pytest.mark.parametrize("bad", [
    "compliance@exa mple",  # the lenient parser would send to compliance@exa
    "jane@example.com, bob@example.com",  # two addresses in one string: bob would get nothing
    "jane@example..com",  # an empty label: sent to nobody
    "jane@-example.com",
    "jane@example.com.",
    "jane@ex_ample.com",
    "Jane <jane@example.com> <bob@example.com>",
])
def test_a_recipient_that_cannot_be_delivered_as_written_is_refused(
    run: Runner, tmp_path: Path, bad: str
) -> None:
    """Each of these once went to another address or to none, and was recorded as sent."""
    path = write_config(tmp_path, GOOD.replace('to = ["alice@example.com"]',
                                               f"to = [{bad!r}]".replace("'", '"')))
    for command in (("config", "show"), ("remind", "--dry-run")):
        result = run(*command, "--config", str(path))
        assert result.exit_code == 2, (command, result.stdout)
        assert f"{path}:9: " in result.stderr
        assert "is not an email address" in result.stderr


@pytest.mark.parametrize("good", [
    "alice@example.com", "Jana Müller <jana@example.com>", '"Müller, Jana" <jana@example.com>',
    "jana@bücher.example", "ops@localhost", "<alice@example.com>",
])
def test_ordinary_recipients_are_taken(tmp_path: Path, good: str) -> None:
    path = write_config(tmp_path, GOOD.replace('to = ["alice@example.com"]',
                                               f"to = ['{good}']"))
    (subscription,) = load(path).subscriptions
    assert subscription.to == (good,)


def test_a_list_with_a_bad_item_names_the_item(run: Runner, tmp_path: Path) -> None:
    """Not "must be a list ..., not a list": the list is there, one item is wrong."""
    path = tmp_path / "config.toml"
    path.write_text('[profile.x]\nsearch = ["charger", 1]\n\n[[subscription]]\nname = "a"\n'
                    'to = ["a@example.com"]\ntopics = ["ccc", ""]\n', encoding="utf-8")
    result = run("config", "show", "--config", str(path))
    assert result.exit_code == 2
    assert (f"{path}:2: profile x: profile.x.search: must be a list of non-empty strings, "
            "not a list holding 1") in result.stderr
    assert (f"{path}:7: subscription a: topics: must be a list of non-empty strings, not a "
            "list holding an empty string") in result.stderr
