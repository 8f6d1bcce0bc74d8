"""The typed map model every renderer reads: features with typed properties, layers, legend rows.

One dataclass per kind of feature says which properties it carries; :mod:`idlibmap.layers`
builds them (for stories and articles alike), and the page, the static images, the alt text and
the GeoJSON export read the same fields. ``to_json`` gives the GeoJSON ``properties``, whose names
and types :func:`schema_description` lists (and the README documents).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import shapely
from shapely.geometry.base import BaseGeometry

Bounds = tuple[float, float, float, float]  # west, south, east, north (degrees)
Section = Literal["places", "points", "lines", "flows", "areas", "borders", "control", "changes", "stocks",
                  "mentions"]
BASEMAP_LAYER_NAME = "Basemap: land, provinces, water, towns"
APPROXIMATE_NOTE = "Dashed: approximate position or course"


def format_date(day: dt.date) -> str:
    """'2 March 2020'."""
    return f"{day.day} {day:%B %Y}"


# --------------------------------------------------------------------------- feature properties

@dataclass(frozen=True, kw_only=True)
class Properties:
    """What every feature carries: what it is, as of when, and its sources."""

    section: ClassVar[Section]
    layer: str  # the layer's display name
    name: str
    symbol: str  # the style key: a point kind, line style, "place", "capital", "country", "region", "flow"...
    note: str = ""
    date: str  # ISO date the feature describes (the story's "as of" date when it gives none)
    date_label: str  # the date in words, "as of …" when it is the story's date
    source: str  # the sources' names, joined with "; "
    source_ids: tuple[str, ...] = ()
    approximate: bool = False  # drawn dashed / ringed: the position or course is approximate

    def to_json(self) -> dict[str, Any]:
        """The GeoJSON ``properties`` object, in field order (``section`` first after ``layer``)."""
        data: dict[str, Any] = {"layer": self.layer, "section": self.section}
        for item in dataclasses.fields(self):
            if item.name != "layer":
                value = getattr(self, item.name)
                data[item.metadata.get("json", item.name)] = _plain(value)
        return data


def _plain(value: Any) -> Any:
    """A property value as JSON data: tuples as lists, records (dataclasses) as objects."""
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


@dataclass(frozen=True, kw_only=True)
class Located(Properties):
    """A feature at one position found by the geocoder (or written as coordinates)."""

    geonames_id: int | None = None
    country_code: str | None = None  # ISO 3166-1 alpha-2
    located_by: str = ""  # how the position was found, in words


@dataclass(frozen=True, kw_only=True)
class PlaceProperties(Located):
    """A place named in the story: a town, capital, region or country."""

    section: ClassVar[Section] = "places"
    feature_type: str = "city"  # city | capital | admin1 | country | region


@dataclass(frozen=True, kw_only=True)
class ArticlePlaceProperties(PlaceProperties):
    """A place found in an article; its note quotes the sentence it came from."""

    mentions: int = 1  # how often the article names it
    confidence: float = 1.0  # how sure the geoparser is of the place (0–1)


@dataclass(frozen=True, kw_only=True)
class PointProperties(Located):
    """A symbol: an observation post, strike, crossing, camp…"""

    section: ClassVar[Section] = "points"
    status: str = ""
    since: str = ""  # ISO date the point has existed since, when known to the day
    since_label: str = ""  # that date, or words such as "early February 2018"


@dataclass(frozen=True, kw_only=True)
class Labelled(Properties):
    """A line or flow with a label along it: ``label_lon``/``label_lat`` is the best spot and
    ``label_spots`` every (lat, lon) spot the page may try, best first (None when there is no label)."""

    label: str = ""  # text shown along the line
    label_lon: float | None = None
    label_lat: float | None = None
    label_spots: tuple[tuple[float, float], ...] | None = None


@dataclass(frozen=True, kw_only=True)
class LineProperties(Labelled):
    """A front line, road, route or link drawn through places."""

    section: ClassVar[Section] = "lines"
    through: tuple[str, ...] = ()  # the places or coordinates it runs through, as written


@dataclass(frozen=True, kw_only=True)
class FlowProperties(Labelled):
    """People on the move: a curved arrow whose width grows with their number."""

    section: ClassVar[Section] = "flows"
    origin: str = field(default="", metadata={"json": "from"})
    destination: str = field(default="", metadata={"json": "to"})
    people: int = 0
    arrow_angle: float = 0.0  # degrees clockwise from north at the arrow's tip, as Web Mercator shows it
    width: float = 0.0  # the arrow's width in pixels (square-root scale)


@dataclass(frozen=True, kw_only=True)
class AreaProperties(Properties):
    """An area outlined through places, optionally widened by a buffer."""

    section: ClassVar[Section] = "areas"
    buffer_km: float = 0.0


@dataclass(frozen=True, kw_only=True)
class BorderProperties(Properties):
    """The shared edge of two countries' Natural Earth polygons."""

    section: ClassVar[Section] = "borders"
    between: tuple[str, ...] = ()  # the two countries as named
    countries: tuple[str, ...] = ()  # their ISO codes


