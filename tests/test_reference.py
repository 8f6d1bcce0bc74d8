"""Reference towns: the gazetteer's towns in boxes, thinned by zoom, named as news maps name them."""

from __future__ import annotations

import itertools
import math

import pytest

from idlibmap import reference
from idlibmap.gazetteer import GazetteerPlace
from idlibmap.reference import display_name, pixels_per_degree, reference_towns

IDLIB_VIEW = (36.21983, 35.27615, 37.26117, 36.81611)


@pytest.mark.parametrize(("name", "shown"), [
    ("I‘zāz", "Izaz"), ("‘Afrīn", "Afrin"), ("Ḩamāh", "Hamah"), ("Jisr ash Shughūr", "Jisr ash Shughur"),
    ("Ma‘arrat an Nu‘mān", "Maarrat an Numan"), ("Reyhanlı", "Reyhanlı"), ("Samandağ", "Samandağ"),
    ("Timişoara", "Timişoara"), ("Aleppo", "Aleppo"),
])
def test_transliteration_marks_go_national_spellings_stay(name, shown):
    assert display_name(name) == shown


def test_places_in_boxes_by_population(tiny_gazetteer):
    found = tiny_gazetteer.places_in([((36.0, 33.0, 37.5, 36.5), 0)])
    assert [p.name for p in found] == ["Damascus", "Saraqib", "Ma‘arrat an Nu‘mān"]  # most populous first
    assert [p.name for p in tiny_gazetteer.places_in([((36.0, 33.0, 37.5, 36.5), 30_000)])] == ["Damascus", "Saraqib"]
    both = tiny_gazetteer.places_in([((36.0, 35.5, 37.0, 36.0), 0), ((37.0, 55.0, 38.0, 56.0), 0)])
    assert {p.name for p in both} == {"Saraqib", "Ma‘arrat an Nu‘mān", "Moscow"}  # countries are not towns
    assert tiny_gazetteer.places_in([]) == []


@pytest.fixture(scope="module")
def idlib_towns(gazetteer):
    extent = (32.0, 32.0, 41.0, 39.0)
    boxes = reference.query_boxes(extent, IDLIB_VIEW, 8.75)
    places = gazetteer.places_in(boxes, limit=reference.LIMIT)
    return places, reference_towns(places, [(35.86, 36.8)], IDLIB_VIEW, (5.0, 8.75, 11.0),
                                   skip=[("Saraqeb", 35.86447, 36.80591)])


def test_towns_keep_their_spacing_at_every_zoom(idlib_towns):
    _, towns = idlib_towns
    for zoom in (6.0, 8.5, 10.0):
        shown = [t for t in towns if t.min_zoom <= zoom]
        scale = pixels_per_degree(zoom)
        for a, b in itertools.combinations(shown, 2):
            dx = (a.lon - b.lon) * scale
            dy = (math.degrees(math.asinh(math.tan(math.radians(a.lat))))
                  - math.degrees(math.asinh(math.tan(math.radians(b.lat))))) * scale
            assert math.hypot(dx, dy) >= reference.SPACING - 0.5 or a.capital or b.capital, (a.name, b.name, zoom)


def test_first_view_has_its_towns_and_deeper_zooms_add_more(idlib_towns):
    _, towns = idlib_towns
    west, south, east, north = IDLIB_VIEW
    first = [t.name for t in towns if t.min_zoom <= 8.75 and west <= t.lon <= east and south <= t.lat <= north]
    assert {"Afrin", "Jisr ash Shughur", "Khan Shaykhun"} <= set(first)
    deeper = [t for t in towns if t.min_zoom > 8.75 and west <= t.lon <= east and south <= t.lat <= north]
    assert len(deeper) > len(first)  # zooming in is never "empty beige"


def test_story_places_are_not_repeated_and_capitals_are_kept(idlib_towns):
    places, towns = idlib_towns
    names = {t.name for t in towns}
    assert "Saraqib" not in names  # the story names it (as Saraqeb)
    capitals = {p.name for p in places if p.feature_type == "capital"}
    assert capitals and capitals <= names  # Damascus, Beirut...


def test_the_page_budget_caps_the_towns(gazetteer):
    extent = (20.0, 30.0, 45.0, 55.0)
    focus = [(46.48, 30.74), (50.45, 30.52), (49.98, 36.25)]
    places = gazetteer.places_in(reference.query_boxes(extent, (30.4, 46.4, 38.1, 50.6), 7.25),
                                 limit=reference.LIMIT)
    towns = reference_towns(places, focus, (30.4, 46.4, 38.1, 50.6), (4.0, 7.25, 11.0))
    assert len([t for t in towns if not t.capital]) <= reference.MAX_TOWNS


def test_capitals_come_first_and_a_crowded_out_capital_still_shows():
    big = GazetteerPlace(1, "Bigtown", 10.0, 10.0, "XX", 2_000_000, "city", "")
    rome = GazetteerPlace(2, "Rome", 10.01, 10.01, "XX", 2_000_000, "capital", "")
    vatican = GazetteerPlace(3, "Vatican", 10.02, 10.0, "VA", 800, "capital", "")
    towns = {t.name: t for t in reference_towns([big, rome, vatican], [], (9.0, 9.0, 11.0, 11.0), (4.0, 6.0, 8.0))}
    assert set(towns) == {"Rome", "Vatican"}  # the town next to a capital gives way; capitals never do
    assert towns["Vatican"].min_zoom == 4.0
