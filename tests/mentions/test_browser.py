"""The map of many articles in headless Chromium: the time control filters circles, shades and popups by date,
text stays text, and the page requests nothing from any network."""

from __future__ import annotations

import pytest
from PIL import Image

from idlibmap import styles
from idlibmap.pipeline import build
from idlibmap.render.embed import embed_snippet

from ..test_browser import CHROMIUM, console_messages, probe, probe_embedded, run_chromium
from ..test_embed import COVER
from .rows import feed, row, write_jsonl

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM, reason="Chromium not installed (CI installs Debian's chromium and runs this)"),
]

PAYLOAD = '<img src=x onerror="document.title=1">'

# Any request the page makes (file, http, anything) breaks this policy and is recorded, whatever its scheme.
WATCH_REQUESTS = (
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src \'unsafe-inline\' data:; '
    'style-src \'unsafe-inline\'; img-src data:; font-src data:">'
    '<script>window.requests = []; document.addEventListener("securitypolicyviolation", function (e) {'
    ' window.requests.push(e.violatedDirective + " " + e.blockedURI); });</script>')


@pytest.fixture(scope="module")
def page(tmp_path_factory, gazetteer):
    folder = tmp_path_factory.mktemp("mentions-browser")
    rows = feed() + [row("x1", "Damascus", "2020-03-05", title=PAYLOAD, url="javascript:alert(1)",
                         sentence=PAYLOAD, source=PAYLOAD)]
    built = build(mentions=write_jsonl(folder / "rows.jsonl", rows), gazetteer=gazetteer)
    built.save(folder / "news.html", ("html",))
    text = (folder / "news.html").read_text(encoding="utf-8")
    return text.replace("<head>", "<head>" + WATCH_REQUESTS, 1), folder


STEPS = """
  var box = document.querySelector(".idlibmap-time"), choice = box.querySelector("select");
  var slider = box.querySelector("input[type=range]"), text = box.querySelector("output");
  function layerOf(name) {
    var found = null;
    map.eachLayer(function (l) { if (l.feature && l.feature.properties.name === name && l.setRadius) found = l; });
    return found;
  }
  function state() {
    var idlib = layerOf("Idlib");
    return { circles: document.querySelectorAll("path.idlibmap-mention").length,
             countries: document.querySelectorAll("path.idlibmap-mention-country").length,
             idlib: idlib && map.hasLayer(idlib) ? idlib.getRadius() : 0, text: text.textContent,
             slider: slider.disabled ? "disabled" : slider.value };
  }
  function set(windowName, day) {
    choice.value = windowName; choice.dispatchEvent(new Event("change"));
    if (day !== null) { slider.value = day; slider.dispatchEvent(new Event("input")); }
    return state();
  }
  var out = { all: state() };
  out.day7 = set("day", 6);
  out.day1 = set("day", 0);
  var idlib = layerOf("Idlib");
  idlib.openPopup();
  out.popupDay1 = idlib.getPopup().getElement().querySelector(".leaflet-popup-content").textContent;
  map.closePopup();
  out.week = set("week", 6);
  out.day5 = set("day", 4);
  var damascus = layerOf("Damascus");
  damascus.openPopup();
  var content = damascus.getPopup().getElement().querySelector(".leaflet-popup-content");
  out.popupDay5 = { text: content.textContent, links: content.querySelectorAll("a").length,
                    images: content.querySelectorAll("img").length };
  map.closePopup();
  out.back = set("all", null);
  set("day", 0);
  var play = box.querySelector(".idlibmap-time-play");
  play.click();
  out.pressed = play.getAttribute("aria-pressed");
  setTimeout(function () {
    out.played = state();
    play.click();
    out.paused = play.getAttribute("aria-pressed");
    var loaded = performance.getEntriesByType("resource").map(function (e) { return e.name; });
    out.requests = window.requests.concat(loaded);
    out.title = document.title;
    done(out);
  }, 1900);
"""


@pytest.fixture(scope="module")
def report(page):
    text, folder = page
    return probe(text, folder, STEPS, delay=600)


