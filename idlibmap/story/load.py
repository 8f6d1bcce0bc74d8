"""Reading a story file: bytes, then TOML, then the declared schema, then a typed :class:`~.model.Story`.

Every fault is one :class:`~idlibmap.errors.StoryError` line naming the file, the line and the entry:
``story.toml:20: [[points]] #3 'Morek': unknown field 'colour'; expected one of: ...``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
import types
from pathlib import Path
from typing import Annotated, Any, Union, cast, get_args, get_origin
from urllib.parse import urlsplit

import msgspec

from ..errors import StoryError
from ..files import read_input
from .model import SECTIONS, Feature, MapSettings, Origin, Source, Story
from .schema import MISSING, Check, Document, Entry, Fault, MapTable, SourceEntry, StoryHead, Table, where_from
from .toml_lines import TomlLines, TomlPath

MAX_STORY_BYTES = 5_000_000


def load_story(path: str | Path) -> Story:
    """Read, parse and validate a story file; raise :class:`StoryError` naming the fault."""
    path = Path(path)
    text = _read_text(path)
    data = _parse(text, path)
    lines = TomlLines(text)
    try:
        document = _convert(data)
    except msgspec.ValidationError as err:
        message, line = _explain(err, data, lines)
        raise StoryError(message, path, line) from err
    return _StoryBuilder(path, data, lines).story(document)


def _read_text(path: Path) -> str:
    raw = read_input(path, MAX_STORY_BYTES, "story file", StoryError)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise StoryError("story file is not UTF-8 text", path, line) from err


def _parse(text: str, path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        match = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        raise StoryError(f"TOML syntax error: {message}", path, line) from err
    except RecursionError as err:  # tomllib recurses into nested arrays and inline tables
        raise StoryError("TOML syntax error: arrays or tables are nested too deeply", path) from err


# --------------------------------------------------------------------------- the typed story

class _StoryBuilder:
    """Turns the converted :class:`Document` into a :class:`Story`, checking the rules across entries."""

    def __init__(self, path: Path, data: dict[str, Any], lines: TomlLines):
        self.path = path
        self.data = data  # as tomllib parsed it: entry labels quote names as written
        self.lines = lines

    def story(self, document: Document) -> Story:
        head = document.story
        sources = self._sources(head)
        if head.default_source and head.default_source not in sources:
            raise StoryError(f"[story]: default_source '{head.default_source}' is not a source id", self.path,
                             self.lines.nearest(("story", "default_source")))
        sections: dict[str, tuple[Any, ...]] = {  # each section's own feature type, by SECTIONS name
            section: tuple(self._feature(entry, section, index, sources, head.default_source)
                           for index, entry in enumerate(getattr(document, section)))
            for section in SECTIONS
        }
        self._check_unique_places(sections["places"])
        return Story(
            path=self.path,
            title=head.title,
            summary=head.summary,
            as_of=head.as_of,
            countries=tuple(code.upper() for code in head.countries),
            sources=sources,
            map=self._map_settings(document.map),
            **sections,
        )

    def _sources(self, head: StoryHead) -> dict[str, Source]:
        sources: dict[str, Source] = {}
        for index, entry in enumerate(head.sources):
            at = ("story", "sources", index)
            label = SourceEntry.caption(at, {})
            if entry.id in sources:
                raise StoryError(f"{label}: source id '{entry.id}' is used twice", self.path,
                                 self.lines.nearest((*at, "id")))
            if entry.url:
                parts = urlsplit(entry.url)
                if parts.scheme not in ("http", "https") or not parts.netloc:
                    raise StoryError(f"{label}: url must start with http:// or https://, got '{entry.url}'",
                                     self.path, self.lines.nearest((*at, "url")))
            sources[entry.id] = Source(id=entry.id, name=entry.name, url=entry.url or None, date=entry.date,
                                       note=entry.note)
        return sources

    def _feature(self, entry: Entry, section: str, index: int, sources: dict[str, Source],
                 default_source: str) -> Feature:
        at = (section, index)
        origin = Origin(self.path, self.lines.line(at), entry.caption(at, self.data[section][index]) or section)
        check = Check(origin, self.lines, at)
        layer = entry.layer or entry.default_layer
        if not layer:
            raise check.error('needs a layer = "..." naming the map layer it belongs to')
        ids = self._source_ids(entry.source if entry.source is not None else default_source, sources, check)
        common = {"origin": origin, "layer": layer, "name": entry.name, "note": entry.note, "date": entry.date,
                  "sources": ids, "approximate": entry.approximate}
        return entry.feature(common, check)

    @staticmethod
    def _source_ids(written: str | list[str], sources: dict[str, Source], check: Check) -> tuple[str, ...]:
        ids = ([written] if written else []) if isinstance(written, str) else written
        if not ids:
            raise check.key_error("source", 'needs source = "<id>" (or a list of ids) naming a [[story.sources]]'
                                  " entry (or set default_source in [story])")
        for source_id in ids:
            if source_id not in sources:
                known = ", ".join(sources)
                raise check.key_error("source", f"unknown source id '{source_id}'; known ids: {known}")
        return tuple(ids)

    def _map_settings(self, table: MapTable | None) -> MapSettings:
        table = table or MapTable()
        origin = Origin(self.path, self.lines.line(("map",)), "[map]")
        return MapSettings(origin=origin, focus=tuple(map(where_from, table.focus)), highlight=tuple(table.highlight))

    @staticmethod
    def _check_unique_places(places: tuple[Feature, ...]) -> None:
        seen: dict[str, Origin] = {}
        for place in places:
            key = place.name.casefold()
            if key in seen:
                raise place.origin.error(f"place '{place.name}' is listed twice (first at line {seen[key].line})")
            seen[key] = place.origin


# --------------------------------------------------------------------------- conversion and its errors

def _convert(data: dict[str, Any]) -> Document:
    """``data`` as tomllib parsed it, as a :class:`Document`; raises :class:`msgspec.ValidationError`."""
    _dates_as_days(Document, data)
    # Dates count as built-in values, so msgspec does not read a quoted "2020-03-02" as a date.
    return msgspec.convert(data, Document, builtin_types=(dt.date, dt.datetime, dt.time))


def _explain(error: msgspec.ValidationError, data: dict[str, Any], lines: TomlLines) -> tuple[str, int | None]:
    """The message and line for ``error``: its path leads through the tables to the field at fault."""
    steps = _steps(str(error))
    # A file that is not a story at all (an unknown section, no [story] table) is told so first.
    if "story" not in data or any(key not in _fields(Document) for key in data):
        steps = []
    elif not isinstance(data["story"], dict):
        steps = ["story"]
    schema: type[Table] = Document
    table, at = data, cast(TomlPath, ())
    while steps and isinstance(steps[0], str) and steps[0] in _fields(schema):
        key, rest = steps[0], steps[1:]
        declared, value = _fields(schema)[key], table.get(key, MISSING)
        inner, many = _tables_in(declared)
        item = _item(value, rest[0]) if many and rest and isinstance(rest[0], int) else None
        if inner and not many and isinstance(value, dict):
            schema, table, at, steps = inner, value, (*at, key), rest
        elif inner and item is not None:
            schema, table, at, steps = inner, item, (*at, key, rest[0]), rest[1:]
        else:
            fault = _fault_of(declared)
            message = fault.missing.format(key=key) if value is MISSING else fault.word(key, value, tuple(rest))
            label = schema.caption(at, table) if fault.labelled else None
            return _labelled(label, message), lines.nearest((*at, key, *rest))
    return _table_fault(schema, table, at, lines, str(error))


def _table_fault(schema: type[Table], table: dict[str, Any], at: TomlPath, lines: TomlLines,
                 detail: str) -> tuple[str, int | None]:
    """A fault of a whole table: a field it must not have, or one it lacks."""
    label = schema.caption(at, table)
    fields = _fields(schema)
    for key in sorted(table) if schema is Document else table:
        if key not in fields:
            known = ", ".join(sorted(fields))
            return _labelled(label, schema.unknown.format(key=key, known=known)), lines.nearest((*at, key))
    for field in msgspec.structs.fields(schema):
        if field.required and field.encode_name not in table:
            fault = _fault_of(field.type)
            message = fault.missing.format(key=field.encode_name)
            return _labelled(label if fault.labelled else None, message), lines.nearest(at)
    return _labelled(label, f"cannot be read ({detail})"), lines.nearest(at)


def _labelled(label: str | None, message: str) -> str:
    return f"{label}: {message}" if label else message


def _steps(message: str) -> list[str | int]:
    """The path in a msgspec message (``... - at `$.points[2].kind```) as keys and indexes."""
    match = re.search(r" - at `\$([^`]*)`$", message)
    if not match:
        return []
    return [int(index) if index else key
            for key, index in re.findall(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]", match.group(1))]


def _item(value: Any, index: int) -> dict[str, Any] | None:
    item = value[index] if isinstance(value, list) and index < len(value) else None
    return cast(dict[str, Any], item) if isinstance(item, dict) else None


@functools.cache
def _fields(schema: type[Table]) -> dict[str, Any]:
    """Each field's name as written in the file, with its declared type."""
    return {field.encode_name: field.type for field in msgspec.structs.fields(schema)}


