"""Read a news article from a text file, whatever its encoding, and find its sentences.

:func:`load_article` refuses what holds no text (an empty or binary file) with
an :class:`~idlibmap.errors.ArticleError`, decodes UTF-8 (with or without a
byte-order mark, or UTF-16 with one) and falls back to Windows-1252, then
Latin-1, for other text, reporting the fallback as a warning.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ArticleError
from .files import read_input

BINARY_SAMPLE = 8192
MAX_ARTICLE_BYTES = 50_000_000  # a hard cap: the size a file claims is not trusted
CONTROL_SHARE_LIMIT = 0.05
_CONTROL_BYTES = frozenset(range(32)) - {9, 10, 12, 13}
FALLBACK_ENCODINGS = ("cp1252", "latin-1")


@dataclass
class Article:
    """An article's text, where it came from, and what was odd about reading it."""

    path: Path
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)
    _sentences: Sentences | None = field(default=None, repr=False)

    @property
    def sentences(self) -> Sentences:
        """The article's sentences, found once."""
        if self._sentences is None:
            self._sentences = Sentences(self.text)
        return self._sentences

    def sentence_at(self, offset: int) -> str:
        """The sentence holding character ``offset``, whitespace collapsed."""
        return self.sentences.at(offset)


def looks_binary(sample: bytes) -> bool:
    """True for data that is not text: NUL bytes (outside UTF-16), or many control bytes."""
    if not sample or sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return controls / len(sample) > CONTROL_SHARE_LIMIT


def decode_article(data: bytes, path: Path) -> tuple[str, str, list[str]]:
    """Decode ``data``: UTF-8 or UTF-16 (by BOM), else a fallback encoding reported as a warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", []
        except UnicodeDecodeError as err:
            raise ArticleError(f"starts like UTF-16 but is not valid UTF-16 ({err.reason})", path) from err
    try:
        return data.decode("utf-8-sig"), "utf-8", []
    except UnicodeDecodeError as err:
        first_bad = err.start
    for encoding in FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        line = data.count(b"\n", 0, first_bad) + 1
        warning = (f"{path}:{line}: not valid UTF-8 (byte 0x{data[first_bad]:02x} at offset {first_bad}); "
                   f"decoded as {encoding}, check accented letters")
        return text, encoding, [warning]
    raise ArticleError("is neither UTF-8 nor a known 8-bit encoding", path)  # latin-1 never fails


def load_article(path: str | Path) -> Article:
    """Read the article at ``path``; an :class:`ArticleError` when it holds no usable text."""
    path = Path(path)
    data = read_input(path, MAX_ARTICLE_BYTES, "article file", ArticleError)
    if not data.strip():
        raise ArticleError("is empty: there is no text to find places in", path)
    if looks_binary(data[:BINARY_SAMPLE]):
        raise ArticleError("looks like a binary file, not text (give a plain-text article)", path)
    text, encoding, warnings = decode_article(data, path)
    if not text.strip():
        raise ArticleError("holds only whitespace: there is no text to find places in", path)
    return Article(path=path, text=text, encoding=encoding, warnings=warnings)


# A sentence ends at . ! or ? (and any closing quotes or brackets) before whitespace and a capital,
# digit or opening quote, or at a blank line. Short abbreviations ("Mr.", "U.S.") do not end one.
_SENTENCE_END = re.compile(r"""[.!?]+["'’”)\]]*\s+(?=["'‘“(\[]?[A-Z0-9])|\n\s*\n""")
_ABBREVIATION = re.compile(r"(?:\b[A-Z][a-z]{0,2}|\b(?:[A-Za-z]\.)+[A-Za-z]?|\bet al|\bno|\bst|\bvs)\.$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text``, leading and trailing whitespace excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start() + len(match.group().rstrip())
        if match.group()[0] == "." and _ABBREVIATION.search(text, max(0, match.start() - 12), match.start() + 1):
            continue
        _add_span(text, start, end, spans)
        start = match.end()
    _add_span(text, start, len(text), spans)
    return spans


class Sentences:
    """The sentences of a text, split once, and the one holding a given offset."""

    def __init__(self, text: str):
        self.text = text
        self.spans = sentence_spans(text)
        self._starts = [start for start, _ in self.spans]
        self._collapsed: dict[int, str] = {}  # a sentence naming several places is collapsed once

    def at(self, offset: int) -> str:
        """The sentence holding character ``offset`` (the last one starting at or before it), whitespace collapsed."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index < 0:
            return ""
        found = self._collapsed.get(index)
        if found is None:
            start, end = self.spans[index]
            found = self._collapsed[index] = " ".join(self.text[start:end].split())
        return found


SENTENCE_REACH = 2_000  # characters searched either side of an offset for its sentence


def sentence_around(text: str, offset: int, reach: int = SENTENCE_REACH) -> str:
    """The sentence holding character ``offset``, whitespace collapsed, found in a window of ``reach``
    characters either side (a long text is not split whole for a few sentences)."""
    start = max(0, offset - reach)
    spans = sentence_spans(text[start:offset + reach])
    index = bisect.bisect_right([first for first, _ in spans], offset - start) - 1
    if index < 0:
        return ""
    first, last = spans[index]
    return " ".join(text[start + first:start + last].split())


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
