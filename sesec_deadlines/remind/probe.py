"""`deadlines config test`: the configuration tried against the server, step by step.

It takes the password from its source, connects, negotiates TLS, logs in and says QUIT:
the same connection code as `deadlines remind` (mailer.SmtpMailer), and no message is
sent. Each step that worked is said as it passes; the first that failed is the error,
with what to check.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable

from sesec_deadlines.core.errors import SendError
from sesec_deadlines.remind.checks import get_password
from sesec_deadlines.remind.config import Config, ConfigProblems, Password, Security, address
from sesec_deadlines.remind.mailer import ConnectionFailed, SmtpMailer


class SetupFailed(SendError):
    """A step with the server failed (exit 1); nothing was sent."""


class PasswordProblems(ConfigProblems):
    recheck = "run `deadlines config test` again"


def source(password: Password) -> str:
    """Where the password comes from, in words; never the password."""
    if password.source == "env":
        return f"from ${password.env}"
    if password.source == "command":
        command = password.command or ""
        return "from the command " + (command if isinstance(command, str)
                                      else shlex.join(command))
    return "from the configuration file"


def recipients(config: Config) -> str:
    people = {address(to).casefold() for sub in config.subscriptions for to in sub.to}
    subs = len(config.subscriptions)
    return (f"{len(people)} address{'es' if len(people) != 1 else ''} in {subs} "
            f"subscription{'s' if subs != 1 else ''}")


def try_setup(config: Config, say: Callable[[str], None]) -> None:
    """Every step of a run but sending; raise at the first that fails."""
    say(f"configuration: ok ({config.path})")
    say(f"recipients: {recipients(config)}, well-formed (not asked of the server)")
    value, problems = get_password(config)
    if problems:
        raise PasswordProblems(problems)
    smtp = config.smtp
    if smtp.password is not None:
        say(f"password: {source(smtp.password)}")
    mailer = SmtpMailer(smtp, lambda: value or "", progress=say)
    try:
        mailer.connect()
        if smtp.security is Security.NONE:
            say('TLS: none (security = "none": the mail goes unencrypted)')
        if not smtp.username:
            say("login: none (no smtp.username)")
    except ConnectionFailed as exc:
        raise SetupFailed(f"{exc.step}: {exc.reason}" if exc.step else exc.message,
                          hint=exc.advice) from None
    finally:
        mailer.close()
    say("all steps passed; nothing was sent")
