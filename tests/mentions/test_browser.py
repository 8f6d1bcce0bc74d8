"""The map of many articles in headless Chromium: the time control filters circles, shades and popups by date,
text stays text, and the page requests nothing from any network."""

from __future__ import annotations

import pytest

from idlibmap import styles
from idlibmap.pipeline import build

from ..test_browser import CHROMIUM, console_messages, probe, probe_embedded, run_chromium
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
  box.querySelector("button").click();
  out.pressed = box.querySelector("button").getAttribute("aria-pressed");
  setTimeout(function () {
    out.played = state();
    box.querySelector("button").click();
    out.paused = box.querySelector("button").getAttribute("aria-pressed");
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
                                          ("Yangon", 16.8, 96.15, 3), ("Kayes", 14.45, -11.43, 4))
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
    assert len(circles) == 6 and circles == sorted(circles, reverse=True)  # the largest drawn first, below
    assert phone["labels"], "no place is named"
    for label in phone["labels"]:
        assert label["left"] >= 0 and label["right"] <= 400 and label["top"] >= 0 and label["bottom"] <= 700, label
    assert phone["popup"]["left"] >= 0 and phone["popup"]["right"] <= 400  # no wider than the screen
    assert phone["overflow"] == "auto" and phone["scrolls"]  # its long list scrolls inside it


def test_on_a_wide_screen_circles_keep_their_full_size(world, tmp_path):
    wide = probe(world, tmp_path, PHONE, size="1280,800")
    assert min(wide["width"], wide["height"]) >= styles.MENTION_FULL_SIZE  # type: ignore[index]
    assert wide["largest"] == pytest.approx(styles.MENTION_MAX_RADIUS, abs=0.01)  # type: ignore[index]
