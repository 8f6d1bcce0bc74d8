"""Re-running with the same --out resumes: finished articles are skipped, nothing is duplicated or lost,
even after a run killed mid-write."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

from idlibmap.cli import main
from idlibmap.feed import batch
from idlibmap.files import AppendFile

from ..conftest import ROOT, fails_cleanly
from .conftest import feed_records, read_jsonl, write_feed


def _lines(path):
    return Counter(path.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_a_run_cut_off_mid_write_resumes_without_duplicates_or_losses(tmp_path, gazetteer, capsys, monkeypatch,
                                                                      suffix):
    monkeypatch.setattr(batch, "LOCAL_CHUNK", 4)
    records = feed_records()
    whole = write_feed(tmp_path / "whole.jsonl", records)
    reference = tmp_path / f"reference{suffix}"
    assert main(["places", "--feed", str(whole), "--out", str(reference), "--jobs", "1"]) == 0
    out = tmp_path / f"rows{suffix}"
    assert main(["places", "--feed", str(write_feed(tmp_path / "half.jsonl", records[:8])), "--out", str(out),
                 "--jobs", "1"]) == 0
    with out.open("ab") as stream:  # what a kill leaves: half a row, and half a journal line
        stream.write(b'whole-x,"half a row')
    with (tmp_path / f"rows{suffix}.done").open("ab") as stream:
        stream.write(b'{"rows": 99999, "done": ["whole-')
    capsys.readouterr()
    assert main(["places", "--feed", str(whole), "--out", str(out), "--jobs", "1"]) == 0
    assert "places: 8 articles, 0 failed, " in capsys.readouterr().out
    assert _lines(out) == _lines(reference)
    assert main(["places", "--feed", str(whole), "--out", str(out), "--jobs", "1"]) == 0  # all done: nothing to do
    assert "places: 0 articles, 0 failed, 0 mentions" in capsys.readouterr().out
    assert _lines(out) == _lines(reference)


def test_articles_without_places_and_failed_ones_count_as_done(tmp_path, gazetteer, capsys):
    feed = write_feed(tmp_path / "feed.jsonl", feed_records()[:2], ('{"id": "quiet", "text": "nothing here."}',
                                                                    '{"id": "bad", "text": 3}'))
    out = tmp_path / "rows.jsonl"
    assert main(["places", "--feed", str(feed), "--out", str(out), "--jobs", "1"]) == 1
    errors_before = (tmp_path / "rows.errors.jsonl").read_text()
    capsys.readouterr()
    assert main(["places", "--feed", str(feed), "--out", str(out), "--jobs", "1"]) == 1
    captured = capsys.readouterr()
    assert "places: 0 articles, 0 failed, 0 mentions" in captured.out and "4 skipped" in captured.out
    assert "1 articles failed (1 in earlier runs)" in captured.err
    assert (tmp_path / "rows.errors.jsonl").read_text() == errors_before


def test_a_changed_feed_only_adds_the_new_ids(tmp_path, gazetteer, capsys):
    records = feed_records()
    out = tmp_path / "rows.jsonl"
    assert main(["places", "--feed", str(write_feed(tmp_path / "a.jsonl", records[:6])), "--out", str(out),
                 "--jobs", "1"]) == 0
    before = read_jsonl(out)
    changed = [dict(r, text="Aleppo and Homs.") for r in records[:6]] + records[6:9]
    assert main(["places", "--feed", str(write_feed(tmp_path / "b.jsonl", changed)), "--out", str(out),
                 "--jobs", "1"]) == 0
    after = read_jsonl(out)
    assert after[:len(before)] == before
    assert {r["article_id"] for r in after[len(before):]} == {str(r["id"]) for r in records[6:9]}


def test_parquet_parts_not_in_the_journal_are_removed_on_resume(tmp_path, gazetteer, capsys):
    import geopandas

    feed = write_feed(tmp_path / "feed.jsonl", feed_records()[:4])
    out = tmp_path / "rows.parquet"
    assert main(["places", "--feed", str(feed), "--out", str(out), "--jobs", "1"]) == 0
    count = len(geopandas.read_parquet(out))
    (out / "part-000009.parquet").write_bytes(b"PAR1 half a part")  # a part whose journal line was never written
    assert main(["places", "--feed", str(feed), "--out", str(out), "--jobs", "1"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["part-000001.parquet"]
    assert len(geopandas.read_parquet(out)) == count


def test_without_a_journal_the_output_starts_afresh(tmp_path, gazetteer, capsys):
    out = tmp_path / "rows.jsonl"
    out.write_text("old content\n", encoding="utf-8")
    feed = write_feed(tmp_path / "feed.jsonl", feed_records()[:1])
    assert main(["places", "--feed", str(feed), "--out", str(out), "--jobs", "1"]) == 0
    assert "old content" not in out.read_text(encoding="utf-8") and len(read_jsonl(out)) > 5


def test_a_second_run_into_the_same_output_is_refused_while_the_first_runs(tmp_path, gazetteer, capsys):
    feed = write_feed(tmp_path / "feed.jsonl", feed_records()[:1])
    out = tmp_path / "rows.jsonl"
    with AppendFile(tmp_path / "rows.jsonl.done", lock=True):
        line = fails_cleanly(["places", "--feed", str(feed), "--out", str(out)], capsys)
    assert "another run is writing" in line


def test_a_killed_process_resumes_to_exactly_the_rows_of_one_whole_run(tmp_path, gazetteer, capsys):
    records = [dict(r, id=f"{n}-{r['id']}") for n in range(6) for r in feed_records()]  # 96 articles, 3 chunks
    feed = write_feed(tmp_path / "feed.jsonl", records)
    reference = tmp_path / "reference.jsonl"
    assert main(["places", "--feed", str(feed), "--out", str(reference), "--jobs", "1"]) == 0
    out = tmp_path / "rows.jsonl"
    journal = tmp_path / "rows.jsonl.done"
    run = subprocess.Popen([sys.executable, "-m", "idlibmap", "places", "--feed", str(feed), "--out", str(out),
                            "--jobs", "1"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while run.poll() is None and (not journal.exists() or journal.stat().st_size == 0) and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    done = sum(len(json.loads(line)["done"]) for line in journal.read_text().splitlines() if line.endswith("}"))
    assert 0 < done < len(records), "the kill should land mid-run"
    assert main(["places", "--feed", str(feed), "--out", str(out), "--jobs", "1"]) == 0
    assert f"{len(records) - done} articles" in capsys.readouterr().out
    assert _lines(out) == _lines(reference)


def test_an_output_shorter_than_its_journal_is_refused_not_silently_resumed(tmp_path, gazetteer, capsys):
    feed = write_feed(tmp_path / "feed.jsonl", feed_records()[:2])
    out = tmp_path / "rows.jsonl"
    assert main(["places", "--feed", str(feed), "--out", str(out), "--jobs", "1"]) == 0
    out.write_text("", encoding="utf-8")  # the rows replaced by someone, the journal kept
    line = fails_cleanly(["places", "--feed", str(feed), "--out", str(out), "--jobs", "1"], capsys)
    assert "fewer than the" in line and "delete the journal to start afresh" in line and "rows.jsonl.done" in line
