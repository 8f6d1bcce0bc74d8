"""Country polygons and the shapes derived from them."""

from __future__ import annotations

import pytest
import shapely

from idlibmap import basemap_data, boundaries
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


def test_every_country_is_named_inside_its_main_territory():
    """The map's label point of every country lies in its main territory, checked on the full 1:10m shapes:
    France's in Europe (not Clipperton), Australia's in the mainland, near Canberra's longitude, not 3,600 km off."""
    extract = {(c.name, c.iso_a2): c for c in basemap_data.countries_in((-180.0, -90.0, 180.0, 90.0), 0.05)}
    full = boundaries.countries_in((-180.0, -90.0, 180.0, 90.0))
    checked = 0
    for row in full.itertuples(index=False):
        country = extract.get((row.name, row.iso_a2))
        if country is None or row.geometry is None:
            continue
        main = boundaries.main_territory(row.geometry)
        assert any(part.buffer(1e-3).contains(country.label) for part in main), row.name
        checked += 1
    assert checked > 200
    france = extract[("France", "FR")].label
    assert -5 < france.x < 9 and 42 < france.y < 51
    australia = extract[("Australia", "AU")].label
    assert 115 < australia.x < 150 and -35 < australia.y < -15


def test_a_label_point_outside_the_main_territory_moves_into_it():
    mainland, island = shapely.box(0, 40, 10, 50), shapely.box(100, 0, 101, 1)
    country = shapely.MultiPolygon([mainland, island])
    spot = boundaries.main_label_point(country, shapely.Point(100.5, 0.5))
    assert mainland.contains(spot)
    assert boundaries.main_label_point(country, shapely.Point(3, 44)) == shapely.Point(3, 44)


def test_spots_inside_an_area_are_inside_and_roomiest_first():
    area = shapely.box(0, 0, 10, 2)
    spots = boundaries.spots_inside(area, 5)
    assert len(spots) == 5 and all(area.contains(s) for s in spots)
    assert abs(spots[0].y - 1.0) < 0.2  # the middle band is farthest from the edges


def test_names_in_many_languages():
    by_code = {c.iso_a2: c for c in boundaries.country_names()}
    assert "Türkiye" in by_code["TR"].names or "Turquie" in by_code["TR"].names
    assert by_code["SY"].name == "Syria"


def test_the_wkb_cache_gives_the_shapefile_rows(tmp_path, monkeypatch):
    monkeypatch.setenv("IDLIBMAP_CACHE_DIR", str(tmp_path))
    boundaries._country_cache.cache_clear()
    try:
        cached = boundaries.countries_by_code(["GR", "TR"])
        assert boundaries.country_cache_path().is_file()
        direct = boundaries._read(where="ISO_A2_EH IN ('GR', 'TR')")
        assert set(cached.columns) == set(direct.columns)
        assert list(cached["name"]) == list(direct["name"])
        assert all(a.equals(b) for a, b in zip(cached.geometry, direct.geometry, strict=True))
        around = boundaries.countries_in((35.5, 35.0, 37.5, 37.0))
        assert {"SY", "TR"} <= set(around["iso_a2"]) and "GR" not in set(around["iso_a2"])
    finally:
        boundaries._country_cache.cache_clear()
