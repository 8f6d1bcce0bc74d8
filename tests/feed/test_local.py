"""The --jobs engine: the same rows from one process or two, and one bad article stops nothing."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal

import pytest

from idlibmap.cli import main
from idlibmap.errors import FeedError
from idlibmap.feed import batch
from idlibmap.feed.articles import Article
from idlibmap.feed.local import run_local

from .conftest import feed_records, read_jsonl, write_feed


def test_jobs_1_and_jobs_2_give_the_same_rows_in_the_same_order(feed, tmp_path, gazetteer, capsys, monkeypatch):
    monkeypatch.setattr(batch, "LOCAL_CHUNK", 3)  # several chunks, so the two workers share the feed
    assert main(["places", "--feed", str(feed), "--out", str(tmp_path / "one.jsonl"), "--jobs", "1"]) == 0
    assert main(["places", "--feed", str(feed), "--out", str(tmp_path / "two.jsonl"), "--jobs", "2"]) == 0
    one, two = read_jsonl(tmp_path / "one.jsonl"), read_jsonl(tmp_path / "two.jsonl")
    assert one == two and len(one) > 100
    assert {row["article_id"] for row in one} == {str(r["id"]) for r in feed_records()}
    summary = capsys.readouterr().out.splitlines()
    assert summary[-1].startswith("places: 16 articles, 0 failed, ") and "articles/s" in summary[-1]


def test_a_bad_article_lands_in_the_errors_file_and_the_exit_code_says_so(tmp_path, gazetteer, capsys):
    feed = write_feed(tmp_path / "feed.jsonl", feed_records()[:3],
                      ('{"id": "broken", "text": 12}', "not json at all", '{"id": "quiet", "text": "no place here."}'))
    out = tmp_path / "rows.csv"
    assert main(["places", "--feed", str(feed), "--out", str(out), "--jobs", "2"]) == 1
    captured = capsys.readouterr()
    errors = [json.loads(line) for line in (tmp_path / "rows.errors.jsonl").read_text().splitlines()]
    assert errors == [{"article_id": "broken", "reason": "line 4: 'text' is an integer, not a string"},
                      {"article_id": "line 5", "reason": "line 5: not JSON (Expecting value at column 1)"}]
    errors_path = tmp_path / "rows.errors.jsonl"
    assert captured.err.splitlines() == [f"idlibmap: 2 articles failed; ids and reasons in {errors_path}"]
    assert "places: 6 articles, 2 failed, " in captured.out
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("article_id,title,url,date,source,name,mention,")
    assert {line.split(",")[0] for line in rows[1:]} == {"whole-caucasus-tavush", "0", "whole-colombia-cucuta"}


def test_a_worker_that_dies_ends_the_batch_with_one_clear_error_not_a_hang(gazetteer):
    chunks = ((number, [Article(id=f"a{number}", text="Shelling hit Aleppo and Idlib in Syria.")])
              for number in range(200))
    results = run_local(chunks, 2)
    next(results)  # the workers are up
    workers = multiprocessing.active_children()
    assert workers
    os.kill(workers[0].pid, signal.SIGKILL)
    with pytest.raises(FeedError, match="a worker process stopped or could not start"):
        for _ in results:
            pass
