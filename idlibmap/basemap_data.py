"""Offline basemap extracts: provinces, rivers, lakes, seas and world countries, read by bounding box.

The extracts live in one SQLite file (``idlibmap/data/basemap.sqlite``, installed with the package), made by
``scripts/build_basemap_extracts.py`` from Natural Earth (public domain) and GSHHG (LGPL-3.0)
data that registry packages ship; ``geodata/basemap/README.md`` gives each one's source and
licence. Every shape is stored at a few simplification levels (tolerances in degrees), with an
R*Tree index of its bounding box, so a read touches only the shapes that reach into a box and
decodes only the level the caller's tolerance needs. Shapes come back clipped to the box.

Geometries are stored compactly: coordinates rounded to 1e-4 degree (about 11 m), as 32-bit
differences from the previous vertex with their bytes regrouped, then zlib-compressed, beside
the ragged-array offsets that rebuild them (:func:`encode_geometry`, :func:`decode_geometry`).
"""

from __future__ import annotations

import json
import os
import sqlite3
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import shapely
import shapely.ops
from shapely.geometry.base import BaseGeometry

from .errors import BoundaryError

Bounds = tuple[float, float, float, float]  # (west, south, east, north) in degrees

EXTRACT_ENV = "IDLIBMAP_BASEMAP"
EXTRACT_NAME = "basemap.sqlite"
FORMAT_VERSION = 1
COORDINATE_SCALE = 10_000  # stored coordinates are whole multiples of 1e-4 degree
# Simplification levels stored for every shape: the tolerance (degrees) of each.
LEVELS: tuple[float, ...] = (0.002, 0.01, 0.05)
# A sea is labelled when this share of the box, or this many square degrees, of its water is visible.
SEA_VISIBLE_SHARE = 0.02
SEA_VISIBLE_AREA = 0.5

_KINDS = {"Polygon": 3, "MultiPolygon": 6, "LineString": 2, "MultiLineString": 5}
_MULTI = {3: shapely.GeometryType.MULTIPOLYGON, 6: shapely.GeometryType.MULTIPOLYGON,
          2: shapely.GeometryType.MULTILINESTRING, 5: shapely.GeometryType.MULTILINESTRING}
_HEADER = struct.Struct("<BBI")  # format version, geometry kind, length of the offsets block


@dataclass(frozen=True)
class Region:
    """A first-level administrative region (province, governorate, state) and its label point."""

    name: str
    country_code: str  # ISO 3166-1 alpha-2, or "" where Natural Earth gives none
    code: str  # ISO 3166-2 where known ("SY-ID"), else Natural Earth's own code
    kind: str  # "Province", "Governorate", "State", ... as Natural Earth names it
    geometry: BaseGeometry
    label: shapely.Point
    min_zoom: float  # Natural Earth's suggested web-map zoom from which to label it


@dataclass(frozen=True)
class Water:
    """A river (lines) or a lake (polygons); ``name`` is empty where the data gives none."""

    name: str
    rank: int  # Natural Earth scale rank: 0 for the largest; 10 for GSHHG rivers and unranked lakes
    geometry: BaseGeometry
    source: str  # "Natural Earth 1:50m", "Natural Earth 1:10m" (public domain) or "GSHHG 2.3.6 WDBII" (LGPL-3.0)


@dataclass(frozen=True)
class Sea:
    """A sea or ocean name and a point inside its water that lies within the box asked for."""

    name: str
    point: shapely.Point


@dataclass(frozen=True)
class Country:
    """A country polygon (Natural Earth 1:10m admin-0, simplified) with its name, code and label point."""

    name: str
    iso_a2: str
    geometry: BaseGeometry
    label: shapely.Point  # inside the country's main territory (see boundaries.main_label_point)
    min_zoom: float  # Natural Earth's suggested web-map zoom from which to label it


# --------------------------------------------------------------------------- geometry codec


