"""The basemap a map draws under its story: land and borders, provinces, rivers, lakes, seas, towns.

Everything comes from the offline extract (:mod:`idlibmap.basemap_data`) and the gazetteer, in
three rings of detail so the page stays small and the land never ends in view:

- the *detail* box (the first view and about as much again around it): land at the extract's finest
  level, province outlines and names, every river and lake, towns down to villages;
- the *extent* (every story feature, padded): land simplified to about a pixel at the zoom that
  shows it all, the larger rivers and lakes;
- a *margin* around the extent, as wide again: coarse land, so a view wider than the extent
  (a tall phone, an article whose places spread far) still shows land to its edges.

Borders are drawn as lines cut from the countries' outlines, so no line marks where data was
clipped. Country names are placed by the page (and the static renderer) in the part of each
country that is in view; this module gives each country its label point in its main territory.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import shapely
import shapely.errors
from shapely.geometry.base import BaseGeometry

from . import basemap_data, boundaries, reference, styles
from .gazetteer import Gazetteer, normalize_name
from .model import Basemap, BasemapCountry, BasemapFeature, BasemapLabel, BasemapLine

Bounds = tuple[float, float, float, float]

SCREEN = (1280, 800)  # pixels: the window the first view and the zooms are reckoned for
FIT_PADDING = 24  # pixels the page keeps around the first view
# The deepest zoom: one screen pixel is then about a fifth of the finest stored tolerance (0.002°,
# some 200 m); past it Natural Earth's outlines turn to visible straight segments.
MAX_ZOOM = 11
MARGIN_ASPECT = 2.2  # the margin ring covers the extent seen on a window this much taller (or wider) than it
MARGIN_COARSENESS = 4  # its tolerance, in multiples of the extent's (the locator inset's land shares it)
DETAIL_FRACTION = 0.5  # the detail box: the first screen grown by this share of its size on each side
WIDE_DEGREES = 20.0  # a first screen wider than this gets no province outlines but those the story names
PROVINCE_FRACTION = 0.25  # provinces are outlined over the first screen grown by this share on each side
FINE_ZOOMS = 1.5  # the detail box is drawn for this many zooms past the first view (finer only as data allows)
EXTENT_PIXELS = 1100  # the extent ring keeps about a vertex a pixel across the extent on this many pixels
MAJOR_RIVER_RANK = 6  # rivers and lakes of this Natural Earth rank or larger are drawn across the extent
MAJOR_LAKE_RANK = 6
WATER_NAME_RANK_ZOOM = 1.5  # a river or lake of rank r is named from zoom r - this (and the first view's)


@dataclass(frozen=True)
class StoryMarks:
    """What the basemap needs to know of the story it lies under."""

    view: Bounds  # the first view
    data: Bounds  # every story feature
    highlight: frozenset[str] = frozenset()  # ISO codes of countries drawn with a stronger fill
    labelled: frozenset[str] = frozenset()  # ISO codes of countries the story names with a label of its own
    focus: tuple[tuple[float, float], ...] = ()  # (lat, lon) of the story's places and points
    places: tuple[tuple[str, float, float], ...] = ()  # (name, lat, lon) of the story's named places
    place_ids: frozenset[int] = frozenset()  # their GeoNames ids
    regions: tuple[tuple[str, float, float], ...] = ()  # (name, lat, lon) of regions the story names


def fit_zoom(bounds: Bounds, size: tuple[int, int] = SCREEN, padding: int = FIT_PADDING) -> float:
    """The (fractional) zoom at which ``bounds`` just fit a window of ``size`` pixels, as Leaflet fits them."""
    west, south, east, north = bounds
    span_x = max(east - west, 1e-6)
    span_y = max(math.degrees(_mercator(north) - _mercator(south)), 1e-6)
    per_degree = 256 / 360
    return min(math.log2((size[0] - 2 * padding) / (span_x * per_degree)),
               math.log2((size[1] - 2 * padding) / (span_y * per_degree)))


def _mercator(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def screen_box(view: Bounds, zoom: float, size: tuple[int, int] = SCREEN) -> Bounds:
    """The ground a window of ``size`` pixels shows at ``zoom``, centred on ``view``."""
    west, south, east, north = view
    per_degree = reference.pixels_per_degree(zoom)
    cx, cy = (west + east) / 2, (_mercator(south) + _mercator(north)) / 2
    half_x = size[0] / 2 / per_degree
    half_y = math.radians(size[1] / 2 / per_degree)
    return (max(cx - half_x, -180.0), _latitude(cy - half_y), min(cx + half_x, 180.0), _latitude(cy + half_y))


def _latitude(y: float) -> float:
    return max(min(math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2), 85.0), -85.0)


def _grown(bounds: Bounds, fraction: float, limit: Bounds | None = None) -> Bounds:
    west, south, east, north = bounds
    dx, dy = (east - west) * fraction, (north - south) * fraction
    grown = (max(west - dx, -180.0), max(south - dy, -85.0), min(east + dx, 180.0), min(north + dy, 85.0))
    if limit is None:
        return grown
    return (max(grown[0], limit[0]), max(grown[1], limit[1]), min(grown[2], limit[2]), min(grown[3], limit[3]))


def margin_box(extent: Bounds) -> Bounds:
    """The ground a window of any shape up to :data:`MARGIN_ASPECT` can show around ``extent`` at its widest."""
    west, south, east, north = extent
    y0, y1 = _mercator(south), _mercator(north)
    width, height = east - west, math.degrees(y1 - y0)
    half_x = max(width, height * MARGIN_ASPECT) * 0.55
    half_y = math.radians(max(height, width * MARGIN_ASPECT) * 0.55)
    cx, cy = (west + east) / 2, (y0 + y1) / 2
    return (max(cx - half_x, -180.0), _latitude(cy - half_y), min(cx + half_x, 180.0), _latitude(cy + half_y))


# --------------------------------------------------------------------------- land and borders


@dataclass(frozen=True)
class _Ring:
    """One ring of detail: the box it fills, the box inside it left to a finer ring, its tolerance."""

    box: Bounds
    inner: Bounds | None
    tolerance: float
    borders: bool = True  # the margin's land is drawn without borders: it is seen only at the widest zooms


def _land(rings: Sequence[_Ring], highlight: frozenset[str], labelled: frozenset[str]
          ) -> tuple[list[BasemapFeature], list[BaseGeometry]]:
    """Land polygons and border lines for each ring; a little is read beyond each box so no line ends at it."""
    countries: list[BasemapFeature] = []
    borders: list[BaseGeometry] = []
    for ring in rings:
        hole = shapely.box(*ring.inner) if ring.inner else None
        read = _grown(ring.box, 0.02)
        ring_borders: list[BaseGeometry] = []
        for country in _countries(read, ring.tolerance):
            shape = rounded(country.geometry, ring.tolerance)
            # Clipping adds points of any precision where a shape meets the box: rounded again.
            fill = _rounded_again(_cut(shapely.clip_by_rect(shape, *ring.box), hole), ring.tolerance)
            edge = _rounded_again(_cut(shapely.clip_by_rect(shapely.boundary(shape), *ring.box), hole),
                                  ring.tolerance) if ring.borders else fill
            if not fill.is_empty:
                code = country.iso_a2
                countries.append(BasemapFeature(fill, BasemapCountry(
                    name=country.name, iso_a2=code, highlight=code in highlight,
                    label_lon=round(country.label.x, 4), label_lat=round(country.label.y, 4),
                    min_zoom=country.min_zoom, story_named=code in labelled)))
            if ring.borders and not edge.is_empty:
                ring_borders.append(edge)
        # A border two countries share is drawn once.
        if ring_borders:
            borders.append(_rounded_again(shapely.line_merge(shapely.union_all(ring_borders)), ring.tolerance))
    return countries, borders


@lru_cache(maxsize=8)
def _countries(box: Bounds, tolerance: float) -> tuple[basemap_data.Country, ...]:
    """Countries read once per box and tolerance (the margin ring and the overview share theirs)."""
    return tuple(basemap_data.countries_in(box, tolerance))


def rounded(shape: BaseGeometry, tolerance: float) -> BaseGeometry:
    """``shape`` with its coordinates rounded to a tenth of ``tolerance`` (fewer digits for the page)."""
    decimals = max(0, math.ceil(-math.log10(tolerance / 10)))
    return shapely.transform(shape, lambda xy: xy.round(decimals))


def _rounded_again(shape: BaseGeometry, tolerance: float) -> BaseGeometry:
    """``shape`` snapped to the grid :func:`rounded` rounds to, kept valid (a line or ring that collapses on
    the grid is dropped); one invalid to start with (a fast simplification can leave one) is only rounded."""
    if shape.is_empty or not shape.is_valid:
        return rounded(shape, tolerance)
    decimals = max(0, math.ceil(-math.log10(tolerance / 10)))
    return rounded(shapely.set_precision(shape, 10.0**-decimals), tolerance)


def _cut(shape: BaseGeometry, hole: BaseGeometry | None) -> BaseGeometry:
    """``shape`` less the ``hole`` a finer ring fills; a shape the fast simplification left invalid is
    repaired first."""
    if hole is None or shape.is_empty:
        return shape
    try:
        return shapely.difference(shape, hole) if shape.intersects(hole) else shape
    except shapely.errors.GEOSException:
        return shapely.difference(shapely.make_valid(shape), hole)


# --------------------------------------------------------------------------- provinces


def _provinces(detail: Bounds, tolerance: float, regions: Sequence[tuple[str, float, float]],
               first_zoom: float, coasts: BaseGeometry, wide: bool
               ) -> tuple[list[BasemapFeature], list[BasemapFeature]]:
    """Province outlines (the edges between regions, not the borders and coasts drawn already) and names;
    in a ``wide`` view only the outlines of the regions the story names."""
    found = basemap_data.admin1_in(_grown(detail, 0.02), tolerance)
    if wide:
        found = [r for r in found if _story_region(r, regions)]
    if not found:
        return [], []
    outlines = []
    if not wide:
        edges = shapely.union_all([shapely.boundary(r.geometry) for r in found])
        drawn = shapely.buffer(coasts, tolerance * 2, quad_segs=1, cap_style="flat")
        inner = shapely.clip_by_rect(shapely.difference(edges, drawn), *detail)
        if not inner.is_empty:
            outlines.append(BasemapFeature(inner, BasemapLine("province", "", 0)))
    labels = []
    for region in found:
        if _story_region(region, regions):
            outline = shapely.clip_by_rect(shapely.boundary(region.geometry), *detail)
            outlines.append(BasemapFeature(outline, BasemapLine("province-story", region.name, 0)))
            continue
        x, y = region.label.x, region.label.y
        if detail[0] <= x <= detail[2] and detail[1] <= y <= detail[3] and region.name:
            labels.append(BasemapFeature(shapely.Point(round(x, 4), round(y, 4)), BasemapLabel(
                region.name, "province", max(first_zoom - 1.0, region.min_zoom - 1.0), 99.0,
                styles.BASEMAP_LABEL_PRIORITY["province"])))
    return outlines, labels


def _story_region(region: basemap_data.Region, regions: Sequence[tuple[str, float, float]]) -> bool:
    """Whether the story names this region: one of its regions lies in it and shares its name's first word."""
    key = normalize_name(region.name).split()
    for name, lat, lon in regions:
        words = normalize_name(name).split()
        if key and words and key[0] == words[0] and region.geometry.contains(shapely.Point(lon, lat)):
            return True
    return False


