"""GeoJSON of the layer model: the data behind the HTML map, and the ``.geojson`` export."""

from __future__ import annotations

import json
import math
from typing import Any

import geopandas as gpd
import shapely

from ..layers import MapModel


def _plain(value: Any) -> Any:
    """A JSON-ready value: NaN becomes null, numpy scalars become Python ones."""
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def feature_collection(frame: gpd.GeoDataFrame, precision: int = 5) -> dict[str, Any]:
    """``frame`` as a GeoJSON FeatureCollection, coordinates rounded to ``precision`` decimals."""
    geometries = shapely.transform(frame.geometry.values, lambda xy: xy.round(precision))
    shapes = json.loads("[" + ",".join(shapely.to_geojson(geometries)) + "]") if len(frame) else []
    records = frame.drop(columns=frame.geometry.name).to_dict("records")
    features = [
        {"type": "Feature", "properties": {k: _plain(v) for k, v in record.items()}, "geometry": shape}
        for record, shape in zip(records, shapes, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def geojson_from_model(model: MapModel) -> dict[str, Any]:
    """Every story feature of every layer in one FeatureCollection (the basemap is left out)."""
    features = [f for layer in model.layers for f in feature_collection(layer.features, 6)["features"]]
    return {
        "type": "FeatureCollection",
        "name": model.title,
        "as_of": model.as_of.isoformat(),
        "sources": model.sources,
        "features": features,
    }
