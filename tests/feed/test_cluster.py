"""The --scheduler engine on an in-process Dask cluster, and a scheduler that cannot be reached."""

from __future__ import annotations

import time

import pytest

from idlibmap.cli import main
from idlibmap.feed import batch

from ..conftest import fails_cleanly
from .conftest import read_jsonl

distributed = pytest.importorskip("distributed")


def test_a_dask_cluster_gives_the_same_rows_as_jobs_1(feed, tmp_path, gazetteer, capsys, monkeypatch):
    monkeypatch.setattr(batch, "CLUSTER_CHUNK", 3)
    assert main(["places", "--feed", str(feed), "--out", str(tmp_path / "local.jsonl"), "--jobs", "1"]) == 0
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        out = tmp_path / "cluster.parquet"
        assert main(["places", "--feed", str(feed), "--out", str(out), "--scheduler", cluster.scheduler_address]) == 0
    import geopandas

    key = ("article_id", "start")
    local = sorted(read_jsonl(tmp_path / "local.jsonl"), key=lambda r: tuple(r[k] for k in key))
    frame = geopandas.read_parquet(out).drop(columns="geometry")
    remote = sorted(frame.astype(object).where(frame.notna(), None).to_dict("records"),
                    key=lambda r: tuple(r[k] for k in key))
    for row in remote:
        row["geonames_id"] = None if row["geonames_id"] is None else int(row["geonames_id"])
    assert remote == local
    assert sorted(p.name for p in out.iterdir()) == ["part-000001.parquet"]  # one part per 2,000 articles


def test_an_unreachable_scheduler_is_one_line_and_exit_2_within_seconds(feed, tmp_path, capsys):
    started = time.monotonic()
    line = fails_cleanly(["places", "--feed", str(feed), "--out", str(tmp_path / "rows.jsonl"),
                          "--scheduler", "tcp://127.0.0.1:9"], capsys)
    assert time.monotonic() - started < 15
    assert "cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'" in line
    assert list(tmp_path.iterdir()) == [feed]  # no output made


def test_a_malformed_scheduler_address_is_refused_at_once(feed, tmp_path, capsys):
    line = fails_cleanly(["places", "--feed", str(feed), "--out", str(tmp_path / "rows.jsonl"),
                          "--scheduler", "http://host:8786"], capsys)
    assert "is not a scheduler address" in line
