"""Opt-in online geocoding with Nominatim: polite, fault-tolerant, cached and pinned in a lock file.

Nothing here runs unless a user asks for it on the command line
(``build --geocoder nominatim --user-agent NAME``). A name is looked up in this order:

1. the lock file (``geodata/geocode.lock.json``): reviewed answers, reused by every later build;
2. the on-disk answer cache in the user cache folder: earlier Nominatim answers, so a
   repeated build makes no request;
3. Nominatim itself, through geopy's ``Nominatim`` behind geopy's ``RateLimiter`` (at most one
   request a second), with a timeout and retries with exponential back-off on timeouts, HTTP 429
   and 5xx answers;
4. the offline gazetteer, when Nominatim fails or finds nothing (with a warning saying so).

Answers chosen from Nominatim are added to the lock file; the build writes it together with the map.
A story file cannot switch any of this on: it holds no setting that makes the program use the network.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from geopy.adapters import AdapterHTTPError, URLLibAdapter
from geopy.exc import (
    GeocoderParseError,
    GeocoderRateLimited,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
    GeopyError,
)
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.location import Location

from .errors import LockFileError, OptionError
from .gazetteer import default_cache_dir
from .options import DEFAULT_LOCK_PATH, DEFAULT_NOMINATIM_URL, GEOCODERS, NOMINATIM_URL_ENV

PROVIDER = "nominatim"
LOCK_VERSION = 1

_CITY_TYPES = {"city", "town", "village", "hamlet", "suburb", "quarter", "neighbourhood", "municipality",
               "locality", "isolated_dwelling"}


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try, and how politely. The defaults follow Nominatim's usage policy."""

    timeout: float = 10.0       # seconds to wait for one answer
    min_delay: float = 1.0      # seconds between requests: at most one request a second
    tries: int = 4              # requests per name before giving up on it
    backoff: float = 2.0        # wait after the first failure; doubles after each further one
    max_wait: float = 60.0      # cap on one wait, also on a server's Retry-After
    give_up_after: int = 3      # names failing in a row before the rest go straight to the gazetteer


@dataclass
class GeocodingOptions:
    """What the user chose on the command line; ``offline`` still reads an existing lock file."""

    geocoder: str = "offline"
    user_agent: str | None = None
    url: str | None = None              # default: $IDLIBMAP_NOMINATIM_URL, then nominatim.openstreetmap.org
    lock_path: Path = DEFAULT_LOCK_PATH
    cache_dir: Path | None = None       # default: the user cache folder ($IDLIBMAP_CACHE_DIR)
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    sleep: Callable[[float], None] = time.sleep
    today: Callable[[], dt.date] = dt.date.today
    proxies: dict[str, str] | None = None  # None: the system's proxy settings

    def checked(self) -> GeocodingOptions:
        """Raise a clear :class:`OptionError` for a combination that cannot work."""
        if self.geocoder not in GEOCODERS:
            raise OptionError(f"unknown geocoder '{self.geocoder}'; choose one of: {', '.join(GEOCODERS)}",
                              "geocoder")
        if self.geocoder == "nominatim":
            if not (self.user_agent or "").strip():
                raise OptionError("the nominatim geocoder needs a user agent naming your application, as "
                                  "Nominatim's usage policy asks (e.g. 'my-newsroom-maps')", "user_agent")
            nominatim_url(self.url)
        elif self.user_agent:
            raise OptionError("a user agent is only used with the nominatim geocoder", "user_agent")
        return self


def nominatim_url(url: str | None) -> str:
    """The Nominatim base URL: ``url``, else ``$IDLIBMAP_NOMINATIM_URL``, else the public server."""
    chosen = (url or os.environ.get(NOMINATIM_URL_ENV) or DEFAULT_NOMINATIM_URL).rstrip("/")
    parts = urlsplit(chosen)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise OptionError(f"the Nominatim URL must look like https://host[:port][/path], got '{chosen}'", "url")
    return chosen


def lock_key(name: str, country: str | None) -> str:
    """The lock file key of a lookup: the name as written, with ``[CC]`` when restricted to a country."""
    return f"{name} [{country}]" if country else name


