"""What a story file may hold, declared once: a msgspec Struct per table, a type per field.

msgspec converts tomllib's dicts into these Structs (:mod:`.convert`), refusing unknown fields,
missing fields, wrong types and values out of range; its own messages never reach a user, as each
declared type carries a :class:`Fault` that words the problem the project's way. Each entry Struct
then builds its typed feature (:mod:`.model`), checking what a type cannot say (known point kinds,
line styles, two different countries); rules across entries (source ids, unique places) are in
:mod:`.load`.

A new feature section is an Entry Struct here plus its ``list[...]`` field in :class:`Document`, and
its feature dataclass, :class:`~.model.Story` field and :data:`~.model.SECTIONS` name in :mod:`.model`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

import msgspec

from ..errors import StoryError
from ..styles import LINE_STYLES, PLACE_KINDS, POINT_KINDS
from .model import (
    SOURCE_KINDS,
    Area,
    Border,
    Change,
    Control,
    Coords,
    Feature,
    Flow,
    Line,
    Origin,
    Place,
    Point,
    Stock,
    Where,
)
from .toml_lines import TomlLines, TomlPath

Below = tuple[str | int, ...]  # where inside a field's value a fault lies: list indexes, outermost first


@dataclass(frozen=True)
class Fault:
    """How to word a value its field cannot take (read only when conversion fails).

    ``word(key, value, below)`` gets the key as written, the value found there and where inside the
    value the fault lies; ``missing`` words an absent required field (``{key}`` is filled in); a
    fault that is not ``labelled`` names its own subject instead of the entry's label.
    """

    word: Callable[[str, Any, Below], str]
    missing: str = "missing required field '{key}'"
    labelled: bool = True


def _says(word: Callable[[str, Any, Below], str], missing: str = "", labelled: bool = True,
          **constraints: Any) -> msgspec.Meta:
    """msgspec constraints for a type, with the :class:`Fault` that words their breach."""
    fault = Fault(word, missing or Fault.missing, labelled)
    return msgspec.Meta(**constraints, extra={"fault": fault})


# ---- how each kind of value is worded when it does not fit
def _worded(template: str) -> Callable[[str, Any, Below], str]:
    """A fault worded by a fixed template of ``{key}`` and ``{value!r}``."""
    def word(key: str, value: Any, below: Below) -> str:
        return template.format(key=key, value=value)

    return word


_text = _worded("{key} must be text in quotes, got {value!r}")
_names = _worded("{key} must be a list of names in quotes")
_flag = _worded("{key} must be true or false, got {value!r}")
_day = _worded("{key} must be a date like 2020-03-02 (no quotes), got {value!r}")
_country = _worded('{key} must be a two-letter ISO code like "SY", got {value!r}')
_buffer = _worded("{key} must be a number from 0 to 500, got {value!r}")
_color = _worded('{key} must be a colour like "#d7301f", got {value!r}')
_kind = _worded("{key} must be one of " + ", ".join(SOURCE_KINDS) + ", got {value!r}")


def _required_text(key: str, value: Any, below: Below) -> str:
    return f"{key} must not be empty" if isinstance(value, str) else _text(key, value, below)


def _people(key: str, value: Any, below: Below) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        return f"{key} must not be negative, got {value:,}"
    return f"{key} must be a whole number, got {value!r}"


def _source_ids(key: str, value: Any, below: Below) -> str:
    return ('needs source = "<id>" (or a list of ids) naming a [[story.sources]] entry'
            " (or set default_source in [story])")


def _coords(key: str, value: Any, below: Below) -> str:
    numbers = value if isinstance(value, list) else []
    if len(numbers) != 2 or not all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in numbers):
        return f"{key} must be [lat, lon] in decimal degrees, got {value!r}"
    if not (math.isfinite(numbers[0]) and -90 <= numbers[0] <= 90):
        return f"latitude {numbers[0]} is out of range (-90 to 90)"
    return f"longitude {numbers[1]} is out of range (-180 to 180)"


def _place(key: str, value: Any, below: Below) -> str:
    if isinstance(value, list):
        return _coords(key, value, below)
    return f"{key} must be a place name in quotes or [lat, lon], got {value!r}"


def _places(minimum: int) -> Callable[[str, Any, Below], str]:
    def word(key: str, value: Any, below: Below) -> str:
        if below and isinstance(below[0], int) and isinstance(value, list) and below[0] < len(value):
            return _place(key, value[below[0]], below[1:])
        return _too_few(minimum).format(key=key)

    return word


def _too_few(minimum: int) -> str:
    return f"{{key}} must list at least {minimum} place names or [lat, lon] pairs"


def _sources(key: str, value: Any, below: Below) -> str:
    if below and isinstance(below[0], int):
        return f"[[story.sources]] #{below[0] + 1} must be a table"
    return "[story] needs at least one [[story.sources]] entry"


_story = _worded("missing the [story] table (title, as_of, sources)")
_map = _worded("[map] must be a table")
_section = _worded("[{key}] must be written as [[{key}]] tables")


# ---- the types fields are declared with
Text = Annotated[str, _says(_text)]
Required = Annotated[str, _says(_required_text, pattern=r"\S")]
Name = Annotated[str, msgspec.Meta(pattern=r"\S")]
Names = Annotated[list[Name], _says(_names)]
Flag = Annotated[bool, _says(_flag)]
Day = Annotated[dt.date, _says(_day, missing="missing required field '{key}' (a date like 2020-03-02)")]
Country = Annotated[str, _says(_country, pattern=r"\A[A-Za-z]{2}\Z")]
LatLon = tuple[Annotated[float, msgspec.Meta(ge=-90, le=90)], Annotated[float, msgspec.Meta(ge=-180, le=180)]]
Coordinates = Annotated[LatLon, _says(_coords)]
PlaceRef = Annotated[Name | LatLon, _says(_place)]
Focus = Annotated[list[PlaceRef], _says(_places(0))]
People = Annotated[int, _says(_people, ge=0)]
BufferKm = Annotated[float, _says(_buffer, ge=0, le=500)]
SourceIds = Annotated[str | list[str], _says(_source_ids)]
Color = Annotated[str, _says(_color, pattern=r"\A#[0-9A-Fa-f]{6}\Z")]
SourceKind = Annotated[str, _says(_kind, pattern=rf"\A(?:{'|'.join(SOURCE_KINDS)})\Z")]
Outline = Annotated[list[PlaceRef], _says(_places(3))]


class Table(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A TOML table of the story file. Text is stripped of surrounding whitespace once read."""

    unknown: ClassVar[str] = "unknown field '{key}'; expected one of: {known}"
    verbatim: ClassVar[frozenset[str]] = frozenset()  # fields whose text is kept as written

    def __post_init__(self) -> None:
        for name in self.__struct_fields__:
            if name in self.verbatim:
                continue
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, value.strip())
            elif isinstance(value, list) and any(isinstance(item, str) for item in value):
                setattr(self, name, [item.strip() if isinstance(item, str) else item for item in value])

    @classmethod
    def caption(cls, at: TomlPath, raw: dict[str, Any]) -> str | None:
        """How messages name this table: ``[story]``, ``[[points]] #3 'Morek'``; None at the top."""
        if not at:
            return None
        name = ".".join(part for part in at if isinstance(part, str))
        if not isinstance(at[-1], int):
            return f"[{name}]"
        title = cls.entry_name(raw)
        return f"[[{name}]] #{at[-1] + 1}" + (f" '{title}'" if title else "")

    @classmethod
    def entry_name(cls, raw: dict[str, Any]) -> str | None:
        """The name an entry goes by in messages, from its fields as written."""
        return None


