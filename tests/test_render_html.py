"""The HTML page: self-contained, escaped, and carrying every layer and panel."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from typing import ClassVar

import pytest

from idlibmap.render.html import safe_json

from .conftest import build_map

REMOTE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
CSS_REMOTE = re.compile(r"(url\(\s*['\"]?\s*(https?:)?//|@import\s+(url\()?\s*['\"]?(https?:)?//)", re.IGNORECASE)
TILE_TEMPLATE = re.compile(r"https?://[^\"'\s]*\{z\}", re.IGNORECASE)



class _ResourceScanner(HTMLParser):
    """Collects every attribute that makes a browser fetch something, and inline script/style text."""

    FETCHING: ClassVar[set[tuple[str, str]]] = {
                ("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src"),
                ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"), ("image", "href"),
                ("use", "href"), ("input", "src")}

    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[tuple[str, str]] = []
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self._inside: str | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if (tag, name) in self.FETCHING and value:
                self.fetched.append((tag, value))
            if name == "style" and value:
                self.styles.append(value)
        self._inside = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag):
        self._inside = None

    def handle_data(self, data):
        if self._inside == "style":
            self.styles.append(data)
        elif self._inside == "script":
            self.scripts.append(data)


def remote_references(page: str) -> list[str]:
    """Every script, stylesheet, font, image or tile the page would load from the network."""
    scanner = _ResourceScanner()
    scanner.feed(page)
    found = [f"<{tag}> {value[:80]}" for tag, value in scanner.fetched if REMOTE.match(value)]
    found += [f"css {m.group(0)}" for css in scanner.styles for m in CSS_REMOTE.finditer(css)]
    found += [f"tiles {m.group(0)}" for js in scanner.scripts for m in TILE_TEMPLATE.finditer(js)]
    return found


def test_default_map_loads_nothing_from_the_network(built_map):
    assert remote_references(built_map.html) == []


def test_the_scanner_catches_remote_resources():
    page = """<html><head><script src="https://cdn.example/x.js"></script>
    <link rel="stylesheet" href="//cdn.example/x.css"><style>@font-face { src: url(https://f.example/a.woff) }</style>
    </head><body><script>L.tileLayer("https://tile.example/{z}/{x}/{y}.png")</script></body></html>"""
    assert len(remote_references(page)) == 4


def test_online_tiles_only_when_asked(tmp_path, gazetteer):
    from tests.conftest import DEFAULT_STORY

    out = tmp_path / "tiles.html"
    build_map(DEFAULT_STORY, out, tiles="OpenStreetMap", gazetteer=gazetteer)
    assert any(ref.startswith("tiles") for ref in remote_references(out.read_text(encoding="utf-8")))


def test_leaflet_and_own_assets_are_inlined(built_map):
    page = built_map.html
    assert 'src="data:text/javascript;base64,' in page
    assert ".leaflet-container" in page and "window.idlibmap" in page
    assert "url(data:image/png;base64," in page  # the layer-control icon


def overlay_names(page: str) -> list[str]:
    """The layer names the page's LayerControl lists, as a reader sees them."""
    keys = re.findall(r'^\s*("(?:[^"\\]|\\.)*")\s*:\s*feature_group_\w+,', page, re.MULTILINE)
    return [html.unescape(json.loads(key)) for key in keys]


def test_every_layer_is_a_named_overlay(built_map):
    features = json.loads(built_map.geojson_path.read_text(encoding="utf-8"))["features"]
    layers = list(dict.fromkeys(f["properties"]["layer"] for f in features))
    assert "Turkish observation posts" in layers and "Diplomacy" in layers
    assert overlay_names(built_map.html) == ["Basemap: land, provinces, water, towns", *layers]


def test_page_is_small_enough(built_map):
    assert built_map.html_path.stat().st_size < 1_500_000


def test_safe_json_cannot_close_a_script():
    text = safe_json({"note": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["note"].startswith("</script>")


HOSTILE = '</script><script>document.title="pwned"</script><img src=x onerror=alert(1)>'


@pytest.fixture
def hostile_page(write_story, tmp_path, gazetteer) -> str:
    head = f"""
        [story]
        title = '{HOSTILE}'
        summary = '{HOSTILE}'
        as_of = 2020-03-02
        countries = ["SY"]
        default_source = "wire"

        [[story.sources]]
        id = "wire"
        name = '{HOSTILE}'
        url = "https://example.org/a?b=<c>"
    """
    path = write_story(f"""
        [[places]]
        layer = '{HOSTILE}'
        name = "Idlib"
        note = '{HOSTILE}'
    """, head=head)
    out = tmp_path / "hostile.html"
    build_map(path, out, gazetteer=gazetteer)
    return out.read_text(encoding="utf-8")


def test_story_text_never_reaches_the_page_as_markup(hostile_page):
    assert "<img src=x" not in hostile_page
    assert '<script>document.title="pwned"' not in hostile_page
    assert hostile_page.count("</script>") == hostile_page.count("<script")
    # The page title is escaped text, and the layer name is escaped before Leaflet's control shows it.
    assert "<title>&lt;/script&gt;" in hostile_page
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in hostile_page
