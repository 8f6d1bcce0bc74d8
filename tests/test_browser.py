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
    assert counts.get(sea, 0) > 0.02 * image.width * image.height
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
