"""The story file: a typed model and :func:`load_story`, which validates it.

A story is TOML written in place names. Every feature carries a layer, a date
(or the story's "as of" date) and at least one source, and remembers the line
it came from so later stages can name it in an error.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import StoryError
from .files import read_input
from .styles import LINE_STYLES, PLACE_KINDS, POINT_KINDS

Coords = tuple[float, float]  # (lat, lon), WGS84

MAX_STORY_BYTES = 5_000_000


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
    """A cited source; features refer to it by ``id``."""

    id: str
    name: str
    url: str | None = None
    date: dt.date | None = None
    note: str = ""


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
class MapSettings:
    """How the map opens: which places frame the first view, which countries stand out."""

    origin: Origin
    focus: tuple[Where, ...] = ()
    highlight: tuple[str, ...] = ()


@dataclass(frozen=True)
class Story:
    """A whole story file, validated."""

    path: Path
    title: str
    summary: str
    as_of: dt.date
    countries: tuple[str, ...]
    sources: dict[str, Source]
    map: MapSettings
    places: tuple[Place, ...] = ()
    points: tuple[Point, ...] = ()
    lines: tuple[Line, ...] = ()
    flows: tuple[Flow, ...] = ()
    areas: tuple[Area, ...] = ()
    borders: tuple[Border, ...] = ()

    def features(self) -> tuple[Feature, ...]:
        """Every drawn entry in file order by section."""
        return (*self.places, *self.points, *self.lines, *self.flows, *self.areas, *self.borders)


# --------------------------------------------------------------------------- reading

def load_story(path: str | Path) -> Story:
    """Read, parse and validate a story file; raise :class:`StoryError` naming the fault."""
    path = Path(path)
    text = _read_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        match = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        raise StoryError(f"TOML syntax error: {message}", path, line) from err
    except RecursionError as err:  # tomllib recurses into nested arrays and inline tables
        raise StoryError("TOML syntax error: arrays or tables are nested too deeply", path) from err
    return _StoryReader(path, text, data).read()


def _read_text(path: Path) -> str:
    raw = read_input(path, MAX_STORY_BYTES, "story file", StoryError)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise StoryError("story file is not UTF-8 text", path, line) from err


_SECTION_DEFAULT_LAYERS = {
    "places": "Places in the story",
    "points": None,  # required: a point's layer says what it is
    "lines": None,
    "flows": "Refugee flows",
    "areas": None,
    "borders": "Borders",
}
_COMMON = {"layer", "name", "note", "date", "source", "approximate"}
_FIELDS = {
    "places": _COMMON | {"at", "coords", "country", "kind"},
    "points": _COMMON | {"kind", "at", "coords", "country", "status", "since"},
    "lines": _COMMON | {"style", "through", "label"},
    "flows": _COMMON | {"from", "to", "people", "label"},
    "areas": _COMMON | {"outline", "buffer_km"},
    "borders": _COMMON | {"between"},
}
_STORY_FIELDS = {"title", "summary", "as_of", "countries", "default_source", "sources"}
_SOURCE_FIELDS = {"id", "name", "url", "date", "note"}
_MAP_FIELDS = {"focus", "highlight"}
_TOP_LEVEL = {"story", "map", *_FIELDS}


class _StoryReader:
    """Turns parsed TOML into a :class:`Story`, naming file and line on every fault."""

    def __init__(self, path: Path, text: str, data: dict[str, Any]):
        self.path = path
        self.data = data
        self.lines = text.splitlines()
        self._headers = self._index_headers()

    # ---- line numbers: tomllib does not keep them, so find the table headers in the text
    def _index_headers(self) -> list[tuple[str, int]]:
        found = []
        for number, line in enumerate(self.lines, start=1):
            match = re.match(r"\s*\[\[?\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?\s*(#.*)?$", line)
            if match:
                found.append((match.group(1).replace('"', "").replace(" ", ""), number))
        return found

    def _table_line(self, name: str, index: int = 0) -> int | None:
        matches = [number for header, number in self._headers if header == name]
        return matches[index] if index < len(matches) else None

    def _key_line(self, table_line: int | None, key: str) -> int | None:
        if table_line is None:
            return None
        pattern = re.compile(rf"\s*\"?{re.escape(key)}\"?\s*=")
        for number in range(table_line + 1, len(self.lines) + 1):
            line = self.lines[number - 1]
            if re.match(r"\s*\[", line):
                break
            if pattern.match(line):
                return number
        return table_line

    def fail(self, message: str, line: int | None = None) -> StoryError:
        return StoryError(message, self.path, line)

    # ---- top level
    def read(self) -> Story:
        unknown = sorted(set(self.data) - _TOP_LEVEL)
        if unknown:
            line = self._table_line(unknown[0]) or self._key_line(0, unknown[0])
            raise self.fail(f"unknown section [{unknown[0]}]; expected one of: {', '.join(sorted(_TOP_LEVEL))}", line)
        head = self.data.get("story")
        if not isinstance(head, dict):
            raise self.fail("missing the [story] table (title, as_of, sources)")
        story_line = self._table_line("story")
        self._check_fields(head, _STORY_FIELDS, "[story]", story_line)
        title = self._text(head, "title", "[story]", story_line, required=True)
        as_of = self._date(head, "as_of", "[story]", story_line, required=True)
        sources = self._sources(head.get("sources", []))
        default_source = self._text(head, "default_source", "[story]", story_line)
        if default_source and default_source not in sources:
            raise self.fail(f"[story]: default_source '{default_source}' is not a source id",
                            self._key_line(story_line, "default_source"))
        countries = tuple(c.upper() for c in self._strings(head, "countries", "[story]", story_line))
        self.sources = sources
        self.default_source = default_source
        sections: dict[str, tuple[Feature, ...]] = {}
        for section, builder in self._builders().items():
            entries = self.data.get(section, [])
            if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
                raise self.fail(f"[{section}] must be written as [[{section}]] tables", self._table_line(section))
            sections[section] = tuple(
                builder(entry, self._origin(section, i, entry)) for i, entry in enumerate(entries)
            )
        self._check_unique_places(sections["places"])
        return Story(
            path=self.path,
            title=title,
            summary=self._text(head, "summary", "[story]", story_line),
            as_of=as_of,
            countries=countries,
            sources=sources,
            map=self._map_settings(),
            **sections,
        )

    def _builders(self) -> dict[str, Callable[[dict[str, Any], Origin], Feature]]:
        return {
            "places": self._place,
            "points": self._point,
            "lines": self._line,
            "flows": self._flow,
            "areas": self._area,
            "borders": self._border,
        }

    def _origin(self, section: str, index: int, entry: dict[str, Any]) -> Origin:
        name = entry.get("name")
        if section == "borders" and not name and isinstance(entry.get("between"), list):
            name = "–".join(str(x) for x in entry["between"])
        label = f"[[{section}]] #{index + 1}" + (f" '{name}'" if isinstance(name, str) and name else "")
        return Origin(self.path, self._table_line(section, index), label)

    def _check_unique_places(self, places: tuple[Feature, ...]) -> None:
        seen: dict[str, Origin] = {}
        for place in places:
            key = place.name.casefold()
            if key in seen:
                raise place.origin.error(f"place '{place.name}' is listed twice (first at line {seen[key].line})")
            seen[key] = place.origin

    # ---- sections
    def _sources(self, entries: Any) -> dict[str, Source]:
        if not isinstance(entries, list) or not entries:
            raise self.fail("[story] needs at least one [[story.sources]] entry", self._table_line("story"))
        sources: dict[str, Source] = {}
        for index, entry in enumerate(entries):
            line = self._table_line("story.sources", index)
            label = f"[[story.sources]] #{index + 1}"
            if not isinstance(entry, dict):
                raise self.fail(f"{label} must be a table", line)
            self._check_fields(entry, _SOURCE_FIELDS, label, line)
            source_id = self._text(entry, "id", label, line, required=True)
            if source_id in sources:
                raise self.fail(f"{label}: source id '{source_id}' is used twice", self._key_line(line, "id"))
            url = self._text(entry, "url", label, line) or None
            if url is not None:
                parts = urlsplit(url)
                if parts.scheme not in ("http", "https") or not parts.netloc:
                    raise self.fail(f"{label}: url must start with http:// or https://, got '{url}'",
                                    self._key_line(line, "url"))
            sources[source_id] = Source(
                id=source_id,
                name=self._text(entry, "name", label, line, required=True),
                url=url,
                date=self._date(entry, "date", label, line),
                note=self._text(entry, "note", label, line),
            )
        return sources

    def _map_settings(self) -> MapSettings:
        table = self.data.get("map", {})
        line = self._table_line("map")
        if not isinstance(table, dict):
            raise self.fail("[map] must be a table", line)
        self._check_fields(table, _MAP_FIELDS, "[map]", line)
        origin = Origin(self.path, line, "[map]")
        focus = tuple(self._where_list(table, "focus", origin, minimum=0))
        return MapSettings(origin=origin, focus=focus, highlight=self._strings(table, "highlight", "[map]", line))

    def _common(
        self, section: str, entry: dict[str, Any], origin: Origin, name_required: bool = True
    ) -> dict[str, Any]:
        self._check_fields(entry, _FIELDS[section], origin.label, origin.line)
        layer = self._text(entry, "layer", origin.label, origin.line) or _SECTION_DEFAULT_LAYERS[section]
        if not layer:
            raise origin.error("needs a layer = \"...\" naming the map layer it belongs to")
        return {
            "origin": origin,
            "layer": layer,
            "name": self._text(entry, "name", origin.label, origin.line, required=name_required),
            "note": self._text(entry, "note", origin.label, origin.line),
            "date": self._date(entry, "date", origin.label, origin.line),
            "sources": self._source_ids(entry, origin),
            "approximate": self._bool(entry, "approximate", origin),
        }

    def _place(self, entry: dict[str, Any], origin: Origin) -> Place:
        common = self._common("places", entry, origin)
        at = self._where(entry, "at", origin) if "at" in entry else Where(name=common["name"])
        kind = self._text(entry, "kind", origin.label, origin.line) or "place"
        if kind not in PLACE_KINDS:
            raise self._key_error(origin, "kind", f"unknown place kind '{kind}'; known kinds: {', '.join(PLACE_KINDS)}")
        return Place(**common, at=self._override(entry, at, origin), country=self._country(entry, origin), kind=kind)

    def _point(self, entry: dict[str, Any], origin: Origin) -> Point:
        common = self._common("points", entry, origin)
        kind = self._text(entry, "kind", origin.label, origin.line, required=True)
        if kind not in POINT_KINDS:
            raise self._key_error(origin, "kind", f"unknown point kind '{kind}'; known kinds: {', '.join(POINT_KINDS)}")
        at = self._where(entry, "at", origin) if "at" in entry else Where(name=common["name"])
        return Point(
            **common,
            kind=kind,
            at=self._override(entry, at, origin),
            country=self._country(entry, origin),
            status=self._text(entry, "status", origin.label, origin.line),
            since=self._since(entry, origin),
        )

    def _line(self, entry: dict[str, Any], origin: Origin) -> Line:
        common = self._common("lines", entry, origin)
        style = self._text(entry, "style", origin.label, origin.line) or "route"
        if style not in LINE_STYLES:
            known = ", ".join(LINE_STYLES)
            raise self._key_error(origin, "style", f"unknown line style '{style}'; known styles: {known}")
        through = tuple(self._where_list(entry, "through", origin, minimum=2))
        return Line(**common, style=style, through=through, label=self._text(entry, "label", origin.label, origin.line))

    def _flow(self, entry: dict[str, Any], origin: Origin) -> Flow:
        common = self._common("flows", entry, origin, name_required=False)
        for key in ("from", "to", "people"):
            if key not in entry:
                raise origin.error(f"missing required field '{key}'")
        people = entry["people"]
        if isinstance(people, bool) or not isinstance(people, int):
            raise self._key_error(origin, "people", f"people must be a whole number, got {people!r}")
        if people < 0:
            raise self._key_error(origin, "people", f"people must not be negative, got {people:,}")
        source, target = self._where(entry, "from", origin), self._where(entry, "to", origin)
        common["name"] = common["name"] or f"{source} → {target}"
        label = self._text(entry, "label", origin.label, origin.line) or f"{people:,} people"
        return Flow(**common, origin_place=source, destination=target, people=people, label=label)

    def _area(self, entry: dict[str, Any], origin: Origin) -> Area:
        common = self._common("areas", entry, origin)
        buffer_km = entry.get("buffer_km", 0.0)
        if isinstance(buffer_km, bool) or not isinstance(buffer_km, (int, float)) or not 0 <= buffer_km <= 500:
            raise self._key_error(origin, "buffer_km", f"buffer_km must be a number from 0 to 500, got {buffer_km!r}")
        outline = tuple(self._where_list(entry, "outline", origin, minimum=1))
        if len(outline) < 3 and not buffer_km:
            raise origin.error("an area needs an outline of at least 3 places, or buffer_km around fewer")
        return Area(**common, outline=outline, buffer_km=float(buffer_km))

    def _border(self, entry: dict[str, Any], origin: Origin) -> Border:
        common = self._common("borders", entry, origin, name_required=False)
        between = self._strings(entry, "between", origin.label, origin.line)
        if len(between) != 2 or between[0].casefold() == between[1].casefold():
            raise self._key_error(origin, "between",
                                  'between must name two different countries, like ["Greece", "Turkey"]')
        common["name"] = common["name"] or f"{between[0]}–{between[1]} border"
        return Border(**common, between=(between[0], between[1]))

    # ---- field helpers
    def _key_error(self, origin: Origin, key: str, message: str) -> StoryError:
        return StoryError(f"{origin.label}: {message}", self.path, self._key_line(origin.line, key))

    def _check_fields(self, entry: dict[str, Any], allowed: set[str], label: str, line: int | None) -> None:
        for key in entry:
            if key not in allowed:
                raise self.fail(f"{label}: unknown field '{key}'; expected one of: {', '.join(sorted(allowed))}",
                                self._key_line(line, key))

    def _text(self, entry: dict[str, Any], key: str, label: str, line: int | None, required: bool = False) -> str:
        value = entry.get(key)
        if value is None:
            if required:
                raise self.fail(f"{label}: missing required field '{key}'", line)
            return ""
        if not isinstance(value, str):
            raise self.fail(f"{label}: {key} must be text in quotes, got {value!r}", self._key_line(line, key))
        value = value.strip()
        if required and not value:
            raise self.fail(f"{label}: {key} must not be empty", self._key_line(line, key))
        return value

    def _strings(self, entry: dict[str, Any], key: str, label: str, line: int | None) -> tuple[str, ...]:
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(f"{label}: {key} must be a list of names in quotes", self._key_line(line, key))
        return tuple(v.strip() for v in value)

    def _bool(self, entry: dict[str, Any], key: str, origin: Origin) -> bool:
        value = entry.get(key, False)
        if not isinstance(value, bool):
            raise self._key_error(origin, key, f"{key} must be true or false, got {value!r}")
        return value

    def _date(
        self, entry: dict[str, Any], key: str, label: str, line: int | None, required: bool = False
    ) -> dt.date | None:
        value = entry.get(key)
        if value is None:
            if required:
                raise self.fail(f"{label}: missing required field '{key}' (a date like 2020-03-02)", line)
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        raise self.fail(f"{label}: {key} must be a date like 2020-03-02 (no quotes), got {value!r}",
                        self._key_line(line, key))

    def _source_ids(self, entry: dict[str, Any], origin: Origin) -> tuple[str, ...]:
        value = entry.get("source", self.default_source)
        ids = [value] if isinstance(value, str) else value
        if not ids or not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise origin.error("needs source = \"<id>\" (or a list of ids) naming a [[story.sources]] entry"
                               " (or set default_source in [story])")
        for source_id in ids:
            if source_id not in self.sources:
                known = ", ".join(self.sources)
                raise self._key_error(origin, "source", f"unknown source id '{source_id}'; known ids: {known}")
        return tuple(ids)

    def _since(self, entry: dict[str, Any], origin: Origin) -> dt.date | str | None:
        """A date, or short text ("February 2018") when sources give no day."""
        if isinstance(entry.get("since"), str):
            return self._text(entry, "since", origin.label, origin.line)
        return self._date(entry, "since", origin.label, origin.line)

    def _country(self, entry: dict[str, Any], origin: Origin) -> str | None:
        value = entry.get("country")
        if value is None:
            return None
        if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2}", value):
            raise self._key_error(origin, "country", f'country must be a two-letter ISO code like "SY", got {value!r}')
        return value.upper()

    def _where(self, entry: dict[str, Any], key: str, origin: Origin) -> Where:
        return self._where_value(entry.get(key), key, origin)

    def _where_value(self, value: Any, key: str, origin: Origin) -> Where:
        if isinstance(value, str) and value.strip():
            return Where(name=value.strip())
        if isinstance(value, list):
            return Where(coords=self._coords(value, key, origin))
        raise self._key_error(origin, key, f"{key} must be a place name in quotes or [lat, lon], got {value!r}")

    def _where_list(self, entry: dict[str, Any], key: str, origin: Origin, minimum: int) -> list[Where]:
        value = entry.get(key, [])
        if not isinstance(value, list) or len(value) < minimum:
            raise self._key_error(origin, key, f"{key} must list at least {minimum} place names or [lat, lon] pairs")
        return [self._where_value(item, key, origin) for item in value]

    def _override(self, entry: dict[str, Any], at: Where, origin: Origin) -> Where:
        """``coords = [lat, lon]`` keeps the name but overrides the gazetteer."""
        if "coords" not in entry:
            return at
        return Where(name=at.name, coords=self._coords(entry["coords"], "coords", origin))

    def _coords(self, value: Any, key: str, origin: Origin) -> Coords:
        numbers = value if isinstance(value, list) else []
        if len(numbers) != 2 or not all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in numbers):
            raise self._key_error(origin, key, f"{key} must be [lat, lon] in decimal degrees, got {value!r}")
        lat, lon = float(numbers[0]), float(numbers[1])
        if not (math.isfinite(lat) and -90 <= lat <= 90):
            raise self._key_error(origin, key, f"latitude {numbers[0]} is out of range (-90 to 90)")
        if not (math.isfinite(lon) and -180 <= lon <= 180):
            raise self._key_error(origin, key, f"longitude {numbers[1]} is out of range (-180 to 180)")
        return (lat, lon)
