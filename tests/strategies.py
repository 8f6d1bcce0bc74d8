"""Hypothesis strategies for hostile input, shared by the property tests.

``untrusted_text()`` is any text a user might paste (control characters, other scripts, markup);
``toml_like()`` is text built from the story file's own vocabulary, so the loader gets past the
TOML parser often and reaches its validation. The geoparser's property test can reuse both.
"""

from __future__ import annotations

from hypothesis import strategies as st

SECTIONS = ("story", "story.sources", "map", "places", "points", "lines", "flows", "areas", "borders", "other")
KEYS = ("title", "summary", "as_of", "countries", "default_source", "sources", "id", "name", "url", "date", "note",
        "focus", "highlight", "layer", "source", "approximate", "at", "coords", "country", "kind", "status", "since",
        "style", "through", "from", "to", "people", "label", "outline", "buffer_km", "between", "unknown")
PLACE_NAMES = ("Saraqeb", "Idlib", "Aleppo", "Syria", "Turkey", "Greece", "Xyzzyville", "", " ", "Ma‘arrat an-Nu‘mān")


def untrusted_text(max_size: int = 200) -> st.SearchStrategy[str]:
    """Any Unicode text, with extra weight on characters that break parsers and markup."""
    tricky = st.sampled_from(["\x00", "\ufeff", "\r", "\n", "\t", "\u2028", "\\", '"', "'", "[", "]", "=", "#",
                              "<", ">", "&", "</script>", "{", "}", "\ud7ff", "\U0001f600", "ـ", "İ"])
    return st.lists(st.one_of(st.characters(codec="utf-8"), tricky), max_size=max_size).map("".join)


def toml_values() -> st.SearchStrategy[str]:
    """TOML value literals of every type, valid and not."""
    scalars = st.one_of(
        st.sampled_from(["2020-03-02", "1979-05-27T07:32:00Z", "07:32:00", "true", "false", "nan", "inf", "-inf",
                         "1e400", "0x10", "1_000_000", "-5", "91", "-181", "3.5", "[]", "{}", '""', '" "',
                         "2020-13-45", "'literal'", '"""multi\nline"""']),
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
        st.floats(allow_nan=False).map(repr),
        st.sampled_from(PLACE_NAMES).map(lambda s: f'"{s}"'),
        untrusted_text(30).map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'),
        st.sampled_from(PLACE_NAMES).map(lambda s: f'"{s}"'),
        st.sampled_from(["[35.8, 36.6]", "[91, 0]", "[0, 181]", "[nan, 0]", "[1]", '["a", "b"]']),
    )
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=4).map(lambda v: "[" + ", ".join(v) + "]"),
                        max_leaves=8)


def toml_like() -> st.SearchStrategy[str]:
    """Story-shaped text: table headers and key = value lines in random order, sometimes broken."""
    header = st.sampled_from(SECTIONS).flatmap(
        lambda s: st.sampled_from([f"[{s}]", f"[[{s}]]", f"[[{s}]]", f"[[{s}]]", f"[{s}", s]))
    pair = st.tuples(st.sampled_from(KEYS), toml_values()).map(lambda kv: f"{kv[0]} = {kv[1]}")
    line = st.one_of(header, pair, pair, pair, pair, pair, pair, untrusted_text(20))
    return st.lists(line, max_size=25).map("\n".join)


def _table(header: str) -> st.SearchStrategy[str]:
    pairs = st.dictionaries(st.sampled_from(KEYS), toml_values(), max_size=6)
    return pairs.map(lambda kv: "\n".join([header, *(f"{k} = {v}" for k, v in kv.items())]))


def story_documents(head: str) -> st.SearchStrategy[str]:
    """``head`` (a valid [story] table) followed by well-formed entry tables with random keys and values.

    Most of these parse as TOML, so they exercise the loader's validation rather than the parser's.
    """
    sections = st.sampled_from([s for s in SECTIONS if s not in ("story", "story.sources", "map")])
    tables = st.lists(sections.flatmap(lambda s: _table(f"[[{s}]]")), max_size=6)
    map_table = st.one_of(st.just(""), _table("[map]"))
    return st.tuples(map_table, tables).map(lambda parts: "\n\n".join([head, parts[0], *parts[1]]))
