"""A polite Nominatim client: geopy's ``Nominatim`` behind geopy's ``RateLimiter``, with retries and back-off.

At most one request a second, a timeout, and retries with exponential back-off on timeouts,
unreachable servers, HTTP 429 and 5xx answers (a server's ``Retry-After`` is honoured up to a cap).
Answers that are not JSON, or hold no usable coordinates, are not retried. Requests go through
:class:`~idlibmap.online.adapter.GuardedAdapter`: a deadline for each whole request, a cap on the
size of an answer, and no redirect to another host.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from geopy.adapters import AdapterHTTPError
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

from ..errors import OptionError
from ..options import DEFAULT_NOMINATIM_URL, NOMINATIM_URL_ENV
from .adapter import GuardedAdapter, RedirectRefused, UnreadableAnswer
from .answers import Answer, answer_from_nominatim

log = logging.getLogger(__name__)

PROVIDER = "nominatim"


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try, and how politely. The defaults follow Nominatim's usage policy."""

    timeout: float = 10.0       # seconds to wait for one answer
    min_delay: float = 1.0      # seconds between requests: at most one request a second
    tries: int = 4              # requests per name before giving up on it
    backoff: float = 2.0        # wait after the first failure; doubles after each further one
    max_wait: float = 60.0      # cap on one wait, also on a server's Retry-After
    give_up_after: int = 3      # names failing in a row before the rest go straight to the gazetteer


DEFAULT_POLICY = RetryPolicy()


def nominatim_url(url: str | None) -> str:
    """The Nominatim base URL: ``url``, else ``$IDLIBMAP_NOMINATIM_URL``, else the public server.

    A URL that urllib would refuse, or read as something else, is an :class:`OptionError` here,
    before any request.
    """
    from_environment = not url and bool(os.environ.get(NOMINATIM_URL_ENV))
    chosen = (url or os.environ.get(NOMINATIM_URL_ENV) or DEFAULT_NOMINATIM_URL).rstrip("/")
    problem = _url_problem(chosen)
    if problem:
        where = f" (from ${NOMINATIM_URL_ENV})" if from_environment else ""
        raise OptionError(f"the Nominatim URL must look like https://host[:port][/path], got '{chosen}'{where}: "
                          f"{problem}", "url")
    return chosen


def _url_problem(url: str) -> str | None:
    """What keeps ``url`` from being a Nominatim base URL, or None."""
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        return "it holds spaces or control characters"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as err:  # a broken [IPv6] host, a host changed by NFKC normalisation, a bad port
        return str(err)
    if parts.scheme not in ("http", "https"):
        return "the scheme must be http or https"
    if not parts.hostname:
        return "it names no host"
    if port == 0:
        return "the port must be from 1 to 65535"
    if "@" in parts.netloc:
        return "a user name or password in the URL is not supported"
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        return "it must not have a ?query or #fragment"
    if not parts.path.isascii():
        return "the path must be ASCII (percent-encode other characters)"
    try:
        parts.hostname.encode("idna")
    except UnicodeError:
        return f"'{parts.hostname}' is not a valid host name"
    return None


class OnlineLookupFailed(Exception):
    """Nominatim gave no usable answer; ``reason`` says why in words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _status(err: BaseException) -> int | None:
    cause = err.__cause__
    return cause.status_code if isinstance(cause, AdapterHTTPError) else None


def _retryable(err: GeopyError) -> bool:
    """Timeouts, unreachable servers, 429 and 5xx are worth another try; bad answers and 4xx are not."""
    if isinstance(err, GeocoderParseError):
        return False
    if isinstance(err, (GeocoderTimedOut, GeocoderRateLimited, GeocoderUnavailable)):
        return True
    status = _status(err)
    return isinstance(err, GeocoderServiceError) and status is not None and status >= 500


def _describe(err: GeopyError) -> str:
    if isinstance(err, GeocoderRateLimited):
        return "rate-limited (HTTP 429)"
    if isinstance(err, GeocoderTimedOut):
        status = _status(err)
        return f"timed out (HTTP {status})" if status else "timed out"
    if isinstance(err, (RedirectRefused, UnreadableAnswer)):  # their messages say what happened in words
        return str(err)
    if isinstance(err, GeocoderParseError):
        return "sent an answer that is not JSON"
    if isinstance(err, GeocoderUnavailable):  # no HTTP answer: refused, reset, no route, no such host
        return "could not be reached"
    status = _status(err)
    return f"failed (HTTP {status})" if status else f"failed ({type(err).__name__})"


class NominatimClient:
    """geopy's Nominatim behind geopy's RateLimiter, with retries and exponential back-off."""

    def __init__(self, user_agent: str, url: str, policy: RetryPolicy = DEFAULT_POLICY,
                 sleep: Callable[[float], None] = time.sleep, proxies: dict[str, str] | None = None):
        parts = urlsplit(url)
        self.url = url
        self.policy = policy
        self.sleep = sleep
        self.requests = 0
        self.geocoder = Nominatim(user_agent=user_agent, domain=parts.netloc + parts.path, scheme=parts.scheme,
                                  timeout=policy.timeout, proxies=proxies, adapter_factory=GuardedAdapter)
        # Retries are ours (with back-off); the RateLimiter only spaces the requests out.
        self._limited = RateLimiter(self._request, min_delay_seconds=policy.min_delay, max_retries=0,
                                    swallow_exceptions=False)

    def _request(self, query: str, country: str | None) -> Any:
        self.requests += 1
        log.debug("Nominatim request %d: %r (country %s)", self.requests, query, country or "any")
        options: dict[str, Any] = {"exactly_one": False, "limit": 5, "addressdetails": True}
        if country:
            options["country_codes"] = country.lower()
        return self.geocoder.geocode(query, **options)

    def search(self, query: str, country: str | None = None) -> list[Answer]:
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
                pause = min(max(wait, float(retry_after)), self.policy.max_wait)
                log.debug("Nominatim %s; trying %r again in %.2f s", _describe(err), query, pause)
                self.sleep(pause)
                wait *= 2
                continue
            except (TypeError, ValueError, KeyError, AttributeError) as err:  # JSON of the wrong shape
                raise OnlineLookupFailed("Nominatim sent an answer that cannot be read") from err
            locations = found if isinstance(found, list) else [found] if found else []
            results = [r for r in (answer_from_nominatim(getattr(loc, "raw", None)) for loc in locations) if r]
            if locations and not results:
                raise OnlineLookupFailed("Nominatim sent results without usable coordinates")
            return results
        raise AssertionError("unreachable")  # pragma: no cover
