"""Constants and helpers shared by the online geocoding tests."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from idlibmap.online import RetryPolicy

FAST = RetryPolicy(timeout=0.3, min_delay=0.0, tries=3, backoff=0.01, max_wait=0.05, give_up_after=3)
TODAY = dt.date(2024, 5, 1)
GEONAMES_SARAQIB = (35.86447, 36.80591)
NOMINATIM_SARAQIB = (35.865, 36.805)

STORY = """
[[places]]
name = "Saraqeb"

[[places]]
name = "Kafranbel"
"""

ONE_PLACE = '[[places]]\nname = "Saraqeb"\n'


def _features(out: Path) -> list[dict]:
    return json.loads(out.with_suffix(".geojson").read_text(encoding="utf-8"))["features"]


def positions(out: Path) -> dict[str, tuple[float, float]]:
    """Name -> (lat, lon) of every feature in the GeoJSON written beside ``out``."""
    return {f["properties"]["name"]: (round(f["geometry"]["coordinates"][1], 5),
                                      round(f["geometry"]["coordinates"][0], 5)) for f in _features(out)}


def located_by(out: Path, name: str) -> str:
    return next(f["properties"]["located_by"] for f in _features(out) if f["properties"]["name"] == name)


def fell_back(warnings: list[str], reason: str) -> bool:
    """Whether Saraqeb was located by the gazetteer with a warning starting with ``reason``."""
    return any(w.startswith(f"'Saraqeb': {reason}") and "used the offline gazetteer instead (GeoNames 164816" in w
               for w in warnings)
