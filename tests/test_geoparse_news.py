"""The error classes met in real published news, on sentences written for these tests.

One group per class: places that are not towns (seas, rivers, continents, regions, lines,
crossings, camps, districts), countries with a direction or a possessive, forms of country
names, person names made of town names, ambiguity that must go the region's or the country's
way, and country points that lie inside the country.
"""

from __future__ import annotations

import pytest

from idlibmap.projection import distance_km

from .geoparsing import by_name, parse


def kinds(text: str, gazetteer) -> dict[str, str]:
    return {place.name: place.feature_type for place in parse(text, gazetteer).places}


def mentioned(text: str, gazetteer) -> dict[str, list[str]]:
    return {place.name: [m.text for m in place.mentions] for place in parse(text, gazetteer).places}


# --------------------------------------------------------------------------- not populated places

@pytest.mark.parametrize("text, name, kind", [
    ("Two tankers were hit in the Persian Gulf on Tuesday.", "Persian Gulf", "gulf"),
    ("Grain ships left Odesa across the Black Sea.", "Black Sea", "sea"),
    ("Drought is spreading across Africa, the agency said.", "Africa", "continent"),
    ("Shelling was reported in Kashmir overnight.", "Kashmir", "region"),
    ("Russian forces pressed on in Donbas.", "Donbas", "region"),
    ("Militants attacked a checkpoint in the Sinai.", "Sinai", "region"),
    ("Soldiers on both sides of the Line of Control exchanged fire.", "Line of Control", "line"),
    ("Aid trucks queued at the Rafah crossing into Gaza.", "Rafah crossing", "crossing"),
    ("Many of the families reached Zaatari camp in Jordan.", "Zaatari camp", "camp"),
    ("Newcomers were registered at the Dadaab refugee camp in Kenya.", "Dadaab", "camp"),
    ("Heavy rain flooded villages in Swat District of Pakistan.", "Swat", "admin2"),
    ("Farmers along the Tigris lost their crops to the drought in Iraq.", "Tigris", "river"),
])
def test_seas_rivers_continents_regions_lines_crossings_camps_and_districts_are_found(gazetteer, text, name, kind):
    assert kinds(text, gazetteer).get(name) == kind


def test_a_river_named_like_a_town_is_the_river_after_the_and_the_town_alone(gazetteer):
    text = "Troops dug in along the Dnipro while Dnipro itself had no power."
    places = parse(text, gazetteer).places
    found = {(p.feature_type, tuple(m.text for m in p.mentions)) for p in places}
    assert ("river", ("Dnipro",)) in found and ("city", ("Dnipro",)) in found
    river = next(p for p in places if p.feature_type == "river")
    assert river.mentions[0].start == text.index("Dnipro")  # the first mention, after "the"


def test_a_sea_is_not_the_province_named_after_it_unless_the_text_says_state(gazetteer):
    sea = by_name(parse("Houthi drones targeted a freighter in the Red Sea off Yemen.", gazetteer))["Red Sea"]
    assert sea.feature_type == "sea" and sea.country_code is None
    state = parse("Floods hit Port Sudan, the capital of Red Sea state in Sudan.", gazetteer).places
    assert any(p.feature_type == "admin1" and p.country_code == "SD" for p in state)


def test_a_long_feature_is_placed_at_the_stretch_the_article_is_about(gazetteer):
    """"the Red Sea" of a story about Hodeidah lies off Yemen, not at the sea's centre."""
    sea = by_name(parse("Ships off Hodeidah in Yemen were warned to leave the Red Sea.", gazetteer))["Red Sea"]
    assert distance_km((sea.lat, sea.lon), (14.8, 42.95)) < 300


def test_generic_words_alone_are_not_places(gazetteer):
    """"Gulf", "Gap", "Northern" on their own are no places (each names a region somewhere)."""
    text = "The Gulf was calm. The Gap closed. Northern officials met in Lima, Peru."
    assert set(kinds(text, gazetteer)) == {"Lima", "Peru"}


# --------------------------------------------------------------------------- direction and possessive

def test_a_country_with_a_direction_is_reported_as_the_country_with_its_part(gazetteer):
    mali = by_name(parse("Jihadists attacked army posts in northern Mali on Sunday.", gazetteer))["Mali"]
    assert mali.feature_type == "country" and [m.text for m in mali.mentions] == ["northern Mali"]
    assert [part["direction"] for part in mali.parts] == ["north"]
    assert mali.parts[0]["lat"] > mali.lat  # the north of the country, north of its point
    assert mali.to_json()["parts"][0]["name"] == "North Mali"


def test_a_possessive_country_and_its_region_are_both_reported(gazetteer):
    places = by_name(parse("Fighting spread across Mali's Gao region this week.", gazetteer))
    assert places["Mali"].feature_type == "country"
    assert places["Gao"].feature_type == "admin1" and places["Gao"].country_code == "ML"


