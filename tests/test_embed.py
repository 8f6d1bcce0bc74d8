"""The embed snippet: a responsive iframe with the alt text as fallback and description."""

from __future__ import annotations

import os
from html.parser import HTMLParser

import pytest

from idlibmap.render.embed import embed_snippet

from . import test_browser
from .test_browser import probe_embedded


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def parsed(snippet: str) -> Elements:
    parser = Elements()
    parser.feed(snippet)
    return parser


def test_the_built_snippet_frames_the_map_and_describes_it(static_build):
    snippet = (static_build / "idlib_map.embed.html").read_text(encoding="utf-8")
    elements = parsed(snippet)
    iframes = [attrs for tag, attrs in elements.found if tag == "iframe"]
    assert len(iframes) == 1
    frame = iframes[0]
    assert frame["src"] == "./idlib_map.html" and frame["title"].startswith("Map: Idlib, 2 March 2020")
    described = frame["aria-describedby"]
    assert any(attrs.get("id") == described for _, attrs in elements.found)
    links = [attrs["href"] for tag, attrs in elements.found if tag == "a"]
    assert "./idlib_map.html" in links and "./idlib_map.png" in links and "./idlib_map.sources.txt" in links
    assert "north-western Syria" in snippet


def test_the_frame_keeps_its_aspect_ratio_on_any_width():
    snippet = embed_snippet("T", "m.html", "A map.")
    assert "aspect-ratio: 4 / 3" in snippet and "padding-bottom: 75.00%" in snippet
    assert "@media (max-width: 600px)" in snippet and "aspect-ratio: 4 / 5" in snippet
    assert "position: absolute" in snippet and "width: 100%; height: 100%" in snippet


def test_user_text_is_escaped():
    snippet = embed_snippet('Title <script>x</script> "q"', "a b&c.html", "Alt <b>bold</b>", None)
    assert "<script>" not in snippet and "<b>" not in snippet
    assert 'src="./a%20b%26c.html"' in snippet
    assert "static image" not in snippet, "no PNG link unless a PNG was built"


# --------------------------------------------------------------------------- in a real browser, in an article

browser = pytest.mark.skipif(not test_browser.CHROMIUM and not os.environ.get("CI"), reason="Chromium not installed")

# The share of the embedded map covered by what is not the map: 40 × 30 points across it, each covered when
# what is drawn there is neither the map's container nor inside its map pane (as the judges' tool measures).
COVER = """var m = map.getContainer(), r = m.getBoundingClientRect(), n = 0, c = 0;
  for (var i = 0; i < 40; i++) for (var j = 0; j < 30; j++) {
    var e = document.elementFromPoint(r.left + (i + 0.5) * r.width / 40, r.top + (j + 0.5) * r.height / 30);
    n++;
    if (e && e !== m && !e.closest(".leaflet-map-pane")) c++;
  }
  return { cover: c / n, width: r.width, classes: m.className,
           title: Boolean(m.querySelector(".idlibmap-title").getClientRects().length) };"""


@pytest.fixture(scope="module")
def embed_parts(static_build) -> tuple[str, str]:
    page = (static_build / "idlib_map.html").read_text(encoding="utf-8")
    return page, (static_build / "idlib_map.embed.html").read_text(encoding="utf-8")


@browser
@pytest.mark.parametrize("width", [720, 400])
def test_in_an_article_column_the_panels_cover_at_most_a_fifth_of_the_map(embed_parts, tmp_path, width):
    page, snippet = embed_parts
    script = f"""function cover() {{ {COVER} }}
      var folded = cover();
      document.querySelector(".idlibmap-legend summary").click();
      setTimeout(function () {{ done({{ folded: folded, open: cover() }}); }}, 100);"""
    result = probe_embedded(page, snippet, tmp_path, width, script)
    folded = result["folded"]
    assert folded["width"] == pytest.approx(width, abs=1)
    assert "idlibmap-compact" in folded["classes"] and "idlibmap-framed" in folded["classes"]
    assert not folded["title"], "the embed's caption carries the title"
    assert folded["cover"] <= 0.20, folded
    assert result["open"]["cover"] > 0.3, "the measure sees an open sheet"