# --------------------------------------------------------------------------- the lock file

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
        lat, lon = value.get("lat"), value.get("lon")
        for label, number, limit in (("lat", lat, 90), ("lon", lon, 180)):
            if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number) \
                    or not -limit <= number <= limit:
                raise bad(f"{label} must be a number from {-limit} to {limit}, got {number!r}")
        return cls(id=value["id"].strip(), lat=float(lat), lon=float(lon), provider=value["provider"].strip(),
                   date=value["date"].strip(), name=value.get("name", ""),
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
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path)
        except (OSError, UnicodeDecodeError) as err:
            raise LockFileError(f"cannot read the geocoding lock file: {getattr(err, 'strerror', None) or err}",
                                path) from err
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise LockFileError(f"not valid JSON: {err.msg}", path, err.lineno) from err
        if not isinstance(data, dict) or not isinstance(data.get("places"), dict):
            raise LockFileError('must be a JSON object with a "places" object', path)
        if data.get("version", LOCK_VERSION) != LOCK_VERSION:
            raise LockFileError(f"lock file version {data.get('version')!r} is not {LOCK_VERSION}", path)
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


# --------------------------------------------------------------------------- the answer cache

class AnswerCache:
    """Nominatim's answers on disk, one JSON file per server, so repeated builds make no request.

    Only real answers are kept (including "nothing found"); failures are not, so they are retried.
    The cache is disposable: a damaged file is set aside with a warning and rebuilt.
    """

    def __init__(self, cache_dir: Path, url: str):
        digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]
        self.path = Path(cache_dir) / f"nominatim-{digest}.json"
        self.url = url
        self.warning: str | None = None
        self._answers: dict[str, list[dict[str, Any]]] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("url") != url or not isinstance(data.get("answers"), dict):
                raise ValueError("unexpected layout")
            self._answers = {k: v for k, v in data["answers"].items() if isinstance(v, list)}
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as err:
            self.warning = f"ignored a damaged geocoding cache {self.path} ({err}); it will be rebuilt"

    def get(self, key: str) -> list[dict[str, Any]] | None:
        return self._answers.get(key)

    def put(self, key: str, results: list[dict[str, Any]]) -> None:
        """Remember an answer and save the cache at once (temporary file, then rename)."""
        self._answers[key] = results
        text = json.dumps({"url": self.url, "answers": self._answers}, ensure_ascii=False, sort_keys=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    stream.write(text)
                os.replace(temporary, self.path)
            finally:
                Path(temporary).unlink(missing_ok=True)
        except OSError as err:
            self.warning = f"cannot save the geocoding cache {self.path}: {err.strerror or err}"


# --------------------------------------------------------------------------- the client

class OnlineLookupFailed(Exception):
    """Nominatim gave no usable answer; ``reason`` says why in words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _status(err: BaseException) -> int | None:
    cause = err.__cause__
    return cause.status_code if isinstance(cause, AdapterHTTPError) else None


def _unreachable(err: GeopyError) -> bool:
    """A connection that failed before any HTTP answer (refused, reset, no route, DNS)."""
    return isinstance(err, GeocoderUnavailable) or (
        type(err) is GeocoderServiceError and isinstance(err.__cause__ or err.__context__, OSError)
        and not isinstance(err.__cause__ or err.__context__, AdapterHTTPError))


def _retryable(err: GeopyError) -> bool:
    """Timeouts, unreachable servers, 429 and 5xx are worth another try; bad answers and 4xx are not."""
    if isinstance(err, GeocoderParseError):
        return False
    if isinstance(err, (GeocoderTimedOut, GeocoderRateLimited)) or _unreachable(err):
        return True
    status = _status(err)
    return isinstance(err, GeocoderServiceError) and status is not None and status >= 500


def _describe(err: GeopyError) -> str:
    if isinstance(err, GeocoderRateLimited):
        return "rate-limited (HTTP 429)"
    if isinstance(err, GeocoderTimedOut):
        status = _status(err)
        return f"timed out (HTTP {status})" if status else "timed out"
    if isinstance(err, GeocoderParseError):
        return "sent an answer that is not JSON"
    if _unreachable(err):
        return "could not be reached"
    status = _status(err)
    return f"failed (HTTP {status})" if status else f"failed ({type(err).__name__})"


def _clean_result(raw: Any) -> dict[str, Any] | None:
    """The fields we keep from one Nominatim result, or None if it is not a usable result."""
    if not isinstance(raw, dict):
        return None
    try:
        lat, lon = float(raw["lat"]), float(raw["lon"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    address = raw.get("address") if isinstance(raw.get("address"), dict) else {}
    osm_type, osm_id = raw.get("osm_type"), raw.get("osm_id")
    ident = f"osm:{osm_type}/{osm_id}" if osm_type and osm_id else f"nominatim:{raw.get('place_id', '?')}"
    kind = str(raw.get("addresstype") or raw.get("type") or "")
    return {"id": ident, "lat": lat, "lon": lon, "name": str(raw.get("display_name") or ""),
            "country_code": str(address.get("country_code") or "").upper(),
            "feature_type": "country" if kind == "country" else "city" if kind in _CITY_TYPES else kind or "place"}


class NominatimClient:
    """geopy's Nominatim behind geopy's RateLimiter, with retries and exponential back-off."""

    def __init__(self, user_agent: str, url: str, policy: RetryPolicy = RetryPolicy(),
                 sleep: Callable[[float], None] = time.sleep, proxies: dict[str, str] | None = None):
        parts = urlsplit(url)
        self.url = url
        self.policy = policy
        self.sleep = sleep
        self.requests = 0
        self.geocoder = Nominatim(user_agent=user_agent, domain=parts.netloc + parts.path, scheme=parts.scheme,
                                  timeout=policy.timeout, proxies=proxies, adapter_factory=URLLibAdapter)
        # Retries are ours (with back-off); the RateLimiter only spaces the requests out.
        self._limited = RateLimiter(self._request, min_delay_seconds=policy.min_delay, max_retries=0,
                                    swallow_exceptions=False)

    def _request(self, query: str, country: str | None) -> Any:
        self.requests += 1
        options: dict[str, Any] = {"exactly_one": False, "limit": 5, "addressdetails": True}
        if country:
            options["country_codes"] = country.lower()
        return self.geocoder.geocode(query, **options)

    def search(self, query: str, country: str | None = None) -> list[dict[str, Any]]:
        """Cleaned results, best first ([] when Nominatim knows no such place); raise OnlineLookupFailed."""
        wait = self.policy.backoff
        for attempt in range(1, self.policy.tries + 1):
            try:
                found = self._limited(query, country)
            except GeopyError as err:
                if not _retryable(err) or attempt == self.policy.tries:
                    tries = f" after {attempt} tries" if attempt > 1 else ""
                    raise OnlineLookupFailed(f"Nominatim {_describe(err)}{tries}") from err
                retry_after = getattr(err, "retry_after", None) or 0
                self.sleep(min(max(wait, float(retry_after)), self.policy.max_wait))
                wait *= 2
                continue
            except (TypeError, ValueError, KeyError, AttributeError) as err:  # JSON of the wrong shape
                raise OnlineLookupFailed("Nominatim sent an answer that cannot be read") from err
            locations = found if isinstance(found, list) else [found] if found else []
            results = [r for r in (_clean_result(getattr(loc, "raw", None)) for loc in locations) if r]
            if locations and not results:
                raise OnlineLookupFailed("Nominatim sent results without usable coordinates")
            return results
        raise AssertionError("unreachable")  # pragma: no cover


# --------------------------------------------------------------------------- the lookup chain

class OnlineGeocoder:
    """Lock file, then answer cache, then Nominatim; the caller's offline lookup is the fallback.

    With ``client=None`` (the offline geocoder) only the lock file is consulted, and a name it
    lacks goes to the gazetteer without comment.
    """

    def __init__(self, lock: LockFile, client: NominatimClient | None = None, cache: AnswerCache | None = None,
                 countries: tuple[str, ...] = (), policy: RetryPolicy = RetryPolicy(),
                 today: Callable[[], dt.date] = dt.date.today):
        self.lock = lock
        self.client = client
        self.cache = cache
        self.countries = tuple(c.upper() for c in countries)
        self.policy = policy
        self.today = today
        self.counts: Counter[str] = Counter()
        self.warnings: list[str] = [cache.warning] if cache and cache.warning else []
        self._failures_in_a_row = 0
        self._gave_up = False

    def locate(self, name: str, country: str | None, fallback: Callable[[], Location | None]) -> Location | None:
        """Where ``name`` is, by the first source in the chain that knows; ``fallback()`` is the gazetteer."""
        key = lock_key(name, country)
        pinned = self.lock.get(key)
        if pinned is not None:
            self.counts["lock"] += 1
            return pinned.location()
        if self.client is None:
            return fallback()
        try:
            results, origin = self._results(key, name, country)
        except OnlineLookupFailed as failure:
            return self._fall_back(name, failure.reason, fallback)
        if not results:
            return self._fall_back(name, "Nominatim found nothing", fallback)
        self.counts[origin] += 1
        chosen = next((r for r in results if r["country_code"] in self.countries), results[0])
        entry = LockEntry(id=chosen["id"], lat=chosen["lat"], lon=chosen["lon"], provider=PROVIDER,
                          date=self.today().isoformat(), name=chosen["name"], country_code=chosen["country_code"],
                          feature_type=chosen["feature_type"])
        self.lock.add(key, entry)
        return entry.location()

    def _results(self, key: str, name: str, country: str | None) -> tuple[list[dict[str, Any]], str]:
        """Nominatim's answer for ``key`` and where it came from ("cache" or "nominatim")."""
        assert self.client is not None
        cached = self.cache.get(key) if self.cache else None
        if cached is not None:
            return cached, "cache"
        if self._gave_up:
            raise OnlineLookupFailed("Nominatim was not asked (it had failed for several names in a row)")
        try:
            results = self.client.search(name, country)
        except OnlineLookupFailed:
            self._failures_in_a_row += 1
            if self._failures_in_a_row >= self.policy.give_up_after:
                self._gave_up = True
                self.warnings.append(f"Nominatim failed for {self._failures_in_a_row} names in a row; "
                                     "the remaining names use the offline gazetteer without asking it")
            raise
        self._failures_in_a_row = 0
        if self.cache:
            self.cache.put(key, results)
            if self.cache.warning and self.cache.warning not in self.warnings:
                self.warnings.append(self.cache.warning)
        return results, "nominatim"

    def _fall_back(self, name: str, reason: str, fallback: Callable[[], Location | None]) -> Location | None:
        self.counts["gazetteer"] += 1
        found = fallback()
        if found is None:
            self.warnings.append(f"'{name}': {reason}, and the offline gazetteer does not know it either")
        else:
            raw = found.raw or {}
            self.warnings.append(f"'{name}': {reason}; used the offline gazetteer instead "
                                 f"(GeoNames {raw.get('geonameid')}, {raw.get('name')})")
        return found

    def summary(self) -> str:
        """One line saying where every name came from, and how many requests were made."""
        parts = [f"{self.counts[k]} {label}" for k, label in (
            ("lock", "from the lock file"), ("cache", "from the answer cache"),
            ("nominatim", "newly from Nominatim"), ("gazetteer", "from the offline gazetteer instead"),
        ) if self.counts[k]]
        requests = self.client.requests if self.client else 0
        mode = f"Nominatim at {self.client.url}" if self.client else "offline, with a lock file"
        return (f"geocoding ({mode}): {', '.join(parts) or 'no names looked up'}; "
                f"{requests} request{'s' if requests != 1 else ''} made")


def online_geocoder_for(options: GeocodingOptions, countries: tuple[str, ...]) -> OnlineGeocoder | None:
    """The lookup chain for a build, or None when there is nothing to consult beyond the gazetteer."""
    options.checked()
    lock = LockFile.load(options.lock_path)
    if options.geocoder == "offline":
        return OnlineGeocoder(lock, countries=countries) if lock.entries else None
    url = nominatim_url(options.url)
    assert options.user_agent is not None
    client = NominatimClient(options.user_agent.strip(), url, options.policy, options.sleep, options.proxies)
    cache = AnswerCache(options.cache_dir or default_cache_dir(), url)
    return OnlineGeocoder(lock, client, cache, countries, options.policy, options.today)
