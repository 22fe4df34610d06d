"""Email addresses as the SMTP server gets them: IDNA domains, and which ones need SMTPUTF8.

A domain written in Unicode (`bücher.example`) is sent in its IDNA form
(`xn--bcher-kva.example`, UTS #46 mapping), in the envelope and in the From and To
headers, which every server takes. A local part (before the `@`) that is not ASCII has no
such form: only a server that offers SMTPUTF8 can take it. Such an address is reported
by `deadlines config show`, and by `deadlines remind` for that email alone when the
server does not offer SMTPUTF8.
"""

from __future__ import annotations

from email.headerregistry import Address
from email.utils import parseaddr

from sesec_deadlines.remind.config import address


def ascii_domain(domain: str) -> str:
    """The domain in its IDNA (ASCII) form; ValueError with the reason if it has none."""
    if domain.isascii():
        return domain
    import idna

    try:
        return str(idna.encode(domain, uts46=True).decode("ascii"))
    except idna.IDNAError as exc:
        raise ValueError(f"the domain {domain!r} has no IDNA form ({exc})") from None


def envelope(text: str) -> str:
    """The bare address with its domain in IDNA form, for MAIL FROM and RCPT TO."""
    bare = address(text)
    local, at, domain = bare.rpartition("@")
    if not at:
        return bare
    return f"{local}@{ascii_domain(domain)}"


def header(text: str) -> str:
    """The mailbox for a From or To header: as written, with the domain in IDNA form."""
    name, bare = parseaddr(text)
    local, at, domain = bare.rpartition("@")
    if not at or domain.isascii():
        return text
    return str(Address(display_name=name, username=local, domain=ascii_domain(domain)))


def needs_smtputf8(text: str) -> bool:
    """Whether the address's local part is not ASCII, so only an SMTPUTF8 server takes it."""
    return not address(text).rpartition("@")[0].isascii()


def domain_problem(text: str) -> str | None:
    """Why the address's domain cannot be sent, or None."""
    try:
        envelope(text)
    except ValueError as exc:
        return str(exc)
    return None
