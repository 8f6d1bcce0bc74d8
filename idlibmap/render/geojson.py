"""GeoJSON of the layer model: the data behind the HTML map, and the ``.geojson`` export (RFC 7946)."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

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
