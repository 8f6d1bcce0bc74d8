"""Line numbers in TOML text, so that messages can name the line at fault.

``tomllib`` returns values without positions, so :class:`TomlLines` scans the same text once and
records where each table, table-array entry and key begins, by its path in the parsed data:

* ``("story",)`` is the ``[story]`` header, ``("story", "title")`` its ``title`` key;
* ``("points", 2)`` is the third points entry, whether written as a ``[[points]]`` header or as an
  inline table in ``points = [{ ... }, ...]``; ``("points", 2, "kind")`` is its ``kind`` key;
* ``("points",)`` is where the array starts: its first ``[[points]]`` header or its ``points =`` key.

The scan reads TOML's strings (basic, literal, multi-line) and comments as such, so a header-like
line inside a multi-line string or a comment is never taken for a header. It is meant for text that
``tomllib`` has accepted; on anything else it still ends, but its lines may be wrong.
"""

from __future__ import annotations

import bisect
import re
import tomllib

TomlPath = tuple[str | int, ...]

_SPACE = re.compile(r"[ \t]*")
_BLANK = re.compile(r"(?:[ \t\r\n]|#[^\n]*)*")  # spaces, line ends and comments
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_QUOTED_KEY = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"|\'[^\'\n]*\'')
_STRING = re.compile(
    r'"""[^\\"]*(?:(?:\\[\s\S]|"(?!""))[^\\"]*)*"{3,5}'  # multi-line basic: two more quotes may end its content
    r"|'''[\s\S]*?'{3,5}"  # multi-line literal
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'  # basic
    r"|'[^'\n]*'"  # literal
)
_SCALAR = re.compile(r"[^\s,\]}#]+(?: [0-9][^\s,\]}#]*)?")  # number, boolean, date; a date-time may hold one space
# The common lines, read in one step each: a header with bare keys, or a bare key with a one-line value
# that holds no table; blank lines and comments before either are stepped over with them.
_ONE_LINE_STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"(?!")'
_WORD = r"[0-9A-Za-z+\-.:_]+"
_ITEM = rf'(?:{_ONE_LINE_STRING}|{_WORD}|\[[^\[\]{{}}"\'#\n]*\])'
_NAME = r"[A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+)*"
_END = r"[ \t]*(?:#[^\n]*)?(?=\r?\n|\Z)"
_COMMON_LINE = re.compile(
    r"(?:[ \t\r\n]|#[^\n]*)*"
    rf"(?:(?P<key>[A-Za-z0-9_-]+)[ \t]*=[ \t]*"
    rf"(?:{_ONE_LINE_STRING}|{_WORD}|\[(?:[ \t]*{_ITEM}[ \t]*,)*(?:[ \t]*{_ITEM})?[ \t]*\]){_END}"
    rf"|(?P<array>\[\[)[ \t]*(?P<array_name>{_NAME})[ \t]*\]\]{_END}"
    rf"|(?P<table>\[)[ \t]*(?P<table_name>{_NAME})[ \t]*\]{_END})?"
)