def encode_geometry(geometry: BaseGeometry) -> bytes:
    """A polygon or line geometry as compact bytes (see the module docstring)."""
    kind = _KINDS.get(geometry.geom_type)
    if kind is None:
        raise ValueError(f"cannot store a {geometry.geom_type}")
    multi = shapely.get_parts(geometry)
    geom_type, coordinates, offsets = shapely.to_ragged_array(
        [shapely.multipolygons(multi) if kind in (3, 6) else shapely.multilinestrings(multi)])
    del geom_type
    scaled = np.round(coordinates * COORDINATE_SCALE).astype(np.int64)
    deltas = np.diff(scaled, axis=0, prepend=np.zeros((1, 2), np.int64)).astype("<i4")
    shuffled = deltas.view(np.uint8).reshape(-1, 4).T.tobytes()
    counts = np.concatenate([np.diff(o) for o in offsets]).astype("<i4")
    sizes = np.array([len(o) - 1 for o in offsets], "<i4")
    offset_block = zlib.compress(sizes.tobytes() + counts.tobytes(), 9)
    return _HEADER.pack(FORMAT_VERSION, kind, len(offset_block)) + offset_block + zlib.compress(shuffled, 9)


def decode_geometry(blob: bytes) -> BaseGeometry:
    """The geometry :func:`encode_geometry` stored (a Multi* geometry, or a single part as such)."""
    version, kind, offsets_length = _HEADER.unpack_from(blob)
    if version != FORMAT_VERSION:
        raise BoundaryError(f"basemap extract format {version} is not {FORMAT_VERSION}; rebuild the extract")
    start = _HEADER.size
    numbers = np.frombuffer(zlib.decompress(blob[start:start + offsets_length]), "<i4")
    levels = 3 if kind in (3, 6) else 2
    sizes, counts = numbers[:levels], numbers[levels:]
    offsets, used = [], 0
    for size in sizes:
        offsets.append(np.concatenate([[0], np.cumsum(counts[used:used + size])]).astype(np.int64))
        used += size
    shuffled = np.frombuffer(zlib.decompress(blob[start + offsets_length:]), np.uint8)
    deltas = shuffled.reshape(4, -1).T.copy().view("<i4").reshape(-1, 2)
    coordinates = np.cumsum(deltas, axis=0, dtype=np.int64) / COORDINATE_SCALE
    geometry: BaseGeometry = shapely.from_ragged_array(_MULTI[kind], coordinates, tuple(offsets))[0]
    return geometry


# --------------------------------------------------------------------------- the extract file


def extract_path() -> Path:
    """Where the extract is: ``$IDLIBMAP_BASEMAP``, else the package's own ``data`` folder."""
    override = os.environ.get(EXTRACT_ENV)
    if override:
        return Path(override)
    return Path(str(resources.files("idlibmap") / "data" / EXTRACT_NAME))


