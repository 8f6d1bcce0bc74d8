"""benchmarks/geoparse/devset/fetch.py against pages on 127.0.0.1: stretch found, spans checked, text saved."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FETCH = Path(__file__).resolve().parents[1] / "benchmarks" / "geoparse" / "devset" / "fetch.py"
_spec = importlib.util.spec_from_file_location("devset_fetch", FETCH)
assert _spec and _spec.loader
fetch = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fetch)

# A made-up wire story: what the annotator saw (the search tool's plain-text excerpt) ...
ANNOTATED = ("Floods hit the north\n\nMOPTI, Mali (Wire) — Rains swelled the Niger River near Mopti on Sunday, "
             "officials said.\n\nAid reached Sévaré and the “camps” east of Mopti, and Bamako sent boats.")
# ... and the same words as a page serves them: menus, a script, other white space and quotes.
PAGE = """<html><head><title>Site</title><script>var Mopti = 1;</script></head><body>
<nav><a href="/">Home</a> <a href="/w">World</a></nav>
<h1>Floods hit the north</h1>
<p>MOPTI, Mali (Wire) &mdash; Rains swelled the   Niger River near Mopti on Sunday,
officials said.</p>
<p>Aid reached S&eacute;var&eacute; and the "camps" east of Mopti, and Bamako sent boats.</p>
<footer>Copyright</footer></body></html>"""


def gold_for(text: str) -> dict:
    places = {"Mopti": ["MOPTI", "Mopti"], "Mali": ["Mali"], "Niger River": ["Niger River"], "Sévaré": ["Sévaré"],
              "Bamako": ["Bamako"]}
    gold = {"article": "devset:floods", "not_places": [], "places": []}
    for name, mentions in places.items():
        offsets = []
        for mention in mentions:
            start = text.find(mention)
            while start >= 0:
                if text[start - 1:start].isspace() or start == 0:
                    offsets.append([start, start + len(mention), mention])
                start = text.find(mention, start + 1)
        gold["places"].append({"name": name, "kind": "place", "mentions": mentions, "offsets": offsets})
    return gold


class _Pages(BaseHTTPRequestHandler):
    pages: dict[str, str] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        body = self.pages.get(self.path)
        if body is None:
            self.send_error(404)
            return
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def dev_set(folder: Path, url: str) -> dict:
    gold = gold_for(ANNOTATED)
    (folder / "gold").mkdir()
    (folder / "gold" / "floods.json").write_text(json.dumps(gold), encoding="utf-8")
    first = min(start for place in gold["places"] for start, _, _ in place["offsets"])
    record = {"id": "floods", "url": url, **fetch.fingerprint(ANNOTATED, first)}
    (folder / "articles.json").write_text(json.dumps({"articles": [record]}), encoding="utf-8")
    return gold


def run(folder: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(FETCH), "--folder", str(folder), *options],
                          capture_output=True, text=True, timeout=120)


def test_page_text_drops_scripts_and_head_and_breaks_blocks() -> None:
    text = fetch.page_text(PAGE)
    assert "var Mopti" not in text and "Site" not in text
    assert text.splitlines()[0] == "Home World"
    assert "Floods hit the north\n" in text


def test_fetch_finds_every_span_and_saves_the_same_words(server: str, tmp_path: Path) -> None:
    _Pages.pages = {"/floods": PAGE}
    gold = dev_set(tmp_path, f"{server}/floods")
    done = run(tmp_path, "--write")
    spans = sum(len(place["offsets"]) for place in gold["places"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"floods: same words, saved as floods.txt; {spans} of {spans} gold spans found" in done.stdout
    saved = (tmp_path / "texts" / "floods.txt").read_text(encoding="utf-8")
    assert saved.startswith("Floods hit the north") and saved.endswith("Bamako sent boats.")
    assert fetch.loose(saved)[0] == fetch.loose(ANNOTATED)[0]


def test_a_changed_page_is_reported_and_nothing_saved(server: str, tmp_path: Path) -> None:
    _Pages.pages = {"/floods": PAGE.replace("Bamako", "the capital")}
    dev_set(tmp_path, f"{server}/floods")
    done = run(tmp_path, "--write")
    assert done.returncode == 1
    assert "floods: changed;" in done.stdout
    assert "not found: 'Bamako'" in done.stdout
    assert not (tmp_path / "texts" / "floods.txt").exists()


def test_without_a_network_one_line_and_status_2(tmp_path: Path) -> None:
    closed = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    port = closed.server_address[1]
    closed.server_close()  # nothing listens there any more: the connection is refused
    dev_set(tmp_path, f"http://127.0.0.1:{port}/floods")
    done = run(tmp_path)
    assert done.returncode == 2
    assert done.stdout.count("\n") == 1 and done.stdout.startswith("fetch.py: no network: cannot reach 127.0.0.1")
    assert done.stderr == ""
