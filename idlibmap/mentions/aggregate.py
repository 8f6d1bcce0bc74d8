"""Mention rows folded into one record per place, each article once, for the map of many articles.

The fold keeps, per place, one entry per article (its first sentence naming the place) and, per
article, one copy of its title, address, date and publisher: memory grows with the distinct
(place, article) pairs, not with the rows read.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import MentionsError, OptionError
from .read import MentionRow, read_rows

log = logging.getLogger(__name__)
PROGRESS_EVERY = 500_000  # rows between progress lines on long reads


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """An article as the rows give it (the first row naming it wins)."""

    article_id: str
    title: str | None
    url: str | None
    date: dt.date | None
    source: str | None


@dataclass(frozen=True, slots=True)
class ArticleMention:
    """One article naming a place: the article, and the first sentence in which it names it."""

    article: ArticleInfo
    sentence: str

    @property
    def date(self) -> dt.date | None:
        return self.article.date


@dataclass
class MentionedPlace:
    """A place the articles name, with every article naming it, newest first (undated ones last)."""

    place_id: str
    name: str
    lat: float
    lon: float
    feature_type: str
    country_code: str | None
    geonames_id: int | None
    articles: list[ArticleMention] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many distinct articles name the place."""
        return len(self.articles)


@dataclass
class Mentions:
    """Every place the rows name (most-named first), the dates they span, and how much was read."""

    path: Path
    places: list[MentionedPlace]
    first: dt.date | None  # the earliest and latest article dates kept (None: no article is dated)
    last: dt.date | None
    rows: int  # rows read, in range or not
    articles: int  # distinct articles kept


def check_range(date_from: dt.date | None, date_to: dt.date | None) -> None:
    """--from after --to is an :class:`OptionError`."""
    if date_from and date_to and date_from > date_to:
        raise OptionError(f"the range starts ({date_from}) after it ends ({date_to})", "date_from")


def aggregate(path: str | Path, date_from: dt.date | None = None, date_to: dt.date | None = None) -> Mentions:
    """Read the rows at ``path`` and fold them per place, keeping articles dated ``date_from``–``date_to``
    (inclusive; an undated article is left out as soon as either bound is given)."""
    check_range(date_from, date_to)
    source = Path(path)
    articles: dict[str, ArticleInfo] = {}
    places: dict[str, MentionedPlace] = {}
    seen: dict[str, set[str]] = {}  # place_id -> ids of the articles already kept for it
    rows = 0
    span: list[dt.date] = []
    bounded = date_from is not None or date_to is not None
    for row in read_rows(source):
        rows += 1
        if rows % PROGRESS_EVERY == 0:
            log.info("read %s mention rows", f"{rows:,}")
        if row.date is not None:
            span = [min(span[0], row.date), max(span[1], row.date)] if span else [row.date, row.date]
        if bounded and (row.date is None or (date_from and row.date < date_from)
                        or (date_to and row.date > date_to)):
            continue
        article = articles.get(row.article_id)
        if article is None:
            article = articles[row.article_id] = _article(row)
        place = places.get(row.place_id)
        if place is None:
            place = places[row.place_id] = _place(row)
            seen[row.place_id] = set()
        if row.article_id not in seen[row.place_id]:
            seen[row.place_id].add(row.article_id)
            place.articles.append(ArticleMention(article, row.sentence))
    if rows == 0:
        raise MentionsError("holds no mention rows", source)
    if not places:
        dates = f"its articles run from {span[0]} to {span[1]}" if span else "none of its articles is dated"
        wanted = f"{date_from or 'the start'} to {date_to or 'the end'}"
        raise MentionsError(f"no article in the range {wanted} ({dates})", source)
    for place in places.values():
        place.articles.sort(key=_newest_first)
    dated = [a.date for a in articles.values() if a.date is not None]
    ranked = sorted(places.values(), key=lambda p: (-p.count, p.name, p.place_id))
    return Mentions(source, ranked, min(dated, default=None), max(dated, default=None), rows, len(articles))


def _newest_first(entry: ArticleMention) -> tuple[int, int, str]:
    date = entry.article.date
    return (date is None, -(date.toordinal() if date else 0), entry.article.article_id)


def _article(row: MentionRow) -> ArticleInfo:
    return ArticleInfo(row.article_id, row.title, row.url, row.date, row.source)


def _place(row: MentionRow) -> MentionedPlace:
    return MentionedPlace(row.place_id, row.name, row.lat, row.lon, row.feature_type, row.country_code,
                          row.geonames_id)
