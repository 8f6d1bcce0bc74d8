"""What one Nominatim answer holds, and the checks of it shared by the client, the cache and the lock file.

An :class:`Answer` is the part of a Nominatim result the program keeps. It is made from the server's
JSON by :func:`answer_from_nominatim` and read back from the answer cache by
:func:`answer_from_json`; both take only plain values of the expected types, so nothing a server
or a damaged file sends can reach a map, a lock file or an error message in another shape.
"""

from __future__ import annotations

import math
from typing import Any, TypedDict

COORDINATE_LIMITS = {"lat": 90, "lon": 180}

_TEXT_FIELDS = ("id", "name", "country_code", "feature_type")
_CITY_TYPES = {"city", "town", "village", "hamlet", "suburb", "quarter", "neighbourhood", "municipality",
               "locality", "isolated_dwelling"}


class Answer(TypedDict):
    """One place Nominatim names: its id (``osm:relation/5001``), position, name, country and kind."""

    id: str
    lat: float
    lon: float
    name: str
    country_code: str
    feature_type: str


def coordinate_problem(label: str, value: object) -> str | None:
    """What is wrong with ``value`` as a latitude (``label`` "lat") or longitude ("lon"), or None."""
    limit = COORDINATE_LIMITS[label]
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
            and -limit <= value <= limit:
        return None
    return f"{label} must be a number from {-limit} to {limit}, got {shown(value)}"


def shown(value: object) -> str:
    """A short, safe rendering of a JSON value for a message (never the repr of a deep structure)."""
    if isinstance(value, (bool, int, float)) or value is None:
        text = repr(value)
        return text if len(text) <= 40 else f"{text[:37]}..."
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else f"{value[:37]!r}..."
    return "an object" if isinstance(value, dict) else "a list"


def _text(value: object) -> str:
    """``value`` if it is text or an integer id, else an empty string."""
    if isinstance(value, str):
        return value
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else ""


def answer_from_nominatim(raw: Any) -> Answer | None:
    """The fields we keep from one Nominatim result, or None if it is not a usable result."""
    if not isinstance(raw, dict):
        return None
    try:
        lat, lon = float(raw["lat"]), float(raw["lon"])
    except (KeyError, TypeError, ValueError):
        return None
    if coordinate_problem("lat", lat) or coordinate_problem("lon", lon):
        return None
    address = raw["address"] if isinstance(raw.get("address"), dict) else {}
    osm_type, osm_id = _text(raw.get("osm_type")), _text(raw.get("osm_id") or "")
    ident = f"osm:{osm_type}/{osm_id}" if osm_type and osm_id else f"nominatim:{_text(raw.get('place_id')) or '?'}"
    kind = _text(raw.get("addresstype")) or _text(raw.get("type"))
    return Answer(id=ident, lat=lat, lon=lon, name=_text(raw.get("display_name")),
                  country_code=_text(address.get("country_code")).upper(),
                  feature_type="country" if kind == "country" else "city" if kind in _CITY_TYPES else kind or "place")


def answer_from_json(value: object) -> Answer:
    """An answer read back from the cache; raise ValueError when ``value`` is not of that shape."""
    if not isinstance(value, dict) or set(value) != {*_TEXT_FIELDS, "lat", "lon"}:
        raise ValueError(f"an answer is {shown(value)}, not an object with id, lat, lon, name, country_code "
                         "and feature_type")
    for field in _TEXT_FIELDS:
        if not isinstance(value[field], str):
            raise ValueError(f"an answer's {field} is {shown(value[field])}, not text")
    for label in COORDINATE_LIMITS:
        problem = coordinate_problem(label, value[label])
        if problem:
            raise ValueError(f"an answer's {problem}")
    return Answer(id=value["id"], lat=float(value["lat"]), lon=float(value["lon"]), name=value["name"],
                  country_code=value["country_code"], feature_type=value["feature_type"])