@dataclass(frozen=True, kw_only=True)
class ControlProperties(Properties):
    """Ground a faction held on a date: one of the areas that together cover a country."""

    section: ClassVar[Section] = "control"
    controlled_by: str  # the faction's display name
    faction: str  # the faction's id in the story
    side: str  # factions on one side (allies) have no front line between them
    color: str  # the faction's colour
    as_of: str  # ISO date the area describes


@dataclass(frozen=True, kw_only=True)
class ChangeProperties(Properties):
    """Ground that changed hands since a date: drawn hatched over its new holder's colour."""

    section: ClassVar[Section] = "changes"
    taken_by: str  # the faction that took it (display name)
    taken_from: str  # the faction that lost it (display name)
    since: str  # ISO date the period starts
    color: str  # the taker's colour


@dataclass(frozen=True, kw_only=True)
class StockProperties(Located):
    """People staying in a place (refugees a country hosts): a circle whose area grows with their number."""

    section: ClassVar[Section] = "stocks"
    people: int
    label: str
    radius: float  # the circle's radius in pixels (area-true scale)


@dataclass(frozen=True)
class ArticleEntry:
    """An article naming a place, as a mentions popup lists it (empty text where the feed gives none)."""

    date: str  # ISO date, "" when the article has none
    title: str
    url: str
    source: str  # the publisher
    sentence: str  # the first sentence in which the article names the place


@dataclass(frozen=True)
class DayCount:
    """How many distinct articles of one day name a place."""

    date: str  # ISO date, "" for the articles that give none
    articles: int


@dataclass(frozen=True, kw_only=True)
class MentionProperties(Located):
    """A place named in a news feed: a circle whose area grows with the number of articles naming it, or,
    for a country (``symbol`` "country-mentions"), its land shaded by that number."""

    section: ClassVar[Section] = "mentions"
    feature_type: str = "city"
    place_id: str  # the feed's place id: geonames:<id>, or idlibmap:<feature_type>:<name>
    articles: int  # distinct articles naming it (within --from/--to)
    radius: float  # the circle's radius in pixels for all the dates shown (area-true scale)
    days: tuple[DayCount, ...]  # those articles counted by day, in date order (undated last)
    entries: tuple[ArticleEntry, ...]  # the articles listed in its popup, newest first (undated last): up to
    # a few a day (ENTRIES_PER_DAY in idlibmap.mentions.aggregate), every one counted in ``days``


PROPERTY_KINDS: tuple[type[Properties], ...] = (
    PlaceProperties, ArticlePlaceProperties, PointProperties, LineProperties, FlowProperties, AreaProperties,
    BorderProperties, ControlProperties, ChangeProperties, StockProperties, MentionProperties)


@dataclass(frozen=True)
class BasemapCountry:
    """A country polygon of the vector basemap, as the page receives it."""

    name: str
    iso_a2: str
    highlight: bool  # named or highlighted by the story: a stronger fill
    label_lon: float  # where its name goes when in view: a point inside its main territory
    label_lat: float
    min_zoom: float  # the zoom from which Natural Earth shows the name
    story_named: bool  # the story names it with a label of its own: the basemap names it only elsewhere


@dataclass(frozen=True)
class BasemapLine:
    """A province outline, river or lake of the vector basemap, as the page receives it."""

    kind: str  # "province" (the edges between first-level regions), "province-story" (a region the story
    # names), "river" or "lake" (a polygon)
    name: str  # "" for outlines and unnamed water
    rank: int  # size: 0 for the largest rivers and lakes (Natural Earth scale rank), 10 for the smallest


@dataclass(frozen=True)
class BasemapLabel:
    """A name on the basemap: a sea, province, river, lake or reference town, as the page receives it."""

    name: str
    kind: str  # "sea", "province", "river", "lake", "town" or "capital"
    min_zoom: float  # shown from this zoom ...
    max_zoom: float  # ... up to this one (an overview spot gives way to one inside the first view)
    priority: float  # when labels collide the higher wins; every basemap label ranks below the story's
    spots: tuple[tuple[float, float], ...] | None = None  # further (lat, lon) spots to try, best first


BASEMAP_KINDS = (BasemapCountry, BasemapLine, BasemapLabel)
BasemapProperties = BasemapCountry | BasemapLine | BasemapLabel


@dataclass(frozen=True)
class BasemapFeature:
    """One shape of the basemap: WGS84 geometry (lon, lat) and what the page receives about it."""

    geometry: BaseGeometry
    properties: BasemapProperties


