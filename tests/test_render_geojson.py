"""The GeoJSON export: every drawn story feature, with its properties, readable by GIS tools."""

from __future__ import annotations

import json

import geopandas as gpd


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
