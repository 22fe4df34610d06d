"""A real HTTP server on 127.0.0.1 for the update tests: serves a folder's files with ETag
and Last-Modified (answering 304 to a matching conditional request), and can misbehave
as servers do: redirect in a loop, break off a body, or never answer."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

LAST_MODIFIED = "Tue, 01 Dec 2026 00:00:00 GMT"


@dataclass
class Site:
    """What the server serves, and how; the tests change it between requests."""

    root: Path
    truncate: set[str] = field(default_factory=set)  # names whose body breaks off halfway
    hang: set[str] = field(default_factory=set)  # names never answered (until shutdown)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    port: int = 0
    last_modified: str = LAST_MODIFIED  # what every answer says

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/site/"

    def not_modified_answers(self) -> int:
        return sum(1 for _, h in self.requests if h.get("answered") == "304")


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet

        def do_GET(self) -> None:
            record = {k.lower(): v for k, v in self.headers.items()}
            site.requests.append((self.path, record))
            if self.path.startswith("/loop/"):  # /loop/1 -> /loop/2 -> /loop/1 ...
                self.send_response(302)
                other = "2" if self.path.rstrip("/").endswith("1") else "1"
                self.send_header("Location", f"/loop/{other}/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.path.startswith("/moved/"):  # one redirect, to the site
                self.send_response(301)
                self.send_header("Location", "/site/" + self.path[len("/moved/"):])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            name = self.path[len("/site/"):] if self.path.startswith("/site/") else ""
            path = site.root / name
            if not name or "/" in name or not path.is_file():
                self.send_error(404)
                return
            if name in site.hang:
                site.release.wait(60)
                return
            body = path.read_bytes()
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                record["answered"] = "304"
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", site.last_modified)
            self.end_headers()
            if name in site.truncate:
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(body)

    return Handler


@pytest.fixture
def http_site(tmp_path: Path) -> Iterator[Site]:
    """A threaded HTTP server on 127.0.0.1 serving tmp_path/served at /site/."""
    root = tmp_path / "served"
    root.mkdir()
    site = Site(root)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


def free_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound, then closed)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port