def test_all_dates_show_every_circle_and_shaded_country(report):
    assert report["all"]["circles"] == 4 and report["all"]["countries"] == 1
    assert report["all"]["slider"] == "disabled"
    assert report["all"]["text"] == "All dates, 1 March 2020 – 7 March 2020 · 6 articles"
    assert report["back"]["circles"] == 4 and report["back"]["text"] == report["all"]["text"]


def test_a_day_shows_only_the_places_named_that_day(report):
    day7, day1 = report["day7"], report["day1"]
    assert (day7["circles"], day7["countries"]) == (3, 0)  # Idlib, Aleppo, Damascus; Turkey not named that day
    assert (day1["circles"], day1["countries"]) == (2, 1)  # Idlib and Saraqib, and Turkey
    assert day7["text"] == "7 March 2020 · 2 articles" and day1["text"] == "1 March 2020 · 1 article"
    assert 0 < day1["idlib"] < report["all"]["idlib"]  # one article of four: a smaller circle


def test_a_moving_week_counts_the_articles_within_it(report):
    assert report["week"]["circles"] == 4 and report["week"]["text"] == "1 March 2020 – 7 March 2020 · 6 articles"
    assert report["week"]["idlib"] == report["all"]["idlib"]
    assert report["day5"]["text"] == "5 March 2020 · 1 article" and report["day5"]["circles"] == 1


def test_popups_list_only_the_articles_of_the_dates_shown_as_text(report):
    assert "1 article, 1 March 2020" in report["popupDay1"] and "Report a1" in report["popupDay1"]
    assert "Report a4" not in report["popupDay1"]
    popup = report["popupDay5"]
    assert popup["text"].count(PAYLOAD) == 3 and popup["links"] == 0 and popup["images"] == 0
    assert report["title"] != "1"


def test_play_moves_the_window_a_day_at_a_time_and_pauses(report):
    assert report["pressed"] == "true" and report["paused"] == "false"
    assert int(report["played"]["slider"]) >= 1


def test_the_page_makes_no_request_of_any_kind(report):
    assert report["requests"] == []


def test_it_works_offline_at_phone_size_with_no_console_errors(page, tmp_path):
    text, _ = page
    path = tmp_path / "news.html"
    path.write_text(text, encoding="utf-8")
    result = run_chromium(path, "--dump-dom", size="400,700")
    assert result.returncode == 0
    assert [m for m in console_messages(result.stderr) if "error" in m.lower()] == []
    assert 'class="idlibmap-panel idlibmap-time' in result.stdout


def test_the_request_watch_sees_a_request(page, tmp_path):
    """The watch above is not blind: an image the page would fetch from the web is recorded."""
    text, folder = page
    fetching = text.replace("</body>", '<img src="https://news.example/pixel.png"></body>', 1)
    result = probe(fetching, tmp_path, "done(window.requests);", delay=200)
    assert any("https://news.example/pixel.png" in request for request in result)  # type: ignore[union-attr]


def test_a_busy_place_counts_every_article_and_lists_a_few(tmp_path, gazetteer):
    rows = [row(f"c{i}", "Idlib", "2020-03-01") for i in range(1200)] + [row("d", "Aleppo", "2020-03-02")]
    built = build(mentions=write_jsonl(tmp_path / "rows.jsonl", rows), gazetteer=gazetteer)
    built.save(tmp_path / "busy.html", ("html",))
    script = """
      map.eachLayer(function (l) {
        if (l.feature && l.feature.properties.name === "Idlib" && l.setRadius) l.openPopup();
      });
      var popup = document.querySelector(".idlibmap-mention-card");
      done({ text: popup.textContent, listed: popup.querySelectorAll("li").length,
             control: document.querySelector(".idlibmap-time output").textContent });
    """
    result = probe((tmp_path / "busy.html").read_text(encoding="utf-8"), tmp_path, script)
    assert "1,200 articles" in result["text"] and "and 1,195 more articles" in result["text"]  # type: ignore[index]
    assert result["listed"] == 5  # type: ignore[index]  # the page carries five a day
    assert result["control"].endswith("· 1,201 articles")  # type: ignore[index]