@dataclass
class Basemap:
    """The map's bearings: land, borders, provinces, water and names, drawn under the story."""

    countries: list[BasemapFeature]  # land polygons, tiered: detailed near the story, coarse far from it
    borders: list[BaseGeometry]  # country borders and coasts as lines (no edge where the data was clipped)
    provinces: list[BasemapFeature]  # first-level region outlines (lines), near the story only
    water: list[BasemapFeature]  # rivers (lines) and lakes (polygons), largest first
    labels: list[BasemapFeature]  # seas, provinces, rivers, lakes, reference towns (points)
    extent: Bounds  # what the map may pan over; land is drawn further out than this
    max_zoom: int  # the deepest zoom the data's detail bears
    overview: list[BasemapFeature] = field(default_factory=list)  # coarse land for the locator inset

    def country_shapes(self, coarse: bool = False) -> list[tuple[str, BaseGeometry]]:
        """Each country's name and land as drawn (joined from its rings' pieces); ``coarse``: the locator's
        whole, coarse countries, quicker to work with when a few kilometres do not matter."""
        pieces: dict[str, list[BaseGeometry]] = {}
        for feature in (self.overview or self.countries) if coarse else self.countries:
            if isinstance(feature.properties, BasemapCountry):
                pieces.setdefault(feature.properties.name, []).append(feature.geometry)
        return [(name, shapes[0] if len(shapes) == 1 else shapely.union_all(shapes)) for name, shapes in pieces.items()]

    def country_names(self) -> dict[str, str]:
        """ISO code -> name of every country drawn."""
        return {f.properties.iso_a2: f.properties.name for f in self.countries
                if isinstance(f.properties, BasemapCountry)}


def field_names(kind: type) -> list[str]:
    """A dataclass's field names, in order: the columns a renderer sends for that kind."""
    return [f.name for f in dataclasses.fields(kind)]


@dataclass(frozen=True)
class Feature:
    """One drawn feature: a WGS84 geometry (lon, lat) and its typed properties."""

    geometry: BaseGeometry
    properties: Properties


# --------------------------------------------------------------------------- layers and the model

@dataclass(frozen=True)
class LegendEntry:
    """One legend row: a symbol description (plain data) and its label."""

    label: str
    symbol: dict[str, Any]


@dataclass
class Layer:
    """One toggleable map layer: features of one section, and its legend rows."""

    name: str
    section: Section
    features: list[Feature]
    legend: list[LegendEntry]

    @property
    def properties(self) -> list[Properties]:
        """The features' properties, in drawing order."""
        return [feature.properties for feature in self.features]


@dataclass(frozen=True)
class MentionScale:
    """What the page's time control and the mentions symbols need beyond the features."""

    days: tuple[str, ...]  # every ISO day from the first article's to the last's
    per_day: tuple[int, ...]  # distinct articles of each of those days (all places together)
    undated: int  # articles giving no date (shown under "all dates" only)
    largest: int  # the most articles naming one place over all the days: the largest circle
    breaks: tuple[int, ...]  # lower bounds of the countries' shading classes, ascending


@dataclass
class MapModel:
    """Everything a renderer needs to draw one story."""

    title: str
    summary: str
    as_of: dt.date | None  # None: the story (an article) gives no date
    layers: list[Layer]
    basemap: Basemap
    view_bounds: Bounds
    data_bounds: Bounds
    sources: list[dict[str, Any]]
    method: list[str]
    warnings: list[str] = field(default_factory=list)
    mentions: MentionScale | None = None  # set on a map of many articles (a news feed)

    def legend_groups(self) -> list[dict[str, Any]]:
        """The legend as every renderer shows it: a group per layer with rows, then a note on dashes."""
        groups = [{"layer": layer.name, "entries": [{"label": e.label, "symbol": e.symbol} for e in layer.legend]}
                  for layer in self.layers if layer.legend]
        if any(p.approximate for layer in self.layers for p in layer.properties):
            groups.append({"layer": "", "entries": [{"label": APPROXIMATE_NOTE, "symbol": {"type": "approximate"}}]})
        return groups

    def as_of_text(self) -> str:
        """'As of 2 March 2020', or that the source gives no date: every renderer's words for the date."""
        return f"As of {format_date(self.as_of)}" if self.as_of else "Date not given in the article"

    def feature_counts(self) -> dict[str, int]:
        """Number of features in each layer, in drawing order."""
        return {layer.name: len(layer.features) for layer in self.layers}


# --------------------------------------------------------------------------- the schema, described

def _json_type(hint: Any) -> str:
    """A property's JSON type in words, from its Python annotation."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        named = [_json_type(a) for a in args if a is not type(None)]
        return " or ".join(named) + (" or null" if type(None) in args else "")
    if origin is tuple:
        return f"array of {_json_type(args[0])}" if args else "array"
    if dataclasses.is_dataclass(hint):
        return "object"
    return {str: "string", int: "integer", float: "number", bool: "boolean"}.get(hint, "string")


def schema_description() -> dict[str, list[dict[str, str]]]:
    """Every GeoJSON property name and JSON type, by kind of feature: the one description of the schema."""
    described: dict[str, list[dict[str, str]]] = {}
    for kind in PROPERTY_KINDS:
        hints = typing.get_type_hints(kind)
        rows = [{"name": "layer", "type": "string"}, {"name": "section", "type": "string"}]
        rows += [{"name": f.metadata.get("json", f.name), "type": _json_type(hints[f.name])}
                 for f in dataclasses.fields(kind) if f.name != "layer"]
        described[kind.__name__.removesuffix("Properties")] = rows
    for basemap_kind in BASEMAP_KINDS:
        hints = typing.get_type_hints(basemap_kind)
        described[basemap_kind.__name__] = [{"name": name, "type": _json_type(hints[name])}
                                            for name in field_names(basemap_kind)]
    return described
