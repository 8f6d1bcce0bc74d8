"""Helpers for the geoparser's tests: parse a text, index its places by name, collect the library's log lines."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from idlibmap.gazetteer import Gazetteer
from idlibmap.geoparse import ArticlePlace, ParseResult, places_from_text


def parse(text: str, gazetteer: Gazetteer) -> ParseResult:
    return places_from_text(text, gazetteer)


def by_name(result: ParseResult) -> dict[str, ArticlePlace]:
    return {place.name: place for place in result.places}


@contextmanager
def idlibmap_log() -> Iterator[list[str]]:
    """The messages the ``idlibmap`` loggers emit meanwhile (INFO and up), whatever handlers the CLI set up."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger, handler = logging.getLogger("idlibmap"), Collect()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
