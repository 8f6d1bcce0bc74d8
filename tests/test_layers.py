"""Story -> layer model: geometry, properties, legends and located errors."""

from __future__ import annotations

import math

import pytest
import shapely

from idlibmap.errors import GeocodeError, StoryError
from idlibmap.geocode import GazetteerGeocoder, PlaceResolver
from idlibmap.geoparse import ArticlePlace, Mention
from idlibmap.layers import article_layers, article_spelling, buffer_km, flow_curve, map_from_story
from idlibmap.story import load_story

from .conftest import DEFAULT_STORY


@pytest.fixture
def resolver(gazetteer) -> PlaceResolver:
    return PlaceResolver(GazetteerGeocoder(gazetteer, country_bias=["SY"]))


@pytest.fixture(scope="module")
def default_model(gazetteer):
    story = load_story(DEFAULT_STORY)
    return map_from_story(story, PlaceResolver(GazetteerGeocoder(gazetteer, country_bias=story.countries)))


def test_who_holds_what_leads_then_the_story_layers_in_file_order(default_model):
    names = [layer.name for layer in default_model.layers]
    assert names[:3] == ["Who held what, 2 March 2020", "Front line, 2 March 2020",
                         "Lost by the opposition since 1 December 2019"]
    assert names.index("Places in the story") < names.index("Turkish observation posts") < names.index("Borders")
    assert {"Refugee flows"} <= set(names)


def test_every_feature_has_layer_date_and_source(default_model):
    for layer in default_model.layers:
        for row in layer.properties:
            assert row.layer == layer.name and row.date and row.date_label and row.source


def test_features_without_a_date_are_as_of_the_story(default_model):
    places = next(layer for layer in default_model.layers if layer.name == "Places in the story").properties
    assert {p.date_label for p in places} == {"as of 2 March 2020"}


def test_flow_widths_grow_with_people(default_model):
    flows = next(layer for layer in default_model.layers if layer.section == "flows").properties
    widths = [p.width for p in sorted(flows, key=lambda p: p.people)]
    assert widths == sorted(widths) and widths[0] < widths[-1]


def test_view_frames_the_focus_and_the_data_reaches_moscow(default_model):
    west, south, east, north = default_model.view_bounds
    assert 36.0 < west < 36.5 and east < 37.5 and 35.2 < south < 35.5 and north < 37.0  # Morek to Kilis
    assert default_model.data_bounds[3] > 55.7  # Moscow
    highlighted = {f.properties.iso_a2 for f in default_model.basemap.countries if f.properties.highlight}
    assert len(highlighted) == 4


def test_legends_list_only_symbols_drawn(default_model):
    posts = next(layer for layer in default_model.layers if layer.name == "Turkish observation posts")
    assert [e.label for e in posts.legend] == ["Turkish post inside opposition-held ground",
                                               "Turkish post encircled by government forces"]
    places = next(layer for layer in default_model.layers if layer.name == "Places in the story")
    assert places.legend == [], "named places say what they are on the map"


def test_flow_curve_ends_at_its_places_and_points_the_right_way():
    north, angle = flow_curve((35.0, 36.0), (37.0, 36.0))
    assert north.coords[0] == (36.0, 35.0) and north.coords[-1] == (36.0, 37.0)
    assert angle < 30 or angle > 330  # heading north, bowing a little to the left
    _, east = flow_curve((35.0, 36.0), (35.0, 38.0))
    assert 60 < east < 120


def test_buffer_km_is_roughly_that_many_kilometres():
    ring = buffer_km(shapely.Point(36.8, 35.86), 10)
    west, _, east, _ = ring.bounds
    width_km = (east - west) * 111.32 * math.cos(math.radians(35.86))
    assert 19 < width_km < 21


def test_unknown_place_names_file_line_and_place(write_story, resolver):
    path = write_story("""
        [[points]]
        layer = "Events"
        kind = "strike"
        name = "Strike at Xyzzyville"
        at = "Xyzzyville"
    """)
    with pytest.raises(GeocodeError) as caught:
        map_from_story(load_story(path), resolver)
    message = str(caught.value)
    assert message.startswith(f"{path}:13:") and "'Xyzzyville'" in message and "coords" in message


def test_border_needs_countries(write_story, resolver):
    path = write_story("""
        [[borders]]
        between = ["Aleppo", "Turkey"]
    """)
    with pytest.raises(GeocodeError, match="'Aleppo' is not a country"):
        map_from_story(load_story(path), resolver)


def test_border_between_countries_that_do_not_touch(write_story, resolver):
    path = write_story("""
        [[borders]]
        between = ["Greece", "Syria"]
    """)
    with pytest.raises(StoryError, match=r":13: \[\[borders\]\] #1 'Greece–Syria': Greece and Syria share no border"):
        map_from_story(load_story(path), resolver)


