"""Who controls what on the default map: a partition of Syria, a derived front, towns with their holders."""

from __future__ import annotations

import itertools
import json
import tomllib

import pytest
import shapely
import shapely.ops

from idlibmap.model import ControlProperties, LineProperties

from .conftest import ROOT, fails_cleanly

TOWNS = tomllib.loads((ROOT / "tests" / "data" / "control_towns_2020-03-02.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def areas(default_model):
    layer = next(layer for layer in default_model.layers if layer.section == "control")
    return [(f.properties, f.geometry) for f in layer.features if isinstance(f.properties, ControlProperties)]


@pytest.fixture(scope="module")
def front(default_model):
    layer = next(layer for layer in default_model.layers if "front" in layer.name.lower())
    (feature,) = layer.features
    assert isinstance(feature.properties, LineProperties)
    return feature.geometry


def test_the_four_newsroom_factions_hold_ground(areas):
    holders = {p.faction for p, _ in areas}
    assert {"government", "opposition", "turkey-sna", "sdf"} <= holders
    colours = {p.faction: p.color for p, _ in areas}
    assert colours["government"] != colours["opposition"] != colours["turkey-sna"] != colours["sdf"]


def test_areas_of_different_factions_do_not_overlap(areas):
    for (first, a), (second, b) in itertools.combinations(areas, 2):
        assert a.intersection(b).area < 1e-6, (first.name, second.name)


def test_every_point_of_syria_in_the_first_view_belongs_to_exactly_one_faction(areas, default_model):
    syria = dict(default_model.basemap.country_shapes())["Syria"]
    west, south, east, north = default_model.view_bounds
    step = 0.02
    points = [shapely.Point(west + i * step, south + j * step)
              for i in range(int((east - west) / step)) for j in range(int((north - south) / step))]
    inside = [p for p in points if syria.buffer(-0.01).contains(p)]  # the basemap is simplified at its edge
    assert len(inside) > 500
    for point in inside:
        holders = [p.faction for p, shape in areas if shape.buffer(1e-7).contains(point)]
        assert len(holders) >= 1, point
        assert len({p.faction for p, shape in areas if shape.contains(point)}) <= 1, point


def test_the_front_lies_on_shared_edges_between_sides_only(areas, front):
    assert front.length > 1.0  # degrees: hundreds of km round the enclave and across the north
    for share in [i / 50 for i in range(51)]:
        spot = front.interpolate(share, normalized=True) if front.geom_type == "LineString" else \
            shapely.line_interpolate_point(shapely.line_merge(front), share, normalized=True)
        if spot.is_empty:
            continue
        near = {p.side for p, shape in areas if shape.distance(spot) < 1e-6}
        assert len(near) >= 2, (spot, near)


def test_the_front_leaves_out_edges_between_allies(areas, front):
    enclave = next(shape for p, shape in areas if p.faction == "opposition")
    afrin = next(shape for p, shape in areas if p.faction == "turkey-sna" and "Afrin" in p.name)
    seam = enclave.boundary.intersection(afrin.boundary)
    assert seam.length > 0.1 and front.intersection(seam.buffer(1e-6)).length < 0.01 * seam.length


@pytest.mark.parametrize("town", TOWNS["towns"], ids=lambda town: town["name"])
def test_towns_fall_inside_their_holders_area(town, areas, front):
    spot = shapely.Point(town["lon"], town["lat"])
    syria = shapely.union_all([shape for _, shape in areas])
    if not syria.contains(spot):
        # Border towns (Tal Abyad, Kobani) sit a few hundred metres outside Natural Earth's outline of Syria:
        # they are checked at the nearest point of Syria, never more than 1 km away.
        assert syria.distance(spot) * 111 < 1.0, town["name"]
        spot = shapely.ops.nearest_points(syria.buffer(-1e-4), spot)[0]
    holders = {p.faction for p, shape in areas if shape.contains(spot)}
    assert holders == {town["holder"]}, town["name"]
    assert town["sources"], "each town's holder is sourced"


def test_the_list_of_towns_is_long_and_clear_of_the_front(front):
    assert len(TOWNS["towns"]) >= 15
    far = [t for t in TOWNS["towns"] if front.distance(shapely.Point(t["lon"], t["lat"])) * 111 * 0.8 >= 10]
    assert len(far) >= 15


def test_geojson_areas_front_and_posts_keep_the_documented_properties(built_map):
    data = json.loads(built_map.geojson_path.read_text(encoding="utf-8"))
    control = [f for f in data["features"] if f["properties"]["section"] == "control"]
    assert control and all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in control)
    for feature in control:
        p = feature["properties"]
        assert p["controlled_by"] and p["as_of"] == "2020-03-02" and p["source"] and p["layer"]
    fronts = [f for f in data["features"] if "front" in f["properties"]["layer"].lower()]
    assert fronts and all(f["geometry"]["type"] in ("LineString", "MultiLineString") for f in fronts)
    posts = [f for f in data["features"] if f["properties"]["layer"] == "Turkish observation posts"]
    assert len(posts) == 12 and all("ncircled" in f["properties"]["status"] for f in posts)


FACTIONS = """
[[factions]]
id = "gov"
name = "Government"
color = "#d7301f"

[[factions]]
id = "opp"
name = "Opposition"
color = "#3a8a3a"
"""


@pytest.mark.parametrize("body, expected", [
    (FACTIONS + '[[control]]\nfaction = "hts"\nname = "Enclave"\noutline = [[35.8, 36.4], [36.1, 36.5], '
     '[35.9, 36.9]]\n', "faction 'hts' is not a declared faction"),
    (FACTIONS + '[[control]]\nfaction = "opp"\nname = "Sliver"\noutline = [[35.8, 36.4], [36.1, 36.5]]\n',
     "outline must list at least 3"),
    (FACTIONS + '[[control]]\nfaction = "opp"\nname = "North"\noutline = [[35.8, 36.4], [36.3, 36.4], '
     '[36.3, 37.0], [35.8, 37.0]]\n\n[[control]]\nfaction = "gov"\nname = "Overlap"\noutline = [[35.7, 36.3], '
     '[36.2, 36.3], [36.2, 36.9], [35.7, 36.9]]\n', "two areas are declared for the same ground"),
    (FACTIONS + '[[control]]\nfaction = "opp"\nname = "Both"\nrest_of = "Syria"\noutline = [[35.8, 36.4], '
     '[36.1, 36.5], [35.9, 36.9]]\n', "give either outline"),
    (FACTIONS.replace("#3a8a3a", "green"), "color must be a colour like"),
], ids=["undeclared faction", "two-point outline", "same ground twice", "outline and rest", "bad colour"])
def test_bad_control_entries_are_one_clear_line(body, expected, write_story, tmp_path, capsys):
    story = write_story(body)
    line = fails_cleanly(["build", "--story", str(story), "--out", str(tmp_path / "m.html")], capsys)
    assert expected in line and "story.toml:" in line
