"""Reading a batch's input as a stream of articles: text files, folders of them, or a JSON Lines feed.

Each item is an :class:`Article` (id, text and what the feed says of it) or a :class:`Failure` (an id
and a one-line reason): a bad line, a missing ``text``, a field of the wrong type, an unreadable file,
a duplicate id. Nothing is read ahead and the ids seen are kept on disk: a feed of any size streams
through in constant memory.
"""

from __future__ import annotations

import datetime
import json
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..article import MAX_ARTICLE_BYTES, load_article
from ..errors import ArticleError, FeedError, OutputError
from ..files import SpilledIds

OPTIONAL_FIELDS = ("title", "url", "date", "source")


@dataclass(frozen=True, slots=True)
class Article:
    """One article of a batch: its id, its text, and the feed's title, URL, date (``YYYY-MM-DD``) and source."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    date: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Failure:
    """An article that could not be read or geoparsed: its id (or ``line N`` of the feed) and why, in one line."""

    article_id: str
    reason: str


Item = Article | Failure


def item_id(item: Item) -> str:
    """The id an article or a failure goes by."""
    return item.id if isinstance(item, Article) else item.article_id


def one_line(text: str) -> str:
    """``text`` on one line, whitespace collapsed (for the errors file)."""
    return " ".join(str(text).split())


_JSON_TYPES = {"int": "an integer", "float": "a number", "bool": "a boolean", "list": "a list", "dict": "an object",
               "str": "a string", "NoneType": "null"}


def _json_type(value: object) -> str:
    """How JSON calls the type of ``value``: 'an integer', 'a list', 'an object'."""
    return _JSON_TYPES.get(type(value).__name__, type(value).__name__)


def normalise_date(value: str) -> str:
    """The calendar date of an ISO date or date-time ("2024-03-05T10:00:00Z" -> "2024-03-05"), as written."""
    text = value.strip()
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        return datetime.datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        raise ValueError(f"date {value[:40]!r} is not an ISO date (YYYY-MM-DD, or a date-time)") from None


def article_from_json(record: Any) -> Article:
    """An :class:`Article` from a feed object; a ``ValueError`` naming the field at fault otherwise."""
    if not isinstance(record, dict):
        raise ValueError(f"is {_json_type(record)}, not a JSON object")
    identity = record.get("id")
    if isinstance(identity, bool) or not isinstance(identity, str | int):
        raise ValueError("has no 'id' (a string or an integer)" if identity is None else
                         f"'id' is {_json_type(identity)}, not a string or an integer")
    if isinstance(identity, str) and not identity.strip():
        raise ValueError("'id' is empty")
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError("has no 'text'" if text is None else f"'text' is {_json_type(text)}, not a string")
    if not text.strip():
        raise ValueError("'text' is empty")
    fields: dict[str, str | None] = {}
    for name in OPTIONAL_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"'{name}' is {_json_type(value)}, not a string")
        fields[name] = value or None
    if fields["date"] is not None:
        fields["date"] = normalise_date(fields["date"])
    return Article(str(identity), text, **fields)


def check_readable(path: Path, what: str) -> None:
    """Refuse, before the batch starts, an input that is missing, a folder or not a regular file."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise FeedError(f"{what} not found", path) from None
    except (OSError, ValueError) as err:
        raise FeedError(f"cannot read {what}: {getattr(err, 'strerror', None) or err}", path) from None
    if not stat.S_ISREG(mode):
        raise FeedError(f"is not a regular file; give {what} on disk", path)
    if not os.access(path, os.R_OK):
        raise FeedError(f"{what} is not readable (permission denied)", path)


def read_feed(path: Path) -> Iterator[Item]:
    """The articles of the JSON Lines feed at ``path``, one per non-blank line, streamed.

    A line that is not a JSON object with a string ``text`` and an ``id`` is a :class:`Failure` whose id
    is the article's ``id`` if it has one, else ``line N``. A second article with an id already seen
    is a Failure too (the first one is kept). The ids seen are kept on disk (:class:`SpilledIds`), not
    in memory.
    """
    check_readable(path, "feed")
    try:
        with path.open("rb") as stream, SpilledIds() as first_line:
            for number, raw in enumerate(stream, start=1):
                item = _feed_item(raw, number)
                if item is None:
                    continue
                if isinstance(item, Article):
                    seen = first_line.setdefault(item.id, number)
                    if seen != number:
                        item = Failure(item.id, f"line {number}: duplicate id, first seen on line {seen}; skipped")
                yield item
    except OutputError:  # the temporary file of ids (an OSError too) is not the feed
        raise
    except OSError as err:
        raise FeedError(f"cannot read feed: {err.strerror or err}", path) from err


def _feed_item(raw: bytes, number: int) -> Item | None:
    if len(raw) > MAX_ARTICLE_BYTES:
        return Failure(f"line {number}", f"line {number}: {len(raw):,} bytes, over the limit of {MAX_ARTICLE_BYTES:,}")
    if not raw.strip():
        return None
    try:
        record = json.loads(raw)
    except UnicodeDecodeError as err:
        return Failure(f"line {number}", f"line {number}: not UTF-8 ({err.reason} at byte {err.start})")
    except json.JSONDecodeError as err:
        return Failure(f"line {number}", f"line {number}: not JSON ({err.msg} at column {err.colno})")
    except RecursionError:
        return Failure(f"line {number}", f"line {number}: JSON nested too deeply")
    try:
        return article_from_json(record)
    except ValueError as err:
        identity = record.get("id") if isinstance(record, dict) else None
        name = str(identity) if isinstance(identity, str | int) and not isinstance(identity, bool) \
            and str(identity).strip() else f"line {number}"
        return Failure(name, one_line(f"line {number}: {err}"))


def text_files(inputs: Sequence[Path]) -> Iterator[tuple[str, Path]]:
    """(id, path) of each file given and each ``*.txt`` under each folder given (recursively, sorted).

    A file's id is its path as given; a file found in a folder is named relative to that folder.
    """
    for given in inputs:
        if given.is_dir():
            for path in sorted(given.rglob("*.txt")):
                if path.is_file():
                    yield path.relative_to(given).as_posix(), path
        elif given.exists():
            yield str(given), given
        else:
            raise FeedError("article file not found", given)


def read_files(inputs: Sequence[Path]) -> Iterator[Item]:
    """The articles of the text files and folders ``inputs``; an unreadable or empty file is a Failure."""
    with SpilledIds() as seen:
        for number, (identity, path) in enumerate(text_files(inputs)):
            if seen.setdefault(identity, number) != number:
                yield Failure(identity, "duplicate id (the same file given twice); skipped")
                continue
            try:
                article = load_article(path)
            except ArticleError as err:
                yield Failure(identity, one_line(str(err)))
                continue
            yield Article(identity, article.text)


def count_items(feed: Path | None, inputs: Sequence[Path]) -> int:
    """How many articles the input holds, roughly (non-blank lines, or files): for a progress bar's total."""
    if feed is None:
        return sum(1 for _ in text_files(inputs))
    count = 0
    with feed.open("rb") as stream:
        for raw in stream:
            count += bool(raw.strip())
    return count
