"""The lookup chain: lock file, then answer cache, then Nominatim, then the offline gazetteer.

A name the lock file pins is never sent anywhere; an answer in the cache is not asked again; a
name Nominatim fails on or does not know is located by the gazetteer, with a warning saying so.
Warnings are returned as data (:attr:`OnlineGeocoder.warnings`) for the build to report.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from geopy.location import Location

from ..errors import OptionError
from ..gazetteer import default_cache_dir
from ..options import DEFAULT_LOCK_PATH, GEOCODERS
from .answers import Answer
from .cache import AnswerCache
from .lockfile import LockEntry, LockFile, lock_key
from .nominatim import DEFAULT_POLICY, PROVIDER, NominatimClient, OnlineLookupFailed, RetryPolicy, nominatim_url


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


class OnlineGeocoder:
    """Lock file, then answer cache, then Nominatim; the caller's offline lookup is the fallback.

    With ``client=None`` (the offline geocoder) only the lock file is consulted, and a name it
    lacks goes to the gazetteer without comment.
    """

    def __init__(self, lock: LockFile, client: NominatimClient | None = None, cache: AnswerCache | None = None,
                 countries: tuple[str, ...] = (), policy: RetryPolicy = DEFAULT_POLICY,
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

    def _results(self, key: str, name: str, country: str | None) -> tuple[list[Answer], str]:
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
