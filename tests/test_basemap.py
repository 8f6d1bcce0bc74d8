"""The basemap under a story: land that fills every view, provinces, water, seas and reference towns."""

from __future__ import annotations

import shapely

from idlibmap import basemap, basemap_data
from idlibmap.basemap import StoryMarks, basemap_for, margin_box
from idlibmap.model import BasemapCountry, BasemapLabel, BasemapLine


def _labels(model, kind):
    return [f for f in model.basemap.labels if isinstance(f.properties, BasemapLabel) and f.properties.kind == kind]


def test_hatay_and_idlib_provinces_are_outlined_and_named(default_model):
    lines = default_model.basemap.provinces
    story = [f for f in lines if f.properties.kind == "province-story"]
    assert [f.properties.name for f in story] == ["Idlib"]  # the story's "Idlib region": its governorate, drawn
    outlines = shapely.union_all([f.geometry for f in lines if f.properties.kind == "province"])
    hatay = next(r for r in basemap_data.admin1_in((35.5, 35.7, 37.0, 37.2), 0.002) if r.name == "Hatay")
    # Hatay's edges with Osmaniye and Gaziantep (its others are the Syrian border and the coast, drawn as such).
    inland = shapely.intersection(outlines, hatay.geometry.boundary.buffer(0.01))
    assert inland.length > 0.5
    names = {f.properties.name for f in _labels(default_model, "province")}
    assert {"Hatay", "Aleppo", "Hama", "Latakia"} <= names
    assert "Idlib" not in names  # the story names that one itself


def test_rivers_lakes_and_seas_are_drawn_and_named(default_model):
    water = default_model.basemap.water
    rivers = {f.properties.name for f in water if f.properties.kind == "river" and f.properties.name}
    assert {"Orontes", "Euphrates"} <= rivers
    assert any(f.properties.kind == "lake" and f.properties.name == "Lake Assad" for f in water)
    assert "Mediterranean Sea" in {f.properties.name for f in _labels(default_model, "sea")}
    assert {"Orontes", "Euphrates"} <= {f.properties.name for f in _labels(default_model, "river")}


def test_reference_towns_fill_the_first_view_below_the_story(default_model):
    west, south, east, north = basemap.screen_box(default_model.view_bounds, 8.75)
    first = [f.properties for f in _labels(default_model, "town")
             if f.properties.min_zoom <= 8.75 and west <= f.geometry.x <= east and south <= f.geometry.y <= north]
    assert 15 <= len(first) <= 60
    assert {"Antakya", "Afrin", "Latakia"} <= {t.name for t in first}
    assert all(t.priority < 50 for t in first)  # below every story label: never over a story symbol


def test_every_country_in_view_has_a_label_point_in_its_main_land(default_model):
    countries = {f.properties.name: f.properties for f in default_model.basemap.countries}
    assert {"Syria", "Turkey"} <= set(countries)
    turkey = countries["Turkey"]
    assert isinstance(turkey, BasemapCountry) and 26 < turkey.label_lon < 45 and 36 < turkey.label_lat < 42


def test_land_reaches_past_the_extent_so_no_view_ends_in_a_hard_edge(default_model):
    extent = default_model.basemap.extent
    land = shapely.union_all([f.geometry for f in default_model.basemap.countries])
    west, south, east, north = land.bounds
    outer = margin_box(extent)
    assert west < extent[0] and east > extent[2] and north > extent[3]
    assert west <= outer[0] + 1 and east >= outer[2] - 1  # Eurasia and Africa run to the margin's edges


def test_no_border_line_where_the_data_was_cut(default_model):
    """Borders are the countries' own outlines: none runs along the edge of a ring of detail."""
    extent = shapely.box(*default_model.basemap.extent).boundary
    for border in default_model.basemap.borders:
        along = shapely.intersection(border, extent.buffer(1e-6))
        assert along.length < 0.05


def test_a_wide_article_view_gets_water_and_towns_but_no_province_clutter():
    marks = StoryMarks(view=(9.1, 25.6, 38.6, 56.3), data=(9.7, 26.2, 38.0, 55.8))
    drawn = basemap_for(marks)
    assert not [f for f in drawn.provinces if isinstance(f.properties, BasemapLine) and f.properties.kind == "province"]
    assert drawn.water and drawn.max_zoom == basemap.MAX_ZOOM


def test_land_borders_and_water_keep_no_more_decimals_than_their_detail_needs():
    """Where a ring of detail clips the land, or borders are merged, the new points are rounded too: a world
    view's page carries three decimals (its detail, some 0.06°, needs a tenth of that), not four."""
    from idlibmap.render.geojson import packing_decimals

    marks = StoryMarks(view=(-106.4, 3.6, 102.5, 56.8), data=(-106.4, 3.6, 102.5, 56.8))
    drawn = basemap_for(marks)
    assert 0.01 < basemap.detail_tolerance(marks.view) < 0.1
    for kind in (drawn.countries, drawn.water):
        assert packing_decimals([f.geometry for f in kind], 4) == 3
    assert packing_decimals(drawn.borders, 4) == 3
