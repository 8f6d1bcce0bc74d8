"""The work of one worker: a chunk of articles in, their mention rows and failures out.

A :class:`Worker` opens the gazetteer once and reuses one :class:`~idlibmap.geoparse.Geoparser` across
articles (its memoised lookups are what makes an article cost a few milliseconds); the older half of the
lookups is dropped when they grow past :data:`MAX_MEMOISED`, so a worker's memory stays bounded on any feed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import IdlibmapError
from .articles import Article, Failure, Item, one_line
from .rows import WrittenRow, mention_rows, text_lines

if TYPE_CHECKING:
    from ..gazetteer import Gazetteer
    from ..geoparse import Geoparser

# Memoised lookups a worker keeps before it drops the older half: about 12 MB of them. Real news meets about
# 85 new ones an article at first (benchmarks/feed_real_speed.py), so a worker reaches its steady size early
# in any large batch.
MAX_MEMOISED = 20_000


@dataclass
class ChunkResult:
    """What came of one chunk: its rows, the ids of its articles done (geoparsed, with or without
    places), and its failures. For a text output the rows travel as the output's lines (``lines``, with
    ``rows`` emptied): bytes cross from a worker process to the writer for a small share of what pickling
    row objects costs (about 100 µs an article)."""

    number: int
    rows: list[WrittenRow] = field(default_factory=list)
    done: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    lines: bytes | None = None
    lines_rows: int = 0  # how many rows ``lines`` holds

    @property
    def articles(self) -> int:
        return len(self.done) + len(self.failures)

    @property
    def row_count(self) -> int:
        return len(self.rows) + self.lines_rows

    def encode(self, text_format: str) -> None:
        """Turn the rows into the lines of a ``.jsonl`` or ``.csv`` output (:func:`~.rows.text_lines`)."""
        self.lines, self.lines_rows, self.rows = text_lines(self.rows, text_format), len(self.rows), []


class Worker:
    """Geoparses articles with one gazetteer and one reused geoparser."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        if gazetteer is None:
            from ..gazetteer import Gazetteer

            gazetteer = Gazetteer.open()
        self.gazetteer = gazetteer
        self._geoparser: Geoparser | None = None

    @property
    def geoparser(self) -> Geoparser:
        if self._geoparser is None:
            from ..geoparse import Geoparser

            self._geoparser = Geoparser(self.gazetteer, alternatives=0)  # rows hold no runners-up
        elif self._geoparser.lookups.size() > MAX_MEMOISED:
            self._geoparser.lookups.forget_older_half()
        return self._geoparser

    def rows(self, article: Article) -> list[WrittenRow]:
        """The mention rows of one article (none if it names no place)."""
        return mention_rows(article, self.geoparser.parse(article.text).places)

    def chunk(self, number: int, items: list[Item], text_format: str | None = None) -> ChunkResult:
        """Geoparse a chunk; an article that raises becomes a failure, the others go on. With a
        ``text_format`` (``.jsonl``, ``.csv``) the rows come back encoded as its lines."""
        result = ChunkResult(number)
        for item in items:
            if isinstance(item, Failure):
                result.failures.append(item)
                continue
            try:
                rows = self.rows(item)
            except IdlibmapError as err:
                result.failures.append(Failure(item.id, one_line(str(err))))
            except Exception as err:  # one bad article never stops the batch: it is reported, the rest go on
                result.failures.append(Failure(item.id, one_line(f"{type(err).__name__}: {err}")))
            else:
                result.rows.extend(rows)
                result.done.append(item.id)
        if text_format is not None:
            result.encode(text_format)
        return result
