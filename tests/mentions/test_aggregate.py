"""Folding mention rows per place: each article once with its first sentence, newest first, within a date range."""

from __future__ import annotations

import datetime as dt

import pytest

from idlibmap.errors import MentionsError, OptionError
from idlibmap.mentions import aggregate

from .rows import feed, row, write_csv, write_jsonl


def test_places_are_ranked_by_distinct_articles_with_one_entry_per_article(tmp_path):
    folded = aggregate(write_jsonl(tmp_path / "rows.jsonl", feed()))
    assert [(p.name, p.count) for p in folded.places] == [
        ("Idlib", 4), ("Aleppo", 2), ("Saraqib", 2), ("Turkey", 2), ("Damascus", 1)]
    idlib = folded.places[0]
    assert [e.article.article_id for e in idlib.articles] == ["a4", "a3", "a2", "a1"]  # newest first
    assert idlib.articles[-1].sentence == "Fighting was reported in Idlib (a1)."  # the first sentence, not "again"
    assert (folded.first, folded.last, folded.rows, folded.articles) == (dt.date(2020, 3, 1), dt.date(2020, 3, 7),
                                                                         12, 5)


def test_undated_articles_come_last_and_count_only_without_a_range(tmp_path):
    path = write_jsonl(tmp_path / "rows.jsonl", feed() + [row("a0", "Idlib", None)])
    idlib = aggregate(path).places[0]
    assert idlib.count == 5 and idlib.articles[-1].article.article_id == "a0"
    assert aggregate(path, date_from=dt.date(2020, 3, 1)).places[0].count == 4


def test_a_date_range_keeps_only_the_articles_within_it(tmp_path):
    path = write_csv(tmp_path / "rows.csv", feed())
    folded = aggregate(path, dt.date(2020, 3, 2), dt.date(2020, 3, 4))
    assert {p.name: p.count for p in folded.places} == {"Idlib": 2, "Saraqib": 1, "Turkey": 1}
    assert (folded.first, folded.last, folded.articles) == (dt.date(2020, 3, 2), dt.date(2020, 3, 4), 2)


def test_an_empty_file_and_an_empty_range_are_clear_errors(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(MentionsError, match=r"empty.jsonl: holds no mention rows"):
        aggregate(empty)
    path = write_jsonl(tmp_path / "rows.jsonl", feed())
    with pytest.raises(MentionsError, match=r"no article in the range 2021-01-01 to the end "
                                            r"\(its articles run from 2020-03-01 to 2020-03-07\)"):
        aggregate(path, dt.date(2021, 1, 1))
    with pytest.raises(OptionError, match="starts .* after it ends"):
        aggregate(path, dt.date(2020, 3, 5), dt.date(2020, 3, 4))


def test_memory_grows_with_places_and_articles_not_rows(tmp_path):
    """A thousand rows repeating five articles fold into the same handful of entries, sharing each article."""
    path = write_jsonl(tmp_path / "rows.jsonl", feed() * 100)
    folded = aggregate(path)
    assert folded.rows == 1200 and sum(p.count for p in folded.places) == 11
    infos = {id(e.article) for p in folded.places for e in p.articles}
    assert len(infos) == 5  # one record per article, shared by every place it names


def test_every_article_is_counted_but_only_a_few_a_day_are_kept_for_popups(tmp_path):
    rows = [row(f"b{i}", "Idlib", "2020-03-0" + str(1 + i % 2)) for i in range(30)]
    path = write_jsonl(tmp_path / "rows.jsonl", rows)
    idlib = aggregate(path, per_day=5).places[0]
    assert idlib.count == 30 and idlib.days == {dt.date(2020, 3, 1): 15, dt.date(2020, 3, 2): 15}
    assert len(idlib.articles) == 10 and idlib.articles[0].date == dt.date(2020, 3, 2)  # 5 a day, newest first
    small = aggregate(path, per_day=5, in_all=3).places[0]
    assert small.count == 30 and len(small.articles) == 2  # one a day when the page's budget is tight
    assert aggregate(path).per_day == {dt.date(2020, 3, 1): 15, dt.date(2020, 3, 2): 15}

    tiny = aggregate(path, per_day=5, in_all=1).places[0]
    assert tiny.count == 30 and [e.date for e in tiny.articles] == [dt.date(2020, 3, 2)]  # the newest day's