def test_a_short_form_with_a_direction_is_the_country(gazetteer):
    congo = by_name(parse("Rebels advanced in eastern DRC, aid workers said.", gazetteer))
    assert congo["Democratic Republic of the Congo"].parts[0]["direction"] == "east"


# --------------------------------------------------------------------------- forms of country names

@pytest.mark.parametrize("text, code", [
    ("Officials in the U.S.A. condemned the coup.", "US"),
    ("Talks with the U.S. broke down.", "US"),
    ("The US sent more aid on Friday.", "US"),
    ("Great Britain recalled its ambassador.", "GB"),
    ("The UK recalled its ambassador.", "GB"),
    ("Refugees from Burma crossed the river.", "MM"),
    ("Cocoa prices rose in Ivory Coast.", "CI"),
    ("Fighting spread in the DRC last year.", "CD"),
    ("The UAE offered to mediate.", "AE"),
    ("Fighting in Congo displaced thousands.", "CD"),
    ("The Republic of Congo closed its border.", "CG"),
])
def test_short_and_old_forms_of_country_names(gazetteer, text, code):
    places = parse(text, gazetteer).places
    assert [(p.feature_type, p.country_code) for p in places] == [("country", code)]


def test_an_all_caps_dateline_is_a_place(gazetteer):
    places = by_name(parse("KHARTOUM — The army said it had retaken the bridge.", gazetteer))
    assert places["Khartoum"].country_code == "SD"
    assert by_name(parse("GAZA (AP) — Strikes continued overnight.", gazetteer))["Gaza"].country_code == "PS"


def test_names_inside_hyphenated_compounds_are_mentions(gazetteer):
    places = mentioned("Russia-backed fighters guarded Beijing-funded mines.", gazetteer)
    assert places == {"Russia": ["Russia"], "Beijing": ["Beijing"]}


def test_two_countries_joined_by_a_hyphen_are_two_mentions_and_demonyms_only_context(gazetteer):
    assert set(kinds("The India-Canada dispute deepened.", gazetteer)) == {"India", "Canada"}
    result = parse("Greek-Turkish talks resumed.", gazetteer)
    assert result.places == [] and {"GR", "TR"} <= set(result.context_countries)


def test_a_hyphenated_given_name_is_not_two_towns(gazetteer):
    assert kinds("Jean-Pierre Lacroix visited Juba, South Sudan.", gazetteer) == {
        "Juba": "capital", "South Sudan": "country"}


# --------------------------------------------------------------------------- person names

def test_a_person_whose_name_parts_are_towns_is_no_place(gazetteer):
    text = "Ana Mendoza, a nurse in Goma, said supplies had run out. Mendoza added that more were coming."
    assert set(kinds(text, gazetteer)) == {"Goma"}


def test_a_surname_met_before_the_full_name_is_no_place_either(gazetteer):
    text = "Mendoza warns of hunger. Ana Mendoza, who runs a clinic in Goma, spoke on Monday."
    assert set(kinds(text, gazetteer)) == {"Goma"}


def test_a_place_inside_an_organisation_of_name_is_no_mention(gazetteer):
    text = "Researchers at the University of Kharkiv and the Armed Forces of Ukraine disagreed."
    assert kinds(text, gazetteer) == {}
    assert set(kinds("The Gulf of Aden and the Governor of Kherson were named.", gazetteer)) == {
        "Gulf of Aden", "Khersonska oblast"}


def test_a_village_that_names_a_group_is_no_place(gazetteer):
    """"Houthi rebels" is a movement (Huth is a small Yemeni town); "Idlib rebels" still name Idlib."""
    assert "Ḩūth" not in kinds("Houthi rebels fired missiles at ships near Yemen.", gazetteer)
    assert "Idlib" in kinds("Idlib rebels shelled the road in Syria.", gazetteer)


# --------------------------------------------------------------------------- ambiguity

@pytest.mark.parametrize("text, name", [
    ("The Luhansk governor said the town had been shelled.", "Luhanska oblast"),
    ("Shelling hit the Kharkiv region overnight.", "Kharkivska oblast"),
])
def test_a_governor_or_a_region_word_means_the_province_not_the_city(gazetteer, text, name):
    assert kinds(text, gazetteer) == {name: "admin1"}


def test_a_village_missing_from_the_gazetteer_is_not_its_namesake_on_another_continent(gazetteer):
    """Somali fishing villages named like Brazilian towns: report nothing rather than a point in Brazil."""
    text = ("Fishermen from Moju and Breves, villages on the coast north of Kismayo in Somalia, said pirates "
            "had returned. Somali officials in Mogadishu promised patrols.")
    places = kinds(text, gazetteer)
    assert {"Kismayo", "Somalia", "Mogadishu"} <= set(places)
    assert not {"Moju", "Breves"} & set(places)


