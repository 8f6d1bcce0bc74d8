"""Borders between two countries: the phrases that name them, and their shapes.

An article names a border as "the Greek-Turkish border", "the Turkey-Greece
border", "Turkey's southern border" (the neighbour lying that way) or
"Turkey's border with Syria". Such a border is placed halfway along the line
the two countries' Natural Earth polygons share. Those midpoints are worked
out once, for every pair of countries that touch, when the gazetteer index is
built (:func:`border_midpoints`), so geoparsing reads no shapes; the line
itself (:func:`border_line`) is read only when a map draws it.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from ..projection import bearing
from .lookups import Lookups, name_key
from .patterns import COMPOUND_SPLIT, POSSESSIVE, RUN
from .places import ArticlePlace
from .wordlists import DIRECTION_ANGLES, DIRECTION_WORDS

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

    from ..gazetteer import Gazetteer

BORDER_CONFIDENCE = 0.9
MAX_ANGLE_OFF = 75  # degrees between a direction word and the neighbour it may name
TOUCHING_DEGREES = 0.01  # countries this close may share a border (Natural Earth's edges meet within ~0.002°)

# --------------------------------------------------------------------------- phrases


def compound_countries(lookups: Lookups, word: str) -> tuple[str, str] | None:
    """The two different countries a hyphenated word names ('Greek-Turkish', 'Turkey-Greece'), if it does."""
    parts = COMPOUND_SPLIT.split(word)
    if len(parts) != 2 or not all(parts):
        return None
    first, second = (lookups.country_code(name_key(p)) for p in parts)
    if first is None or second is None or first == second:
        return None
    return first, second


def border_of_country(text: str, border: re.Match[str], code: str, lookups: Lookups,
                      context: Counter[str]) -> tuple[int, str] | None:
    """"Turkey's southern border" (the neighbour that way) or "Turkey's border with Syria".

    ``border`` is :data:`~.patterns.DIRECTION_ADJ_BEFORE_BORDER` matched after the
    possessive; the result is where the phrase ends and the country on the other side.
    """
    stop, other = border.end(2), None
    if border.group("with"):
        name = RUN.match(text, border.end())
        if name:
            other = lookups.country_code(name_key(POSSESSIVE.sub("", name.group())))
            stop = name.end() if other else stop
    if other is None:
        other = neighbour_towards(lookups.gazetteer, code, border.group(1), context)
    return (stop, other) if other else None


def neighbour_towards(gazetteer: Gazetteer, code: str, adjective: str | None, context: Counter[str]) -> str | None:
    """The land neighbour of ``code`` lying in the direction an adjective names, the article's first.

    With no adjective, the neighbour the article names most; ``context`` counts the countries it names.
    """
    neighbours = gazetteer.neighbours(code)
    if not neighbours:
        return None
    if not adjective:
        named = [n for n in neighbours if context[n]]
        return max(named, key=lambda n: context[n]) if named else None
    direction = DIRECTION_WORDS[adjective.lower().replace("-", "")]
    centre = gazetteer.country_part(code, "centre")
    if centre is None or direction not in DIRECTION_ANGLES:
        return None
    angles = {}
    for other in neighbours:
        spot = gazetteer.country_part(other, "centre")
        if spot:
            angles[other] = abs((bearing(centre, spot) - DIRECTION_ANGLES[direction] + 180) % 360 - 180)
    fitting = [n for n, a in angles.items() if a <= MAX_ANGLE_OFF]
    if not fitting:
        return None
    return min(fitting, key=lambda n: (not context[n], angles[n]))


def border_place(gazetteer: Gazetteer, countries: tuple[str, ...]) -> ArticlePlace | None:
    """The border between two countries as a place, at the middle of their shared line; None if they do not touch."""
    first, second = sorted(countries)
    midpoint = gazetteer.border_midpoint(first, second)
    if midpoint is None:
        return None
    names = [gazetteer.country_name(code) or code for code in (first, second)]
    return ArticlePlace(
        name=f"{names[0]}–{names[1]} border", lat=midpoint[0], lon=midpoint[1], country_code=None,
        feature_type="border", geonames_id=None, mentions=[], metonymy=False, confidence=BORDER_CONFIDENCE,
        alternatives=[], countries=(first, second))


# --------------------------------------------------------------------------- shapes (Natural Earth)


def border_line(first: str, second: str) -> BaseGeometry | None:
    """The shared edge of two countries' Natural Earth polygons, or None when they do not touch."""
    from .. import boundaries

    shapes = _country_shapes(boundaries.countries_by_code([first, second]), (first, second))
    return _shared_line(shapes, first, second)


def border_midpoints() -> dict[tuple[str, str], tuple[float, float]]:
    """(lat, lon) halfway along the border of every pair of touching countries, keyed by sorted ISO codes.

    For the gazetteer index: reads every country once, finds the pairs whose
    polygons come within :data:`TOUCHING_DEGREES`, and takes each pair's
    line as :func:`border_line` does.
    """
    import shapely

    from .. import boundaries

    frame = boundaries.countries_in((-180.0, -90.0, 180.0, 90.0))
    codes = sorted({str(c) for c in frame["iso_a2"] if len(str(c)) == 2 and str(c).isalpha()})
    shapes = _country_shapes(frame, codes)
    polygons = [shapes[code] for code in codes]
    near, other = shapely.STRtree(polygons).query(polygons, predicate="dwithin", distance=TOUCHING_DEGREES)
    midpoints = {}
    for pair in sorted({(codes[a], codes[b]) for a, b in zip(near, other, strict=True) if codes[a] < codes[b]}):
        line = _shared_line(shapes, *pair)
        spot = midpoint(line) if line is not None else None
        if spot is not None:
            midpoints[pair] = spot
    return midpoints


def midpoint(line: BaseGeometry) -> tuple[float, float] | None:
    """(lat, lon) halfway along the longest part of ``line``, rounded to 5 decimals (about a metre)."""
    import shapely

    if line.is_empty:
        return None
    longest = sorted(shapely.get_parts(line), key=lambda g: -g.length)[0]
    spot = longest.interpolate(0.5, normalized=True)
    return (round(spot.y, 5), round(spot.x, 5))


def _country_shapes(frame: gpd.GeoDataFrame, codes: tuple[str, ...] | list[str]) -> dict[str, BaseGeometry]:
    """Each country's polygons as one shape (empty when Natural Earth has no country with that code)."""
    import shapely

    return {code: shapely.union_all(frame[frame["iso_a2"] == code].geometry.values) for code in codes}


def _shared_line(shapes: dict[str, BaseGeometry], first: str, second: str) -> BaseGeometry | None:
    from .. import boundaries
    from ..errors import BoundaryError

    polygons = shapes[first], shapes[second]
    if any(p.is_empty for p in polygons):
        return None
    try:
        return boundaries.shared_border(polygons[0], polygons[1], (first, second))
    except BoundaryError:
        return None
