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


def _line_of(path, text: str) -> int:
    """The line (from 1) of the first line of ``path`` that holds ``text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


# --------------------------------------------------------------------------- line numbers


@pytest.mark.parametrize("quotes", ['"""', "'''"])
def test_header_and_key_lines_inside_a_multiline_string_do_not_move_the_error(write_story, quotes):
    path = write_story(f"""
        [[places]]
        name = "Saraqeb"
        note = {quotes}Two entries in one note:
        [[places]]
        kind = "town"
        {quotes}

        [[places]]
        name = "Idlib"
        kind = "planet"
    """)
    message = _error(path)
    assert message.startswith(f"{path}:{_line_of(path, 'planet')}: [[places]] #2 'Idlib': unknown place kind 'planet'")


def test_entries_after_a_multiline_string_keep_their_lines(write_story):
    path = write_story('''
        [[places]]
        name = "Saraqeb"
        note = """
        [[places]]
        name = "Not a place"
        """

        [[places]]
        name = "Idlib"
    ''')
    story = load_story(path)
    assert [p.name for p in story.places] == ["Saraqeb", "Idlib"]
    assert [p.origin.line for p in story.places] == [13, _line_of(path, 'name = "Idlib"') - 1]


def test_only_line_feeds_end_lines(write_story):
    """U+2028 and other separators inside text are not line ends in TOML (nor in editors' line numbers)."""
    path = write_story("""
        [[places]]
        name = "Saraqeb"
        note = "one\u2028two\u2029three\x85four"

        [[places]]
        name = "Idlib"
    """)
    assert [p.origin.line for p in load_story(path).places] == [13, 17]


def test_entries_written_as_inline_tables_have_lines(write_story):
    head = """
        points = [
          { layer = "Posts", kind = "observation-post", name = "Morek", at = "Morek" },
          { layer = "Posts", kind = "helicopter", name = "Chopper", at = "Idlib" },
        ]
        places = [{ name = "Saraqeb" }]

        [story]
        title = "T"
        as_of = 2020-03-02
        default_source = "wire"
        sources = [{ id = "wire", name = "Wire" }]
    """
    path = write_story("", head=head)
    line = _line_of(path, "Chopper")
    assert _error(path).startswith(f"{path}:{line}: [[points]] #2 'Chopper': unknown point kind 'helicopter'")
    path.write_text(path.read_text(encoding="utf-8").replace("helicopter", "strike"), encoding="utf-8")
    story = load_story(path)
    assert [p.origin.line for p in story.points] == [_line_of(path, "Morek"), line]
    assert story.places[0].origin.line == _line_of(path, "Saraqeb") and story.sources["wire"].name == "Wire"


def test_sources_written_as_inline_tables_name_their_line(write_story):
    head = """
        [story]
        title = "T"
        as_of = 2020-03-02
        default_source = "wire"
        sources = [
          { id = "wire", name = "Wire" },
          { id = "bad", name = "Bad", url = "javascript:alert(1)" },
        ]
    """
    path = write_story('[[places]]\nname = "Saraqeb"\n', head=head)
    message = _error(path)
    line = _line_of(path, "javascript")
    assert message.startswith(f"{path}:{line}: [[story.sources]] #2: url must start with http:// or https://")


def test_a_value_written_as_an_inline_table_names_its_line(write_story):
    path = write_story("""
        [[flows]]
        from = "Idlib"
        to = { name = "Kilis" }
        people = 5
    """)
    message = _error(path)
    line = _line_of(path, "to = ")
    expected = "[[flows]] #1: to must be a place name in quotes or [lat, lon], got {'name': 'Kilis'}"
    assert message == f"{path}:{line}: {expected}"


# --------------------------------------------------------------------------- the schema's faults, in our words

