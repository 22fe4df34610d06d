"""What an input is, from its bytes: a PDF, a web page or text; and its text's encoding."""

from __future__ import annotations

import codecs
import re

from sesec_deadlines.curation.readers.document import HTML, PDF, TEXT

_HTML_START_RE = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                            rb"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"</?(?:p|div|span|a|br|h[1-6]|li|ul|table|tr|td|article|section|"
                     r"main|nav|header|footer|meta|link|title|script|style)\b[^>]*>",
                     re.IGNORECASE)
_CHARSET_RE = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
SNIFF_BYTES = 4096


def kind_of(data: bytes) -> str:
    """PDF by its magic bytes (anywhere in the first KB, as readers allow), HTML by a
    doctype or root tag at the start or by markup making up much of the start, else text."""
    if b"%PDF-" in data[:1024]:
        return PDF
    head = data[:SNIFF_BYTES]
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            head = head.decode(encoding, errors="replace").encode("utf-8")
            break
    if _HTML_START_RE.match(head):
        return HTML
    sample = head.decode("utf-8", errors="replace")
    tags = _TAG_RE.findall(sample)
    if len(tags) >= 5 and sum(map(len, tags)) >= 0.1 * len(sample.strip() or "x"):
        return HTML
    return TEXT


def decode(data: bytes) -> str:
    """The text of the bytes: by a byte-order mark, a page's declared charset, UTF-8, or
    else Windows-1252 (what a text saved on Windows usually is)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    declared = _CHARSET_RE.search(data[:SNIFF_BYTES])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def is_binary(text: str) -> bool:
    """Whether decoded text is really binary data: control characters or undecodable
    bytes make up a noticeable share of it."""
    sample = text[:SNIFF_BYTES]
    if not sample:
        return False
    bad = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f"))
    return bad > 0.05 * len(sample)
