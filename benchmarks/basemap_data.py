"""Read times of the offline basemap extract, its size, and what the Idlib first view would add to a page.

Run: ``python benchmarks/basemap_data.py``. Prints figures; asserts nothing.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from idlibmap import basemap_data, boundaries  # noqa: E402

IDLIB_VIEW = (36.21983, 35.27615, 37.26117, 36.81611)  # the default story's first view
UKRAINE_VIEW = (22.0, 44.0, 40.5, 52.5)
WORLD = (-180.0, -85.0, 180.0, 85.0)


def timed(function, *args, repeat: int = 20) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def view_read(name: str, bounds: boundaries.Bounds) -> None:
    tolerance = boundaries.simplify_tolerance(bounds, 2500)
    total = 0.0
    parts = []
    for label, function, args in [
        ("admin1", basemap_data.admin1_in, (bounds, tolerance)),
        ("rivers", basemap_data.rivers_in, (bounds, tolerance)),
        ("lakes", basemap_data.lakes_in, (bounds, tolerance)),
        ("seas", basemap_data.seas_in, (bounds,)),
        ("countries", basemap_data.countries_in, (bounds, tolerance)),
    ]:
        seconds, rows = timed(function, *args)
        total += seconds
        parts.append(f"{label} {seconds * 1000:.1f} ms ({len(rows)})")  # type: ignore[arg-type]
    print(f"{name} view {bounds}, tolerance {tolerance:.4f}°: {total * 1000:.1f} ms in all; " + ", ".join(parts))


def page_cost(bounds: boundaries.Bounds) -> None:
    """Vertices and GeoJSON bytes (coordinates rounded to 4 decimals) of admin-1 + rivers for a view."""
    tolerance = boundaries.simplify_tolerance(bounds, 2500)
    features = []
    for region in basemap_data.admin1_in(bounds, tolerance):
        features.append({"type": "Feature", "properties": {"name": region.name},
                         "geometry": json.loads(shapely.to_geojson(shapely.set_precision(region.geometry, 1e-4)))})
    rivers = basemap_data.rivers_in(bounds, tolerance)
    for river in rivers:
        features.append({"type": "Feature", "properties": {"name": river.name},
                         "geometry": json.loads(shapely.to_geojson(shapely.set_precision(river.geometry, 1e-4)))})
    vertices = sum(shapely.get_num_coordinates(shapely.from_geojson(json.dumps(f["geometry"]))) for f in features)
    text = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"), ensure_ascii=False)
    print(f"Idlib first view admin-1 + rivers at {tolerance:.4f}°: {len(features)} features, {vertices} vertices, "
          f"{len(text.encode()) / 1000:.1f} kB of GeoJSON (4 decimals)")


def main() -> None:
    path = basemap_data.extract_path()
    print(f"extract {path}: {path.stat().st_size / 1e6:.2f} MB")
    started = time.perf_counter()
    basemap_data.admin1_in(IDLIB_VIEW, 0.01)
    print(f"first read (opens the file): {(time.perf_counter() - started) * 1000:.1f} ms")
    view_read("Idlib", IDLIB_VIEW)
    view_read("Ukraine", UKRAINE_VIEW)
    seconds, countries = timed(basemap_data.countries_in, WORLD, 0.05, repeat=5)
    print(f"world countries at 0.05°: {seconds * 1000:.1f} ms ({len(countries)})")  # type: ignore[arg-type]
    around = boundaries.padded(IDLIB_VIEW, 0.35, 3.0)
    seconds, frame = timed(boundaries.countries_in, around, repeat=5)
    print(f"for comparison, boundaries.countries_in (full 1:10m, WKB cache) around Idlib: {seconds * 1000:.1f} ms")
    seconds, frame = timed(lambda: boundaries._read(bbox=around), repeat=5)
    print(f"and the same read from the shapefile with pyogrio: {seconds * 1000:.1f} ms")
    page_cost(IDLIB_VIEW)


if __name__ == "__main__":
    main()
