"""The map frame: an extent in Web Mercator metres, and moving between it, points and the page.

All Mercator maths comes from :mod:`idlibmap.projection`, so the static map is drawn in the
projection the HTML map shows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from ...projection import EARTH_RADIUS, array_to_metres, latitude_of_metres


def in_metres(points: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """(longitude, latitude) pairs as Web Mercator (x, y) metres."""
    coords = array_to_metres(np.array(list(points), dtype=float).reshape(-1, 2))
    return [(float(x), float(y)) for x, y in coords]


def projected(geometries: Iterable[BaseGeometry]) -> list[BaseGeometry]:
    """Geometries in Web Mercator metres, as the HTML map shows them."""
    return list(shapely.transform(np.asarray(list(geometries), dtype=object), array_to_metres))


@dataclass(frozen=True)
class Frame:
    """A map extent in Web Mercator metres."""

    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def around(cls, bounds: tuple[float, float, float, float], aspect: float, pad: float = 0.04) -> Frame:
        """The (west, south, east, north) bounds, padded and widened to ``aspect`` (width / height)."""
        west, south, east, north = bounds
        (x0, y0), (x1, y1) = in_metres([(west, south), (east, north)])
        width, height = (x1 - x0) * (1 + 2 * pad), (y1 - y0) * (1 + 2 * pad)
        width, height = max(width, height * aspect, 1.0), max(height, width / aspect, 1.0)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        return cls(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)

    def holding(self, other: Frame, aspect: float) -> Frame:
        """This frame grown to hold ``other`` too, keeping ``aspect``."""
        x0, y0 = min(self.x0, other.x0), min(self.y0, other.y0)
        x1, y1 = max(self.x1, other.x1), max(self.y1, other.y1)
        w, h = x1 - x0, y1 - y0
        w, h = max(w, h * aspect), max(h, w / aspect)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        return Frame(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1

    @property
    def centre_latitude(self) -> float:
        return latitude_of_metres((self.y0 + self.y1) / 2)


def leaflet_zoom(frame: Frame, width_in: float) -> float:
    """The Leaflet zoom level showing ``frame`` across ``width_in`` inches of 96-dpi screen."""
    span = (frame.x1 - frame.x0) / (2 * math.pi * EARTH_RADIUS)
    return math.log2(width_in * 96 / (256 * span))


def units_per_point(ax: Any) -> float:
    """Data units (metres) per point along x, from the axes' size and limits."""
    x0, x1 = ax.get_xlim()
    return float((x1 - x0) / (ax.get_position().width * ax.figure.get_figwidth() * 72))
