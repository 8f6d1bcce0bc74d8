"""Borders: the phrases that name them, and the shared line they are placed on."""

from __future__ import annotations

import pytest

from idlibmap.geoparse import border_line
from idlibmap.geoparse.borders import midpoint

from .geoparsing import parse


@pytest.mark.parametrize("phrase", ["the Greek-Turkish border", "the Turkey-Greece border"])
def test_compound_borders(gazetteer, phrase):
    places = parse(f"Migrants gathered at {phrase} on Sunday.", gazetteer).places
    assert [(p.feature_type, p.countries) for p in places] == [("border", ("GR", "TR"))]
    assert 40.5 < places[0].lat < 42.5 and 25.5 < places[0].lon < 27.0


def test_possessive_direction_border_picks_the_neighbour_that_way(gazetteer):
    places = parse("Syrians fled towards Turkey's southern border.", gazetteer).places
    assert [(p.feature_type, p.countries) for p in places] == [("border", ("SY", "TR"))]


def test_a_border_with_a_named_country_is_one_mention_of_the_border(gazetteer):
    text = "Troops massed on Turkey's border with Syria."
    (border,) = parse(text, gazetteer).places
    assert border.countries == ("SY", "TR") and border.mentions[0].text == "Turkey's border with Syria"


def test_a_compound_of_countries_that_do_not_touch_is_context_not_a_border(gazetteer):
    result = parse("The Greek-Syrian border talks ended in Athens.", gazetteer)
    assert [p.feature_type for p in result.places] == ["capital"]
    assert {"GR", "SY"} <= set(result.context_countries)


def test_the_index_midpoint_lies_halfway_along_the_drawn_line(gazetteer):
    """The border the geoparser places and the line a map draws come from the same shapes."""
    line = border_line("GR", "TR")
    assert line is not None and line.length > 1.0
    assert gazetteer.border_midpoint("TR", "GR") == midpoint(line)
    assert border_line("GR", "SY") is None and gazetteer.border_midpoint("GR", "SY") is None


def test_a_country_has_no_border_with_itself(gazetteer):
    places = parse("Troops massed on Turkey's border with Turkey near Kilis.", gazetteer).places
    assert [p.name for p in places] == ["Kilis"]