PHONE = """
  var frame = map.getContainer().getBoundingClientRect();
  var circles = [];
  map.eachLayer(function (l) {
    if (l.feature && l.setRadius && l.feature.properties.symbol === "mention") circles.push(l);
  });
  var order = Array.prototype.map.call(document.querySelectorAll("path.idlibmap-mention"), function (path) {
    var found = circles.filter(function (c) { return c.getElement() === path; })[0];
    return found ? found.getRadius() : -1;
  });
  var labels = Array.prototype.filter.call(document.querySelectorAll(".idlibmap-place-label"), function (n) {
    return getComputedStyle(n).visibility !== "hidden";
  }).map(function (n) {
    var r = n.getBoundingClientRect();
    return { text: n.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
  });
  var busiest = circles.slice().sort(function (a, b) { return b.getRadius() - a.getRadius(); })[0];
  busiest.openPopup();
  var popup = document.querySelector(".idlibmap-mention-popup").getBoundingClientRect();
  var card = document.querySelector(".idlibmap-mention-card");
  done({ width: frame.width, height: frame.height, largest: busiest.getRadius(), order: order, labels: labels,
         popup: { left: popup.left, right: popup.right }, scrolls: card.scrollHeight > card.clientHeight,
         overflow: getComputedStyle(card).overflowY });
"""


LONG_NAME = "Singapore Strait shipping lane"  # at the east end: on a phone, its right runs out of the frame


def far(article: str, name: str, lat: float, lon: float, date: str) -> dict:
    """A row naming a place of the feed's own (not one of rows.PLACES)."""
    data = row(article, "Idlib", date, mention=name, place_id=f"idlibmap:city:{name}", geonames_id=None,
               country_code=None, lat=lat, lon=lon, title=f"A long title for {name} " * 6)
    return data | {"name": name}


@pytest.fixture(scope="module")
def world(tmp_path_factory, gazetteer):
    """A feed from Caracas to Bamako to Idlib and Yangon: the first view is most of the world."""
    folder = tmp_path_factory.mktemp("mentions-world")
    rows = [far(f"{name}{i}", name, lat, lon, f"2020-03-0{1 + i % 7}") for i in range(40)
            for name, lat, lon, every in (("Caracas", 10.49, -66.88, 1), ("Bamako", 12.65, -8.0, 2),
                                          ("Yangon", 16.8, 96.15, 3), ("Kayes", 14.45, -11.43, 4),
                                          (LONG_NAME, 1.2, 103.9, 3))
            if i % every == 0]
    rows += [row(f"s{i}", name, f"2020-03-0{1 + i % 7}") for i in range(30) for name in ("Idlib", "Aleppo", "Turkey")
             if i % (3 if name == "Aleppo" else 1) == 0]
    built = build(mentions=write_jsonl(folder / "rows.jsonl", rows), gazetteer=gazetteer)
    built.save(folder / "world.html", ("html",))
    return (folder / "world.html").read_text(encoding="utf-8")


def test_on_a_phone_circles_shrink_stack_small_on_big_and_names_and_popups_stay_in_the_frame(world, tmp_path):
    snippet = ('<iframe src="idlib_map.html" title="map" '
               'style="display:block;border:0;width:400px;height:700px"></iframe>')
    phone = probe_embedded(world, snippet, tmp_path, 400, PHONE)
    assert (phone["width"], phone["height"]) == (400, 700)  # laid out as a phone lays it out
    assert phone["largest"] <= styles.MENTION_MAX_RADIUS * 400 / styles.MENTION_FULL_SIZE + 0.01  # smaller circles
    circles = [r for r in phone["order"] if r >= 0]
    assert len(circles) == 7 and circles == sorted(circles, reverse=True)  # the largest drawn first, below
    assert phone["labels"], "no place is named"
    for label in phone["labels"]:
        assert label["left"] >= 0 and label["right"] <= 400 and label["top"] >= 0 and label["bottom"] <= 700, label
    assert phone["popup"]["left"] >= 0 and phone["popup"]["right"] <= 400  # no wider than the screen
    assert phone["overflow"] == "auto" and phone["scrolls"]  # its long list scrolls inside it


