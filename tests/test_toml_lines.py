"""The TOML line scan: every table, entry and key at the line it is written on, whatever strings and comments hold."""

from __future__ import annotations

import textwrap
import tomllib

from hypothesis import HealthCheck, given, settings

from idlibmap.story.toml_lines import TomlLines

from .strategies import toml_documents


def _lines(text: str) -> TomlLines:
    text = textwrap.dedent(text).lstrip("\n")
    tomllib.loads(text)  # the scan is for text tomllib accepts
    return TomlLines(text)


def test_headers_entries_and_keys():
    lines = _lines("""
        [story]
        title = "T"

        [[story.sources]]
        id = "a"

        [[story.sources]]
        "id" = "b"

        [[points]]
        name = "Morek"
        [points.extra]
        note = "a table inside the first entry"

        [[points]]
        name = "Post 2"
    """)
    assert lines.line(("story",)) == 1 and lines.line(("story", "title")) == 2
    assert lines.line(("story", "sources")) == 4  # the array starts at its first entry
    assert [lines.line(("story", "sources", i, "id")) for i in (0, 1)] == [5, 8]
    assert lines.line(("points", 0, "extra")) == 12 and lines.line(("points", 0, "extra", "note")) == 13
    assert lines.line(("points", 1)) == 15 and lines.line(("points", 1, "name")) == 16
    assert lines.line(("points", 2)) is None


def test_header_and_key_lookalikes_in_strings_and_comments_are_text():
    lines = _lines('''
        [[places]]
        note = """Written as:
        [[places]]
        name = "not a key"
        """
        other = \'\'\'
        [[places]]
        name = 'not a key either'\'\'\'
        # [[places]]
        # name = "commented out"
        quoted = "[[places]] name = \\" still text"
        name = "Saraqeb"

        [[places]]
        name = "Idlib"
    ''')
    assert lines.line(("places", 0, "name")) == 12
    assert lines.line(("places", 1)) == 14 and lines.line(("places", 2)) is None


def test_multiline_strings_that_end_in_quotes_or_escapes():
    lines = _lines('''
        a = """ends with two quotes"""""
        b = """escaped \\""" still inside"""
        c = \'\'\'ends with one quote\'\'\'\'
        d = 1
    ''')
    assert [lines.line((key,)) for key in "abcd"] == [1, 2, 3, 4]


def test_inline_tables_in_arrays_are_entries():
    lines = _lines('''
        [story]
        sources = [
          { id = "a", name = "A" },  # a comment with [[brackets]]
          { id = "b", note = """two
        lines""", name = "B" },
        ]
        points = [{ name = "Morek", at = { lat = 1, lon = 2 } }, { name = "Post 2" }]
    ''')
    assert lines.line(("story", "sources")) == 2
    assert [lines.line(("story", "sources", i)) for i in (0, 1)] == [3, 4]
    assert lines.line(("story", "sources", 1, "name")) == 5
    assert lines.line(("story", "points", 1, "name")) == 7
    assert lines.line(("story", "points", 0, "at", "lon")) == 7


def test_dotted_and_quoted_keys():
    lines = _lines("""
        story.title = "T"
        "a.b" = 1
        'c d'.e = 2
        "\\u0066" = 3
    """)
    assert lines.line(("story",)) == 1 and lines.line(("story", "title")) == 1
    assert lines.line(("a.b",)) == 2 and lines.line(("a", "b")) is None
    assert lines.line(("c d", "e")) == 3
    assert lines.line(("f",)) == 4


def test_date_times_with_a_space_and_crlf_line_ends():
    text = 'a = 1979-05-27 07:32:00\r\nb = [1979-05-27 07:32:00Z, 2]\r\n\r\n[t]\r\nc = 3\r\n'
    tomllib.loads(text)
    lines = TomlLines(text)
    assert [lines.line(path) for path in [("a",), ("b",), ("t",), ("t", "c")]] == [1, 2, 4, 5]


def test_nearest_falls_back_to_the_enclosing_entry():
    lines = _lines("""
        [[lines]]
        name = "M5"
        through = ["Idlib", [1, 2]]
    """)
    assert lines.nearest(("lines", 0, "through", 1, 0)) == 3
    assert lines.nearest(("lines", 0, "style")) == 1
    assert lines.nearest(("areas", 0)) is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(toml_documents())
def test_every_table_entry_and_key_is_found_on_its_line(document):
    text, data, written_at = document
    assert tomllib.loads(text) == data  # the document is what it claims to be
    lines = TomlLines(text)
    assert {path: lines.line(path) for path in written_at} == written_at