class SourceEntry(Table, kw_only=True):
    """``[[story.sources]]``: a cited source."""

    id: Required
    name: Required
    url: Text = ""
    date: Day | None = None
    note: Text = ""
    kind: SourceKind = "news"


class StoryHead(Table, kw_only=True):
    """``[story]``: title, date and sources."""

    title: Required
    summary: Text = ""
    as_of: Day
    countries: Names = []
    default_source: Text = ""
    sources: Annotated[list[SourceEntry], _says(_sources, labelled=False, min_length=1, missing=_sources("", [], ()))]


class MapTable(Table, kw_only=True):
    """``[map]``: how the map opens."""

    focus: Focus = []
    highlight: Names = []
    legend: dict[str, Required] = {}


@dataclass(frozen=True)
class Check:
    """Where an entry was written, for the errors its own rules raise."""

    origin: Origin
    lines: TomlLines
    at: TomlPath  # the entry's path in the file, e.g. ("points", 2)

    def error(self, message: str) -> StoryError:
        """An error about the whole entry, at its first line."""
        return self.origin.error(message)

    def key_error(self, key: str, message: str) -> StoryError:
        """An error about one key, at that key's line."""
        return StoryError(f"{self.origin.label}: {message}", self.origin.path, self.lines.nearest((*self.at, key)))


