"""Story loading: a valid file becomes a typed model; every fault names the file and line."""

from __future__ import annotations

import datetime as dt

import pytest

from idlibmap.errors import StoryError
from idlibmap.story import Where, load_story

from .conftest import DEFAULT_STORY


def test_default_story_loads_with_every_kind_of_feature():
    story = load_story(DEFAULT_STORY)
    assert story.as_of == dt.date(2020, 3, 2)
    assert {p.name for p in story.places} >= {"Saraqeb", "Idlib", "Aleppo", "Ankara", "Moscow"}
    assert story.points and story.lines and story.flows and story.areas and story.borders
    assert {p.kind for p in story.points} >= {"observation-post", "strike", "crossing"}
    assert all(f.sources for f in story.features())
    assert ("Greece", "Turkey") in {b.between for b in story.borders}


def test_place_name_is_its_query_and_coords_override(write_story):
    story = load_story(write_story("""
        [[places]]
        name = "Saraqeb"

        [[places]]
        name = "Tell Tuqan"
        coords = [35.8225, 36.95306]
        note = "Village with an observation post"
    """))
    first, second = story.places
    assert first.at == Where(name="Saraqeb")
    assert second.at == Where(name="Tell Tuqan", coords=(35.8225, 36.95306))
    assert second.layer == "Places in the story"
    assert second.sources == ("wire",)


def test_lines_accept_names_and_coordinates(write_story):
    story = load_story(write_story("""
        [[lines]]
        layer = "Front"
        name = "Line"
        style = "front"
        through = ["Saraqeb", [35.7, 36.6]]
        approximate = true
    """))
    (line,) = story.lines
    assert line.through == (Where(name="Saraqeb"), Where(coords=(35.7, 36.6)))
    assert line.approximate


def test_flow_defaults_name_and_label(write_story):
    story = load_story(write_story("""
        [[flows]]
        from = "Idlib"
        to = "Kilis"
        people = 1_000_000
    """))
    (flow,) = story.flows
    assert flow.name == "Idlib → Kilis"
    assert flow.label == "1,000,000 people"
    assert flow.layer == "Refugee flows"


def _error(path) -> str:
    with pytest.raises(StoryError) as caught:
        load_story(path)
    return str(caught.value)


def test_missing_file_is_named(tmp_path):
    message = _error(tmp_path / "nope.toml")
    assert "nope.toml" in message and "not found" in message


def test_folder_instead_of_file(tmp_path):
    assert "folder" in _error(tmp_path)


def test_non_utf8_file_names_the_line(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'[story]\ntitle = "caf\xe9"\n')
    message = _error(path)
    assert message.startswith(f"{path}:2:") and "UTF-8" in message


def test_toml_syntax_error_names_the_line(write_story):
    path = write_story("""
        [[places]]
        name = "Saraqeb
    """)
    message = _error(path)
    assert f"{path}:14:" in message and "TOML syntax error" in message


def test_unknown_field_names_its_line_and_the_allowed_fields(write_story):
    path = write_story("""
        [[places]]
        name = "Saraqeb"

        [[points]]
        layer = "Posts"
        kind = "observation-post"
        name = "Morek"
        colour = "red"
    """)
    message = _error(path)
    assert f"{path}:20:" in message
    assert "[[points]] #1 'Morek'" in message and "unknown field 'colour'" in message and "kind" in message


def test_unknown_section(write_story):
    message = _error(write_story("""
        [[markers]]
        name = "x"
    """))
    assert "unknown section [markers]" in message and ":13:" in message


def test_missing_story_table(tmp_path):
    path = tmp_path / "empty.toml"
    path.write_text("", encoding="utf-8")
    assert "missing the [story] table" in _error(path)


def test_unknown_source_id(write_story):
    message = _error(write_story("""
        [[places]]
        name = "Saraqeb"
        source = "rumour"
    """))
    assert "unknown source id 'rumour'" in message and ":15:" in message


def test_source_url_must_be_http(write_story):
    head = """
        [story]
        title = "T"
        as_of = 2020-03-02
        [[story.sources]]
        id = "x"
        name = "X"
        url = "javascript:alert(1)"
    """
    message = _error(write_story("", head=head))
    assert "http:// or https://" in message and ":8:" in message


@pytest.mark.parametrize("coords, fragment", [
    ("[95.0, 36.0]", "latitude 95.0 is out of range"),
    ("[35.0, 181]", "longitude 181 is out of range"),
    ("[35.0]", "must be [lat, lon]"),
    ("[nan, 36.0]", "latitude nan is out of range"),
])
def test_coordinates_out_of_range(write_story, coords, fragment):
    path = write_story(f"""
        [[places]]
        name = "Nowhere"
        coords = {coords}
    """)
    message = _error(path)
    assert fragment in message and f"{path}:15:" in message and "'Nowhere'" in message


def test_negative_flow_is_rejected_with_its_entry(write_story):
    message = _error(write_story("""
        [[flows]]
        name = "Backwards"
        from = "Idlib"
        to = "Kilis"
        people = -5
    """))
    assert "[[flows]] #1 'Backwards'" in message and "must not be negative" in message and ":17:" in message


def test_unknown_point_kind_is_rejected(write_story):
    message = _error(write_story("""
        [[points]]
        layer = "Things"
        kind = "helicopter"
        name = "Chopper"
        at = "Idlib"
    """))
    assert "unknown point kind 'helicopter'" in message and "observation-post" in message and ":15:" in message


def test_unknown_line_style_is_rejected(write_story):
    message = _error(write_story("""
        [[lines]]
        layer = "Lines"
        name = "Zig"
        style = "zigzag"
        through = ["Idlib", "Aleppo"]
    """))
    assert "unknown line style 'zigzag'" in message


def test_duplicate_place_names(write_story):
    message = _error(write_story("""
        [[places]]
        name = "Idlib"

        [[places]]
        name = "idlib"
    """))
    assert "listed twice" in message and "first at line 13" in message and ":16:" in message


def test_border_needs_two_different_countries(write_story):
    message = _error(write_story("""
        [[borders]]
        between = ["Turkey", "turkey"]
    """))
    assert "two different countries" in message


def test_point_needs_a_layer(write_story):
    message = _error(write_story("""
        [[points]]
        kind = "strike"
        name = "Strike"
    """))
    assert "needs a layer" in message and ":13:" in message


def test_unknown_place_kind_is_rejected(write_story):
    message = _error(write_story("""
        [[places]]
        name = "Idlib"
        kind = "planet"
    """))
    assert "unknown place kind 'planet'" in message and "region" in message and ":15:" in message


def test_since_may_be_a_date_or_words_and_lines_may_carry_a_label(write_story):
    story = load_story(write_story("""
        [[points]]
        layer = "Posts"
        kind = "observation-post"
        name = "Post A"
        at = "Idlib"
        since = "early February 2018"

        [[points]]
        layer = "Posts"
        kind = "observation-post"
        name = "Post B"
        at = "Idlib"
        since = 2018-04-07

        [[lines]]
        layer = "Roads"
        style = "road"
        name = "M4"
        label = "M4"
        through = ["Idlib", "Aleppo"]
    """))
    assert [p.since for p in story.points] == ["early February 2018", dt.date(2018, 4, 7)]
    assert story.lines[0].label == "M4"
