"""Addresses as the SMTP server gets them: IDNA domains, and which ones need SMTPUTF8."""

from __future__ import annotations

import pytest

from sesec_deadlines.remind.addresses import (
    domain_problem,
    envelope,
    header,
    needs_smtputf8,
)


@pytest.mark.parametrize(("written", "bare", "mailbox"), [
    ("bob@example.com", "bob@example.com", "bob@example.com"),
    ("Bob <bob@bücher.example>", "bob@xn--bcher-kva.example", "Bob <bob@xn--bcher-kva.example>"),
    ('"Smith, J" <j@BÜCHER.example>', "j@xn--bcher-kva.example",
     '"Smith, J" <j@xn--bcher-kva.example>'),
    ("Dörte <dörte@example.com>", "dörte@example.com", "Dörte <dörte@example.com>"),
    ("dörte@bücher.example", "dörte@xn--bcher-kva.example", "dörte@xn--bcher-kva.example"),
])
def test_domains_in_idna_form_local_parts_as_written(written: str, bare: str,
                                                     mailbox: str) -> None:
    assert envelope(written) == bare
    assert header(written) == mailbox
    assert domain_problem(written) is None


def test_only_a_local_part_that_is_not_ascii_needs_smtputf8() -> None:
    assert needs_smtputf8("Dörte <dörte@example.com>")
    assert not needs_smtputf8("Dörte <doerte@bücher.example>")


@pytest.mark.parametrize("written", ["a@bücher-.example", "a@ü..example", "a@" + "ü" * 70])
def test_a_domain_with_no_idna_form_is_named(written: str) -> None:
    problem = domain_problem(written)
    assert problem is not None
    assert problem.startswith(f"the domain {written.partition('@')[2]!r} has no IDNA form (")
    with pytest.raises(ValueError):
        envelope(written)