@browser
def test_key_and_sources_open_as_closable_sheets_with_every_row_and_source(embed_parts, tmp_path, default_model):
    page, snippet = embed_parts
    script = """var out = {}, key = document.querySelector(".idlibmap-legend summary");
      var sources = document.querySelector(".idlibmap-sources summary");
      out.buttons = [key.textContent, sources.textContent];
      key.click();
      setTimeout(function () {
        var sheet = document.querySelector(".idlibmap-legend .idlibmap-sheet");
        out.rows = Array.prototype.map.call(sheet.querySelectorAll(".idlibmap-legend-row span"),
                                            function (s) { return s.textContent; });
        out.sheetWide = sheet.getBoundingClientRect().width > innerWidth * 0.8;
        sheet.querySelector(".idlibmap-close").click();
        out.closedByButton = !key.parentNode.open && document.activeElement === key;
        sources.click();
        setTimeout(function () {
          out.sources = document.querySelectorAll(".idlibmap-sources .idlibmap-source-list > li").length;
          out.keyClosed = !key.parentNode.open;
          document.querySelector(".idlibmap-sources .idlibmap-close").focus();
          document.activeElement.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
          out.closedByEscape = !sources.parentNode.open && document.activeElement === sources;
          done(out);
        }, 100);
      }, 100);"""
    result = probe_embedded(page, snippet, tmp_path, 400, script)
    assert result["buttons"] == ["Key", "Sources"]
    labels = [entry["label"] for group in default_model.legend_groups() for entry in group["entries"]]
    assert result["rows"] == labels and result["sheetWide"]
    assert result["closedByButton"] and result["closedByEscape"]
    assert result["sources"] == len(default_model.sources)


@browser
def test_the_wheel_scrolls_the_article_until_the_map_is_clicked_or_ctrl_is_held(embed_parts, tmp_path):
    page, snippet = embed_parts
    script = """map._zoomAnimated = false;  /* --dump-dom draws no animation frames */
      var c = map.getContainer(), r = c.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
      var z = map.getZoom(), out = {};
      function wheel(ctrl) {
        var e = new WheelEvent("wheel", { deltaY: -240, clientX: x, clientY: y, ctrlKey: ctrl, bubbles: true,
                                          cancelable: true });
        document.elementFromPoint(x, y).dispatchEvent(e);
        return e.defaultPrevented;
      }
      out.plainPrevented = wheel(false);
      setTimeout(function () {
        out.plainZoom = map.getZoom() - z;
        out.hint = document.querySelector(".idlibmap-hint.idlibmap-hint-shown").textContent;
        out.ctrlPrevented = wheel(true);
        setTimeout(function () {
          out.ctrlZoom = map.getZoom() - z;
          document.elementFromPoint(x, y).dispatchEvent(new MouseEvent("mousedown", { bubbles: true }));
          out.afterClick = map.scrollWheelZoom.enabled();
          c.dispatchEvent(new MouseEvent("mouseleave"));
          out.afterLeaving = map.scrollWheelZoom.enabled();
          done(out);
        }, 300);
      }, 300);"""
    result = probe_embedded(page, snippet, tmp_path, 720, script)
    assert result["plainPrevented"] is False and result["plainZoom"] == 0, "the article scrolls"
    assert result["hint"] == "Use Ctrl + scroll to zoom the map"
    assert result["ctrlPrevented"] is True and result["ctrlZoom"] > 0
    assert result["afterClick"] is True and result["afterLeaving"] is False


@browser
def test_one_finger_scrolls_the_article_and_two_fingers_move_the_map(embed_parts, tmp_path):
    page, snippet = embed_parts
    script = """var c = map.getContainer(), target = c.querySelector(".leaflet-idlibmap-control-pane path"), heard = [];
      c.addEventListener("touchstart", function (e) { heard.push(e.touches.length); });
      function touches(n) {
        var list = [];
        for (var i = 0; i < n; i++) {
          list.push(new Touch({ identifier: i, target: target, clientX: 200 + 20 * i, clientY: 200 }));
        }
        target.dispatchEvent(new TouchEvent("touchstart", { touches: list, targetTouches: list, changedTouches: list,
                                                            bubbles: true, cancelable: true }));
      }
      touches(1); touches(2);
      done({ heard: heard, touchAction: getComputedStyle(c).touchAction });"""
    result = probe_embedded(page, snippet, tmp_path, 400, script)
    assert result["touchAction"] == "pan-x pan-y", "the browser scrolls the page under one finger"
    assert result["heard"] == [2], "Leaflet hears two fingers, never one"
