"""Fetching a published file: urllib3 (imported here only, so only `update` pays for it),
with a timeout, at most MAX_REDIRECTS redirects, conditional requests (ETag,
Last-Modified), a size limit, and the Content-Length enforced; `file://` URLs are read
from disk (a registry published on a shared drive)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from sesec_deadlines import __version__
from sesec_deadlines.core.errors import DeadlinesError, ExitCode, UsageError

MAX_REDIRECTS = 5
CHUNK = 1 << 16
SCHEMES = ("http", "https", "file")


class Unreachable(DeadlinesError):
    """The file could not be fetched: worth trying again later."""

    exit_code = ExitCode.UNREACHABLE


class Refused(DeadlinesError):
    """What was served is not installed."""

    exit_code = ExitCode.REFUSED


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    body: bytes | None  # None: 304 Not Modified
    etag: str | None = None
    last_modified: str | None = None


def check_url(url: str) -> str:
    """`url` if it is one `update` can read; a usage error otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or (parts.scheme != "file" and not parts.netloc):
        raise UsageError(f"{url!r} is not an http://, https:// or file:// URL",
                         hint="give the address of the folder `deadlines publish` wrote, "
                              "e.g. https://intranet.example.com/china/")
    return url


def fetch(url: str, *, timeout: float, limit: int, etag: str | None = None,
          last_modified: str | None = None) -> Fetched:
    """The body at `url` (at most `limit` bytes), or None when the server says it has not
    changed since `etag` / `last_modified`. Unreachable for anything that is not a whole
    200 (or 304) answer within `timeout` seconds."""
    if urlsplit(url).scheme == "file":
        return _read_file(url, limit)
    import urllib3

    headers = {"User-Agent": f"sesec-deadlines/{__version__}", "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    retries = urllib3.Retry(total=None, connect=0, read=0, status=0, other=0,
                            redirect=MAX_REDIRECTS, raise_on_redirect=True,
                            raise_on_status=False)
    pool = urllib3.PoolManager(timeout=urllib3.Timeout(connect=timeout, read=timeout),
                               retries=retries)
    deadline = time.monotonic() + timeout
    try:
        response = pool.request("GET", url, headers=headers, preload_content=False,
                                redirect=True)
        try:
            final = urljoin(url, response.geturl() or url)  # after redirects
            if response.status == 304:
                return Fetched(final, None, etag, last_modified)
            if response.status != 200:
                raise Unreachable(f"{final}: cannot fetch: HTTP {response.status} "
                                  f"{response.reason or ''}".rstrip())
            body = bytearray()
            for chunk in response.stream(CHUNK):
                body += chunk
                if len(body) > limit:
                    raise Refused(f"{final}: larger than the {limit} bytes expected",
                                  hint="the file on the server is not the one its manifest "
                                       "describes")
                if time.monotonic() > deadline:
                    raise Unreachable(f"{final}: cannot fetch: timed out (not whole "
                                      f"after {timeout:g} s)")
            return Fetched(final, bytes(body), response.headers.get("ETag"),
                           response.headers.get("Last-Modified"))
        finally:
            response.release_conn()
    except urllib3.exceptions.MaxRetryError as exc:
        raise Unreachable(f"{url}: cannot fetch: {_reason(exc.reason)}") from None
    except urllib3.exceptions.HTTPError as exc:
        raise Unreachable(f"{url}: cannot fetch: {_reason(exc)}") from None
    finally:
        pool.clear()


def _reason(exc: BaseException | None) -> str:
    import urllib3

    if isinstance(exc, urllib3.exceptions.ResponseError) or "redirect" in str(exc):
        return f"more than {MAX_REDIRECTS} redirects"
    if isinstance(exc, urllib3.exceptions.NewConnectionError):  # before TimeoutError: a
        return f"cannot connect ({_inner(exc)})"  # subclass of it, for old callers
    if isinstance(exc, urllib3.exceptions.TimeoutError):
        return "timed out"
    if isinstance(exc, urllib3.exceptions.ProtocolError):
        return f"the connection broke off ({_inner(exc)})"
    return _inner(exc) if exc is not None else "unknown error"


def _inner(exc: BaseException) -> str:
    text = str(exc)
    return text.split(": ", 1)[1] if ": " in text and text.startswith("<") else text


def _read_file(url: str, limit: int) -> Fetched:
    path = Path(unquote(urlsplit(url).path))
    try:
        with path.open("rb") as handle:
            body = handle.read(limit + 1)
    except OSError as exc:
        raise Unreachable(f"{url}: cannot read: {exc.strerror or exc}") from None
    if len(body) > limit:
        raise Refused(f"{url}: larger than the {limit} bytes expected")
    return Fetched(url, body)