# --------------------------------------------------------------------------- water


def _water(detail: Bounds, extent: Bounds, fine: float, coarse: float, first_zoom: float, smallest: int
           ) -> tuple[list[BasemapFeature], list[BasemapFeature]]:
    """Rivers and lakes: all of them in the detail box, the larger ones across the extent; named ones labelled."""
    inner = shapely.box(*detail)
    shapes: list[BasemapFeature] = []
    labels: list[BasemapFeature] = []
    for kind, read in (("river", basemap_data.rivers_in), ("lake", basemap_data.lakes_in)):
        major = MAJOR_RIVER_RANK if kind == "river" else MAJOR_LAKE_RANK
        for water in read(extent, coarse):
            if water.rank <= major:
                outside = shapely.difference(water.geometry, inner)
                if not outside.is_empty:
                    shapes.append(BasemapFeature(_rounded_again(outside, coarse),
                                                 BasemapLine(kind, water.name, water.rank)))
        for water in read(detail, fine):
            if water.rank > smallest:
                continue
            shapes.append(BasemapFeature(_rounded_again(water.geometry, fine),
                                         BasemapLine(kind, water.name, water.rank)))
            if water.name:
                labels.extend(_water_label(water, kind, first_zoom))
    return shapes, labels


def _water_label(water: basemap_data.Water, kind: str, first_zoom: float) -> list[BasemapFeature]:
    """A river's name at spots along its longest part; a lake's at its centre."""
    priority = styles.BASEMAP_LABEL_PRIORITY[kind] - water.rank * 0.1
    from_zoom = max(first_zoom - 1.0, water.rank - WATER_NAME_RANK_ZOOM)  # small rivers are named closer in
    if kind == "lake":
        largest = max(shapely.get_parts(water.geometry), key=lambda part: part.area)
        if largest.area < 0.002:
            return []
        spot = largest.representative_point()
        return [BasemapFeature(shapely.Point(round(spot.x, 4), round(spot.y, 4)),
                               BasemapLabel(water.name, "lake", from_zoom, 99.0, priority))]
    longest = max(shapely.get_parts(water.geometry), key=lambda part: part.length)
    if longest.length < 0.1:
        return []
    points = [longest.interpolate(share, normalized=True) for share in (0.5, 0.35, 0.65, 0.2, 0.8)]
    spots = tuple((round(p.y, 4), round(p.x, 4)) for p in points)
    return [BasemapFeature(shapely.Point(spots[0][1], spots[0][0]),
                           BasemapLabel(water.name, "river", from_zoom, 99.0, priority, spots))]


