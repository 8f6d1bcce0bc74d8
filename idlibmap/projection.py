"""Web Mercator and distances: the one place the package does map maths.

Leaflet shows maps in Web Mercator (EPSG:3857); the static renderer draws in the same
projection so both look alike, and curved arrows are drawn as Béziers in it. Distances on the
ground are great-circle (haversine) distances, written here rather than taken from geopy: importing
geopy costs about 0.15 s, and the ``places`` command must start fast. Nothing here imports numpy
until an array is asked for.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

EARTH_RADIUS = 6378137.0  # metres, the Web Mercator sphere
MEAN_EARTH_RADIUS_KM = 6371.0  # for distances on the ground
MAX_LATITUDE = 85.0  # Web Mercator's usable limit, as the page clamps it


def _clamped(lat: float) -> float:
    return max(min(lat, MAX_LATITUDE), -MAX_LATITUDE)


def mercator_y(lat: float) -> float:
    """Web Mercator y of a latitude, in degree-like units (equal to longitude degrees at the equator)."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(_clamped(lat)) / 2)))


def latitude(y: float) -> float:
    """The latitude of a Web Mercator y in degree-like units (the inverse of :func:`mercator_y`)."""
    return math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)


def to_metres(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator metres (x, y) of a longitude and latitude."""
    return EARTH_RADIUS * math.radians(lon), EARTH_RADIUS * math.radians(mercator_y(lat))


def array_to_metres(coords: np.ndarray) -> np.ndarray:
    """An (n, 2) array of (lon, lat) as Web Mercator metres."""
    import numpy as np

    lon, lat = coords[:, 0], np.clip(coords[:, 1], -MAX_LATITUDE, MAX_LATITUDE)
    return np.column_stack([EARTH_RADIUS * np.radians(lon),
                            EARTH_RADIUS * np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))])


def latitude_of_metres(y: float) -> float:
    """The latitude of a Web Mercator y in metres."""
    return math.degrees(2 * math.atan(math.exp(y / EARTH_RADIUS)) - math.pi / 2)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * MEAN_EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def unit_vector(lat: float, lon: float) -> tuple[float, float, float]:
    """The point (lat, lon) on the unit sphere: two points lie within d km of each other when the dot product
    of their vectors is at least :func:`cosine_of_km` (d)."""
    phi, lam = math.radians(lat), math.radians(lon)
    return math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)


def cosine_of_km(km: float) -> float:
    """The cosine of the angle a distance on the ground spans at the Earth's centre (-1 from half way round on)."""
    return math.cos(min(km / MEAN_EARTH_RADIUS_KM, math.pi))


def bearing(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Compass bearing in degrees (0 = north, clockwise) from ``a`` to ``b``, both (lat, lon), on a local flat map."""
    dx = (b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return (math.degrees(math.atan2(dx, b[0] - a[0])) + 360) % 360
