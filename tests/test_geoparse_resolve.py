"""Resolving names: spelling variants, ranking by context and nearness, confidence and alternatives."""

from __future__ import annotations

from idlibmap.gazetteer import match_confidence

from .geoparsing import by_name, parse


def test_spelling_variants_and_offsets(gazetteer):
    text = "Shelling hit Saraqeb and Maarat al-Numan in Idleb, Syria."
    places = by_name(parse(text, gazetteer))
    assert {"Saraqib", "Ma‘arrat an Nu‘mān", "Idlib", "Syria"} <= set(places)
    for place in places.values():
        for mention in place.mentions:
            assert text[mention.start:mention.end] == mention.text
    assert places["Saraqib"].mentions[0].text == "Saraqeb" and places["Saraqib"].country_code == "SY"
    assert places["Syria"].feature_type == "country" and places["Syria"].country_code == "SY"


def test_moscow_is_russia_unless_the_text_points_elsewhere(gazetteer):
    assert by_name(parse("Talks were held in Moscow.", gazetteer))["Moscow"].country_code == "RU"
    idaho = by_name(parse("Students in Boise and Pocatello, Idaho, drove to Moscow for the game.", gazetteer))
    assert idaho["Moscow"].country_code == "US"


def test_alternatives_and_confidence_are_reported(gazetteer):
    place = by_name(parse("Officials in Damascus said so.", gazetteer))["Damascus"]
    assert place.country_code == "SY" and 0.5 < place.confidence <= 1.0
    assert any(a["country_code"] == "US" for a in place.alternatives)


def test_confidence_follows_the_gazetteers_rule(gazetteer):
    """A name with a single candidate gets the uncontested confidence; a spelling variant less."""
    places = by_name(parse("Shelling hit Saraqeb and Kafr Nabl in Syria.", gazetteer))
    assert places["Syria"].confidence == match_confidence(None)
    assert places["Saraqib"].confidence <= match_confidence(None)


def test_a_small_place_abroad_with_no_support_is_dropped(gazetteer):
    """'Earlier' is an alternate name of a village; opening a sentence, it is no place."""
    assert parse("Earlier, shells hit Aleppo in Syria.", gazetteer).places[0].name == "Aleppo"
    assert "Earlier" not in {m.text for p in parse("Earlier, shells hit Aleppo.", gazetteer).places for m in p.mentions}
