"""Mention rows folded into one record per place, each article once, for the map of many articles.

The fold keeps, per place, how many distinct articles name it on each day, and the first few of them
each day (:data:`ENTRIES_PER_DAY`, the first sentence naming the place) for its popup; per article,
its date and the places it names (its title, address and publisher only when an entry of it is kept).
Memory grows with the articles and the place-days, not with the rows.
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
ENTRIES_PER_DAY = 5  # articles kept per place and day for the popups (all of them are counted)
ENTRIES_IN_ALL = 10_000  # at most this many kept in all (fewer a day on a large feed): the page stays small


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
    """A place the articles name: how many name it each day, and the articles kept for its popup."""

    place_id: str
    name: str
    lat: float
    lon: float
    feature_type: str
    country_code: str | None
    geonames_id: int | None
    days: dict[dt.date | None, int] = field(default_factory=dict)  # distinct articles by day (None: undated)
    articles: list[ArticleMention] = field(default_factory=list)  # those kept, newest first (undated last)

    @property
    def count(self) -> int:
        """How many distinct articles name the place."""
        return sum(self.days.values())


@dataclass
class Mentions:
    """Every place the rows name (most-named first), the dates they span, and how much was read."""

    path: Path
    places: list[MentionedPlace]
    first: dt.date | None  # the earliest and latest article dates kept (None: no article is dated)
    last: dt.date | None
    rows: int  # rows read, in range or not
    articles: int  # distinct articles kept
    per_day: dict[dt.date | None, int] = field(default_factory=dict)  # distinct articles by day (None: undated)


def check_range(date_from: dt.date | None, date_to: dt.date | None) -> None:
    """--from after --to is an :class:`OptionError`."""
    if date_from and date_to and date_from > date_to:
        raise OptionError(f"the range starts ({date_from}) after it ends ({date_to})", "date_from")


def aggregate(path: str | Path, date_from: dt.date | None = None, date_to: dt.date | None = None, *,
              per_day: int = ENTRIES_PER_DAY, in_all: int = ENTRIES_IN_ALL) -> Mentions:
    """Read the rows at ``path`` and fold them per place, keeping articles dated ``date_from``–``date_to``
    (inclusive; an undated article is left out as soon as either bound is given).

    Every article is counted; ``per_day`` of them per place and day are kept for the popups, fewer
    when that would keep more than ``in_all`` in all.
    """
    check_range(date_from, date_to)
    source = Path(path)
    fold = _Fold(per_day)
    rows = 0
    span: list[dt.date] = []
    bounded = date_from is not None or date_to is not None
    for row in read_rows(source):
        rows += 1
        if rows % PROGRESS_EVERY == 0:
            log.info("read %s mention rows", f"{rows:,}")
        if row.date is not None:
            span = [min(span[0], row.date), max(span[1], row.date)] if span else [row.date, row.date]
        if not bounded or (row.date is not None and (date_from is None or row.date >= date_from)
                           and (date_to is None or row.date <= date_to)):
            fold.add(row)
    if rows == 0:
        raise MentionsError("holds no mention rows", source)
    if not fold.places:
        dates = f"its articles run from {span[0]} to {span[1]}" if span else "none of its articles is dated"
        wanted = f"{date_from or 'the start'} to {date_to or 'the end'}"
        raise MentionsError(f"no article in the range {wanted} ({dates})", source)
    return fold.result(source, rows, in_all)


class _Fold:
    """The running fold: per article only its date and the places it names (its title, address and
    publisher only once an entry of it is kept), per place its counts by day and the entries kept."""

    def __init__(self, per_day: int):
        self.per_day = per_day
        self.articles: dict[str, tuple[dt.date | None, tuple[str, ...]]] = {}  # id -> date, places it names
        self.infos: dict[str, ArticleInfo] = {}  # the articles of the entries kept
        self.places: dict[str, MentionedPlace] = {}
        self.kept: dict[str, dict[dt.date | None, list[ArticleMention]]] = {}  # place -> day -> entries kept

    def add(self, row: MentionRow) -> None:
        date, named = self.articles.get(row.article_id) or (row.date, ())
        if row.place_id in named:
            return  # the article named this place before: its first sentence stands
        place = self.places.get(row.place_id)
        if place is None:
            place = self.places[row.place_id] = _place(row)
            self.kept[row.place_id] = {}
        # the place's own id string, shared by every article naming it; a small tuple, not a set, per article
        self.articles[row.article_id] = (date, (*named, place.place_id))
        place.days[date] = place.days.get(date, 0) + 1
        day = self.kept[place.place_id].setdefault(date, [])
        if len(day) < self.per_day:
            info = self.infos.get(row.article_id)
            if info is None:
                info = self.infos[row.article_id] = ArticleInfo(row.article_id, row.title, row.url, date, row.source)
            day.append(ArticleMention(info, row.sentence))

    def result(self, source: Path, rows: int, in_all: int) -> Mentions:
        cap = self.per_day
        while cap > 1 and sum(min(len(e), cap) for days in self.kept.values() for e in days.values()) > in_all:
            cap -= 1
        for place in self.places.values():
            entries = (e for day in self.kept[place.place_id].values() for e in day[:cap])
            place.articles = sorted(entries, key=_newest_first)
        total = sum(len(place.articles) for place in self.places.values())
        if total > in_all:  # even one a day is too many: the newest days keep theirs
            dates = sorted((e.date or dt.date.min for p in self.places.values() for e in p.articles), reverse=True)
            oldest = dates[in_all - 1]
            for place in self.places.values():
                place.articles = [e for e in place.articles if (e.date or dt.date.min) >= oldest]
        per_date: dict[dt.date | None, int] = {}
        for date, _ in self.articles.values():
            per_date[date] = per_date.get(date, 0) + 1
        dated = [d for d in per_date if d is not None]
        ranked = sorted(self.places.values(), key=lambda p: (-p.count, p.name, p.place_id))
        return Mentions(source, ranked, min(dated, default=None), max(dated, default=None), rows,
                        len(self.articles), per_date)


def _newest_first(entry: ArticleMention) -> tuple[int, int, str]:
    date = entry.article.date
    return (date is None, -(date.toordinal() if date else 0), entry.article.article_id)


def _place(row: MentionRow) -> MentionedPlace:
    return MentionedPlace(row.place_id, row.name, row.lat, row.lon, row.feature_type, row.country_code,
                          row.geonames_id)