class Entry(Table, kw_only=True):
    """Fields every drawn entry shares; each section adds its own and builds its feature."""

    default_layer: ClassVar[str] = ""  # empty: the entry must name its layer
    verbatim = frozenset({"source"})

    layer: Text = ""
    name: Text = ""
    note: Text = ""
    date: Day | None = None
    source: SourceIds | None = None
    approximate: Flag = False

    @classmethod
    def entry_name(cls, raw: dict[str, Any]) -> str | None:
        name = raw.get("name")
        return name if isinstance(name, str) and name else None

    def feature(self, common: dict[str, Any], check: Check) -> Feature:
        """The typed feature, given the fields every entry shares (``common``) already checked."""
        raise NotImplementedError


class PlaceEntry(Entry, kw_only=True):
    """``[[places]]``: a place the story names; ``coords`` overrides the gazetteer."""

    default_layer = "Places in the story"
    name: Required
    at: PlaceRef | None = None
    coords: Coordinates | None = None
    country: Country | None = None
    kind: Text = ""

    def feature(self, common: dict[str, Any], check: Check) -> Place:
        kind = self.kind or "place"
        if kind not in PLACE_KINDS:
            raise check.key_error("kind", f"unknown place kind '{kind}'; known kinds: {', '.join(PLACE_KINDS)}")
        at = _overridden(where_from(self.at) if self.at is not None else Where(name=common["name"]), self.coords)
        return Place(**common, at=at, country=_upper(self.country), kind=kind)


class PointEntry(Entry, kw_only=True):
    """``[[points]]``: a symbol of a given kind."""

    name: Required
    kind: Required
    at: PlaceRef | None = None
    coords: Coordinates | None = None
    country: Country | None = None
    status: Text = ""
    since: Any = None  # a date, or words such as "February 2018"

    def feature(self, common: dict[str, Any], check: Check) -> Point:
        if self.kind not in POINT_KINDS:
            known = ", ".join(POINT_KINDS)
            raise check.key_error("kind", f"unknown point kind '{self.kind}'; known kinds: {known}")
        at = _overridden(where_from(self.at) if self.at is not None else Where(name=common["name"]), self.coords)
        return Point(**common, kind=self.kind, at=at, country=_upper(self.country), status=self.status,
                     since=self._since(check))

    def _since(self, check: Check) -> dt.date | str | None:
        if self.since is None or isinstance(self.since, str):
            return self.since
        if isinstance(self.since, dt.datetime):
            return self.since.date()
        if isinstance(self.since, dt.date):
            return self.since
        raise check.key_error("since", _day("since", self.since, ()))


class LineEntry(Entry, kw_only=True):
    """``[[lines]]``: a line through places or coordinates."""

    name: Required
    style: Text = ""
    through: Annotated[list[PlaceRef], _says(_places(2), min_length=2, missing=_too_few(2))]
    label: Text = ""

    def feature(self, common: dict[str, Any], check: Check) -> Line:
        style = self.style or "route"
        if style not in LINE_STYLES:
            known = ", ".join(LINE_STYLES)
            raise check.key_error("style", f"unknown line style '{style}'; known styles: {known}")
        return Line(**common, style=style, through=tuple(map(where_from, self.through)), label=self.label)


class FlowEntry(Entry, kw_only=True):
    """``[[flows]]``: people moving from one place to another."""

    default_layer = "Refugee flows"
    from_: PlaceRef = msgspec.field(name="from")
    to: PlaceRef
    people: People
    label: Text = ""

    def feature(self, common: dict[str, Any], check: Check) -> Flow:
        source, target = where_from(self.from_), where_from(self.to)
        common["name"] = common["name"] or f"{source} → {target}"
        label = self.label or f"{self.people:,} people"
        return Flow(**common, origin_place=source, destination=target, people=self.people, label=label)


class AreaEntry(Entry, kw_only=True):
    """``[[areas]]``: a polygon through places, or a buffer around them."""

    name: Required
    outline: Annotated[list[PlaceRef], _says(_places(1), min_length=1, missing=_too_few(1))]
    buffer_km: BufferKm = 0.0

    def feature(self, common: dict[str, Any], check: Check) -> Area:
        if len(self.outline) < 3 and not self.buffer_km:
            raise check.error("an area needs an outline of at least 3 places, or buffer_km around fewer")
        return Area(**common, outline=tuple(map(where_from, self.outline)), buffer_km=float(self.buffer_km))


class BorderEntry(Entry, kw_only=True):
    """``[[borders]]``: the shared boundary of two countries, drawn from their polygons."""

    default_layer = "Borders"
    between: Names = []

    @classmethod
    def entry_name(cls, raw: dict[str, Any]) -> str | None:
        between = raw.get("between")
        if not raw.get("name") and isinstance(between, list):
            return "–".join(str(name) for name in between) or None
        return super().entry_name(raw)

    def feature(self, common: dict[str, Any], check: Check) -> Border:
        between = self.between
        if len(between) != 2 or between[0].casefold() == between[1].casefold():
            raise check.key_error("between", 'between must name two different countries, like ["Greece", "Turkey"]')
        common["name"] = common["name"] or f"{between[0]}–{between[1]} border"
        return Border(**common, between=(between[0], between[1]))


