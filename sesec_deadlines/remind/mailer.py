"""Sending mail behind a seam: SMTP for real, an in-memory outbox for --dry-run and tests.

The SMTP mailer connects on the first message and keeps the connection for the run. TLS
certificates are verified (`ssl.create_default_context()`, or the configured CA file for
a private CA); a password is never sent over a connection without TLS, except to a server
on this machine.

A message the server refuses (its recipient, its sender, or its content at DATA; or an
address the server cannot take) is a failure of that message alone: SendError, and the
connection goes on for the next one. A lost connection (a socket error, a timeout, the
server closing, a 421 reply) is ConnectionFailed: no later message can go out in this run.
smtplib's errors derive from OSError, so they are told apart before socket errors are.
"""

from __future__ import annotations

import io
import smtplib
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from types import TracebackType
from typing import NoReturn, Protocol

from sesec_deadlines.core.errors import ConfigError, SendError
from sesec_deadlines.remind.addresses import envelope
from sesec_deadlines.remind.config import Security, Smtp, address


class ConnectionFailed(SendError):
    """No message can be sent in this run: the server is unreachable or refused the login.

    Besides the message for `remind`, it says which step of the connection failed
    ("connect host:port", "TLS", "STARTTLS", "login as NAME"), the reason, and what to
    check: `deadlines config test` prints those.
    """

    def __init__(self, message: str, hint: str | None = None, *, step: str = "",
                 reason: str = "", advice: str | None = None) -> None:
        super().__init__(message, hint)
        self.step = step
        self.reason = reason or message
        self.advice = advice


class Mailer(Protocol):
    def open(self) -> None:
        """Connect (and log in) before the first message; raise ConnectionFailed if not."""

    def send(self, message: EmailMessage) -> None:
        """Deliver one message to its To address; raise SendError if it was not accepted."""

    def close(self) -> None: ...


