"""The basemap's names in a real browser: what a reader sees in the first view, offline."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from .conftest import ROOT
from .test_browser import CHROMIUM, console_messages, run_chromium

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM, reason="Chromium not installed")]

# Collects every label shown in the window and clear of the panels, by kind, and the story's symbols.
PROBE = """<script>setTimeout(function () {
  var map = null;
  for (var key in window) if (key.indexOf("map_") === 0 && window[key] && window[key].getZoom) map = window[key];
  var panels = [].map.call(document.querySelectorAll(".leaflet-control"),
    function (n) { return n.getBoundingClientRect(); }).filter(function (r) { return r.width && r.height; });
  function shown(node) {
    var r = node.getBoundingClientRect(), cx = (r.left + r.right) / 2, cy = (r.top + r.bottom) / 2;
    if (!r.width || getComputedStyle(node).visibility === "hidden") return null;
    if (r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight) return null;
    if (panels.some(function (p) { return cx > p.left && cx < p.right && cy > p.top && cy < p.bottom; })) return null;
    return [r.left, r.top, r.right, r.bottom];
  }
  var out = { zoom: map.getZoom(), labels: [], symbols: [], title: "", asof: "" };
  document.querySelectorAll(".idlibmap-basemap-label span, .idlibmap-country-name span, .idlibmap-place-label")
    .forEach(function (n) {
      var box = shown(n), holder = n.closest(".leaflet-marker-icon, .leaflet-tooltip");
      if (box) out.labels.push({ text: n.textContent, cls: holder ? holder.className : "", box: box });
    });
  document.querySelectorAll(".idlibmap-icon svg").forEach(function (n) {
    var b = shown(n);
    if (b) out.symbols.push(b);
  });
  out.title = document.querySelector(".idlibmap-title h1").textContent;
  out.asof = document.querySelector(".idlibmap-asof").textContent;
  var pre = document.createElement("pre"); pre.id = "probe"; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}, 1500);</script>"""


def probe(page_html: str, tmp_path, size: str = "1280,800") -> tuple[dict, list[str]]:
    page = tmp_path / "probe.html"
    page.write_text(page_html + PROBE, encoding="utf-8")
    result = run_chromium(page, "--dump-dom", size=size)
    found = json.loads(html.unescape(result.stdout.split('<pre id="probe">', 1)[1].split("</pre>", 1)[0]))
    return found, console_messages(result.stderr)


def _kind(found: dict, marker: str) -> list[str]:
    return [label["text"] for label in found["labels"] if marker in label["cls"]]


@pytest.fixture(scope="module")
def first_view(built_map, tmp_path_factory):
    return probe(built_map.html, tmp_path_factory.mktemp("bearings"))


def test_first_view_names_syria_and_turkey_and_ten_reference_towns(first_view):
    found, errors = first_view
    assert errors == []
    countries = {text.upper() for text in _kind(found, "country")}
    assert {"SYRIA", "TURKEY"} <= countries
    towns = _kind(found, "idlibmap-town-label")
    assert len(towns) >= 10, towns
    assert "Antakya" in towns


def test_reference_towns_never_cover_a_story_symbol_or_label(first_view):
    found, _ = first_view
    story = [label["box"] for label in found["labels"] if "idlibmap-basemap-label" not in label["cls"]]
    towns = [label for label in found["labels"] if "idlibmap-town-label" in label["cls"]]

    def overlap(a, b, inset=2):
        return a[0] + inset < b[2] and a[2] - inset > b[0] and a[1] + inset < b[3] and a[3] - inset > b[1]

    for town in towns:
        for other in story + found["symbols"]:
            assert not overlap(town["box"], other), town["text"]


def test_provinces_seas_and_rivers_are_named_in_the_first_view(first_view):
    found, _ = first_view
    assert {"Hatay"} <= set(_kind(found, "province"))
    assert "Mediterranean Sea" in _kind(found, "sea")
    assert "Orontes" in _kind(found, "river") or "Euphrates" in _kind(found, "river")


def test_a_phone_still_names_both_countries(built_map, tmp_path):
    found, errors = probe(built_map.html, tmp_path, "400,700")
    assert errors == []
    assert {"SYRIA", "TURKEY"} <= {text.upper() for text in _kind(found, "country")}


def test_an_article_map_names_its_capital_and_says_what_it_is(tmp_path, capsys):
    from idlibmap.cli import main

    out = tmp_path / "odesa.html"
    article = ROOT / "benchmarks" / "geoparse" / "articles" / "ukraine-odesa.txt"
    assert main(["build", "--article", str(article), "--out", str(out)]) == 0
    capsys.readouterr()
    found, errors = probe(out.read_text(encoding="utf-8"), tmp_path)
    assert errors == []
    places = _kind(found, "idlibmap-place-label")
    assert {"Kyiv", "Odesa", "Kharkiv"} <= set(places)
    assert "UKRAINE" in {text.upper() for text in _kind(found, "country")}
    assert "ukraine-odesa" not in found["title"] and found["asof"] == "Date not given in the article"


# Every article place in view, and the name shown beside it (visible, in the window, clear of the panels).
PLACE_PROBE = """<script>setTimeout(function () {
  var panels = [].map.call(document.querySelectorAll(".leaflet-control"),
    function (n) { return n.getBoundingClientRect(); }).filter(function (r) { return r.width && r.height; });
  function covered(r) {
    return panels.some(function (p) {
      return r.left < p.right && r.right > p.left && r.top < p.bottom && r.bottom > p.top;
    });
  }
  function box(node) {
    var r = node.getBoundingClientRect();
    if (!r.width || getComputedStyle(node).visibility === "hidden") return null;
    if (r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight) return null;
    return covered(r) ? null : [r.left, r.top, r.right, r.bottom];
  }
  var out = { places: [], names: [], panels: panels.map(function (r) { return [r.left, r.top, r.right, r.bottom]; }),
              frame: [0, 0, innerWidth, innerHeight], covered: [] };
  document.querySelectorAll(".leaflet-marker-icon.idlibmap-icon[title]").forEach(function (n) {
    var b = box(n);
    if (b) out.places.push({ name: n.getAttribute("title"), box: b });
    var r = n.getBoundingClientRect();
    if (!b && r.width && covered(r)) out.covered.push(n.getAttribute("title"));
  });
  document.querySelectorAll(".idlibmap-place-label").forEach(function (n) {
    var b = box(n);
    if (b) out.names.push({ name: n.textContent, box: b });
  });
  var pre = document.createElement("pre"); pre.id = "probe"; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}, 1500);</script>"""

ARTICLES = sorted((ROOT / "benchmarks" / "geoparse" / "articles").glob("*.txt"))


def _gap(a: list[float], b: list[float]) -> float:
    """The distance in px between two boxes (0 when they touch or overlap)."""
    return max(a[0] - b[2], b[0] - a[2], a[1] - b[3], b[1] - a[3], 0)


def _article_places(article: Path, tmp_path: Path, gazetteer) -> dict:
    from .conftest import build_map

    out = tmp_path / "article.html"
    build_map(None, out, gazetteer=gazetteer, article=article)
    page = tmp_path / "probe.html"
    page.write_text(out.read_text(encoding="utf-8") + PLACE_PROBE, encoding="utf-8")
    result = run_chromium(page, "--dump-dom", size="1280,800")
    found: dict = json.loads(html.unescape(result.stdout.split('<pre id="probe">', 1)[1].split("</pre>", 1)[0]))
    return found


def _never_twice_close_by(names: list[dict]) -> None:
    for number, name in enumerate(names):
        assert not any(other["name"] == name["name"] and _gap(other["box"], name["box"]) < 150
                       for other in names[number + 1:]), name["name"]


@pytest.mark.parametrize("article", ARTICLES[:4], ids=lambda path: path.stem)
def test_every_article_place_in_view_is_clear_of_the_panels_and_named_beside_it_once(article, tmp_path, gazetteer):
    found = _article_places(article, tmp_path, gazetteer)
    # places with room around them for a name on some side: 100 px from the frame's edges and the panels
    frame = found["frame"]
    roomy = [place for place in found["places"]
             if min(place["box"][0], place["box"][1], frame[2] - place["box"][2], frame[3] - place["box"][3]) > 100
             and all(_gap(place["box"], panel) > 100 for panel in found["panels"])]
    assert roomy, "no article place in the first view"
    assert found["covered"] == [], "article places under a panel in the first view"
    for place in roomy:  # its name beside it, on some side (a same-named neighbour's will do)
        assert any(name["name"] == place["name"] and _gap(name["box"], place["box"]) < 60 for name in found["names"]), \
            (place["name"], found["names"])
    _never_twice_close_by(found["names"])


def test_a_town_and_its_province_of_the_same_name_are_named_once(tmp_path, gazetteer):
    article = tmp_path / "idlib.txt"
    article.write_text("The Idlib governor said on Monday that fighting had spread.\n\n"
                       "In the city of Idlib, shops stayed shut. Convoys left Aleppo for Idlib.\n", encoding="utf-8")
    found = _article_places(article, tmp_path, gazetteer)
    assert [place["name"] for place in found["places"]].count("Idlib") == 2  # the city and the province
    assert [name["name"] for name in found["names"]].count("Idlib") == 1
    _never_twice_close_by(found["names"])
