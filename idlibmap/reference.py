"""Reference towns: the towns a story does not name, chosen from the gazetteer to give a map its bearings.

Towns are taken most populous first (capitals before all) and thinned zoom by zoom: a town joins
the map at the first zoom where it lies at least :data:`SPACING` pixels from every town already
there, so each zoom shows an even scatter of the largest places. Below the first view's zoom the
whole extent is thinned; from there on, only the ground within a screen or so of the story's
places, so the page stays small while every view of the story has its towns.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely

from .gazetteer import GazetteerPlace

Bounds = tuple[float, float, float, float]  # (west, south, east, north) in degrees

SPACING = 85.0  # pixels between two reference towns at the zoom where the later one appears
ZOOM_STEP = 0.5  # towns are thinned at every half zoom
DEPTH = 3.0  # zooms past the first view that still get towns of their own
MAX_TOWNS = 900  # towns a page holds at most (the deepest zooms give way first)
SCREEN = (1280, 800)  # pixels: the window whose surroundings get towns at every zoom
NEAR_STORY_POPULATION = 0  # every gazetteer town (GeoNames: 500 people and more) near the story
WHOLE_EXTENT_ZOOMS = 2  # zooms past the whole-extent view whose towns come from all of it
EXTENT_TOWNS_PER_SQUARE_DEGREE = 40.0  # sets the least population of towns read across the whole extent
LIMIT = 20_000  # gazetteer rows read at most
SAME_PLACE_KM = 2.0  # a town this close to a story place is that place
KM_PER_DEGREE = 111.2  # of latitude

# Marks of scholarly transliteration (BGN/PCGN): macrons, dots below, h/t/d/z with cedilla, ayn and hamza.
_TRANSLITERATION = re.compile("[\u0304\u0323\u0331\u02bf\u02be\u2018\u2019]|[hHtTdDzZ]\u0327")
_APOSTROPHES = str.maketrans(dict.fromkeys("\u02bf\u02be\u2018\u2019'`"))


@dataclass(frozen=True)
class Town:
    """A reference town: its display name, position, the zoom it appears from, and whether a capital."""

    name: str
    lat: float
    lon: float
    population: int
    capital: bool
    min_zoom: float
    geonames_id: int


def display_name(name: str) -> str:
    """A gazetteer name as a news map writes it: 'I‘zāz' -> 'Izaz', 'Ḩamāh' -> 'Hamah'; 'Reyhanlı' stays.

    Names carrying transliteration marks (from Arabic, Persian, ...) lose every diacritic, as
    English-language news writes them; names in a Latin alphabet of their own keep theirs.
    """
    decomposed = unicodedata.normalize("NFD", name)
    if not _TRANSLITERATION.search(decomposed):
        return name
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_APOSTROPHES)
    plain = " ".join(plain.split())
    return plain[:1].upper() + plain[1:] if plain else name


def pixels_per_degree(zoom: float) -> float:
    """Web Mercator pixels per degree of longitude at ``zoom`` (256-pixel tiles)."""
    return 256 * 2**zoom / 360


def _projected(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """(x, y) in degrees of longitude on the Mercator plane, so one scale serves both axes."""
    clipped = np.radians(np.clip(lat, -85.0, 85.0))
    return np.column_stack([lon, np.degrees(np.log(np.tan(np.pi / 4 + clipped / 2)))])


def query_boxes(extent: Bounds, view: Bounds, first_zoom: float) -> list[tuple[Bounds, int]]:
    """The gazetteer boxes to read: the extent's larger towns, and every town within half a screen of
    the first view (story places further out get the extent's towns only)."""
    reach = _reach_degrees(first_zoom)
    west, south, east, north = view
    area = (extent[2] - extent[0]) * (extent[3] - extent[1])
    least = int(min(max(area * EXTENT_TOWNS_PER_SQUARE_DEGREE, 2_000), 100_000))
    return [(extent, least), ((west - reach, south - reach, east + reach, north + reach), NEAR_STORY_POPULATION)]


def _reach_degrees(zoom: float) -> float:
    """Half a screen's width in degrees at ``zoom``: how far around the story towns are kept."""
    return SCREEN[0] / 2 / pixels_per_degree(zoom)


def reference_towns(places: Sequence[GazetteerPlace], focus: Sequence[tuple[float, float]], view: Bounds,
                    zooms: tuple[float, float, float], skip: Sequence[tuple[str, float, float]] = (),
                    skip_ids: frozenset[int] = frozenset()) -> list[Town]:
    """Thin ``places`` zoom by zoom into reference towns (see the module docstring).

    ``zooms``: the zoom showing the whole extent, the first view's zoom and the deepest zoom. Up to
    :data:`WHOLE_EXTENT_ZOOMS` past the first, towns come from the whole extent; further in, only
    within half a screen of one of ``focus`` ((lat, lon) of the story's places and points) or of
    the ``view``, down to :data:`DEPTH` zooms past the first view and :data:`MAX_TOWNS` in all.
    ``skip``: (name, lat, lon) of the story's own places, whose towns are not repeated; ``skip_ids``:
    their GeoNames ids.
    """
    extent_zoom, first_zoom, max_zoom = zooms
    ordered = sorted((p for p in places if p.geonameid not in skip_ids),
                     key=lambda p: (p.feature_type != "capital", -p.population, p.geonameid))
    if ordered and skip:
        named = _named_by_story(np.array([p.lat for p in ordered]), np.array([p.lon for p in ordered]), skip)
        ordered = [p for p, same in zip(ordered, named.tolist(), strict=True) if not same]
    if not ordered:
        return []
    xy = _projected(np.array([p.lat for p in ordered]), np.array([p.lon for p in ordered]))
    distance = _distance_to_story(xy, focus, view)
    appears = np.full(len(ordered), -1.0)
    start = max(0.0, min(extent_zoom, first_zoom))
    deepest = min(max_zoom, first_zoom + DEPTH)
    for zoom in np.arange(start, deepest + ZOOM_STEP / 2, ZOOM_STEP).tolist():
        scale = pixels_per_degree(zoom)
        everywhere = zoom <= extent_zoom + WHOLE_EXTENT_ZOOMS
        eligible = np.ones(len(ordered), bool) if everywhere else distance * scale <= SCREEN[0] / 2
        joined = _thinned(xy * scale, np.flatnonzero(eligible & (appears < 0)), np.flatnonzero(appears >= 0))
        if np.count_nonzero(appears >= 0) + len(joined) > MAX_TOWNS:
            break  # the page's budget: deeper zooms keep the towns they have
        appears[joined] = zoom
    towns = []
    for place, zoom in zip(ordered, appears, strict=True):
        capital = place.feature_type == "capital"
        if zoom >= 0 or capital:  # capitals are never dropped: one crowded out still shows from the first zoom
            towns.append(Town(display_name(place.name), place.lat, place.lon, place.population, capital,
                              float(zoom) if zoom >= 0 else start, place.geonameid))
    return towns


def _thinned(points: np.ndarray, candidates: np.ndarray, placed: np.ndarray) -> np.ndarray:
    """The ``candidates`` (indices, most important first) that join ``placed`` keeping :data:`SPACING` pixels."""
    if not len(candidates):
        return candidates
    # Two towns in one cell of this size are always too close: only the first of each cell can join.
    cells = np.floor(points[candidates] / (SPACING / math.sqrt(2))).astype(np.int64)
    _, first = np.unique(cells[:, 0] * (1 << 31) + cells[:, 1], return_index=True)
    candidates = candidates[np.sort(first)]
    if len(placed):
        crowded, _ = shapely.STRtree(shapely.points(points[placed])).query(
            shapely.points(points[candidates]), predicate="dwithin", distance=SPACING)
        candidates = np.delete(candidates, np.unique(crowded))
    shapes = shapely.points(points[candidates])
    first, second = shapely.STRtree(shapes).query(shapes, predicate="dwithin", distance=SPACING)
    blockers: dict[int, list[int]] = {}
    for a, b in zip(first.tolist(), second.tolist(), strict=True):
        if a < b:
            blockers.setdefault(b, []).append(a)
    taken = [False] * len(candidates)
    for k in range(len(candidates)):
        taken[k] = not any(taken[a] for a in blockers.get(k, ()))
    kept: np.ndarray = candidates[np.array(taken, bool)]
    return kept


def _distance_to_story(xy: np.ndarray, focus: Sequence[tuple[float, float]], view: Bounds) -> np.ndarray:
    """Each town's distance (Mercator degrees) to the nearest story place or to the view's box."""
    west, south, east, north = view
    (x0, y0), (x1, y1) = _projected(np.array([south, north]), np.array([west, east]))
    dx = np.maximum(np.maximum(x0 - xy[:, 0], xy[:, 0] - x1), 0)
    dy = np.maximum(np.maximum(y0 - xy[:, 1], xy[:, 1] - y1), 0)
    nearest: np.ndarray = np.hypot(dx, dy)
    if focus:
        points = _projected(np.array([f[0] for f in focus]), np.array([f[1] for f in focus]))
        for point in points:
            nearest = np.minimum(nearest, np.hypot(*(xy - point).T))
    return nearest


def _named_by_story(lat: np.ndarray, lon: np.ndarray, skip: Sequence[tuple[str, float, float]]) -> np.ndarray:
    """Which towns lie within :data:`SAME_PLACE_KM` of a story place: they are that place, however the
    story spells it ('Saraqeb' for GeoNames' 'Saraqib'). Distances on a local flat map, true at this scale."""
    near = np.zeros(len(lat), bool)
    for _, place_lat, place_lon in skip:
        east = (lon - place_lon) * math.cos(math.radians(place_lat))
        near |= np.hypot(lat - place_lat, east) * KM_PER_DEGREE <= SAME_PLACE_KM
    return near
