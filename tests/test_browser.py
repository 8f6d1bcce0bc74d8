"""The built map in a real browser: headless Chromium with every remote request made to fail."""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM and not os.environ.get("CI"),
                       reason="Chromium not installed (CI installs Debian's chromium and runs this)"),
]


def run_chromium(page: Path, *action: str, size: str = "1280,800") -> subprocess.CompletedProcess:
    """Open ``page`` headless and offline (the proxy refuses everything); ``action`` is --dump-dom or --screenshot."""
    assert CHROMIUM, "chromium is not installed"
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
             "--virtual-time-budget=5000", "--enable-logging=stderr", "--v=0", f"--window-size={size}",
             "--hide-scrollbars", *action, page.as_uri()],
            capture_output=True, text=True, timeout=120, check=False,
        )


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "CONSOLE" in line]


PROBE = """<script>setTimeout(function () {
  var map = window.map_idlibmap;
  function done(value) {
    var text = JSON.stringify(value);
    if (window.parent !== window) { window.parent.postMessage("probe:" + text, "*"); return; }
    var out = document.createElement("pre"); out.id = "probe-result"; out.textContent = text;
    document.body.appendChild(out);
  }
  try { (function (map, done) { %s })(map, done); } catch (err) { done({ error: String(err) }); }
}, %d);</script>"""


def with_probe(page: str, script: str, delay: int = 400) -> str:
    """The page with ``script`` run ``delay`` ms after load as ``function (map, done)``; it calls ``done(value)``."""
    end = page.rindex("</html>")
    return page[:end] + PROBE % (script, delay) + page[end:]


def probe_result(dom: str) -> object:
    assert '<pre id="probe-result">' in dom, dom[-3000:]
    return json.loads(html.unescape(dom.split('<pre id="probe-result">', 1)[1].split("</pre>", 1)[0]))


def probe(page: str, folder: Path, script: str, size: str = "1280,800", delay: int = 400) -> object:
    """Run ``script`` in the built map ``page`` (a standalone window of ``size``); return what it passed to done."""
    path = folder / "probe.html"
    path.write_text(with_probe(page, script, delay), encoding="utf-8")
    result = run_chromium(path, "--dump-dom", size=size)
    assert result.returncode == 0, result.stderr[-2000:]
    return probe_result(result.stdout)


ARTICLE_COPY = "<p>" + "Body copy of a news article, here to show how the map sits in a column of text. " * 6 + "</p>"


def article_page(snippet: str, width: int) -> str:
    """A mock news page: the embed snippet between paragraphs in a column ``width`` px wide; what the map
    page posts as "probe:…" is written into the page as <pre id="probe-result">."""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Article</title></head>'
            f'<body style="margin:0 auto;width:{width}px;font:18px Georgia">{ARTICLE_COPY}{snippet}{ARTICLE_COPY}'
            '<script>addEventListener("message", function (e) {'
            ' if (String(e.data).indexOf("probe:") !== 0) return;'
            ' var out = document.createElement("pre"); out.id = "probe-result";'
            ' out.textContent = String(e.data).slice(6); document.body.appendChild(out); });</script>'
            "</body></html>")


def probe_embedded(map_page: str, snippet: str, folder: Path, width: int, script: str, delay: int = 1500) -> object:
    """Run ``script`` in the map as the embed snippet frames it in a mock article ``width`` px wide."""
    (folder / "idlib_map.html").write_text(with_probe(map_page, script, delay), encoding="utf-8")
    page = folder / "article.html"
    page.write_text(article_page(snippet, width), encoding="utf-8")
    result = run_chromium(page, "--dump-dom", size=f"{width + 40},1400")
    assert result.returncode == 0, result.stderr[-2000:]
    return probe_result(result.stdout)