# --------------------------------------------------------------------------- seas and towns


def _seas(first_screen: Bounds, extent: Bounds, first_zoom: float) -> list[BasemapFeature]:
    """Sea names inside the first screen from its zoom on, and across the extent below it."""
    priority = styles.BASEMAP_LABEL_PRIORITY["sea"]
    labels = [BasemapFeature(_rounded(sea.point), BasemapLabel(sea.name, "sea", first_zoom - 1.5, 99.0, priority))
              for sea in basemap_data.seas_in(first_screen)]
    labels += [BasemapFeature(_rounded(sea.point), BasemapLabel(sea.name, "sea", 0.0, first_zoom - 1.5, priority))
               for sea in basemap_data.seas_in(extent)]
    return labels


def _rounded(point: shapely.Point) -> shapely.Point:
    return shapely.Point(round(point.x, 4), round(point.y, 4))


def _towns(gazetteer: Gazetteer, marks: StoryMarks, extent: Bounds, zooms: tuple[float, float, float]
           ) -> list[BasemapFeature]:
    boxes = reference.query_boxes(extent, marks.view, zooms[1])
    places = gazetteer.places_in(boxes, limit=reference.LIMIT)
    towns = reference.reference_towns(places, marks.focus, marks.view, zooms, marks.places, marks.place_ids)
    priorities = styles.BASEMAP_LABEL_PRIORITY

    def priority(town: reference.Town) -> float:
        """Capitals first, then towns by population."""
        return round(priorities["capital" if town.capital else "town"] + math.log10(max(town.population, 10)) / 10, 2)

    return [BasemapFeature(shapely.Point(round(t.lon, 5), round(t.lat, 5)), BasemapLabel(
        t.name, "capital" if t.capital else "town", float(t.min_zoom), 99.0, priority(t))) for t in towns]


