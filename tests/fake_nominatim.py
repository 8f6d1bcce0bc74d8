"""A fake Nominatim server on 127.0.0.1 that can time out, rate-limit, fail, talk nonsense or play tricks.

Besides honest faults it has hostile ones: redirecting elsewhere, trickling its answer one byte at
a time, sending an endless body, naming an unknown charset, and JSON too deep or too long to read.
"""

from __future__ import annotations

import contextlib
import json
import ssl
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# Answers as Nominatim's /search?format=json&addressdetails=1 gives them. Coordinates are moved a
# little from GeoNames' on purpose, so a test can tell which source a position came from.
ANSWERS: dict[str, list[dict]] = {
    "saraqeb": [{"place_id": 101, "osm_type": "relation", "osm_id": 5001, "lat": "35.8650", "lon": "36.8050",
                 "display_name": "Saraqib, Idlib Governorate, Syria", "addresstype": "town",
                 "type": "administrative", "address": {"town": "Saraqib", "country_code": "sy"}}],
    "kafranbel": [{"place_id": 102, "osm_type": "node", "osm_id": 5002, "lat": "35.6130", "lon": "36.5620",
                   "display_name": "Kafr Nabl, Idlib Governorate, Syria", "addresstype": "town",
                   "type": "town", "address": {"town": "Kafr Nabl", "country_code": "sy"}}],
    # Two answers: the Syrian one must win for a story set in Syria.
    "binnish": [{"place_id": 103, "osm_type": "node", "osm_id": 5003, "lat": "48.1", "lon": "11.5",
                 "display_name": "Binnish, Elsewhere", "addresstype": "village", "type": "village",
                 "address": {"village": "Binnish", "country_code": "de"}},
                {"place_id": 104, "osm_type": "node", "osm_id": 5004, "lat": "35.9510", "lon": "36.7120",
                 "display_name": "Binnish, Idlib Governorate, Syria", "addresstype": "town", "type": "town",
                 "address": {"town": "Binnish", "country_code": "sy"}}],
}

FAULTS = ("timeout", "429", "500", "503", "garbage", "wrong-shape", "empty")
HOSTILE = ("redirect", "trickle-head", "trickle-body", "endless", "bad-charset", "deep", "huge-number")
OK_HEAD = b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n"


@dataclass
class Request:
    query: str
    params: dict[str, str]
    user_agent: str
    at: float


@dataclass
class FakeNominatim:
    """Serves /search. ``script[query]`` is a queue of behaviours used first; then ``default``."""

    delay: float = 1.0  # how long "timeout" keeps the client waiting
    default: str = "ok"
    script: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    requests: list[Request] = field(default_factory=list)
    retry_after: str | None = None
    url: str = ""
    redirects: dict[str, str] = field(default_factory=dict)  # query -> where "redirect" sends the client
    trickle_every: float = 0.1    # seconds between the bytes of "trickle-head" and "trickle-body"
    trickle_bytes: int = 300      # bytes a trickle sends at most (then it stops: 30 s at the default pace)
    endless_limit: int = 64 * 1024 * 1024  # bytes "endless" sends at most, if the client keeps reading
    sent: int = 0                 # body bytes the last "trickle-*" or "endless" answer wrote before it ended

    def behaviour(self, query: str) -> str:
        queue = self.script.get(query.casefold())
        return queue.pop(0) if queue else self.default

    def queries(self) -> list[str]:
        return [r.query for r in self.requests]


class _Handler(BaseHTTPRequestHandler):
    """Answers as :attr:`fake` says; each behaviour is a method named after it (``_as_trickle_body``)."""

    fake: FakeNominatim

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, content_type: str = "application/json",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(parts.query).items()}
        query = params.get("q", "")
        self.fake.requests.append(Request(query, params, self.headers.get("User-Agent", ""), time.monotonic()))
        if parts.path != "/search":
            self._send(404, b"not found", "text/plain")
            return
        what = self.fake.behaviour(query)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, ssl.SSLError):  # the client hung up
            getattr(self, f"_as_{what.replace('-', '_')}", self._as_ok)(query)

    def _as_ok(self, query: str) -> None:
        self._send(200, json.dumps(ANSWERS.get(query.casefold(), [])).encode("utf-8"))

    def _as_timeout(self, query: str) -> None:
        time.sleep(self.fake.delay)
        self._send(200, b"[]")

    def _as_429(self, query: str) -> None:
        headers = {"Retry-After": self.fake.retry_after} if self.fake.retry_after else {}
        self._send(429, b"slow down", "text/plain", headers)

    def _as_500(self, query: str) -> None:
        self._send(500, b"<html>server error</html>", "text/html")

    def _as_503(self, query: str) -> None:
        self._send(503, b"<html>server error</html>", "text/html")

    def _as_garbage(self, query: str) -> None:
        self._send(200, b"<html>\x00\xff not json at all", "text/html")

    def _as_wrong_shape(self, query: str) -> None:
        self._send(200, json.dumps([{"lat": None, "display_name": 5}, "x"]).encode())

    def _as_empty(self, query: str) -> None:
        self._send(200, b"[]")

    # ----------------------------------------------------------------- hostile

    def _as_redirect(self, query: str) -> None:
        self._send(302, b"", "text/plain", {"Location": self.fake.redirects[query.casefold()]})

    def _trickle(self, data: bytes) -> None:
        self.fake.sent = 0
        for byte in data[:self.fake.trickle_bytes]:
            self.wfile.write(bytes([byte]))
            self.fake.sent += 1
            time.sleep(self.fake.trickle_every)

    def _as_trickle_head(self, query: str) -> None:
        self._trickle(OK_HEAD * 100)  # never gets past the headers at this pace

    def _as_trickle_body(self, query: str) -> None:
        self.wfile.write(OK_HEAD)
        self._trickle(json.dumps(ANSWERS["saraqeb"] * 100).encode())

    def _as_endless(self, query: str) -> None:
        self.wfile.write(OK_HEAD + b"[")  # no Content-Length: the body ends when the server hangs up
        self.fake.sent, chunk = 0, b" " * 65536
        while self.fake.sent < self.fake.endless_limit:
            self.wfile.write(chunk)
            self.fake.sent += len(chunk)

    def _as_bad_charset(self, query: str) -> None:
        self._send(200, b"[]", "application/json; charset=x-no-such-charset")

    def _as_deep(self, query: str) -> None:
        self._send(200, b"[" * 200_000 + b"]" * 200_000)

    def _as_huge_number(self, query: str) -> None:
        self._send(200, b'[{"lat": 1' + b"0" * 5000 + b', "lon": 36.8, "osm_type": "node", "osm_id": 7}]')


def _handler(fake: FakeNominatim) -> type[BaseHTTPRequestHandler]:
    return type("Handler", (_Handler,), {"fake": fake})


class FakeNominatimServer:
    """Runs a :class:`FakeNominatim` on 127.0.0.1 in a thread (a context manager).

    With ``tls`` (an :class:`ssl.SSLContext` holding the server's certificate) it speaks HTTPS.
    """

    def __init__(self, fake: FakeNominatim, tls: ssl.SSLContext | None = None):
        self.fake = fake
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
        self.server.daemon_threads = True
        if tls is not None:  # the handshake happens in the request's thread, on its first read
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True,
                                                 do_handshake_on_connect=False)
        host, port = self.server.server_address[:2]
        fake.url = f"{'https' if tls else 'http'}://{host}:{port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    def __enter__(self) -> FakeNominatim:
        self.thread.start()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