_UNIONS = (Union, types.UnionType)


def _fault_of(declared: Any) -> Fault:
    """The :class:`Fault` a declared type carries (through ``| None``), or a plain one."""
    if get_origin(declared) is Annotated:
        for meta in declared.__metadata__:
            fault = (getattr(meta, "extra", None) or {}).get("fault")
            if isinstance(fault, Fault):
                return fault
    if get_origin(declared) in _UNIONS:
        for option in get_args(declared):
            if option is not type(None):
                return _fault_of(option)
    return Fault(lambda key, value, below: f"{key} cannot take {value!r}")


def _bare(declared: Any) -> Any:
    """A declared type without its ``Annotated`` constraints and its ``| None``."""
    while True:
        if get_origin(declared) is Annotated:
            declared = get_args(declared)[0]
        elif get_origin(declared) in _UNIONS:
            options = [option for option in get_args(declared) if option is not type(None)]
            if len(options) != 1:
                return declared
            declared = options[0]
        else:
            return declared


def _tables_in(declared: Any) -> tuple[type[Table] | None, bool]:
    """The Table type a field holds, and whether it holds a list of them."""
    bare = _bare(declared)
    many = get_origin(bare) is list
    inner = _bare(get_args(bare)[0]) if many else bare
    if isinstance(inner, type) and issubclass(inner, Table):
        return inner, many
    return None, False


def _dates_as_days(schema: type[Table], table: dict[str, Any]) -> None:
    """A TOML date-time where a date is wanted counts as its day (msgspec alone would refuse it)."""
    for key, declared in _fields(schema).items():
        value = table.get(key)
        if isinstance(value, dt.datetime) and _bare(declared) is dt.date:
            table[key] = value.date()
            continue
        inner, many = _tables_in(declared)
        if inner is not None:
            for item in value if many and isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    _dates_as_days(inner, item)
