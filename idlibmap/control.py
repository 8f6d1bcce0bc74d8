"""Who controls what: areas of control as a partition of a country, and the front line derived from them.

A story declares areas by outline (clipped to their country) and may name a faction as holder of
"the rest" of a country. :func:`partition` turns these into shapes that do not overlap and, with a
"rest" holder, cover the country completely; :func:`front_line` is then the shared edge between
areas of factions on different sides, never an international border.

Hand-drawn outlines never meet exactly, so two small tolerances make a clean partition:
an outline's vertices snap to an earlier area's edge within :data:`SNAP_KM`, and ground where two
outlines overlap by less than :data:`OVERLAP_TOLERANCE` of the smaller area goes to the one
declared first. A larger overlap is an error (two areas declared for the same ground). Slivers of
"the rest" smaller than :data:`SLIVER_KM2` left between outlines join the neighbour they share most
edge with. An enclave is declared before the area around it, which then gets a hole.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import shapely
from shapely.geometry.base import BaseGeometry

SNAP_KM = 1.5
OVERLAP_TOLERANCE = 0.03  # share of the smaller area two outlines may overlap by
SLIVER_KM2 = 40.0
KM_PER_DEGREE = 111.32


@dataclass(frozen=True)
class AreaSpec:
    """One declared area: its faction and either an outline polygon or the country it holds the rest of."""

    faction: str
    label: str  # names the entry in messages
    fail: Callable[[str], Exception]  # makes the error for this entry (file, line and entry named)
    outline: BaseGeometry | None = None  # lon/lat polygon, already clipped to its country
    rest_of: BaseGeometry | None = None  # the country polygon this faction holds the rest of


@dataclass(frozen=True)
class HeldArea:
    """An area as drawn: the spec it came from and its final shape."""

    spec: AreaSpec
    shape: BaseGeometry


def _km_scale(geometry: BaseGeometry) -> float:
    """Degrees² to km² near ``geometry`` (local equirectangular scale)."""
    lat = geometry.centroid.y if not geometry.is_empty else 0.0
    return KM_PER_DEGREE**2 * max(math.cos(math.radians(lat)), 0.05)


def area_km2(geometry: BaseGeometry) -> float:
    """Approximate area in km² of a lon/lat shape."""
    return float(geometry.area) * _km_scale(geometry)


def _polygons(geometry: BaseGeometry) -> BaseGeometry:
    """Only the polygonal parts of a shape (an intersection may add stray lines and points)."""
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def partition(specs: Sequence[AreaSpec]) -> list[HeldArea]:
    """The declared areas as non-overlapping shapes, each "rest" holder filling what the others leave.

    Raises the entry's own error when an outline is empty after clipping, or overlaps an earlier
    area by more than the tolerance, or when two factions claim the rest of one country.
    """
    taken: list[HeldArea] = []
    for spec in specs:
        if spec.outline is None:
            continue
        shape = _polygons(spec.outline)
        if shape.is_empty:
            raise spec.fail("the outline does not enclose any ground inside its country")
        for earlier in taken:
            shape = _fit_against(spec, shape, earlier)
        taken.append(HeldArea(spec, shape))
    rests = [spec for spec in specs if spec.rest_of is not None]
    for index, spec in enumerate(rests):
        assert spec.rest_of is not None
        for other in rests[:index]:
            assert other.rest_of is not None
            if other.rest_of.equals(spec.rest_of):
                raise spec.fail(f"the rest of this country is already held by '{other.faction}' ({other.label})")
        claimed = shapely.union_all([area.shape for area in taken]) if taken else shapely.Polygon()
        rest = _polygons(shapely.difference(spec.rest_of, claimed))
        taken = _absorb_slivers(taken, rest)
        rest = _polygons(shapely.difference(spec.rest_of, shapely.union_all([a.shape for a in taken])))
        taken.append(HeldArea(spec, rest))
    order = {id(spec): i for i, spec in enumerate(specs)}
    return sorted((a for a in taken if not a.shape.is_empty), key=lambda a: order[id(a.spec)])


def _fit_against(spec: AreaSpec, shape: BaseGeometry, earlier: HeldArea) -> BaseGeometry:
    """``shape`` snapped to an earlier area's edge and cut by it; a real overlap is an error."""
    if not shape.intersects(earlier.shape.buffer(SNAP_KM / KM_PER_DEGREE)):
        return shape
    snapped = _polygons(shapely.make_valid(shapely.snap(shape, earlier.shape, SNAP_KM / KM_PER_DEGREE)))
    if snapped.buffer(1e-6).contains(earlier.shape):  # an enclave declared first: this area gets a hole
        return _polygons(shapely.difference(snapped, earlier.shape))
    overlap = snapped.intersection(earlier.shape)
    smaller = min(area_km2(snapped), area_km2(earlier.shape))
    if not overlap.is_empty and area_km2(overlap) > OVERLAP_TOLERANCE * smaller:
        if earlier.shape.buffer(1e-6).contains(snapped):
            raise spec.fail(f"lies inside {earlier.spec.label}: declare an enclave before the area around it, "
                            "so that area gets a hole")
        raise spec.fail(f"overlaps {earlier.spec.label} by about {area_km2(overlap):,.0f} km²: two areas are "
                        "declared for the same ground; draw the shared edge once")
    return _polygons(shapely.difference(snapped, earlier.shape))


def _absorb_slivers(taken: list[HeldArea], rest: BaseGeometry) -> list[HeldArea]:
    """Give each small piece of ``rest`` wedged between outlines to the neighbour it shares most edge with."""
    grown = {id(area): area.shape for area in taken}
    for piece in shapely.get_parts(rest):
        if area_km2(piece) >= SLIVER_KM2:
            continue
        edges = [(piece.boundary.intersection(area.shape.buffer(1e-6)).length, area) for area in taken]
        length, neighbour = max(edges, key=lambda item: item[0], default=(0.0, None))
        if neighbour is not None and length > 0:
            grown[id(neighbour)] = shapely.union_all([grown[id(neighbour)], piece])
    return [HeldArea(area.spec, grown[id(area)]) for area in taken]


def front_line(areas: Sequence[HeldArea], side: Callable[[str], str],
               international: BaseGeometry | None = None) -> BaseGeometry:
    """The shared edges between areas of factions on different sides, less any international border.

    ``side(faction)`` names a faction's side (allies share one); ``international`` is the border
    lines to leave out.
    """
    pieces = []
    for i, first in enumerate(areas):
        for second in areas[i + 1:]:
            if side(first.spec.faction) == side(second.spec.faction):
                continue
            shared = first.shape.boundary.intersection(second.shape.boundary)
            lines = [p for p in shapely.get_parts(shared) if p.geom_type in ("LineString", "MultiLineString")]
            pieces.extend(lines)
    if not pieces:
        return shapely.MultiLineString()
    front = shapely.line_merge(shapely.union_all(pieces))
    if international is not None and not international.is_empty:
        front = front.difference(international.buffer(1e-6))
    return front