@pytest.fixture(scope="module")
def rendered(built_map) -> tuple[str, str]:
    result = run_chromium(built_map.html_path, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout, result.stderr


def test_no_console_errors(rendered):
    _, stderr = rendered
    assert console_messages(stderr) == []


def test_leaflet_map_and_every_layer_are_in_the_dom(rendered):
    dom, _ = rendered
    assert 'class="folium-map leaflet-container' in dom
    for name in ("Basemap: land, provinces, water, towns", "Places in the story", "Turkish observation posts",
                 "Refugee flows", "Borders", "Who held what, 2 March 2020", "Front line, 2 March 2020"):
        assert f"<span> {name}</span>" in dom, name


def test_panels_labels_and_symbols_are_drawn(rendered):
    dom, _ = rendered
    assert "Idlib, 2 March 2020" in dom and "Sources and method" in dom and "Legend" in dom
    assert "≈560,000 to north-west Idlib (UN)" in dom
    assert 'class="leaflet-tooltip idlibmap-place-label' in dom  # permanent place names
    assert dom.count('class="leaflet-marker-icon idlibmap-icon') >= 10  # place dots and point symbols
    assert 'class="leaflet-control-scale' in dom


def test_popup_shows_what_when_and_source(built_map, tmp_path):
    page = tmp_path / "popup.html"
    opener = """<script>setTimeout(function () {
      for (var key in window) {
        if (key.indexOf("map_") !== 0 || !window[key].eachLayer) continue;
        window[key].eachLayer(function (layer) {
          var p = layer.feature && layer.feature.properties;
          if (p && p.name === "Saraqeb" && p.section === "places" && layer.openPopup) layer.openPopup();
        });
      }
    }, 100);</script>"""
    page.write_text(built_map.html + opener, encoding="utf-8")
    result = run_chromium(page, "--dump-dom")
    dom = result.stdout
    assert 'class="idlibmap-card"' in dom
    card = dom[dom.index('class="idlibmap-card"'):]
    for text in ("<h3>Saraqeb</h3>", "as of 2 March 2020", "Al Jazeera and news agencies", "GeoNames 164816"):
        assert text in card[:2000], text


@pytest.mark.parametrize("size", ["1280,800", "400,700"])
def test_screenshot_is_not_blank(built_map, tmp_path, size):
    shot = tmp_path / "shot.png"
    result = run_chromium(built_map.html_path, f"--screenshot={shot}", size=size)
    assert result.returncode == 0 and shot.exists(), result.stderr[-2000:]
    image = Image.open(shot).convert("RGB")
    assert image.size == tuple(int(v) for v in size.split(","))
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 200  # land, sea, borders, symbols, text
    sea, land = (201, 220, 234), (233, 220, 192)
    counts = {colour: count for count, colour in colours}
    assert counts.get(sea, 0) > 0.005 * image.width * image.height  # a phone's first view is mostly land
    assert counts.get(land, 0) > 0.05 * image.width * image.height


def test_the_console_check_sees_script_errors(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text("<html><body><script>missingFunction();</script></body></html>", encoding="utf-8")
    messages = console_messages(run_chromium(page, "--dump-dom").stderr)
    assert any("missingFunction is not defined" in m for m in messages)


@pytest.mark.parametrize("size", ["1280,800", "400,700"])
def test_front_line_and_flow_labels_show_in_the_first_view(built_map, tmp_path, size):
    """Essential labels are never hidden for want of room among symbols; they stay clear of other labels."""
    page = tmp_path / "labels.html"
    probe = """<script>setTimeout(function () {
      for (var key in window) if (key.indexOf("map_") === 0 && window[key].invalidateSize) {
        window[key].invalidateSize(); window[key].fire("moveend"); }
      setTimeout(function () {
        var shown = [];
        document.querySelectorAll(".idlibmap-line-label span, .idlibmap-flow-label span").forEach(function (n) {
          var r = n.getBoundingClientRect();
          if (n.parentNode.style.visibility !== "hidden" && n.style.visibility !== "hidden" && r.width &&
              r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight) shown.push(n.textContent);
        });
        var out = document.createElement("pre"); out.id = "shown"; out.textContent = JSON.stringify(shown);
        document.body.appendChild(out);
      }, 200);
    }, 300);</script>"""
    page.write_text(built_map.html + probe, encoding="utf-8")
    dom = run_chromium(page, "--dump-dom", size=size).stdout
    shown = json.loads(html.unescape(dom.split('<pre id="shown">', 1)[1].split("</pre>", 1)[0]))
    assert "Front line, 2 March" in shown
    assert "≈560,000 to north-west Idlib (UN)" in shown


# --------------------------------------------------------------------------- panels, keys, popups, contrast

def test_a_wide_window_shows_the_panels_and_a_small_one_folds_them(built_map, tmp_path):
    script = """var c = map.getContainer();
      function shown(selector) { var n = c.querySelector(selector); return Boolean(n && n.getClientRects().length); }
      done({ compact: c.classList.contains("idlibmap-compact"), title: shown(".idlibmap-title h1"),
             summary: shown(".idlibmap-summary"), inset: shown(".idlibmap-locator-map"),
             legend: c.querySelector(".idlibmap-legend details").open,
             button: c.querySelector(".idlibmap-legend summary").textContent,
             titleHeight: c.querySelector(".idlibmap-title").getBoundingClientRect().height });"""
    wide = probe(built_map.html, tmp_path, script, size="1280,800")
    assert wide["compact"] is False and wide["title"] and wide["summary"] and wide["inset"] and wide["legend"]
    assert wide["button"] == "Legend"
    phone = probe(built_map.html, tmp_path, script, size="400,700")
    assert phone["compact"] is True and phone["title"] and not phone["summary"] and not phone["inset"]
    assert not phone["legend"] and phone["button"] == "Key"
    assert phone["titleHeight"] < 32, "one line of title on a page of its own"


FOCUSABLE = """function focusable() {
  return Array.prototype.filter.call(document.querySelectorAll("a[href], button, summary, input, [tabindex]"),
    function (n) {
      if (n.tabIndex < 0 || n.closest("details:not([open]) > :not(summary)")) return false;
      var s = getComputedStyle(n);
      return s.visibility !== "hidden" && s.display !== "none" &&
        (n.getClientRects().length || n.tagName === "SUMMARY");
    });
}"""


def test_controls_come_first_in_the_tab_order(built_map, tmp_path):
    script = FOCUSABLE + """
      var order = focusable(), c = map.getContainer();
      done(order.map(function (n) {
        return n === c ? "map" : n.closest(".leaflet-control-container") ? "control" :
          n.closest(".leaflet-marker-pane") ? "marker" : "other:" + n.className;
      }));"""
    for size in ("1280,800", "400,700"):
        order = probe(built_map.html, tmp_path, script, size=size)
        assert order[0] == "map", "the map itself, then its controls"
        assert "marker" in order and "control" in order
        first_marker = order.index("marker")
        assert "control" not in order[first_marker:], order
        assert order[1:first_marker] == ["control"] * (first_marker - 1), order


def test_every_feature_is_in_a_keyboard_list_that_opens_its_own_popup(built_map, tmp_path):
    script = """map._zoomAnimated = false;
      var summary = document.querySelector(".idlibmap-features summary"), out = {};
      var box = summary.closest(".idlibmap-features"), hidden = box.getBoundingClientRect();
      summary.focus();
      var focused = box.getBoundingClientRect();
      out.hiddenUntilFocused = hidden.width <= 1 && focused.width > 20;
      var popups = 0;
      map.eachLayer(function (l) { if (l.feature && l.getPopup && l.getPopup()) popups++; });
      out.features = popups;
      summary.click();
      setTimeout(function () {
        var buttons = Array.prototype.slice.call(document.querySelectorAll(".idlibmap-feature-groups button"));
        out.buttons = buttons.length;
        out.opened = [];
        ["Front line", "Opposition-held Idlib (HTS-dominated, with the Turkish-backed NFL)",
         "Displaced towards the camps along the Turkish border", "Morek post"].forEach(function (name) {
          var button = buttons.filter(function (b) { return b.textContent === name; })[0];
          if (!button) { out.opened.push("missing " + name); return; }
          if (!button.closest("details").open) document.querySelector(".idlibmap-features details").open = true;
          button.click();
          var card = map._popup && map._popup.getElement();
          out.opened.push([card && card.querySelector("h3").textContent,
                           card && card.contains(document.activeElement)]);
          document.activeElement.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
          out.opened.push(["back", document.activeElement === button, !map._popup || !map.hasLayer(map._popup)]);
        });
        done(out);
      }, 100);"""
    for size in ("1280,800", "400,700"):
        result = probe(built_map.html, tmp_path, script, size=size)
        assert result["hiddenUntilFocused"], "out of sight until it has the focus, like a skip link"
        assert result["buttons"] == result["features"] >= 60
        for name in ("Front line", "Opposition-held Idlib (HTS-dominated, with the Turkish-backed NFL)",
                     "Displaced towards the camps along the Turkish border", "Morek post"):
            index = result["opened"].index([name, True])
            assert result["opened"][index + 1] == ["back", True, True], (size, name)


POPUPS_CLEAR = """map._zoomAnimated = false;
  var layers = [], bad = [], checked = 0, home = map.getCenter(), zoom = map.getZoom();
  map.eachLayer(function (l) { if (l.feature && l.getPopup && l.getPopup()) layers.push(l); });
  function hit(a, b) { return a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top; }
  layers.forEach(function (layer) {
    map.closePopup();
    map.setView(home, zoom, { animate: false });
    layer.openPopup(layer.getLatLng ? layer.getLatLng() : layer.getCenter());
    var node = layer.getPopup().getElement(), m = map.getContainer().getBoundingClientRect();
    var r = node.getBoundingClientRect(), card = { left: r.left, top: r.top, right: r.right, bottom: r.bottom + 18 };
    var panels = Array.prototype.map.call(document.querySelectorAll(".leaflet-control"), function (n) {
      return n.getBoundingClientRect(); }).filter(function (b) { return b.width && b.height; });
    checked++;
    var over = panels.filter(function (b) { return hit(card, b); }).length;
    var outside = card.left < m.left || card.top < m.top || card.right > m.right || card.bottom > m.bottom;
    if (over || outside) bad.push([layer.feature.properties.name, over, outside]);
  });
  done({ checked: checked, bad: bad });"""


@pytest.mark.parametrize("size", ["400,700", "800,600", "1280,800"])
def test_every_popup_opens_clear_of_every_panel(built_map, tmp_path, size):
    result = probe(built_map.html, tmp_path, POPUPS_CLEAR, size=size)
    assert result["checked"] >= 60
    assert result["bad"] == []


def test_show_the_whole_story_then_back_to_the_first_view(built_map, tmp_path):
    script = """var b = document.querySelector(".idlibmap-whole"), z = map.getZoom(), out = [b.textContent];
      b.click(); out.push(b.textContent, map.getZoom() < z - 2);
      b.click(); out.push(b.textContent, map.getZoom() === z);
      done(out);"""
    assert probe(built_map.html, tmp_path, script) == [
        "Show the whole story", "Back to the first view", True, "Show the whole story", True]


CONTRAST = r"""
  function parse(c) { var p = c.match(/[\d.]+/g).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; }
  function over(top, base) {
    var a = top[3];
    return [0, 1, 2].map(function (i) { return top[i] * a + base[i] * (1 - a); });
  }
  function lum(c) {
    var v = c.map(function (x) { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  }
  function ground(node) {  /* the backgrounds behind the text, over white (panels and halos are near white) */
    var layers = [];
    for (var n = node; n && n.nodeType === 1; n = n.parentElement) {
      var c = parse(getComputedStyle(n).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    return layers.reverse().reduce(function (base, top) { return over(top, base); }, [255, 255, 255]);
  }
  function contrasts(selector) {
    var low = [];
    document.querySelectorAll(selector).forEach(function (n) {
      var own = Array.prototype.some.call(n.childNodes, function (t) {
        return t.nodeType === 3 && t.textContent.trim();
      });
      var s = getComputedStyle(n);
      if (!own || !n.getClientRects().length || s.visibility === "hidden") return;
      /* A label with a white halo reads against the halo; other text against what lies behind it. */
      var back = /rgb\(255, 255, 255\)/.test(s.textShadow) ? [255, 255, 255] : ground(n);
      var a = lum(over(parse(s.color), back)), b = lum(back);
      var ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < 4.5) low.push([n.textContent.trim().slice(0, 40), s.color, ratio.toFixed(2)]);
    });
    return low;
  }"""


@pytest.mark.parametrize("size", ["1280,800", "400,700"])
def test_text_and_labels_have_a_contrast_of_at_least_4_5(built_map, tmp_path, size):
    script = CONTRAST + """
      document.querySelectorAll(".leaflet-control details").forEach(function (d) { d.open = true; });
      setTimeout(function () {
        var selector = ".leaflet-control *, .leaflet-marker-pane span, .leaflet-tooltip span, " +
          ".idlibmap-basemap-label span";
        done({ checked: document.querySelectorAll(selector).length, low: contrasts(selector) });
      }, 100);"""
    result = probe(built_map.html, tmp_path, script, size=size)
    assert result["checked"] > 100
    assert result["low"] == []