class FactionEntry(Table, kw_only=True):
    """``[[factions]]``: a side whose ground the map colours."""

    id: Required
    name: Required
    short: Text = ""
    color: Color
    side: Text = ""
    note: Text = ""


class ControlEntry(Entry, kw_only=True):
    """``[[control]]``: ground a faction holds, by outline or as the rest of a country."""

    default_layer = "Who controls what"
    faction: Required
    outline: Outline = []
    rest_of: Text = ""
    country: Text = ""

    @classmethod
    def entry_name(cls, raw: dict[str, Any]) -> str | None:
        rest = raw.get("rest_of")
        if not raw.get("name") and isinstance(rest, str) and rest:
            return f"rest of {rest}"
        return super().entry_name(raw)

    def feature(self, common: dict[str, Any], check: Check) -> Control:
        if bool(self.outline) == bool(self.rest_of):
            raise check.error("give either outline = [...] (at least 3 places) or rest_of = \"<country>\"")
        if self.outline and len(self.outline) < 3:
            raise check.key_error("outline", _too_few(3).format(key="outline"))
        common["name"] = common["name"] or f"Rest of {self.rest_of}"
        return Control(**common, faction=self.faction, outline=tuple(map(where_from, self.outline)),
                       rest_of=self.rest_of or None, country=self.country or self.rest_of or None)


class ChangeEntry(Entry, kw_only=True):
    """``[[changes]]``: ground that changed hands since a date."""

    default_layer = "Ground that changed hands"
    name: Required
    taken_by: Required
    taken_from: Required
    since: Day
    outline: Annotated[list[PlaceRef], _says(_places(3), min_length=3, missing=_too_few(3))]
    country: Text = ""

    def feature(self, common: dict[str, Any], check: Check) -> Change:
        if self.taken_by == self.taken_from:
            raise check.key_error("taken_from", "taken_by and taken_from must be different factions")
        return Change(**common, taken_by=self.taken_by, taken_from=self.taken_from, since=self.since,
                      outline=tuple(map(where_from, self.outline)), country=self.country or None)


class StockEntry(Entry, kw_only=True):
    """``[[stocks]]``: people staying in a place, drawn as a proportional circle."""

    default_layer = "Refugees hosted"
    name: Required
    at: PlaceRef | None = None
    coords: Coordinates | None = None
    people: People
    label: Text = ""

    def feature(self, common: dict[str, Any], check: Check) -> Stock:
        at = _overridden(where_from(self.at) if self.at is not None else Where(name=common["name"]), self.coords)
        return Stock(**common, at=at, people=self.people, label=self.label or f"{self.people:,} people")


def where_from(written: str | LatLon) -> Where:
    """A place name or [lat, lon] pair as written, as a :class:`~.model.Where`."""
    if isinstance(written, str):
        return Where(name=written)
    return Where(coords=(written[0], written[1]))


def _overridden(at: Where, coords: Coords | None) -> Where:
    """``coords = [lat, lon]`` keeps the name but overrides the gazetteer."""
    return at if coords is None else Where(name=at.name, coords=(coords[0], coords[1]))


def _upper(code: str | None) -> str | None:
    return code.upper() if code is not None else None


_SECTION = _says(_section)


class Document(Table, kw_only=True):
    """The whole file: ``[story]``, ``[map]`` and one table array per feature section (:data:`~.model.SECTIONS`)."""

    unknown = "unknown section [{key}]; expected one of: {known}"

    story: Annotated[StoryHead, _says(_story, missing=_story("", None, ()))]
    map: Annotated[MapTable, _says(_map)] | None = None
    places: Annotated[list[PlaceEntry], _SECTION] = []
    points: Annotated[list[PointEntry], _SECTION] = []
    lines: Annotated[list[LineEntry], _SECTION] = []
    flows: Annotated[list[FlowEntry], _SECTION] = []
    areas: Annotated[list[AreaEntry], _SECTION] = []
    borders: Annotated[list[BorderEntry], _SECTION] = []
    factions: Annotated[list[FactionEntry], _SECTION] = []
    control: Annotated[list[ControlEntry], _SECTION] = []
    changes: Annotated[list[ChangeEntry], _SECTION] = []
    stocks: Annotated[list[StockEntry], _SECTION] = []
