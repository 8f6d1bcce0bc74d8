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


# --------------------------------------------------------------------------- valid TOML with known lines

TomlPath = tuple[str | int, ...]
_KEYS = ("points", "name", "kind", "places", "story", "sources", "id", "a-b", "x_1", "1", "a.b", "with space",
         "ключ", 'say "hi"', "back\\slash")
# Text that looks like TOML structure, for string values: a line scanner must not take it for structure.
_LOOKALIKES = ("[[points]]", "[story]", 'name = "x"', "# not a comment", "{ a = 1 }", '"""', "'''", "\\", '"', "'",
               "kind = 'planet'", "]]", "é", "\t")


def _key(key: str) -> str:
    if key and all(c.isascii() and (c.isalnum() or c in "_-") for c in key):
        return key
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _basic(text: str) -> str:
    escaped = "".join(c if c >= " " and c not in '"\\\x7f' else f"\\u{ord(c):04x}" for c in text)
    return f'"{escaped}"'


def _string(text: str, style: int) -> str:
    """``text`` as a TOML string: basic, literal, multi-line basic or multi-line literal where it can be."""
    if style == 1 and "'" not in text and all((c >= " " and c != "\x7f") or c == "\t" for c in text):
        return f"'{text}'"
    if style == 2:  # the newline after the opening quotes is not part of the string
        body = "".join(c if c in "\n\t" or (c >= " " and c not in '"\\\x7f') else f"\\u{ord(c):04x}" for c in text)
        return '"""\n' + body + '"""'
    if style == 3 and "'''" not in text and not text.endswith("'") and all(
            (c >= " " and c != "\x7f") or c in "\n\t" for c in text):
        return "'''\n" + text + "'''"
    return _basic(text)


def _scalars() -> st.SearchStrategy[tuple[object, str]]:
    """A TOML scalar as (value tomllib returns, how it is written)."""
    texts = st.lists(st.one_of(st.sampled_from(_LOOKALIKES), st.sampled_from(["\n", " ", "x"]),
                               st.characters(codec="utf-8", exclude_categories=("Cs",))), max_size=8).map("".join)
    return st.one_of(
        st.tuples(texts, st.integers(0, 3)).map(lambda ts: (ts[0], _string(*ts))),
        st.integers(-(2**63), 2**63 - 1).map(lambda n: (n, str(n))),
        st.booleans().map(lambda b: (b, str(b).lower())),
        st.floats(allow_nan=False, allow_infinity=False).map(lambda f: (f, repr(f))),
        st.dates().map(lambda d: (d, d.isoformat())),
        st.datetimes().map(lambda t: t.replace(microsecond=0)).flatmap(
            lambda t: st.sampled_from([(t, t.isoformat(sep=" ")), (t, t.isoformat())])),
    )


def _values(depth: int) -> st.SearchStrategy[tuple[object, str]]:
    if depth == 0:
        return _scalars()
    inner = _values(depth - 1)
    arrays = st.lists(inner, max_size=3).map(
        lambda items: ([v for v, _ in items], "[" + ", ".join(w for _, w in items) + "]"))
    tables = st.dictionaries(st.sampled_from(_KEYS), inner, max_size=3).map(
        lambda kv: ({k: v for k, (v, _) in kv.items()},
                    "{" + ", ".join(f"{_key(k)} = {w}" for k, (_, w) in kv.items()) + "}"))
    return st.one_of(inner, arrays, tables)


class _Writer:
    """Writes a TOML document and notes the line of every table, table-array entry and key it writes."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.lines: dict[TomlPath, int] = {}

    @property
    def line(self) -> int:
        return "".join(self.parts).count("\n") + 1

    def write(self, text: str) -> None:
        self.parts.append(text)

    def note(self, path: TomlPath) -> None:
        self.lines.setdefault(path, self.line)


def _document(draw: st.DrawFn, writer: _Writer, path: TomlPath, depth: int) -> dict[str, object]:
    """Draw and write one table's key-values, then its sub-tables and table arrays; return what tomllib reads."""
    data: dict[str, object] = {}
    keys = draw(st.lists(st.sampled_from(_KEYS), unique=True, max_size=4))
    later: list[tuple[str, str]] = []
    for key in keys:
        kind = draw(st.sampled_from(["value", "value", "table", "array of tables", "inline array of tables"])
                    if depth else st.just("value"))
        if kind in ("table", "array of tables"):
            later.append((key, kind))
            continue
        if draw(st.booleans()):
            writer.write(draw(st.sampled_from(["# [[points]] in a comment\n", "\n", "  # kind = 1\n"])))
        writer.note((*path, key))
        if kind == "value":
            value, written = draw(_values(2))
            data[key] = value
            writer.write(f"{_key(key)} = {written}\n")
            continue
        writer.write(f"{_key(key)} = [\n")
        entries = []
        for index in range(draw(st.integers(1, 3))):
            writer.note((*path, key, index))
            writer.write("  {")
            pairs = draw(st.dictionaries(st.sampled_from(_KEYS), _values(1), max_size=3))
            for number, (inner, (_, written)) in enumerate(pairs.items()):
                writer.write(", " if number else " ")
                writer.note((*path, key, index, inner))  # a multi-line string before it moves it down
                writer.write(f"{_key(inner)} = {written}")
            writer.write(" },\n")
            entries.append({k: v for k, (v, _) in pairs.items()})
        writer.write("]\n")
        data[key] = entries
    for key, kind in later:
        header = ".".join(_key(str(p)) for p in (*path, key) if isinstance(p, str))
        writer.write("\n")
        if kind == "table":
            writer.note((*path, key))
            writer.write(f"[{header}]\n")
            data[key] = _document(draw, writer, (*path, key), depth - 1)
            continue
        entries = []
        for index in range(draw(st.integers(1, 3))):
            writer.note((*path, key))
            writer.note((*path, key, index))
            writer.write(f"[[{header}]]\n")
            entries.append(_document(draw, writer, (*path, key, index), depth - 1))
        data[key] = entries
    return data


@st.composite
def toml_documents(draw: st.DrawFn) -> tuple[str, dict[str, object], dict[TomlPath, int]]:
    """A valid TOML text, the data tomllib reads from it, and the line of each table, entry and key in it.

    Tables come as headers, inline tables and inline arrays of tables; strings of every kind hold
    text that looks like headers, keys and comments; comments hold some too.
    """
    writer = _Writer()
    data = _document(draw, writer, (), depth=2)
    return "".join(writer.parts), data, writer.lines