# --------------------------------------------------------------------------- the basemap


def detail_tolerance(view: Bounds) -> float:
    """The tolerance (degrees) of the land around the first view ``view``: fine enough for the zooms a
    reader takes into it (:data:`FINE_ZOOMS`), never finer than the data. Shapes drawn over that land
    (a map of many articles' shaded countries) need no more detail than it has."""
    return max(basemap_data.LEVELS[0], 1 / reference.pixels_per_degree(opening_zoom(view) + FINE_ZOOMS))


def opening_zoom(view: Bounds) -> float:
    """The zoom the page opens ``view`` at on the reference screen, snapped as Leaflet snaps it."""
    return max(min(math.floor(fit_zoom(view) * 4) / 4, MAX_ZOOM), 0)


def basemap_for(marks: StoryMarks, gazetteer: Gazetteer | None = None) -> Basemap:
    """The basemap under a story: see the module docstring. Without a gazetteer, no reference towns."""
    extent = boundaries.basemap_extent(marks.data)
    first_zoom = opening_zoom(marks.view)
    extent_zoom = max(min(math.floor(fit_zoom(extent, padding=0)), first_zoom), 0)
    first_screen = screen_box(marks.view, fit_zoom(marks.view))
    detail = _grown(first_screen, DETAIL_FRACTION, extent)
    wide = max(first_screen[2] - first_screen[0], first_screen[3] - first_screen[1]) > WIDE_DEGREES
    margin = margin_box(extent)
    fine = detail_tolerance(marks.view)
    coarse = max(boundaries.simplify_tolerance(extent, EXTENT_PIXELS), fine)
    rings = [_Ring(detail, None, fine), _Ring(extent, detail, coarse),
             _Ring(margin, extent, coarse * MARGIN_COARSENESS, borders=False)]
    countries, borders = _land(rings, marks.highlight, marks.labelled)
    coasts = shapely.union_all([shapely.clip_by_rect(b, *_grown(detail, 0.02)) for b in borders])
    # Provinces are quieter than coasts and borders: a pixel of detail half a zoom past the first view.
    outline = max(fine, 1 / reference.pixels_per_degree(first_zoom + 0.5))
    provinces, province_names = _provinces(_grown(first_screen, PROVINCE_FRACTION, extent), outline, marks.regions,
                                           first_zoom, coasts, wide)
    water, water_names = _water(detail, extent, fine, coarse, first_zoom, MAJOR_RIVER_RANK + 2 if wide else 99)
    labels = _seas(first_screen, extent, first_zoom) + province_names + water_names
    if gazetteer is not None:
        labels += _towns(gazetteer, marks, extent, (extent_zoom, first_zoom, MAX_ZOOM))
    overview = _overview(rings[-1], _grown(extent, 0.2), marks.highlight)
    return Basemap(countries=countries, borders=borders, provinces=provinces, water=water, labels=labels,
                   extent=extent, max_zoom=MAX_ZOOM, overview=overview)


def _overview(margin: _Ring, box: Bounds, highlight: frozenset[str]) -> list[BasemapFeature]:
    """Whole countries reaching into ``box``, as coarse as the margin ring, for the locator inset."""
    tolerance = margin.tolerance
    shapes = []
    area = shapely.box(*box)
    for country in _countries(_grown(margin.box, 0.02), tolerance):
        if not country.geometry.intersects(area):
            continue
        parts = sorted(shapely.get_parts(country.geometry), key=lambda part: -part.area)
        kept = [p for i, p in enumerate(parts) if i == 0 or p.area >= tolerance * tolerance]  # no specks
        shapes.append(BasemapFeature(rounded(shapely.multipolygons(kept), tolerance), BasemapCountry(
            name=country.name, iso_a2=country.iso_a2, highlight=country.iso_a2 in highlight,
            label_lon=round(country.label.x, 2), label_lat=round(country.label.y, 2), min_zoom=country.min_zoom,
            story_named=False)))
    return shapes