@lru_cache(maxsize=4)
def _connect(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise BoundaryError(f"basemap extract not found at {path}; run scripts/build_basemap_extracts.py")
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
    try:
        version = connection.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
    except sqlite3.DatabaseError as err:
        raise BoundaryError(f"{path} is not a basemap extract: {err}") from err
    if version is None or int(version[0]) != FORMAT_VERSION:
        raise BoundaryError(f"{path} has extract format {version and version[0]}, not {FORMAT_VERSION}")
    return connection


def level_for(tolerance: float) -> int:
    """Index of the coarsest stored level whose tolerance does not exceed ``tolerance``."""
    usable = [i for i, level in enumerate(LEVELS) if level <= tolerance * 1.0001]
    return usable[-1] if usable else 0


def _checked(bounds: Bounds) -> Bounds | None:
    west, south, east, north = (float(v) for v in bounds)
    if not all(np.isfinite([west, south, east, north])):
        raise BoundaryError(f"bounds {bounds} are not finite numbers")
    if west > east or south > north:
        raise BoundaryError(f"bounds {bounds} must be (west, south, east, north) with west <= east")
    south, north = max(south, -90.0), min(north, 90.0)
    if west == east or south >= north:
        return None
    return (west, south, east, north)


Row = tuple[str, str, str, str, float, float, float, int, bytes]


def _rows(layer: str, bounds: Bounds, level: int) -> Iterator[Row]:
    west, south, east, north = bounds
    query = (
        "SELECT f.name, f.country, f.code, f.kind, f.rank, f.label_x, f.label_y, f.id, s.geometry "
        "FROM extent AS e JOIN features AS f ON f.id = e.id "
        "JOIN shapes AS s ON s.feature = f.id AND s.level = ? "
        "WHERE e.west <= ? AND e.east >= ? AND e.south <= ? AND e.north >= ? AND f.layer = ? ORDER BY f.id"
    )
    yield from _connect(extract_path()).execute(query, (level, east, west, north, south, layer))


def _shapes(layer: str, bounds: Bounds, tolerance: float) -> Iterator[tuple[Row, BaseGeometry]]:
    """Rows of ``layer`` reaching into ``bounds`` with their shapes clipped and simplified; empty ones dropped."""
    checked = _checked(bounds)
    if checked is None:
        return
    level = level_for(tolerance)
    rows = list(_rows(layer, checked, level))
    if not rows:
        return
    shapes = np.array([decode_geometry(row[-1]) for row in rows], dtype=object)
    shapes = shapely.clip_by_rect(shapes, *checked)
    if tolerance > LEVELS[level] * 1.5:
        # Douglas-Peucker without topology repair is much faster; shapes it collapses are dropped below.
        shapes = shapely.simplify(shapes, tolerance, preserve_topology=False)
    for row, shape in zip(rows, shapes, strict=True):
        if not shape.is_empty:
            yield row, shape


# --------------------------------------------------------------------------- public readers


def admin1_in(bounds: Bounds, tolerance: float) -> list[Region]:
    """First-level administrative regions reaching into ``bounds``, clipped and simplified to ``tolerance``."""
    return [
        Region(name=row[0], country_code=row[1], code=row[2], kind=row[3], geometry=shape,
               label=shapely.Point(row[5], row[6]), min_zoom=row[4])
        for row, shape in _shapes("admin1", bounds, tolerance)
    ]


def rivers_in(bounds: Bounds, tolerance: float) -> list[Water]:
    """Rivers (and lake centre lines) reaching into ``bounds``, largest first."""
    return _water("river", bounds, tolerance)


def lakes_in(bounds: Bounds, tolerance: float) -> list[Water]:
    """Lakes and reservoirs reaching into ``bounds``, largest first."""
    return _water("lake", bounds, tolerance)


def _water(layer: str, bounds: Bounds, tolerance: float) -> list[Water]:
    found = [Water(name=row[0], rank=int(row[4]), geometry=shape, source=row[3])
             for row, shape in _shapes(layer, bounds, tolerance)]
    return sorted(found, key=lambda water: water.rank)


def countries_in(bounds: Bounds, tolerance: float) -> list[Country]:
    """Country polygons reaching into ``bounds``, simplified: cheap land for the whole world at any zoom."""
    return [Country(name=row[0], iso_a2=row[1], geometry=shape, label=shapely.Point(row[5], row[6]), min_zoom=row[4])
            for row, shape in _shapes("country", bounds, tolerance)]


def seas_in(bounds: Bounds) -> list[Sea]:
    """Seas and oceans with enough water inside ``bounds``, each with a label point in that water.

    The point is the spot of the largest visible piece of the sea's water farthest from its
    edges, so a label stays inside the view whatever part of the sea the view shows.
    """
    checked = _checked(bounds)
    if checked is None:
        return []
    box_area = (checked[2] - checked[0]) * (checked[3] - checked[1])
    seas = []
    for row, shape in _shapes("sea", checked, LEVELS[-1]):
        pieces = [p for p in shapely.get_parts(shape) if p.geom_type == "Polygon"]
        if not pieces:
            continue
        largest = max(pieces, key=lambda piece: piece.area)
        if largest.area < min(SEA_VISIBLE_SHARE * box_area, SEA_VISIBLE_AREA):
            continue
        spot = shapely.ops.polylabel(largest, tolerance=max(largest.length / 200, 1e-4))
        seas.append((largest.area, Sea(name=row[0], point=spot)))
    return [sea for _, sea in sorted(seas, key=lambda pair: -pair[0])]


def extract_sources() -> list[dict[str, str]]:
    """The packages the extract was made from (name, version, licence, sha256), as the build recorded them."""
    rows = _connect(extract_path()).execute("SELECT value FROM meta WHERE key = 'sources'").fetchone()
    sources: list[dict[str, str]] = json.loads(rows[0]) if rows else []
    return sources