def test_on_a_wide_screen_circles_keep_their_full_size(world, tmp_path):
    wide = probe(world, tmp_path, PHONE, size="1280,800")
    assert min(wide["width"], wide["height"]) >= styles.MENTION_FULL_SIZE  # type: ignore[index]
    assert wide["largest"] == pytest.approx(styles.MENTION_MAX_RADIUS, abs=0.01)  # type: ignore[index]


# --------------------------------------------------------------------------- names next to their circles

NAMES = """
  var o = map.getContainer().getBoundingClientRect(), names = [];
  map.eachLayer(function (l) {
    if (!l.feature || !l.setRadius || !l.getTooltip() || !l.isTooltipOpen()) return;
    var node = l.getTooltip().getElement();
    if (!node || getComputedStyle(node).visibility === "hidden") return;
    var box = node.getBoundingClientRect(), c = map.latLngToContainerPoint(l.getLatLng());
    names.push({ text: node.textContent, x: c.x + o.left, y: c.y + o.top, r: l.getRadius(), left: box.left,
                 right: box.right, top: box.top, bottom: box.bottom });
  });
  var panels = Array.prototype.map.call(document.querySelectorAll(".leaflet-control"), function (n) {
    var r = n.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, name: n.className };
  }).filter(function (b) { return b.right > b.left && b.bottom > b.top; });
"""


def gap(name: dict) -> float:
    """Pixels between a name's box and the edge of its circle (0 when they touch or overlap)."""
    dx = max(name["left"] - name["x"], 0, name["x"] - name["right"])
    dy = max(name["top"] - name["y"], 0, name["y"] - name["bottom"])
    return max(0.0, (dx * dx + dy * dy) ** 0.5 - name["r"])


def test_on_a_phone_every_name_starts_next_to_its_circle(world, tmp_path):
    """A long name whose right runs out of the frame is not drawn far off to the left of its circle (over the
    sea, or other places); it goes above or below it, or waits for more room."""
    snippet = ('<iframe src="idlib_map.html" title="map" '
               'style="display:block;border:0;width:400px;height:700px"></iframe>')
    result = probe_embedded(world, snippet, tmp_path, 400, NAMES + "done({ names: names });")
    names = result["names"]
    assert {"Caracas", "Idlib"} <= {n["text"] for n in names}, names
    for name in names:
        assert gap(name) <= 10, name  # beside its circle
        # where a reader starts reading it (its first letter) is near the circle, even on its left
        assert abs(name["left"] - name["x"]) - name["r"] <= styles.MENTION_LABEL_REACH, name
        assert name["left"] >= 0 and name["right"] <= 400 and name["top"] >= 0 and name["bottom"] <= 700, name


# --------------------------------------------------------------------------- the time control on a small map

SMALL_TIME = """
  var frame = map.getContainer().getBoundingClientRect(), box = document.querySelector(".idlibmap-time");
  var toggle = box.querySelector(".idlibmap-time-toggle"), play = box.querySelector(".idlibmap-time-play");
  function shown(selector) {
    var n = box.querySelector(selector), r = n.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right <= frame.right && r.bottom <= frame.bottom;
  }
  function state() {
    var r = box.getBoundingClientRect();
    return { height: r.height, share: r.width * r.height / (frame.width * frame.height),
             expanded: toggle.getAttribute("aria-expanded"), words: toggle.textContent,
             select: shown("select"), slider: shown("input[type=range]"), text: shown("output"),
             play: shown(".idlibmap-time-play"),
             targets: [toggle.offsetHeight, play.offsetHeight] };
  }
  var out = { folded: state() };
  play.click();  /* Play works from the one line, which says the dates it plays */
  out.playing = { pressed: play.getAttribute("aria-pressed"), name: play.getAttribute("aria-label"),
                  words: toggle.textContent };
  play.click();
  out.paused = play.getAttribute("aria-pressed");
  setTimeout(function () {
    toggle.click();
    out.open = state();
    var choice = box.querySelector("select");
    choice.value = "day"; choice.dispatchEvent(new Event("change"));
    out.day = toggle.textContent;
    choice.focus();
    choice.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    out.escaped = state();
    out.escaped.focus = document.activeElement === toggle;
    toggle.click();
    map.fire("click");
    out.clicked = state();
    done(out);
  }, 100);
"""


