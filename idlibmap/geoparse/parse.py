"""The geoparser's entry points: a text or an article in, its places out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..article import sentence_around
from ..errors import ArticleError
from .lookups import Lookups
from .places import ParseResult
from .resolve import ALTERNATIVES_SHOWN, Resolver
from .tokens import Scanner

if TYPE_CHECKING:
    from ..article import Article
    from ..gazetteer import Gazetteer


class Geoparser:
    """Finds and resolves place names; one per gazetteer, reusable across texts (lookups are memoised)."""

    def __init__(self, gazetteer: Gazetteer, alternatives: int = ALTERNATIVES_SHOWN):
        """``alternatives``: how many runners-up each place lists (a batch writing rows, which hold none,
        asks for 0 and saves their making)."""
        self.gazetteer = gazetteer
        self.lookups = Lookups(gazetteer)
        self.alternatives = alternatives

    def parse(self, text: str) -> ParseResult:
        """Every place ``text`` names, resolved; a long text logs its progress."""
        scan = Scanner(self.lookups, text)
        scan.run()
        context = tuple(sorted(scan.context))
        scan.add_spelling_hits(context)  # transliteration variants, only inside the text's countries
        places = Resolver(self.lookups, text, scan.hits, scan.context, self.alternatives).places()
        return ParseResult(places, [c for c, _ in scan.context.most_common()])


def places_from_text(text: str, gazetteer: Gazetteer, progress: object = None) -> ParseResult:
    """Geoparse ``text``: every place it names, each with its mentions and its first mention's sentence.

    ``progress`` is ignored (kept for old callers): progress goes to the ``idlibmap`` logger.
    """
    result = Geoparser(gazetteer).parse(text)
    for place in result.places:
        place.sentence = sentence_around(text, place.mentions[0].start)
    return result


def places_from_article(article: Article, gazetteer: Gazetteer, progress: object = None) -> ParseResult:
    """Geoparse an article; an article naming no place is an :class:`~idlibmap.errors.ArticleError`.

    The article's own warnings (an encoding fallback) come first in the result's ``warnings``.
    ``progress`` is ignored (kept for old callers): progress goes to the ``idlibmap`` logger.
    """
    result = places_from_text(article.text, gazetteer)
    result.warnings[:0] = article.warnings
    if not result.places:
        raise ArticleError("names no place the offline gazetteer knows; nothing to map", article.path)
    return result