class TomlLines:
    """The line (from 1) where each table, entry and key of a TOML text is written."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._pos = 0
        self._line_ends = [match.start() for match in re.finditer("\n", text)]
        self._lines: dict[TomlPath, int] = {}
        self._array_sizes: dict[TomlPath, int] = {}  # entries so far of each [[table array]]
        self._scan()

    def line(self, path: TomlPath) -> int | None:
        """The line where ``path`` is written, or None when it is not in the text."""
        return self._lines.get(path)

    def nearest(self, path: TomlPath) -> int | None:
        """The line of ``path``, or else of the closest enclosing path written in the text."""
        for end in range(len(path), 0, -1):
            line = self._lines.get(path[:end])
            if line is not None:
                return line
        return None

    # ---- the scan
    def _scan(self) -> None:
        table: TomlPath = ()
        text = self._text
        match, lines, line_at = _COMMON_LINE.match, self._lines, self._line_at
        while True:
            line = match(text, self._pos)
            assert line is not None  # every part of the pattern is optional
            self._pos = line.end()
            read = line.lastgroup
            if read == "key":
                lines[(*table, line[read])] = line_at(line.start(read))
            elif read == "array_name":
                table = self._array_entry(_bare_parts(line[read]), line.start("array"))
            elif read == "table_name":
                table = self._table(_bare_parts(line[read]), line.start("table"))
            elif self._pos >= len(text):
                return
            else:
                table = self._statement(table)

    def _statement(self, table: TomlPath) -> TomlPath:
        """Read any other header or key-value; return the table that keys now go into."""
        text, start = self._text, self._pos
        if text.startswith("[[", start):
            self._pos += 2
            table = self._array_entry(self._key(), start)
            self._skip_past("]]")
        elif text.startswith("[", start):
            self._pos += 1
            table = self._table(self._key(), start)
            self._skip_past("]")
        else:
            key = self._key()
            if not key:  # not TOML: step over one character
                self._pos += 1
                return table
            self._record(table, key, start)
            self._skip_past("=")
            self._value(table + key)
        return table

    def _table(self, key: tuple[str, ...], start: int) -> TomlPath:
        path = self._resolve(key)
        self._record((), path, start)
        self._lines[path] = self._line_at(start)  # the header, even when a dotted key named the table first
        return path

    def _array_entry(self, key: tuple[str, ...], start: int) -> TomlPath:
        if not key:
            return ()
        array = self._resolve(key[:-1]) + key[-1:]
        index = self._array_sizes.get(array, 0)
        self._array_sizes[array] = index + 1
        self._record((), (*array, index), start)
        return (*array, index)

    def _resolve(self, key: tuple[str, ...]) -> TomlPath:
        """A header's path in the data: a [[table array]] on the way means its latest entry."""
        path: TomlPath = ()
        for part in key:
            path += (part,)
            size = self._array_sizes.get(path)
            if size:
                path += (size - 1,)
        return path

    def _record(self, table: TomlPath, key: TomlPath, start: int) -> None:
        """Note the line of ``table + key`` and of the tables a dotted key opens on the way."""
        line = self._line_at(start)
        for end in range(len(table) + 1, len(table) + len(key)):
            self._lines.setdefault((table + key)[:end], line)
        self._lines[table + key] = line

    def _value(self, path: TomlPath) -> None:
        """Step over one value, noting the lines of the keys and tables inside arrays and inline tables."""
        open_: list[list[TomlPath | int]] = []  # [path, index of the current element], index -1 in an inline table
        text = self._text
        while self._pos < len(text):
            self._skip(_SPACE)
            start = self._pos
            if text.startswith("[", start):
                self._pos += 1
                open_.append([path, 0])
            elif text.startswith("{", start):
                self._pos += 1
                self._lines.setdefault(path, self._line_at(start))
                open_.append([path, -1])
            else:
                match = _STRING.match(text, start) or _SCALAR.match(text, start)
                self._pos = match.end() if match else start + 1
                self._after_element(open_)
            following = self._next_in(open_)
            if following is None:
                return
            path = following

    def _next_in(self, open_: list[list[TomlPath | int]]) -> TomlPath | None:
        """The path of the next value inside the innermost open array or table, closing finished ones."""
        text = self._text
        while open_ and self._pos < len(text):
            path, index = open_[-1]
            assert isinstance(path, tuple) and isinstance(index, int)
            self._skip(_BLANK)
            if text.startswith("]" if index >= 0 else "}", self._pos):
                self._pos += 1
                open_.pop()
                self._after_element(open_)
            elif index >= 0:
                return (*path, index)
            else:
                start = self._pos
                key = self._key()
                if not key:
                    self._pos += 1
                    continue
                self._record(path, key, start)
                self._skip_past("=")
                return path + key
        return None

    def _after_element(self, open_: list[list[TomlPath | int]]) -> None:
        """Past a finished value inside an array or inline table: step over the comma that may follow."""
        if not open_:
            return
        self._skip(_BLANK)
        if self._text.startswith(",", self._pos):
            self._pos += 1
            index = open_[-1][1]
            if isinstance(index, int) and index >= 0:
                open_[-1][1] = index + 1

    # ---- pieces
    def _key(self) -> tuple[str, ...]:
        """A bare, quoted or dotted key at the current position, as the parts tomllib uses."""
        parts: list[str] = []
        text = self._text
        while True:
            self._skip(_SPACE)
            match = _BARE_KEY.match(text, self._pos) or _QUOTED_KEY.match(text, self._pos)
            if not match:
                return tuple(parts)
            parts.append(_key_text(match.group()))
            self._pos = match.end()
            self._skip(_SPACE)
            if not text.startswith(".", self._pos):
                return tuple(parts)
            self._pos += 1

    def _skip(self, pattern: re.Pattern[str]) -> None:
        match = pattern.match(self._text, self._pos)
        if match:
            self._pos = match.end()

    def _skip_past(self, token: str) -> None:
        self._skip(_SPACE)
        if self._text.startswith(token, self._pos):
            self._pos += len(token)

    def _line_at(self, position: int) -> int:
        return bisect.bisect_left(self._line_ends, position) + 1


def _bare_parts(name: str) -> tuple[str, ...]:
    return tuple(part.strip(" \t") for part in name.split("."))


def _key_text(written: str) -> str:
    """A key part as tomllib reads it: quotes removed, escapes decoded."""
    if written[0] == "'":
        return written[1:-1]
    if written[0] == '"':
        if "\\" not in written:
            return written[1:-1]
        try:
            return str(tomllib.loads(f"k = {written}")["k"])
        except tomllib.TOMLDecodeError:
            return written[1:-1]
    return written
