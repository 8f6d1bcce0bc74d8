"""Reading a story file: bytes, then TOML, then the declared schema, then a typed :class:`~.model.Story`.

Every fault is one :class:`~idlibmap.errors.StoryError` line naming the file, the line and the entry:
``story.toml:20: [[points]] #3 'Morek': unknown field 'colour'; expected one of: ...``.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import msgspec

from ..errors import StoryError
from ..files import read_input
from ..urls import check_http_url
from .convert import convert, explain
from .model import SECTIONS, Faction, Feature, MapSettings, Origin, Source, Story
from .schema import Check, Document, Entry, MapTable, SourceEntry, StoryHead, where_from
from .toml_lines import TomlLines

MAX_STORY_BYTES = 5_000_000


def load_story(path: str | Path) -> Story:
    """Read, parse and validate a story file; raise :class:`StoryError` naming the fault."""
    path = Path(path)
    text = _read_text(path)
    data = _parse(text, path)
    lines = TomlLines(text)
    try:
        document = convert(data)
    except msgspec.ValidationError as err:
        message, line = explain(err, data, lines)
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
        factions = self._factions(document)
        self._check_factions(sections["control"] + sections["changes"], factions)
        return Story(
            path=self.path,
            title=head.title,
            summary=head.summary,
            as_of=head.as_of,
            countries=tuple(code.upper() for code in head.countries),
            sources=sources,
            map=self._map_settings(document.map),
            factions=factions,
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
                try:
                    check_http_url(entry.url)
                except ValueError as err:  # also what urllib refuses: "http://[oops/", NFKC-invalid hosts
                    raise StoryError(f"{label}: url {err}, got '{entry.url}'", self.path,
                                     self.lines.nearest((*at, "url"))) from err
            sources[entry.id] = Source(id=entry.id, name=entry.name, url=entry.url or None, date=entry.date,
                                       note=entry.note, kind=entry.kind)
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

    def _factions(self, document: Document) -> dict[str, Faction]:
        factions: dict[str, Faction] = {}
        for index, entry in enumerate(document.factions):
            at = ("factions", index)
            origin = Origin(self.path, self.lines.line(at), f"[[factions]] #{index + 1} '{entry.id}'")
            if entry.id in factions:
                raise origin.error(f"faction id '{entry.id}' is declared twice")
            factions[entry.id] = Faction(origin=origin, id=entry.id, name=entry.name, short=entry.short or entry.name,
                                         color=entry.color.lower(), side=entry.side or entry.id, note=entry.note)
        return factions

    @staticmethod
    def _check_factions(entries: tuple[Any, ...], factions: dict[str, Faction]) -> None:
        """Every faction an area names is declared in [[factions]]."""
        for entry in entries:
            for key in ("faction", "taken_by", "taken_from"):
                named = getattr(entry, key, None)
                if named is not None and named not in factions:
                    known = ", ".join(factions) or "none declared"
                    raise entry.origin.error(f"{key} '{named}' is not a declared faction ([[factions]] ids: {known})")

    def _map_settings(self, table: MapTable | None) -> MapSettings:
        table = table or MapTable()
        origin = Origin(self.path, self.lines.line(("map",)), "[map]")
        return MapSettings(origin=origin, focus=tuple(map(where_from, table.focus)), highlight=tuple(table.highlight),
                           legend=dict(table.legend))

    @staticmethod
    def _check_unique_places(places: tuple[Feature, ...]) -> None:
        seen: dict[str, Origin] = {}
        for place in places:
            key = place.name.casefold()
            if key in seen:
                raise place.origin.error(f"place '{place.name}' is listed twice (first at line {seen[key].line})")
            seen[key] = place.origin
