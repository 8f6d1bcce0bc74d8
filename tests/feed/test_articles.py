"""Reading a batch's input: feed lines, files and folders, and what makes an article fail."""

from __future__ import annotations

import json

import pytest

from idlibmap.errors import FeedError
from idlibmap.feed.articles import Article, Failure, normalise_date, read_feed, read_files


def _items(tmp_path, *lines: str):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return list(read_feed(path))


def test_a_feed_line_becomes_an_article_with_its_fields(tmp_path):
    (item,) = _items(tmp_path, json.dumps({"id": 7, "text": "Aleppo.", "title": "T", "url": "https://x.org/a",
                                           "date": "2024-03-05T23:30:00+05:00", "source": "Wire"}))
    assert item == Article("7", "Aleppo.", "T", "https://x.org/a", "2024-03-05", "Wire")


@pytest.mark.parametrize(("line", "article_id", "fragment"), [
    ("{not json", "line 2", "line 2: not JSON"),
    ('["a list"]', "line 2", "is a list, not a JSON object"),
    ('{"id": "a", "title": "no text"}', "a", "has no 'text'"),
    ('{"id": "a", "text": 5}', "a", "'text' is an integer, not a string"),
    ('{"id": "a", "text": "   "}', "a", "'text' is empty"),
    ('{"text": "Aleppo"}', "line 2", "has no 'id'"),
    ('{"id": true, "text": "Aleppo"}', "line 2", "'id' is a boolean"),
    ('{"id": "a", "text": "Aleppo", "url": ["x"]}', "a", "'url' is a list, not a string"),
    ('{"id": "a", "text": "Aleppo", "date": "last week"}', "a", "is not an ISO date"),
])
def test_a_bad_line_is_one_failure_and_the_next_line_is_read(tmp_path, line, article_id, fragment):
    first, bad, last = _items(tmp_path, '{"id": "before", "text": "Aleppo"}', line, '{"id": "after", "text": "Homs"}')
    assert isinstance(first, Article) and isinstance(last, Article) and last.id == "after"
    assert isinstance(bad, Failure) and bad.article_id == article_id and fragment in bad.reason
    assert "\n" not in bad.reason


def test_a_duplicate_id_fails_and_the_first_is_kept(tmp_path):
    items = _items(tmp_path, '{"id": "a", "text": "Aleppo"}', "", '{"id": "b", "text": "Homs"}',
                   '{"id": "a", "text": "Hama"}')
    assert items == [Article("a", "Aleppo"), Article("b", "Homs"),
                     Failure("a", "line 4: duplicate id, first seen on line 1; skipped")]


def test_invalid_utf8_in_a_line_is_a_failure(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Alep\xe9"}\n{"id": "b", "text": "Homs"}\n')
    bad, good = read_feed(path)
    assert isinstance(bad, Failure) and "not UTF-8" in bad.reason and good == Article("b", "Homs")


@pytest.mark.parametrize("make", [lambda p: None, lambda p: p.mkdir()])
def test_a_missing_or_folder_feed_is_refused_before_reading(tmp_path, make):
    path = tmp_path / "feed.jsonl"
    make(path)
    with pytest.raises(FeedError, match="feed"):
        list(read_feed(path))


@pytest.mark.parametrize(("value", "expected"), [("2024-03-05", "2024-03-05"), ("2024-03-05T10:00:00Z", "2024-03-05"),
                                                 ("2024-03-05 23:59", "2024-03-05"), ("20240305", "2024-03-05")])
def test_dates_are_normalised_to_the_calendar_date_written(value, expected):
    assert normalise_date(value) == expected


def test_folders_are_read_recursively_with_ids_relative_to_them(tmp_path):
    folder = tmp_path / "news"
    (folder / "2024" / "march").mkdir(parents=True)
    (folder / "2024" / "march" / "b.txt").write_text("Shelling hit Aleppo.", encoding="utf-8")
    (folder / "a.txt").write_text("Talks in Geneva.", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.md").write_text("Homs", encoding="utf-8")
    single = tmp_path / "single.txt"
    single.write_text("Homs.", encoding="utf-8")
    items = list(read_files([folder, single]))
    assert [getattr(i, "id", None) or i.article_id for i in items] == ["2024/march/b.txt", "a.txt", "empty.txt",
                                                                       str(single)]
    assert isinstance(items[2], Failure) and "is empty" in items[2].reason
    assert items[0] == Article("2024/march/b.txt", "Shelling hit Aleppo.")