@pytest.mark.parametrize("body, marker, message", [
    ('[[places]]\nname = 5\n', "name = 5", "[[places]] #1: name must be text in quotes, got 5"),
    ('[[places]]\nname = "  "\n', 'name = "  "', "[[places]] #1 '  ': name must not be empty"),
    ('[[places]]\nnote = "x"\n', "[[places]]", "[[places]] #1: missing required field 'name'"),
    ('[[places]]\nname = "A"\napproximate = "yes"\n', "approximate",
     "[[places]] #1 'A': approximate must be true or false, got 'yes'"),
    ('[[places]]\nname = "A"\ndate = "2020-02-27"\n', "date = ",
     "[[places]] #1 'A': date must be a date like 2020-03-02 (no quotes), got '2020-02-27'"),
    ('[[places]]\nname = "A"\ndate = 07:32:00\n', "date = ",
     "[[places]] #1 'A': date must be a date like 2020-03-02 (no quotes), got datetime.time(7, 32)"),
    ('[[places]]\nname = "A"\ncountry = "SYR"\n', "country",
     "[[places]] #1 'A': country must be a two-letter ISO code like \"SY\", got 'SYR'"),
    ('[[places]]\nname = "A"\nat = 5\n', "at = ",
     "[[places]] #1 'A': at must be a place name in quotes or [lat, lon], got 5"),
    ('[[places]]\nname = "A"\nat = [1, true]\n', "at = ",
     "[[places]] #1 'A': at must be [lat, lon] in decimal degrees, got [1, True]"),
    ('[[places]]\nname = "A"\nsource = 5\n', "source = 5",
     '[[places]] #1 \'A\': needs source = "<id>" (or a list of ids) naming a [[story.sources]] entry'
     ' (or set default_source in [story])'),
    ('[[lines]]\nlayer = "L"\nname = "A"\nthrough = "Idlib"\n', "through",
     "[[lines]] #1 'A': through must list at least 2 place names or [lat, lon] pairs"),
    ('[[lines]]\nlayer = "L"\nname = "A"\n', "[[lines]]",
     "[[lines]] #1 'A': through must list at least 2 place names or [lat, lon] pairs"),
    ('[[lines]]\nlayer = "L"\nname = "A"\nthrough = ["Idlib", [1, "x"]]\n', "through",
     "[[lines]] #1 'A': through must be [lat, lon] in decimal degrees, got [1, 'x']"),
    ('[[lines]]\nlayer = "L"\nname = "A"\nthrough = ["Idlib", [10, 200]]\n', "through",
     "[[lines]] #1 'A': longitude 200 is out of range (-180 to 180)"),
    ('[[flows]]\nfrom = "Idlib"\nto = "Kilis"\npeople = 5.5\n', "people",
     "[[flows]] #1: people must be a whole number, got 5.5"),
    ('[[flows]]\nfrom = "Idlib"\nto = "Kilis"\npeople = true\n', "people",
     "[[flows]] #1: people must be a whole number, got True"),
    ('[[flows]]\nto = "Kilis"\npeople = 5\n', "[[flows]]", "[[flows]] #1: missing required field 'from'"),
    ('[[areas]]\nlayer = "A"\nname = "A"\noutline = ["Idlib"]\nbuffer_km = 501\n', "buffer_km",
     "[[areas]] #1 'A': buffer_km must be a number from 0 to 500, got 501"),
    ('[[borders]]\nbetween = "Greece"\n', "between", "[[borders]] #1: between must be a list of names in quotes"),
    ('[map]\nfocus = ["Idlib", 3]\n', "focus", "[map]: focus must be a place name in quotes or [lat, lon], got 3"),
    ('[map]\nzoom = 3\n', "zoom", "[map]: unknown field 'zoom'; expected one of: focus, highlight, legend"),
    ('[places]\nname = "A"\n', "[places]", "[places] must be written as [[places]] tables"),
    ('[[story.sources]] # another\nid = "x"\n', "# another", "[[story.sources]] #2: missing required field 'name'"),
    ('[[story.sources]]\nid = "x"\nname = "X"\nkind = "tabloid"\n', "tabloid",
     "[[story.sources]] #2: kind must be one of un, official, wire, research, ngo, news, reference, partisan, "
     "data, got 'tabloid'"),
])
def test_faults_are_worded_as_before_and_name_their_line(write_story, body, marker, message):
    path = write_story(body)
    found = _error(path)
    assert found == f"{path}:{_line_of(path, marker)}: {message}"
    assert "Expected" not in found and "`" not in found  # no msgspec wording leaks


