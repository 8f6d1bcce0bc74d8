"""Finding names: what counts as a place, demonyms, parts of countries, admin regions, metonymy, progress."""

from __future__ import annotations

from idlibmap.geoparse import places_from_text

from .geoparsing import by_name, idlibmap_log, parse


def test_persons_months_and_common_words_are_not_places(gazetteer):
    text = ("Russian President Vladimir Putin spoke in March. Nice day, said Mr. Jackson. "
            "Reading the report, officials in Ankara said little.")
    names = set(by_name(parse(text, gazetteer)))
    assert names == {"Ankara"}


def test_organisations_named_after_places_are_not_places(gazetteer):
    names = set(by_name(parse("Fighters of the Arakan Army met at Damascus University in Aleppo.", gazetteer)))
    assert names == {"Aleppo"}


def test_demonyms_are_country_context_not_places(gazetteer):
    result = parse("Turkish troops and Syrian forces clashed near Damascus.", gazetteer)
    assert set(by_name(result)) == {"Damascus"}
    assert {"TR", "SY"} <= set(result.context_countries)


def test_a_dateline_in_capitals_is_a_place_but_short_acronyms_are_not(gazetteer):
    places = by_name(parse("ADEN, Yemen (Reuters) - NATO and the UN met in Sanaa.", gazetteer))
    assert {"Aden", "Yemen", "Sanaa"} <= set(places) and places["Aden"].mentions[0].text == "ADEN"
    assert not any(m.text in ("NATO", "UN") for p in places.values() for m in p.mentions)


def test_metonymy_for_capitals_and_countries(gazetteer):
    places = by_name(parse("Moscow said the strikes would continue. Refugees reached Gaziantep.", gazetteer))
    assert places["Moscow"].metonymy is True and places["Gaziantep"].metonymy is False


def test_metonymy_reaches_through_a_coordinated_subject(gazetteer):
    places = by_name(parse("Moscow and Ankara have agreed a ceasefire.", gazetteer))
    assert places["Moscow"].metonymy is True and places["Ankara"].metonymy is True


def test_regions_and_admin1(gazetteer):
    places = parse("Fighting in Idlib province spread across northwest Syria and Syria's northwest.", gazetteer).places
    kinds = {(p.name, p.feature_type) for p in places}
    assert ("Idlib", "admin1") in kinds
    syria = next(p for p in places if p.feature_type == "country")  # the country is reported, with its part
    assert syria.name == "Syria" and [m.text for m in syria.mentions] == ["northwest Syria", "Syria's northwest"]
    (part,) = syria.parts
    assert part["name"] == "Northwest Syria" and part["direction"] == "northwest"
    assert 35.0 < part["lat"] < 37.5 and 35.5 < part["lon"] < 38.5


def test_long_text_reports_progress(gazetteer, monkeypatch):
    from idlibmap.geoparse import tokens

    monkeypatch.setattr(tokens, "PROGRESS_MIN_CHARS", 1000)
    monkeypatch.setattr(tokens, "PROGRESS_STEP_CHARS", 1000)
    text = "Troops left Aleppo for Hama. " * 200
    with idlibmap_log() as lines:
        result = places_from_text(text, gazetteer)
    assert any("reading places" in line for line in lines) and len(lines) >= 3
    assert lines[-1] == "reading places ... 0 of 0 MB, done"
    assert len(by_name(result)["Aleppo"].mentions) == 200


def test_short_text_logs_nothing(gazetteer):
    with idlibmap_log() as lines:
        parse("Troops left Aleppo for Hama.", gazetteer)
    assert lines == []


def test_roles_kept_across_texts_never_come_from_a_headline(gazetteer):
    """A geoparser keeps the roles of a run's words for later texts, but only where every capital means a
    name: in a title-case headline whose text also writes "aleppo pepper" in lower case, Aleppo is a common
    word; the same words in another text's prose name Aleppo, in either order."""
    from idlibmap.geoparse.lookups import Lookups
    from idlibmap.geoparse.patterns import RUN, TOKEN
    from idlibmap.geoparse.tokens import Scanner

    headline = "Aleppo Pepper Prices Rise Sharply\n\nCooks in Damascus buy aleppo pepper daily."
    prose = "Traders said Aleppo Pepper Prices Rise Sharply was a headline."

    def first_role(lookups: Lookups, text: str) -> str:
        run = RUN.search(text, text.index("Aleppo"))
        assert run is not None
        tokens = [(run.start() + t.start(), run.start() + t.end(), t.group()) for t in TOKEN.finditer(run.group())]
        return Scanner(lookups, text).token_roles(tokens)[0][0]

    assert (first_role(Lookups(gazetteer), headline), first_role(Lookups(gazetteer), prose)) == ("common", "place")
    for order in ((headline, prose), (prose, headline)):
        shared = Lookups(gazetteer)
        roles = {text: first_role(shared, text) for text in order}
        assert (roles[headline], roles[prose]) == ("common", "place")
