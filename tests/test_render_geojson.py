"""The GeoJSON export: every drawn story feature, with its properties, readable by GIS tools."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pyogrio
import shapely


def test_geojson_holds_every_feature_of_every_layer(built_map):
    data = json.loads(built_map.geojson_path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and data["as_of"] == "2020-03-02"
    layers = {f["properties"]["layer"] for f in data["features"]}
    assert {"Places in the story", "Turkish observation posts", "Refugee flows", "Borders"} <= layers
    counts: dict[str, int] = {}  # from the CLI report of features per layer
    for line in built_map.stdout.splitlines():
        if line.startswith("  "):
            *name, count = line.split()
            counts[" ".join(name)] = int(count)
    assert sum(counts.values()) == len(data["features"])


def test_every_feature_carries_what_when_and_source(built_map):
    data = json.loads(built_map.geojson_path.read_text(encoding="utf-8"))
    for feature in data["features"]:
        props = feature["properties"]
        assert props["name"] and props["date"] and props["date_label"] and props["source"], props


def test_geopandas_reads_it_back(built_map):
    frame = gpd.read_file(built_map.geojson_path)
    assert frame.crs.to_epsg() == 4326
    saraqeb = frame[frame["name"] == "Saraqeb"].geometry.iloc[0]
    assert abs(saraqeb.y - 35.86447) < 1e-5 and abs(saraqeb.x - 36.80591) < 1e-5
    assert set(frame.geom_type) >= {"Point", "LineString", "Polygon"}


def test_polygons_follow_the_right_hand_rule(built_map):
    """RFC 7946 §3.1.6: exterior rings counter-clockwise, holes clockwise."""
    data = json.loads(built_map.geojson_path.read_text(encoding="utf-8"))
    polygons = [f["geometry"] for f in data["features"] if f["geometry"]["type"] in ("Polygon", "MultiPolygon")]
    assert polygons
    for geometry in polygons:
        shape = shapely.geometry.shape(geometry)
        for part in getattr(shape, "geoms", [shape]):
            assert part.exterior.is_ccw and all(not ring.is_ccw for ring in part.interiors)


def test_pyogrio_reads_the_documented_types(built_map):
    frame = pyogrio.read_dataframe(built_map.geojson_path)
    types = {name: str(dtype) for name, dtype in frame.dtypes.items()}
    assert types["approximate"] == "bool" and types["people"].startswith(("int", "Int", "float"))
    assert types["name"] in ("object", "str", "string") and types["arrow_angle"].startswith("float")
    posts = frame[frame["layer"] == "Turkish observation posts"]
    assert len(posts) == 12 and posts["status"].str.len().gt(0).all()
    assert frame[frame["name"] == "Saraqeb"]["geonames_id"].iloc[0] == 164816


def unpacked(coords, scale):
    """The page script's unpacking (unpackCollection), in Python: runs of steps back to positions."""
    if not coords or isinstance(coords[0], int):
        positions, x, y = [], 0, 0
        for i in range(0, len(coords), 2):
            x, y = x + coords[i], y + coords[i + 1]
            positions.append([x / scale, y / scale])
        return positions
    return [unpacked(c, scale) for c in coords]


def test_packed_coordinates_unpack_to_the_rounded_shape():
    from idlibmap.render.geojson import geometries_json, packed_geometry, packing_decimals

    ring = [(36.6339, 35.9306), (36.8044, 35.8645), (37.1612, 36.2012), (36.6339, 35.9306)]
    shapes = [shapely.Polygon(ring), shapely.MultiLineString([ring[:2], ring[1:]]), shapely.Point(-106.3852, 3.5869)]
    decimals = packing_decimals(shapes, 6)
    assert decimals == 4  # the fewest that hold every coordinate
    for plain in geometries_json(shapes, 6):
        packed = packed_geometry(plain, decimals)
        assert re.fullmatch(r"[\[\]\d,-]*", json.dumps(packed["coordinates"], separators=(",", ":")))  # whole numbers
        back = packed["coordinates"]
        back = [v / 10**decimals for v in back] if plain["type"] == "Point" else unpacked(back, 10**decimals)
        assert shapely.equals_exact(shapely.geometry.shape({"type": plain["type"], "coordinates": back}),
                                    shapely.geometry.shape(plain), tolerance=1e-9)
        assert len(json.dumps(packed)) < len(json.dumps(plain))  # what it is for
    assert packing_decimals([shapely.Point(36.5, 35.25)], 4) == 2
    assert packing_decimals([shapely.Point(36.123456, 35.0)], 4) == 4  # never more than asked: rounded