def test_on_a_phone_the_time_control_is_one_line_that_unfolds(world, tmp_path):
    snippet = ('<iframe src="idlib_map.html" title="map" '
               'style="display:block;border:0;width:400px;height:700px"></iframe>')
    result = probe_embedded(world, snippet, tmp_path, 400, SMALL_TIME)
    folded = result["folded"]
    assert folded["height"] <= 40 and folded["share"] <= 0.02, folded  # one line: the dates shown and Play
    assert folded["expanded"] == "false" and folded["words"].startswith("All dates") and folded["play"]
    assert not folded["select"] and not folded["slider"]
    assert min(folded["targets"]) >= 30  # buttons big enough to tap
    assert result["playing"]["pressed"] == "true" and result["playing"]["name"] == "Pause"
    assert "Mar 2020" in result["playing"]["words"] and result["paused"] == "false"  # the dates played
    opened = result["open"]
    assert opened["expanded"] == "true" and opened["select"] and opened["slider"] and opened["text"], opened
    assert result["day"].startswith("7 Mar 2020")  # a day: the slider's, said on the one line too
    assert result["escaped"]["expanded"] == "false" and result["escaped"]["focus"] and not result["escaped"]["select"]
    assert result["clicked"]["expanded"] == "false"  # a click on the map folds it too


def test_in_an_article_column_the_panels_cover_little_of_the_map(world, tmp_path):
    """Embedded in a column 400 px wide, the folded time control adds little to what the panels cover (as
    tools/embed_cover.sh measures; a story map's panels cover about a tenth there)."""
    snippet = embed_snippet("Places in the news", "idlib_map.html", "A map of places in the news.")
    result = probe_embedded(world, snippet, tmp_path, 400, f"done((function () {{ {COVER} }})());")
    assert result["width"] == pytest.approx(400, abs=1)
    assert result["cover"] <= 0.125, result


# --------------------------------------------------------------------------- names after a resize

# Headless Chromium lays a screenshot's page out first at a smaller height (1280 x 657 for 1280 x 800) and
# resizes it to the window just before the shot, running only the next frame's callbacks, no timer: a name
# placed for the first size stays where it was unless the page places it again in that frame. What the probe
# finds there (registered after the page's own handlers) it paints as a square in the top-left corner:
# green when no name shows under a panel, red when one does; no square when no resize came at all.
RESIZED = """<script>setTimeout(function () {
  var map = window.map_idlibmap;
  window.addEventListener("resize", function () {
    requestAnimationFrame(function () {
      var o = map.getContainer().getBoundingClientRect(), shown = [], under = [];
      document.querySelectorAll(".idlibmap-place-label, .idlibmap-basemap-label span").forEach(function (node) {
        var outer = node.closest(".leaflet-marker-icon, .leaflet-tooltip") || node, r = node.getBoundingClientRect();
        if (getComputedStyle(outer).visibility === "hidden" || !r.width) return;
        if (r.right > 0 && r.left < o.width && r.bottom > 0 && r.top < o.height) shown.push(r);
      });
      document.querySelectorAll(".leaflet-control").forEach(function (n) {
        var p = n.getBoundingClientRect();
        shown.forEach(function (s) {
          if (s.left < p.right - 1 && s.right > p.left + 1 && s.top < p.bottom - 1 && s.bottom > p.top + 1) {
            under.push(n);
          }
        });
      });
      var square = document.createElement("div");
      square.style.cssText = "position:fixed;left:0;top:0;width:30px;height:30px;z-index:99999;background:" +
        (under.length || shown.length < 10 ? "#ff0000" : "#00ff00");
      document.body.appendChild(square);
    });
  });
}, 300);</script>"""