def test_a_capital_beats_a_namesake_in_a_country_named_in_passing(gazetteer):
    text = ("Talks in Addis Ababa, Ethiopia, went on. The United Kingdom sent an envoy; officials in "
            "Washington said aid to Ethiopia would continue.")
    washington = by_name(parse(text, gazetteer))["Washington"]
    assert washington.country_code == "US" and washington.feature_type == "capital"


def test_the_demonym_border_of_a_story_is_the_border_with_its_country(gazetteer):
    places = by_name(parse("Refugees from Idlib in Syria walked to the Turkish border.", gazetteer))
    assert places["Syria–Turkey border"].countries == ("SY", "TR")


def test_the_north_of_a_country_is_the_country_with_its_part(gazetteer):
    places = by_name(parse("Violence flared in the north of Colombia and the south-east of Ukraine.", gazetteer))
    assert [m.text for m in places["Colombia"].mentions] == ["the north of Colombia"]
    assert places["Ukraine"].parts[0]["direction"] == "southeast"


def test_a_small_town_that_speaks_is_a_person_but_a_place_after_in_is_a_place(gazetteer):
    text = "Pino said the boats had left. Officials in Goma said the road was closed. Pino added nothing."
    assert set(kinds(text, gazetteer)) == {"Goma"}


def test_a_short_country_form_inside_an_organisation_name_is_no_mention(gazetteer):
    text = "The U.S. Navy said a drone was shot down. The U.S. government sent aid."
    places = parse(text, gazetteer).places
    assert [[m.text for m in p.mentions] for p in places] == [["U.S."]]
    assert places[0].mentions[0].start == text.rindex("U.S.")  # the government's, not the navy's


def test_a_word_before_a_country_can_make_an_organisation_without_hiding_the_country(gazetteer):
    assert set(kinds("Air India cancelled flights to Imphal in India.", gazetteer)) == {"Imphal", "India"}


def test_a_town_written_without_its_article_is_the_town_at_home_not_a_namesake_abroad(gazetteer):
    places = by_name(parse("Floods hit Marj and Benghazi in Libya.", gazetteer))
    assert places["Al Marj"].country_code == "LY" and [m.text for m in places["Al Marj"].mentions] == ["Marj"]


def test_a_possessive_country_places_a_region_it_owns(gazetteer):
    places = parse("Migrants from Colombia head north through Panama's Darien jungle.", gazetteer).places
    darien = next(p for p in places if p.mentions[0].text == "Darien")
    assert darien.country_code == "PA" and darien.feature_type == "admin1"


def test_a_province_next_to_the_places_named_beats_a_small_namesake_town(gazetteer):
    text = "Gunmen left Culiacán and Los Mochis in Sinaloa, Mexico, and drove north towards Sonora."
    sonora = by_name(parse(text, gazetteer))["Sonora"]
    assert sonora.feature_type == "admin1" and sonora.country_code == "MX"


def test_a_given_name_and_a_nickname_around_quotes_are_no_places(gazetteer):
    text = "Soldiers hunted Joaquín \"El Chapo\" Guzmán in Sinaloa, Mexico. Ismael 'El Mayo' Zambada fled to Culiacán."
    assert set(kinds(text, gazetteer)) == {"Sinaloa", "Mexico", "Culiacán"}


def test_the_before_a_name_prefers_the_province_to_a_town(gazetteer):
    text = "From Necoclí in Colombia, migrants begin the crossing of the Darien into Panama."
    darien = next(p for p in parse(text, gazetteer).places if p.mentions[0].text == "Darien")
    assert darien.country_code == "PA" and darien.feature_type == "admin1"


def test_a_country_a_few_words_before_an_organisation_word_is_inside_its_name(gazetteer):
    text = ("The United Kingdom Maritime Trade Operations centre reported an attack, and U.S. Central Command "
            "said the ship was hit off Yemen. The U.S. government and the United Kingdom condemned it.")
    places = {p.name: [m.start for m in p.mentions] for p in parse(text, gazetteer).places}
    assert places == {"Yemen": [text.index("Yemen")], "United States": [text.rindex("U.S.")],
                      "United Kingdom": [text.rindex("United Kingdom")]}


def test_a_town_before_an_unknown_word_is_not_a_surname_to_forget_everywhere(gazetteer):
    text = ("Families left the Gaza Envelope. Strikes hit Gaza overnight, the Gaza Health Ministry said. "
            "Defence minister Israel Katz spoke in Tel Aviv, Israel.")
    places = mentioned(text, gazetteer)
    assert places["Gaza"] == ["Gaza"] and places["Israel"] == ["Israel"]


def test_a_headline_in_title_case_proves_nothing_by_its_capitals(gazetteer):
    """"Hit" is a town in Iraq and "Counts" an unknown name; in a title-case headline neither is a clue."""
    text = ("Floods Hit Pakistan as Swat District Counts Dozens Dead\n"
            "The floods hit the north hard, and rescuers counts the dead along the river.\n")
    assert kinds(text, gazetteer) == {"Pakistan": "country", "Swat": "admin2"}