SOURCES = '[[story.sources]]\nid = "x"\nname = "X"\n'


@pytest.mark.parametrize("head, marker, message", [
    ('[story]\nas_of = 2020-03-02\n' + SOURCES, "[story]", "[story]: missing required field 'title'"),
    ('[story]\ntitle = "T"\n' + SOURCES, "[story]", "[story]: missing required field 'as_of' (a date like 2020-03-02)"),
    ('[story]\ntitle = "T"\nas_of = 2020-03-02\n', "[story]", "[story] needs at least one [[story.sources]] entry"),
    ('[story]\ntitle = "T"\nas_of = 2020-03-02\nsources = []\n', "sources",
     "[story] needs at least one [[story.sources]] entry"),
    ('[story]\ntitle = "T"\nas_of = 2020-03-02\nsources = ["x"]\n', "sources", "[[story.sources]] #1 must be a table"),
    ('[story]\ntitle = "T"\nas_of = "2020-03-02"\n', "as_of",
     "[story]: as_of must be a date like 2020-03-02 (no quotes), got '2020-03-02'"),
    ('[story]\ntitle = "T"\nas_of = 2020-03-02\ncountries = "SY"\n' + SOURCES, "countries",
     "[story]: countries must be a list of names in quotes"),
    ('story = "Idlib"\n', "story", "missing the [story] table (title, as_of, sources)"),
    ('map = 3\n[story]\ntitle = "T"\nas_of = 2020-03-02\n' + SOURCES, "map", "[map] must be a table"),
])
def test_story_table_faults(write_story, head, marker, message):
    path = write_story('[[places]]\nname = "Saraqeb"\nsource = "x"\n', head=head)
    assert _error(path) == f"{path}:{_line_of(path, marker)}: {message}"


def test_a_date_time_counts_as_its_day_and_text_is_trimmed(write_story):
    story = load_story(write_story("""
        [[points]]
        layer = "  Events  "
        kind = "strike"
        name = " Strike on Saraqeb "
        at = " Saraqeb "
        date = 2020-02-27T10:30:00+03:00
        since = 2018-04-07 08:00:00
    """))
    (point,) = story.points
    assert (point.layer, point.name, point.at) == ("Events", "Strike on Saraqeb", Where(name="Saraqeb"))
    assert point.date == dt.date(2020, 2, 27) and point.since == dt.date(2018, 4, 7)
    assert type(point.date) is dt.date and type(point.since) is dt.date


def test_an_entry_with_no_source_and_no_default_is_told_to_name_one(write_story):
    head = '[story]\ntitle = "T"\nas_of = 2020-03-02\n[[story.sources]]\nid = "wire"\nname = "Wire"\n'
    path = write_story('[[places]]\nname = "Saraqeb"\n', head=head)
    assert _error(path) == (f"{path}:{_line_of(path, '[[places]]')}: [[places]] #1 'Saraqeb': needs source = \"<id>\""
                            " (or a list of ids) naming a [[story.sources]] entry (or set default_source in [story])")


def test_every_section_is_declared_in_the_schema_and_the_model():
    from dataclasses import fields

    from idlibmap.story import SECTIONS, Story
    from idlibmap.story.schema import Document

    assert set(Document.__struct_fields__) == {"story", "map", "factions", *SECTIONS}
    assert set(SECTIONS) <= {field.name for field in fields(Story)}
