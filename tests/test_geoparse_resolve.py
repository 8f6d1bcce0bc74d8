"""Resolving names: spelling variants, ranking by context and nearness, confidence and alternatives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from idlibmap.gazetteer import match_confidence
from idlibmap.geoparse.lookups import CANDIDATES_PER_NAME, Lookups
from idlibmap.geoparse.resolve import NEAR_KM, REGION_NEAR_KM, Anchors
from idlibmap.projection import distance_km, unit_vector

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


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(-89, 89), st.floats(-180, 180)), max_size=8),
       st.tuples(st.floats(-89, 89), st.floats(-180, 180)), st.sampled_from([NEAR_KM, REGION_NEAR_KM]))
def test_anchors_near_agrees_with_great_circle_distances(spots, point, reach):
    """The quick test by dot products (and the cap around all anchors) says what distances say: a
    candidate is near when some anchor of another name lies within ``reach`` km."""
    anchors = Anchors([(lat, lon, f"anchor {k}", *unit_vector(lat, lon)) for k, (lat, lon) in enumerate(spots)])
    within = [distance_km(spot, point) for spot in spots]
    if any(abs(d - reach) < 1e-3 for d in within):
        return  # on the line itself, rounding decides
    assert anchors.near(unit_vector(*point), reach, "another name") == any(d <= reach for d in within)
    if spots:  # an anchor never supports its own name
        alone = Anchors([(spots[0][0], spots[0][1], "same", *unit_vector(*spots[0]))])
        assert not alone.near(unit_vector(*spots[0]), reach, "same")


def test_spelling_lookups_kept_per_country_match_one_query(gazetteer):
    """Spelling variants put together from answers per country are the gazetteer's answer for the whole set."""
    lookups = Lookups(gazetteer)
    for key, context in [("saraqeb", ("SY", "TR")), ("marj", ("LY",)), ("damascus", ("SY", "US")),
                         ("san jose", ("CR", "PH", "US")), ("qusair", ("LB", "SY")), ("grain", ("UA", "RU")),
                         ("adan", ("CO", "YE"))]:  # listed in Yemen, a spelling variant in Colombia: Yemen's wins
        expected = gazetteer.candidates(key, limit=CANDIDATES_PER_NAME, only=context)
        assert lookups.spelled(key, context) == expected, key


def test_lookups_forget_their_older_half_and_keep_the_newer(gazetteer, monkeypatch):
    """Past a batch's bound the memo drops the answers it kept first; the newer ones are answered again
    without asking the gazetteer, and every answer is the same as before."""
    lookups = Lookups(gazetteer)
    keys = ["aleppo", "idlib", "saraqib", "damascus"]
    first = [lookups.exact(key) for key in keys]
    asked: list[str] = []
    ask = gazetteer.candidates
    monkeypatch.setattr(gazetteer, "candidates", lambda key, **kw: asked.append(key) or ask(key, **kw))
    lookups.forget_older_half()
    assert [lookups.exact(key) for key in keys] == first
    assert asked == ["aleppo", "idlib"]
