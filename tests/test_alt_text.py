"""The generated description of the map, and where it is written."""

from __future__ import annotations

import html
from dataclasses import replace

import pytest

from idlibmap.render.alt_text import alt_text_from_model, compass, listing, plain_place


def test_alt_text_names_the_region_layers_and_key_numbers(default_model):
    text = alt_text_from_model(default_model)
    assert text.startswith("Map: Idlib, 2 March 2020")
    assert "As of 2 March 2020." in text
    assert "north-western Syria and neighbouring parts of Turkey" in text
    for layer in default_model.layers:
        count = len(layer.features)
        assert f"{layer.name} ({count} " in text
    for number in ("560,000", "400,000", "13,000", "3.6 million"):
        assert number in text
    assert "from Istanbul to Kastanies" in text
    assert "Salwa post (observation post; approximate)" in text


def test_alt_text_leads_with_who_held_what_and_the_key_numbers(default_model):
    text = alt_text_from_model(default_model)
    takeaway = text.split("The main map shows", 1)[0]
    assert "Who held what on 2 March 2020:" in takeaway and "Opposition-held Idlib" in takeaway
    assert "held the rest of Syria" in takeaway and "Syrian Democratic Forces held" in takeaway
    assert "Key numbers: ≈560,000" in takeaway and "3.6 million" in takeaway
    assert "\n" not in text


def test_long_layers_are_summarised(default_model):
    places = default_model.layers[0]
    many = [places.features[0]] * 12
    model = replace(default_model, layers=[replace(places, features=many)])
    text = alt_text_from_model(model)
    assert f"{places.name} (12 features)" in text and "4 more" in text


def test_alt_text_reaches_the_page_the_file_and_the_snippet(static_build, default_model):
    alt = alt_text_from_model(default_model)
    assert (static_build / "idlib_map.alt.txt").read_text(encoding="utf-8") == alt + "\n"
    page = (static_build / "idlib_map.html").read_text(encoding="utf-8")
    assert f'<p id="idlibmap-alt" class="idlibmap-alt">{html.escape(alt)}</p>' in page
    assert 'aria-describedby="idlibmap-alt"' in page and 'role="region"' in page
    assert f'aria-label="Map: {html.escape(default_model.title)}"' in page
    assert html.escape(alt) in (static_build / "idlib_map.embed.html").read_text(encoding="utf-8")


def test_story_text_in_the_description_is_escaped_in_the_page(default_model):
    from idlibmap.render.html import html_from_model

    model = replace(default_model, title='Bad <script>alert("x")</script> title')
    page = html_from_model(model)
    assert "<script>alert" not in page
    assert "Bad &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; title" in page


@pytest.mark.parametrize("fx, fy, expected", [
    (0.1, 0.9, "north-western"), (0.5, 0.5, "central"), (0.9, 0.5, "eastern"), (0.5, 0.1, "southern"),
])
def test_compass_words(fx, fy, expected):
    assert compass(fx, fy) == expected


def test_small_helpers():
    assert listing(["a"]) == "a" and listing(["a", "b", "c"]) == "a, b and c"
    assert plain_place("-33.9000, 18.4200") == "33.90° S, 18.42° E"
    assert plain_place("Saraqeb") == "Saraqeb"
