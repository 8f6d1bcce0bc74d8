"""Opt-in online geocoding with Nominatim: polite, fault-tolerant, cached and pinned in a lock file.

Nothing here runs unless a user asks for it on the command line
(``build --geocoder nominatim --user-agent NAME``). A name is looked up in this order
(:mod:`~idlibmap.online.lookup`):

1. the lock file (``geodata/geocode.lock.json``, :mod:`~idlibmap.online.lockfile`): reviewed answers,
   reused by every later build;
2. the on-disk answer cache in the user cache folder (:mod:`~idlibmap.online.cache`): earlier
   Nominatim answers, so a repeated build makes no request;
3. Nominatim itself (:mod:`~idlibmap.online.nominatim`), through geopy's ``Nominatim`` behind geopy's
   ``RateLimiter`` (at most one request a second), with retries with exponential back-off on
   timeouts, HTTP 429 and 5xx answers; each request has a deadline, a size cap and no redirect to
   another host (:mod:`~idlibmap.online.adapter`);
4. the offline gazetteer, when Nominatim fails or finds nothing (with a warning saying so).

Answers chosen from Nominatim are added to the lock file; the build writes it together with the map.
A story file cannot switch any of this on: it holds no setting that makes the program use the network.
"""

from __future__ import annotations

from .cache import AnswerCache
from .lockfile import LOCK_VERSION, LockEntry, LockFile, lock_key
from .lookup import GeocodingOptions, OnlineGeocoder, online_geocoder_for
from .nominatim import PROVIDER, NominatimClient, OnlineLookupFailed, RetryPolicy, nominatim_url

__all__ = ["LOCK_VERSION", "PROVIDER", "AnswerCache", "GeocodingOptions", "LockEntry", "LockFile",
           "NominatimClient", "OnlineGeocoder", "OnlineLookupFailed", "RetryPolicy", "lock_key",
           "nominatim_url", "online_geocoder_for"]
