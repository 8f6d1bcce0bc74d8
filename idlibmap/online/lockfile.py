"""The geocoding lock file (``geodata/geocode.lock.json``): reviewed answers that every later build reuses.

It maps a lookup key (the name as written, with ``[CC]`` when restricted to a country) to one pinned
answer. The text is sorted, stable JSON, meant to be reviewed and committed; the build writes it
together with the map (see :func:`idlibmap.files.write_atomically`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geopy.location import Location

from ..errors import LockFileError
from ..files import read_input
from .answers import COORDINATE_LIMITS, coordinate_problem, shown
from .json_text import JSONTextError, parse_json

LOCK_VERSION = 1
MAX_LOCK_BYTES = 16 * 1024 * 1024  # some 50,000 entries; a reviewed lock file holds dozens


def lock_key(name: str, country: str | None) -> str:
    """The lock file key of a lookup: the name as written, with ``[CC]`` when restricted to a country."""
    return f"{name} [{country}]" if country else name


@dataclass(frozen=True)
class LockEntry:
    """One pinned answer: what was chosen, where it is, who said so and when."""

    id: str                  # e.g. "osm:relation/2564516", or "geonames:164816"
    lat: float
    lon: float
    provider: str            # "nominatim", or anything a person writes by hand
    date: str                # ISO date the answer was chosen
    name: str = ""           # the provider's name for it
    country_code: str = ""
    feature_type: str = "city"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "lat": round(self.lat, 6), "lon": round(self.lon, 6), "provider": self.provider,
                "date": self.date, "name": self.name, "country_code": self.country_code,
                "feature_type": self.feature_type}

    @classmethod
    def from_json(cls, key: str, value: Any, path: Path) -> LockEntry:
        """Read one entry, checking what a hand edit could get wrong."""
        def bad(problem: str) -> LockFileError:
            return LockFileError(f"entry '{key}': {problem}", path)

        if not isinstance(value, dict):
            raise bad("must be an object with id, lat, lon, provider and date")
        unknown = sorted(set(value) - {"id", "lat", "lon", "provider", "date", "name", "country_code",
                                       "feature_type"})
        if unknown:
            raise bad(f"unknown field '{unknown[0]}'")
        for text in ("id", "provider", "date"):
            if not isinstance(value.get(text), str) or not value[text].strip():
                raise bad(f"{text} must be non-empty text")
        for text in ("name", "country_code", "feature_type"):
            if not isinstance(value.get(text, ""), str):
                raise bad(f"{text} must be text")
        for label in COORDINATE_LIMITS:
            problem = coordinate_problem(label, value.get(label))
            if problem:
                raise bad(problem)
        return cls(id=value["id"].strip(), lat=float(value["lat"]), lon=float(value["lon"]),
                   provider=value["provider"].strip(), date=value["date"].strip(), name=value.get("name", ""),
                   country_code=value.get("country_code", "").upper(),
                   feature_type=value.get("feature_type") or "city")

    def location(self) -> Location:
        """A geopy Location whose ``raw`` carries what :class:`~idlibmap.geocode.Resolved` needs."""
        geonameid = int(self.id.split(":", 1)[1]) if self.id.startswith("geonames:") and \
            self.id.split(":", 1)[1].isdigit() else None
        raw = {"provider": self.provider, "source_id": self.id, "name": self.name or self.id,
               "country_code": self.country_code or None, "feature_type": self.feature_type,
               "geonameid": geonameid, "matched": "lock"}
        return Location(self.name or self.id, (self.lat, self.lon), raw)


@dataclass
class LockFile:
    """``geodata/geocode.lock.json``: lookup key -> pinned answer; sorted, stable JSON."""

    path: Path
    entries: dict[str, LockEntry] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> LockFile:
        """Read the lock file; a missing file is an empty lock, a damaged one a clear error."""
        path = Path(path)
        try:
            data = parse_json(read_input(path, MAX_LOCK_BYTES, "geocoding lock file", LockFileError).decode("utf-8"))
        except LockFileError as err:
            if isinstance(err.__cause__, FileNotFoundError):  # no lock file yet: nothing is pinned
                return cls(path)
            raise
        except UnicodeDecodeError as err:
            raise LockFileError("cannot read the geocoding lock file: it is not UTF-8 text", path) from err
        except JSONTextError as err:
            raise LockFileError(f"not valid JSON: {err.reason}", path, err.line) from err
        if not isinstance(data, dict) or not isinstance(data.get("places"), dict):
            raise LockFileError('must be a JSON object with a "places" object', path)
        if data.get("version", LOCK_VERSION) != LOCK_VERSION:
            raise LockFileError(f"lock file version {shown(data.get('version'))} is not {LOCK_VERSION}", path)
        return cls(path, {key: LockEntry.from_json(key, value, path) for key, value in data["places"].items()})

    def get(self, key: str) -> LockEntry | None:
        return self.entries.get(key)

    def add(self, key: str, entry: LockEntry) -> None:
        self.entries[key] = entry
        self.added.append(key)

    def text(self) -> str:
        """The file's content: the same entries always give the same bytes."""
        document = {
            "about": "Geocoding answers pinned by idlibmap; later builds reuse them. Edit lat/lon by hand to "
                     "move a place, or delete an entry to look it up again.",
            "version": LOCK_VERSION,
            "places": {key: self.entries[key].to_json() for key in sorted(self.entries)},
        }
        return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