def test_self_intersecting_area_is_repaired_with_a_warning(write_story, resolver):
    path = write_story("""
        [[areas]]
        layer = "Zones"
        name = "Bow tie"
        outline = [[35.0, 36.0], [36.0, 37.0], [36.0, 36.0], [35.0, 37.0]]
    """)
    model = map_from_story(load_story(path), resolver)
    area = model.layers[0].features[0].geometry
    assert area.is_valid and area.area > 0
    assert len(model.warnings) == 1 and "repaired with make_valid" in model.warnings[0]


def test_one_layer_cannot_mix_sections(write_story, resolver):
    path = write_story("""
        [[places]]
        layer = "Mixed"
        name = "Idlib"

        [[points]]
        layer = "Mixed"
        kind = "strike"
        name = "Strike"
        at = "Idlib"
    """)
    with pytest.raises(StoryError, match="already holds \\[\\[places\\]\\] entries"):
        map_from_story(load_story(path), resolver)


def test_doubtful_matches_are_reported(write_story, resolver):
    """A spelling variant, or a small town outside the story's countries, gets a warning to check it."""
    path = write_story("""
        [[places]]
        name = "Maarat al-Numan"

        [[places]]
        name = "Atlantis"

        [[places]]
        name = "Moscow"
    """)
    warnings = map_from_story(load_story(path), resolver).warnings
    assert len(warnings) == 2
    assert "'Maarat al-Numan' matched a spelling variant: GeoNames 167611" in warnings[0]
    assert "'Atlantis' was found outside the story's countries (SY)" in warnings[1]


def test_a_single_place_still_opens_on_a_sensible_view(write_story, resolver):
    model = map_from_story(load_story(write_story('[[places]]\nname = "Idlib"\n')), resolver)
    west, south, east, north = model.view_bounds
    assert 0.2 <= east - west < 1.0 and 0.2 <= north - south < 1.0
    assert len(model.basemap.country_names()) > 3  # neighbouring countries are drawn around it


def test_diplomatic_links_arc_and_labelled_lines_get_label_spots(write_story, resolver):
    story = load_story(write_story("""
        [[lines]]
        layer = "Diplomacy"
        style = "diplomacy"
        name = "Talks"
        label = "Talks, 5 March"
        through = ["Ankara", "Moscow"]

        [[places]]
        name = "Kilis"
    """))
    model = map_from_story(story, resolver)
    link = next(layer for layer in model.layers if layer.name == "Diplomacy").features[0]
    assert len(link.geometry.coords) > 10  # an arc, not a straight two-point segment
    straight = shapely.LineString([link.geometry.coords[0], link.geometry.coords[-1]])
    assert link.geometry.hausdorff_distance(straight) > 1.0  # degrees: it visibly bows
    spots = link.properties.label_spots
    assert len(spots) == 7 and (link.properties.label_lat, link.properties.label_lon) == spots[0]
    assert all(link.geometry.distance(shapely.Point(lon, lat)) < 1e-4 for lat, lon in spots)


def _place(name: str, kind: str, *written: str) -> ArticlePlace:
    return ArticlePlace(name=name, lat=35.0, lon=36.0, country_code="SY", feature_type=kind, geonames_id=1,
                        mentions=[Mention(text, 10 * n, 10 * n + len(text)) for n, text in enumerate(written)],
                        metonymy=False, confidence=0.9, alternatives=[])


@pytest.mark.parametrize(("place", "shown"), [
    (_place("Ḩamāh", "city", "Hama"), "Hama"),                        # another transliteration: the article's
    (_place("Ḩimş", "admin1", "Homs province"), "Homs province"),
    (_place("Al Ḩudaydah", "city", "HODEIDAH", "Hodeidah", "Hodeidah"), "Hodeidah"),
    (_place("Al Ḩudaydah", "city", "HODEIDAH"), "Hodeidah"),          # a dateline only: title-cased
    (_place("Cúcuta", "city", "CUCUTA", "Cucuta"), "Cúcuta"),         # only accents and case differ: the gazetteer's
    (_place("Aden", "city", "ADEN"), "Aden"),
    (_place("Kinshasa", "capital", "KIN"), "Kinshasa"),               # a short form in capitals
    (_place("United States", "country", "U.S."), "United States"),   # countries keep their names
])
def test_an_article_place_is_named_as_the_article_spells_it(place, shown):
    assert article_spelling(place) == shown


def test_the_popup_still_gives_the_gazetteer_s_name():
    [feature] = article_layers([_place("Ḩamāh", "city", "Hama")], "article", None)["Places in the article"]
    assert feature.properties.name == "Hama"
    assert "GeoNames 1 (Ḩamāh)" in feature.properties.located_by
