"""Country polygons and the shapes derived from them."""

from __future__ import annotations

import pytest
import shapely

from idlibmap import boundaries
from idlibmap.errors import BoundaryError


@pytest.fixture(scope="module")
def neighbours():
    frame = boundaries.countries_by_code(["GR", "TR", "SY", "RU"])
    return {row.iso_a2: row.geometry for row in frame.itertuples()}


def test_reads_only_the_countries_asked_for(neighbours):
    assert set(neighbours) == {"GR", "TR", "SY", "RU"}


def test_greek_turkish_border_is_the_shared_edge(neighbours):
    line = boundaries.shared_border(neighbours["GR"], neighbours["TR"], ("Greece", "Turkey"))
    assert line.geom_type in ("LineString", "MultiLineString")
    west, south, east, north = line.bounds
    # The Evros border runs from the Bulgarian tripoint (about 41.7 N) to the Aegean (about 40.7 N).
    assert 40.6 < south < 40.9 and 41.6 < north < 41.8 and west > 25.9 and east < 26.8
    assert line.distance(shapely.Point(26.47676, 41.64551)) < 0.05  # Kastaniés lies on it


def test_countries_that_do_not_touch_have_no_border(neighbours):
    with pytest.raises(BoundaryError, match="Greece and Syria share no border"):
        boundaries.shared_border(neighbours["GR"], neighbours["SY"], ("Greece", "Syria"))


def test_basemap_is_clipped_simplified_and_highlighted():
    extent = (30.0, 30.0, 45.0, 42.0)
    view = (36.0, 35.5, 37.5, 36.8)
    frame = boundaries.basemap_countries(extent, view, {"SY"})
    west, south, east, north = frame.total_bounds
    assert west >= 30.0 and south >= 30.0 and east <= 45.0 and north <= 42.0
    assert set(frame.loc[frame.highlight, "iso_a2"]) == {"SY"}
    # Far from the view, shapes are simplified harder than near it.
    full = boundaries.countries_by_code(["IQ", "SY"]).set_index("iso_a2").geometry
    drawn = frame.set_index("iso_a2").geometry
    far, near = (shapely.get_num_coordinates(drawn[c]) / shapely.get_num_coordinates(full[c]) for c in ("IQ", "SY"))
    assert far < 0.5 and far < near


def test_country_labels_stay_inside_the_view_and_clear_of_the_story():
    extent = (30.0, 30.0, 45.0, 42.0)
    view = (36.0, 35.5, 37.5, 36.8)
    frame = boundaries.basemap_countries(extent, view, set())
    story_point = shapely.Point(36.8, 35.86)
    labels = boundaries.country_labels(frame, view, [story_point])
    syria = labels[(labels.iso_a2 == "SY") & (labels.placement == "detail")]
    assert len(syria) == 1
    spot = syria.geometry.iloc[0]
    assert shapely.box(*view).contains(spot) and spot.distance(story_point) > 0.2
    assert set(labels.loc[labels.placement == "overview", "iso_a2"]) >= {"SY", "TR"}


def test_names_in_many_languages():
    by_code = {c.iso_a2: c for c in boundaries.country_names()}
    assert "Türkiye" in by_code["TR"].names or "Turquie" in by_code["TR"].names
    assert by_code["SY"].name == "Syria"
