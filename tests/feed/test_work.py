"""A worker's memo stays bounded and never changes what it finds."""

from __future__ import annotations

import pytest

from idlibmap.feed import work
from idlibmap.feed.articles import Article
from idlibmap.feed.work import Worker

from .conftest import feed_records


@pytest.mark.parametrize("bound", [40, 120])
def test_a_worker_halving_its_memo_finds_the_same_rows_and_stays_bounded(gazetteer, monkeypatch, bound):
    articles = [Article(id=str(r["id"]), text=str(r["text"])) for r in feed_records()] * 2
    unbounded = Worker(gazetteer)
    expected = unbounded.chunk(0, articles)
    assert unbounded.geoparser.lookups.size() > 4 * bound  # the feed needs far more answers than the bound

    monkeypatch.setattr(work, "MAX_MEMOISED", bound)
    bounded = Worker(gazetteer)
    sizes = []
    rows = []
    for number, article in enumerate(articles):
        result = bounded.chunk(number, [article])
        rows += result.rows
        sizes.append(bounded.geoparser.lookups.size())
    assert rows == expected.rows and len(rows) > 100
    # halved before each article once past the bound: never more than the bound and one article's answers
    most_one_article_adds = max(b - a for a, b in zip(sizes, sizes[1:], strict=False))
    assert max(sizes) <= bound + most_one_article_adds
