"""The geopy-compatible offline geocoder and story place resolution."""

from __future__ import annotations

import pytest
from geopy.exc import GeocoderServiceError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from idlibmap.gazetteer import match_confidence
from idlibmap.geocode import GazetteerGeocoder, PlaceResolver
from idlibmap.story import Where


@pytest.fixture
def geocoder(tiny_gazetteer) -> GazetteerGeocoder:
    return GazetteerGeocoder(tiny_gazetteer)


def test_is_a_geopy_geocoder_returning_locations_with_geonames_raw(geocoder):
    assert isinstance(geocoder, Geocoder)
    found = geocoder.geocode("Saraqeb")
    assert isinstance(found, Location)
    assert found.address == "Saraqib, SY"
    assert (found.latitude, found.longitude) == (35.86447, 36.80591)
    assert found.raw["geonameid"] == 10 and found.raw["provider"] == "geonames-offline"
    assert 0 < found.raw["confidence"] <= 1


def test_exactly_one_false_lists_candidates_best_first(geocoder):
    found = geocoder.geocode("Moscow", exactly_one=False)
    assert [loc.raw["country_code"] for loc in found] == ["RU", "US"]
    assert found[0].raw["confidence"] > 0.9


def test_country_codes_restrict_results(geocoder):
    assert geocoder.geocode("Moscow", country_codes="us").raw["country_code"] == "US"
    assert geocoder.geocode("Saraqeb", country_codes=["TR"]) is None


def test_unknown_place_gives_none(geocoder):
    assert geocoder.geocode("Atlantis") is None


def test_never_touches_the_network(geocoder):
    with pytest.raises(GeocoderServiceError, match="no network"):
        geocoder.adapter.get_json("https://example.org", timeout=1, headers={})


def test_works_behind_geopys_rate_limiter(geocoder):
    limited = RateLimiter(geocoder.geocode, min_delay_seconds=0)
    assert limited("Damascus").raw["country_code"] == "SY"


def test_resolver_prefers_story_coordinates(geocoder):
    resolver = PlaceResolver(geocoder)
    overridden = resolver.resolve(Where(name="Saraqeb", coords=(35.9, 36.8)))
    assert overridden.coords == (35.9, 36.8) and overridden.matched == "coordinates"
    assert overridden.located_by() == "coordinates given in the story (GeoNames 10, Saraqib, not used)"
    bare = resolver.resolve(Where(coords=(1.0, 2.0)))
    assert bare.located_by() == "coordinates given in the story" and bare.geonames_id is None
    unknown_name = resolver.resolve(Where(name="Tell Tuqan", coords=(35.8225, 36.95306)))
    assert unknown_name.coords == (35.8225, 36.95306)


def test_resolver_reports_unknown_names_as_none(geocoder):
    assert PlaceResolver(geocoder).resolve(Where(name="Atlantis")) is None


def test_confidence_is_the_gazetteers_rule(geocoder):
    """The geocoder and the geoparser rate a match alike: by its lead over the runner-up."""
    alone = geocoder.geocode("Saraqeb")
    assert alone.raw["confidence"] == match_confidence(None)
    moscow, other = geocoder.geocode("Moscow", exactly_one=False)
    assert moscow.raw["confidence"] == match_confidence(moscow.raw["score"] - other.raw["score"])
    assert geocoder.geocode("Maarat al-Numan").raw["confidence"] == match_confidence(None, spelling=True)
