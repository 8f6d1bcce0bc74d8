"""Geoparsing: what counts as a place, how names resolve, borders, regions and metonymy."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from idlibmap.geoparse import places_from_text

from .strategies import untrusted_text


def parse(text, gazetteer):
    return places_from_text(text, gazetteer, progress=None)


def by_name(result):
    return {place.name: place for place in result.places}


def test_spelling_variants_and_offsets(gazetteer):
    text = "Shelling hit Saraqeb and Maarat al-Numan in Idleb, Syria."
    places = by_name(parse(text, gazetteer))
    assert {"Saraqib", "Ma‘arrat an Nu‘mān", "Idlib", "Syria"} <= set(places)
    for place in places.values():
        for mention in place.mentions:
            assert text[mention.start:mention.end] == mention.text
    assert places["Saraqib"].mentions[0].text == "Saraqeb" and places["Saraqib"].country_code == "SY"
    assert places["Syria"].feature_type == "country" and places["Syria"].country_code == "SY"


def test_persons_months_and_common_words_are_not_places(gazetteer):
    text = ("Russian President Vladimir Putin spoke in March. Nice day, said Mr. Jackson. "
            "Reading the report, officials in Ankara said little.")
    names = set(by_name(parse(text, gazetteer)))
    assert names == {"Ankara"}


def test_demonyms_are_country_context_not_places(gazetteer):
    result = parse("Turkish troops and Syrian forces clashed near Damascus.", gazetteer)
    assert set(by_name(result)) == {"Damascus"}
    assert {"TR", "SY"} <= set(result.context_countries)


def test_moscow_is_russia_unless_the_text_points_elsewhere(gazetteer):
    assert by_name(parse("Talks were held in Moscow.", gazetteer))["Moscow"].country_code == "RU"
    idaho = by_name(parse("Students in Boise and Pocatello, Idaho, drove to Moscow for the game.", gazetteer))
    assert idaho["Moscow"].country_code == "US"


def test_metonymy_for_capitals_and_countries(gazetteer):
    places = by_name(parse("Moscow said the strikes would continue. Refugees reached Gaziantep.", gazetteer))
    assert places["Moscow"].metonymy is True and places["Gaziantep"].metonymy is False


def test_regions_and_admin1(gazetteer):
    places = parse("Fighting in Idlib province spread across northwest Syria and Syria's northwest.", gazetteer).places
    kinds = {(p.name, p.feature_type) for p in places}
    assert ("Idlib", "admin1") in kinds
    region = next(p for p in places if p.feature_type == "region")
    assert region.name == "Northwest Syria" and len(region.mentions) == 2
    assert 35.0 < region.lat < 37.5 and 35.5 < region.lon < 38.5


@pytest.mark.parametrize("phrase", ["the Greek-Turkish border", "the Turkey-Greece border"])
def test_compound_borders(gazetteer, phrase):
    places = parse(f"Migrants gathered at {phrase} on Sunday.", gazetteer).places
    assert [(p.feature_type, p.countries) for p in places] == [("border", ("GR", "TR"))]
    assert 40.5 < places[0].lat < 42.5 and 25.5 < places[0].lon < 27.0


def test_possessive_direction_border_picks_the_neighbour_that_way(gazetteer):
    places = parse("Syrians fled towards Turkey's southern border.", gazetteer).places
    assert [(p.feature_type, p.countries) for p in places] == [("border", ("SY", "TR"))]


def test_alternatives_and_confidence_are_reported(gazetteer):
    place = by_name(parse("Officials in Damascus said so.", gazetteer))["Damascus"]
    assert place.country_code == "SY" and 0.5 < place.confidence <= 1.0
    assert any(a["country_code"] == "US" for a in place.alternatives)


def test_each_place_quotes_its_first_sentence(gazetteer):
    result = parse("Nothing here. Shells fell on Aleppo overnight. Aleppo was quiet later.", gazetteer)
    (aleppo,) = result.places
    assert aleppo.sentence == "Shells fell on Aleppo overnight." and len(aleppo.mentions) == 2


def test_long_text_reports_progress(gazetteer, monkeypatch):
    import io

    from idlibmap import geoparse

    monkeypatch.setattr(geoparse, "PROGRESS_MIN_CHARS", 1000)
    monkeypatch.setattr(geoparse, "PROGRESS_STEP_CHARS", 1000)
    stream = io.StringIO()
    text = "Troops left Aleppo for Hama. " * 200
    result = places_from_text(text, gazetteer, progress=stream)
    assert "reading places" in stream.getvalue() and stream.getvalue().count("\n") >= 3
    assert len(by_name(result)["Aleppo"].mentions) == 200


# --------------------------------------------------------------------------- property tests

NEWS_WORDS = st.sampled_from(["Syria", "Turkey's", "northwest", "Idlib", "province", "Greek-Turkish", "border",
                              "Moscow", "said", "Vladimir", "Putin", "March", "the", "Saraqeb", "al-", "Aleppo.",
                              "Turkish", "troops", "in", "near", "\n\n", "“", "”", "St.", "U.S.", "-"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(untrusted_text(300), st.lists(st.one_of(NEWS_WORDS, untrusted_text(8)), max_size=60).map(" ".join)))
def test_arbitrary_text_never_breaks_the_geoparser(gazetteer, text):
    """Any text gives places whose mentions point at that text, and never an exception."""
    result = places_from_text(text, gazetteer, progress=None)
    for place in result.places:
        assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180 and 0 <= place.confidence <= 1
        for mention in place.mentions:
            assert 0 <= mention.start < mention.end <= len(text)
            assert text[mention.start:mention.end] == mention.text
