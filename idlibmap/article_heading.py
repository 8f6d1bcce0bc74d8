"""An article's headline and date, for the title and the "as of" date of its map.

A headline is the article's first line when it stands alone (a blank line or the text's end after
it), is short, and is not a dateline ("KYIV, Ukraine (AP) - ..."). The date is the first full date
(day, month and year) in the article's head: the short lines before its first paragraph, and the
dateline that opens it (a date in the story itself may be an event's, not the article's).
Neither ever comes from the file's name or the day of the build; without a headline the title is
the lead sentence, shortened, and without a date the map says the article gives none.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

HEADLINE_MAX_CHARS = 160
HEADLINE_MAX_WORDS = 28
TITLE_MAX_CHARS = 100  # a lead sentence used as the title is cut to this, at a word
HEAD_CHARS = 600  # the most of an article's head searched for its date

_MONTHS = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
     ("november", "nov"), ("december", "dec")], start=1) for name in names}
_MONTH = r"(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(\d{4})\b", re.I)
_MONTH_DAY_YEAR = re.compile(r"\b" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# "KYIV, Ukraine (AP) -", "EDIRNE, Turkey, March 1 (Reuters) —", "YANGON (Reuters) -"
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'’\-]{1,40}(?:,[^()\n]{1,60})?\s*\([A-Za-z .&]{1,30}\)\s*[-–—]+\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s")


@dataclass(frozen=True)
class ArticleHeading:
    """What an article says of itself: its headline (if it has one), a title for its map, its date."""

    headline: str | None
    title: str
    date: dt.date | None


def headline(text: str) -> str | None:
    """The article's first line when it is a headline, else None."""
    lines = text.lstrip("\ufeff").lstrip().splitlines()
    if not lines:
        return None
    first = " ".join(lines[0].split())
    stands_alone = len(lines) == 1 or not lines[1].strip()
    if (not first or not stands_alone or len(first) > HEADLINE_MAX_CHARS or len(first.split()) > HEADLINE_MAX_WORDS
            or _DATELINE.match(first) or first.endswith((".", ",", ";", ":"))):
        return None
    return first


def lead_title(text: str) -> str:
    """The article's lead sentence, its dateline left out, cut to :data:`TITLE_MAX_CHARS` at a word."""
    body = _DATELINE.sub("", " ".join(text.split()), count=1)
    end = _SENTENCE_END.search(body)
    sentence = (body[:end.start()] if end else body).strip().rstrip(".")
    if len(sentence) <= TITLE_MAX_CHARS:
        return sentence
    cut = sentence[:TITLE_MAX_CHARS - 1]
    clause = max(cut.rfind(", "), cut.rfind("; "))
    cut = cut[:clause] if clause >= TITLE_MAX_CHARS * 0.6 else cut.rsplit(" ", 1)[0]
    return cut.rstrip(",;: ") + "…"


def article_head(text: str) -> str:
    """The article's head: the short lines before its first paragraph (headline, byline, date), and the
    dateline that opens that paragraph."""
    head = []
    for line in text[:HEAD_CHARS * 4].splitlines():
        if len(line.strip()) > HEADLINE_MAX_CHARS:
            dateline = _DATELINE.match(line)
            head.append(dateline.group(0) if dateline else "")
            break
        head.append(line)
    return "\n".join(head)[:HEAD_CHARS]


def article_date(text: str) -> dt.date | None:
    """The first full date in the article's head (:func:`article_head`), else None."""
    head = article_head(text)
    found: list[tuple[int, dt.date]] = []
    for match in _DAY_MONTH_YEAR.finditer(head):
        found += _date_at(match.start(), match.group(3), match.group(2), match.group(1))
    for match in _MONTH_DAY_YEAR.finditer(head):
        found += _date_at(match.start(), match.group(3), match.group(1), match.group(2))
    for match in _ISO.finditer(head):
        found += _date_at(match.start(), match.group(1), match.group(2), match.group(3))
    return min(found)[1] if found else None


def _date_at(position: int, year: str, month: str, day: str) -> list[tuple[int, dt.date]]:
    number = int(month) if month.isdigit() else _MONTHS.get(month.lower().rstrip("."))
    try:
        return [(position, dt.date(int(year), number or 0, int(day)))]
    except ValueError:
        return []


def article_heading(text: str) -> ArticleHeading:
    """The article's headline, the title its map takes (the headline, else the lead), and its date."""
    found = headline(text)
    return ArticleHeading(found, found or lead_title(text), article_date(text))
