"""The typed story: what a validated story file holds, as frozen dataclasses.

A story is TOML written in place names. Every feature carries a layer, a date
(or the story's "as of" date) and at least one source, and remembers the line
it came from so later stages can name it in an error. :mod:`.load` builds these
from a file; other stages (layers, build) read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import StoryError

Coords = tuple[float, float]  # (lat, lon), WGS84

# The feature sections: each is a [[name]] table array in the file and a field of Story.
SECTIONS = ("places", "points", "lines", "flows", "areas", "borders", "control", "changes", "stocks")


@dataclass(frozen=True)
class Origin:
    """Where an entry was written: file, line and a short label for messages."""

    path: Path
    line: int | None
    label: str

    def error(self, message: str, kind: type[StoryError] = StoryError) -> StoryError:
        """An error of ``kind`` about this entry, naming file, line and entry."""
        return kind(f"{self.label}: {message}", self.path, self.line)


@dataclass(frozen=True)
class Where:
    """A location reference: a place name for the gazetteer, or coordinates."""

    name: str | None = None
    coords: Coords | None = None

    def __str__(self) -> str:
        if self.name:
            return self.name
        assert self.coords is not None
        return f"{self.coords[0]:.4f}, {self.coords[1]:.4f}"


@dataclass(frozen=True)
class Source:
    """A cited source; features refer to it by ``id``. ``kind`` says what sort of source it is (one of
    :data:`SOURCE_KINDS`); a map's credit names the first kinds first."""

    id: str
    name: str
    url: str | None = None
    date: dt.date | None = None
    note: str = ""
    kind: str = "news"


# What a source is, in the order a credit names them: UN agencies, governments and official bodies, wire
# services, research institutes and monitors, NGOs, other news outlets, reference works and blogs,
# partisan or state-run outlets (and what republishes them), then datasets (credited on a line of their own).
SOURCE_KINDS = ("un", "official", "wire", "research", "ngo", "news", "reference", "partisan", "data")


@dataclass(frozen=True)
class Feature:
    """Fields every drawn entry shares."""

    origin: Origin
    layer: str
    name: str
    note: str
    date: dt.date | None
    sources: tuple[str, ...]
    approximate: bool


@dataclass(frozen=True)
class Place(Feature):
    """A place the story names; drawn as a labelled dot."""

    at: Where
    country: str | None
    kind: str = "place"  # place | region


@dataclass(frozen=True)
class Point(Feature):
    """A symbol of a given kind: observation post, strike, crossing, ..."""

    kind: str
    at: Where
    country: str | None
    status: str
    since: dt.date | str | None  # a date, or text such as "February 2018" when the day is not known


@dataclass(frozen=True)
class Line(Feature):
    """A line through places or coordinates: a frontline, a road, a route."""

    style: str
    through: tuple[Where, ...]
    label: str = ""  # shown along the line when set


@dataclass(frozen=True)
class Flow(Feature):
    """People moving from one place to another; arrow width scales with ``people``."""

    origin_place: Where
    destination: Where
    people: int
    label: str


@dataclass(frozen=True)
class Area(Feature):
    """A polygon through places or coordinates, optionally widened by a buffer."""

    outline: tuple[Where, ...]
    buffer_km: float


@dataclass(frozen=True)
class Border(Feature):
    """The shared boundary of two countries, derived from their polygons."""

    between: tuple[str, str]


@dataclass(frozen=True)
class Faction:
    """A side in a conflict, with the colour its ground is drawn in; areas refer to it by ``id``."""

    origin: Origin
    id: str
    name: str  # the display name, e.g. "Syrian government and allies"
    short: str  # a short name for the legend, e.g. "Government"
    color: str  # "#rrggbb"
    side: str  # factions on one side (allies) have no front line between them; default: the id
    note: str = ""


@dataclass(frozen=True)
class Control(Feature):
    """Ground a faction holds: an outline, or ``rest_of`` a country (all of it no other area covers)."""

    faction: str
    outline: tuple[Where, ...]  # empty when ``rest_of`` is given
    rest_of: str | None  # a country name
    country: str | None  # the country the outline is clipped to (default: the one holding most of it)


@dataclass(frozen=True)
class Change(Feature):
    """Ground that changed hands since a date, drawn hatched over its new holder's colour."""

    taken_by: str
    taken_from: str
    since: dt.date
    outline: tuple[Where, ...]
    country: str | None


@dataclass(frozen=True)
class Stock(Feature):
    """People staying in a place (refugees a country hosts): a proportional symbol, not an arrow."""

    at: Where
    people: int
    label: str


@dataclass(frozen=True)
class MapSettings:
    """How the map opens: which places frame the first view, which countries stand out."""

    origin: Origin
    focus: tuple[Where, ...] = ()
    highlight: tuple[str, ...] = ()
    legend: dict[str, str] = field(default_factory=dict)  # a symbol's legend text in this story's words


@dataclass(frozen=True)
class Story:
    """A whole story file, validated."""

    path: Path
    title: str
    summary: str
    as_of: dt.date | None  # None: an article that gives no date
    countries: tuple[str, ...]
    sources: dict[str, Source]
    map: MapSettings
    factions: dict[str, Faction] = field(default_factory=dict)
    places: tuple[Place, ...] = ()
    points: tuple[Point, ...] = ()
    lines: tuple[Line, ...] = ()
    flows: tuple[Flow, ...] = ()
    areas: tuple[Area, ...] = ()
    borders: tuple[Border, ...] = ()
    control: tuple[Control, ...] = ()
    changes: tuple[Change, ...] = ()
    stocks: tuple[Stock, ...] = ()

    def features(self) -> tuple[Feature, ...]:
        """Every drawn entry in file order by section."""
        return tuple(feature for section in SECTIONS for feature in getattr(self, section))
