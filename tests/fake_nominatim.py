"""A fake Nominatim server on 127.0.0.1 that can time out, rate-limit, fail or talk nonsense."""

from __future__ import annotations

import json
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

    def behaviour(self, query: str) -> str:
        queue = self.script.get(query.casefold())
        return queue.pop(0) if queue else self.default

    def queries(self) -> list[str]:
        return [r.query for r in self.requests]


def _handler(fake: FakeNominatim) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
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
            fake.requests.append(Request(query, params, self.headers.get("User-Agent", ""), time.monotonic()))
            if parts.path != "/search":
                self._send(404, b"not found", "text/plain")
                return
            what = fake.behaviour(query)
            try:
                if what == "timeout":
                    time.sleep(fake.delay)
                    self._send(200, b"[]")
                elif what == "429":
                    headers = {"Retry-After": fake.retry_after} if fake.retry_after else {}
                    self._send(429, b"slow down", "text/plain", headers)
                elif what in ("500", "503"):
                    self._send(int(what), b"<html>server error</html>", "text/html")
                elif what == "garbage":
                    self._send(200, b"<html>\x00\xff not json at all", "text/html")
                elif what == "wrong-shape":
                    self._send(200, json.dumps([{"lat": None, "display_name": 5}, "x"]).encode())
                elif what == "empty":
                    self._send(200, b"[]")
                else:
                    answer = ANSWERS.get(query.casefold(), [])
                    self._send(200, json.dumps(answer).encode("utf-8"))
            except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting
                pass

    return Handler


class FakeNominatimServer:
    """Runs a :class:`FakeNominatim` on 127.0.0.1 in a thread (a context manager)."""

    def __init__(self, fake: FakeNominatim):
        self.fake = fake
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
        self.server.daemon_threads = True
        host, port = self.server.server_address[:2]
        fake.url = f"http://{host}:{port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    def __enter__(self) -> FakeNominatim:
        self.thread.start()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
