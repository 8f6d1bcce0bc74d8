"""GeoJSON of the layer model: the data behind the HTML map, and the ``.geojson`` export (RFC 7946)."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from ..model import Layer, MapModel

if TYPE_CHECKING:
    import geopandas as gpd


def _plain(value: Any) -> Any:
    """A JSON-ready value: NaN becomes null, numpy scalars become Python ones."""
    if hasattr(value, "item") and not isinstance(value, list | dict | str):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def geometries_json(geometries: Sequence[BaseGeometry], precision: int) -> list[Any]:
    """GeoJSON geometries, coordinates rounded to ``precision`` decimals, polygons wound as RFC 7946 asks.

    RFC 7946 §3.1.6: exterior rings counter-clockwise, holes clockwise (the right-hand rule).
    """
    if not len(geometries):
        return []
    shapes = shapely.transform(list(geometries), lambda xy: xy.round(precision))
    shapes = shapely.orient_polygons(shapes)
    return list(json.loads("[" + ",".join(shapely.to_geojson(shapes)) + "]"))


def _collection(shapes: list[Any], properties: list[dict[str, Any]]) -> dict[str, Any]:
    features = [{"type": "Feature", "properties": props, "geometry": shape}
                for props, shape in zip(properties, shapes, strict=True)]
    return {"type": "FeatureCollection", "features": features}


def layer_collection(layer: Layer, precision: int = 5) -> dict[str, Any]:
    """One layer's features as a GeoJSON FeatureCollection."""
    shapes = geometries_json([f.geometry for f in layer.features], precision)
    return _collection(shapes, [f.properties.to_json() for f in layer.features])


def frame_collection(frame: gpd.GeoDataFrame, precision: int = 5) -> dict[str, Any]:
    """A GeoDataFrame (the basemap) as a GeoJSON FeatureCollection."""
    shapes = geometries_json(list(frame.geometry.values), precision)
    records = frame.drop(columns=frame.geometry.name).to_dict("records")
    return _collection(shapes, [{k: _plain(v) for k, v in record.items()} for record in records])


def geojson_from_model(model: MapModel) -> dict[str, Any]:
    """Every story feature of every layer in one FeatureCollection (the basemap is left out)."""
    features = [f for layer in model.layers for f in layer_collection(layer, 6)["features"]]
    return {
        "type": "FeatureCollection",
        "name": model.title,
        "as_of": model.as_of.isoformat() if model.as_of else None,
        "sources": model.sources,
        "features": features,
    }


def packing_decimals(geometries: Sequence[BaseGeometry], most: int) -> int:
    """The fewest decimals (at most ``most``) that hold every coordinate of ``geometries`` exactly."""
    coords = shapely.get_coordinates(list(geometries)) if len(geometries) else np.zeros((0, 2))
    for decimals in range(most):
        scaled = coords * 10**decimals
        if np.allclose(scaled, np.rint(scaled), rtol=0, atol=1e-6):
            return decimals
    return most


def packed_geometry(geometry: dict[str, Any], decimals: int) -> dict[str, Any]:
    """A GeoJSON geometry with its coordinates packed for a page: each run of positions (a line, a ring)
    as one flat list of integers in units of 10^-``decimals`` degree, the first position whole and each
    next one as its step from the one before (the page's script unpacks it: ``unpackCollection``);
    a Point's position is a pair of such integers. Small steps take few digits."""
    scale = 10**decimals

    def pack(coords: Any) -> Any:
        if not coords:
            return []
        if isinstance(coords[0], int | float):  # a Point's position
            return [round(value * scale) for value in coords[:2]]
        if isinstance(coords[0][0], int | float):  # a run of positions
            whole = np.rint(np.asarray(coords, dtype=float)[:, :2] * scale).astype(np.int64)
            return np.diff(whole, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).ravel().tolist()
        return [pack(item) for item in coords]

    if geometry["type"] == "GeometryCollection":
        return {"type": "GeometryCollection",
                "geometries": [packed_geometry(g, decimals) for g in geometry["geometries"]]}
    return {"type": geometry["type"], "coordinates": pack(geometry["coordinates"])}