class Outbox:
    """Keeps messages in memory instead of sending them (like Django's locmem backend)."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    def open(self) -> None:
        pass

    def send(self, message: EmailMessage) -> None:
        self.messages.append(message)

    def close(self) -> None:
        pass


CLOSING = 421  # the server is closing the connection: nothing more can be sent


def flatten(message: EmailMessage, international: bool) -> bytes:
    """The message as SMTP sends it (as smtplib's send_message does), CRLF line ends."""
    from email.generator import BytesGenerator
    from email.policy import EmailPolicy

    policy = message.policy
    if international and isinstance(policy, EmailPolicy):
        policy = policy.clone(utf8=True)
    with io.BytesIO() as out:
        BytesGenerator(out, policy=policy).flatten(message, linesep="\r\n")
        return out.getvalue()


def _version(smtp: smtplib.SMTP) -> str:
    sock = smtp.sock
    return (sock.version() if isinstance(sock, ssl.SSLSocket) else None) or "TLS"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(
            exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {' '.join(text.split())}"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


NEXT_RUN = ("nothing was sent; the reminders go out on the next run; `deadlines config test` "
            "tries the connection step by step")
CHECK_SERVER = ("check smtp.host and smtp.port, and that the server is up and reachable from "
                "here (a firewall, a proxy?)")
CHECK_SECURITY = ('check smtp.security and smtp.port: "ssl" is for a port that starts with '
                  'TLS (usually 465), "starttls" for one that starts in plain text (587)')


class SmtpMailer:
    """Sends through one SMTP connection, opened on the first message.

    `progress`, when given, hears each step of the connection that went well
    ("connect host:port: ok", "STARTTLS: ok (TLSv1.3)", "login as NAME: ok").
    """

    def __init__(self, settings: Smtp, password: Callable[[], str] | None = None,
                 progress: Callable[[str], None] | None = None) -> None:
        self.settings = settings
        self.password = password
        self.progress = progress or (lambda step: None)
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpMailer:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @property
    def where(self) -> str:
        return f"{self.settings.host}:{self.settings.port}"

    def _tls(self) -> ssl.SSLContext:
        ca = self.settings.ca_file
        try:
            return ssl.create_default_context(cafile=str(ca) if ca else None)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError(f"smtp.ca_file {ca}: not a usable CA certificate file "
                              f"({_reason(exc)})") from None

    def connect(self) -> smtplib.SMTP:
        if self._smtp is not None:
            return self._smtp
        s = self.settings
        tls = "TLS" if s.security is Security.SSL else "STARTTLS"
        step = f"connect {self.where}"  # with ssl, TLS errors are told apart by their type
        try:
            if s.security is Security.SSL:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout,
                                                      context=self._tls())
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            try:
                smtp.ehlo()
                self.progress(f"{step}: ok")
                if s.security is Security.SSL:
                    self.progress(f"TLS: ok ({_version(smtp)})")
                if s.security is Security.STARTTLS:
                    step = tls
                    if not smtp.has_extn("starttls"):
                        raise ConnectionFailed(
                            f"{self.where} does not offer STARTTLS",
                            hint='check smtp.port, or use security = "ssl"', step=step,
                            reason=f"not offered by {self.where}",
                            advice=f'check smtp.port, or use security = "ssl"; '
                            f"{CHECK_SECURITY}")
                    smtp.starttls(context=self._tls())
                    smtp.ehlo()
                    self.progress(f"STARTTLS: ok ({_version(smtp)})")
                if s.username:
                    step = f"login as {s.username}"
                    self._login(smtp, step)
                    self.progress(f"{step}: ok")
            except BaseException:
                smtp.close()
                raise
        except ssl.SSLCertVerificationError as exc:
            said = exc.verify_message or exc.reason
            raise ConnectionFailed(
                f"the certificate of {self.where} could not be verified: {said}",
                hint="for a private CA set smtp.ca_file; " + NEXT_RUN, step=tls,
                reason=f"certificate not trusted: {said}",
                advice="check that smtp.host is the name on the server's certificate; for a "
                "private CA set smtp.ca_file to its certificate (PEM)") from None
        except smtplib.SMTPAuthenticationError as exc:
            raise ConnectionFailed(
                f"{self.where} refused the login of {s.username}: {_reason(exc)}",
                hint="check smtp.username and the password; " + NEXT_RUN, step=step,
                reason=f"refused: {_reason(exc)}",
                advice="check smtp.username and the password (some providers want an app "
                "password)") from None
        except ssl.SSLError as exc:
            raise ConnectionFailed(
                f"cannot send through {self.where}: {_reason(exc)}", hint=NEXT_RUN,
                step=tls, reason=f"failed: {_reason(exc)}", advice=CHECK_SECURITY) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise ConnectionFailed(
                f"cannot send through {self.where}: {_reason(exc)}", hint=NEXT_RUN,
                step=step, reason=f"failed: {_reason(exc)}",
                advice=CHECK_SERVER if step.startswith("connect") else None) from None
        self._smtp = smtp
        return smtp

    def _login(self, smtp: smtplib.SMTP, step: str) -> None:
        s = self.settings
        if s.security is Security.NONE and not s.loopback():
            raise ConfigError(f"refusing to send the password to {s.host} without TLS")
        if not smtp.has_extn("auth"):
            raise ConnectionFailed(f"{self.where} offers no login (AUTH) on this connection",
                                   hint="remove smtp.username, or check smtp.security",
                                   step=step, reason="the server offers no login (AUTH)",
                                   advice="remove smtp.username if the server needs no login, "
                                   "or check smtp.security")
        password = self.password() if self.password is not None else ""
        smtp.login(s.username or "", password)

    def open(self) -> None:
        self.connect()

    def send(self, message: EmailMessage) -> None:
        """Send one message; SendError if the server refused it, ConnectionFailed if the
        connection is lost (then no later message can go out in this run)."""
        smtp = self.connect()
        written = str(message["To"])
        try:
            sender, recipient = envelope(str(message["From"])), envelope(written)
        except ValueError as exc:
            raise SendError(f"{address(written)}: {exc}",
                            hint="check the address in the subscription") from None
        international = not (sender + recipient).isascii()
        if international and not smtp.has_extn("smtputf8"):
            which = recipient if not recipient.isascii() else sender
            raise SendError(
                f"{address(written)}: {self.where} does not offer SMTPUTF8, which the "
                f"address {which} needs (its part before the @ is not ASCII)",
                hint="use an ASCII address for it, or a server that offers SMTPUTF8")
        try:
            data = flatten(message, international)
        except Exception as exc:  # a message that cannot be written fails alone
            raise SendError(f"{address(written)}: the email cannot be written: "
                            f"{type(exc).__name__}: {exc}") from None
        options = ["SMTPUTF8", "BODY=8BITMIME"] if international else []
        try:
            refused = smtp.sendmail(sender, [recipient], data, options)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            reasons = "; ".join(_reason(smtplib.SMTPResponseException(code, text))
                                for code, text in exc.recipients.values())
            if CLOSING in codes:
                self._lost(smtp, reasons)
            raise SendError(f"{address(written)}: the server refused the recipient: "
                            f"{reasons}", hint="check the address in the subscription") \
                from None
        except smtplib.SMTPServerDisconnected as exc:
            self._lost(smtp, _reason(exc))
        except smtplib.SMTPResponseException as exc:  # MAIL FROM or DATA refused
            if exc.smtp_code == CLOSING:
                self._lost(smtp, _reason(exc))
            raise SendError(f"{address(written)}: not accepted by {self.where}: "
                            f"{_reason(exc)}") from None
        except smtplib.SMTPException as exc:  # before OSError: smtplib's errors derive from it
            raise SendError(f"{address(written)}: not accepted by {self.where}: "
                            f"{_reason(exc)}") from None
        except OSError as exc:  # the socket: reset, timed out, closed
            self._lost(smtp, _reason(exc))
        if refused:
            raise SendError(f"{address(written)}: the server refused the recipient")

    def _lost(self, smtp: smtplib.SMTP, reason: str) -> NoReturn:
        self._smtp = None
        smtp.close()
        raise ConnectionFailed(f"lost the connection to {self.where}: {reason}",
                               hint="the reminders not sent go out on the next run")

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()