def square_after_resize(map_page: str, folder, size: str, frame: tuple[int, int, int, int] | None = None):
    """The colour of the probe's square (see RESIZED) in a screenshot of ``size``: the map on its own, or framed
    (``frame``: width and height before, then after a resize the page around it makes)."""
    (folder / "idlib_map.html").write_text(map_page.replace("</body>", RESIZED + "</body>", 1), encoding="utf-8")
    page = folder / "idlib_map.html"
    if frame:
        page = folder / "frame.html"
        page.write_text(
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Frame</title></head>'
            f'<body style="margin:0"><iframe id="map" src="idlib_map.html" title="map" width="{frame[0]}" '
            f'height="{frame[1]}" style="display:block;border:0"></iframe><script>setTimeout(function () {{'
            f' var f = document.getElementById("map"); f.width = {frame[2]}; f.height = {frame[3]}; }}, 2500);'
            "</script></body></html>", encoding="utf-8")
    shot = folder / "shot.png"
    result = run_chromium(page, f"--screenshot={shot}", size=size)
    assert result.returncode == 0 and shot.exists(), result.stderr[-2000:]
    return Image.open(shot).convert("RGB").getpixel((15, 15))


@pytest.mark.parametrize(("size", "frame"), [("1280,800", None), ("720,540", (720, 540, 400, 500)),
                                           ("1000,700", (1000, 700, 700, 700))], ids=["window", "column", "frame"])
def test_after_a_resize_no_name_stays_under_a_panel(world, tmp_path, size, frame):
    """A window or a frame resized (the window of a headless screenshot, an article's column narrowed): the
    panels move, and in the first frame painted at the new size no name is left under one (checked where a
    screenshot sees it, before any timer runs)."""
    colour = square_after_resize(world, tmp_path, size, frame)
    assert colour != (255, 0, 0), "a name shows under a panel (or hardly any name shows) after the resize"
    assert colour == (0, 255, 0), f"no resize reached the page: {colour}"


# --------------------------------------------------------------------------- the first view and the whole

FIRST_VIEW = """
  var o = map.getContainer().getBoundingClientRect(), hidden = [], circles = [];
  var panels = Array.prototype.map.call(document.querySelectorAll(".leaflet-control"), function (n) {
    return n.getBoundingClientRect();
  }).filter(function (b) { return b.width && b.height; });
  map.eachLayer(function (l) {
    if (l.feature && l.setRadius && l.feature.properties.symbol === "mention") circles.push(l);
  });
  circles.forEach(function (l) {
    var c = map.latLngToContainerPoint(l.getLatLng()), x = c.x + o.left, y = c.y + o.top;
    var under = panels.some(function (b) { return x > b.left && x < b.right && y > b.top && y < b.bottom; });
    if (under || x < 0 || y < 0 || x > o.width || y > o.height) hidden.push(l.feature.properties.name);
  });
  var button = document.querySelector(".idlibmap-whole"), before = button.textContent;
  button.click();
  var inside = circles.filter(function (l) { return map.getBounds().contains(l.getLatLng()); }).length;
  done({ hidden: hidden, before: before, after: button.textContent, inside: inside, circles: circles.length });
"""


def test_on_a_wide_screen_the_first_view_shows_its_circles_clear_of_the_panels(world, tmp_path):
    """The circles of the first view are each in sight (none under the title, the key or the overview inset);
    "Show every place" zooms out to every circle and then offers the way back."""
    result = probe(world, tmp_path, FIRST_VIEW, size="1280,800")
    assert result["hidden"] == []  # type: ignore[index]
    assert (result["before"], result["after"]) == ("Show every place", "Back to the first view")  # type: ignore[index]
    assert result["inside"] == result["circles"] == 7  # type: ignore[index]
