"""What the geoparser produces: places with their mentions, and their JSON and table forms."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a place is named: the exact text and its character offsets."""

    text: str
    start: int
    end: int


@dataclass
class ArticlePlace:
    """One distinct place the article names, located, with every mention."""

    name: str
    lat: float
    lon: float
    country_code: str | None
    feature_type: str  # city | capital | admin1 | country | region | border
    geonames_id: int | None
    mentions: list[Mention]
    metonymy: bool
    confidence: float
    alternatives: list[dict[str, Any]]
    sentence: str = ""
    countries: tuple[str, ...] = ()  # the two sides of a border
    approximate: bool = False
    # parts of a country the article names ("northern Mali"): name, direction, lat, lon of each
    parts: list[dict[str, Any]] = field(default_factory=list)

    def twin(self) -> ArticlePlace:
        """A shallow copy (what ``copy.copy`` makes, without its generic machinery: one per place per text)."""
        twin = object.__new__(ArticlePlace)
        twin.__dict__.update(self.__dict__)
        return twin

    def to_json(self) -> dict[str, Any]:
        """The record ``places --format json`` prints."""
        data = {
            "name": self.name, "lat": round(self.lat, 5), "lon": round(self.lon, 5),
            "country_code": self.country_code, "feature_type": self.feature_type, "geonames_id": self.geonames_id,
            "mentions": [{"text": m.text, "start": m.start, "end": m.end} for m in self.mentions],
            "metonymy": self.metonymy, "confidence": self.confidence, "alternatives": self.alternatives,
            "sentence": self.sentence,
        }
        if self.countries:
            data["countries"] = list(self.countries)
        if self.parts:
            data["parts"] = self.parts
        return data


@dataclass
class ParseResult:
    """The places of a text, and the countries it points to without naming a place (demonyms)."""

    places: list[ArticlePlace]
    context_countries: list[str]
    warnings: list[str] = field(default_factory=list)


def places_json_lines(places: list[ArticlePlace]) -> Iterator[str]:
    """The JSON array ``places --format json`` prints, a place per line, line by line (a long text's
    places need not be held twice in memory as one string). Compact lines use the standard library's C
    encoder: an indented dump of a long text's places took a tenth of the whole run."""
    if not places:
        yield "[]\n"
        return
    for number, place in enumerate(places):
        yield ("[\n" if number == 0 else ",\n") + json.dumps(place.to_json(), ensure_ascii=False)
    yield "\n]\n"


def places_json(places: list[ArticlePlace]) -> str:
    """:func:`places_json_lines` as one string."""
    return "".join(places_json_lines(places))


def format_table(result: ParseResult) -> str:
    """The places as a table for people: one line each, most mentioned first."""
    rows = [("place", "type", "country", "lat", "lon", "mentions", "conf.", "note")]
    for place in sorted(result.places, key=lambda p: (-len(p.mentions), p.mentions[0].start)):
        rows.append((place.name, place.feature_type, place.country_code or "", f"{place.lat:.4f}", f"{place.lon:.4f}",
                     str(len(place.mentions)), f"{place.confidence:.2f}", "; ".join(_notes(place))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[-1]
             for row in rows]
    lines.insert(1, "-" * min(len(lines[0]) + 20, 120))
    countries = ", ".join(result.context_countries) or "none"
    lines.append(f"\n{len(result.places)} places; countries the article points to (names and demonyms): {countries}")
    return "\n".join(line.rstrip() for line in lines)


def _notes(place: ArticlePlace) -> list[str]:
    notes = []
    if place.metonymy:
        notes.append("stands for its government")
    if place.countries:
        notes.append("between " + " and ".join(place.countries))
    if place.parts:
        notes.append("parts named: " + ", ".join(part["direction"] for part in place.parts))
    if place.alternatives:
        notes.append("not: " + ", ".join(f"{a['name']} ({a['country_code']})" for a in place.alternatives[:2]))
    return notes
