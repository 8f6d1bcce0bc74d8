"""`places` batches as a user meets them: inputs, bad options (one line, exit 2, nothing written), imports."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from idlibmap.cli import main

from ..conftest import ROOT, fails_cleanly
from .conftest import COMPOSED, read_jsonl


def test_files_and_folders_are_read_with_ids_relative_to_the_folder(tmp_path, gazetteer, capsys):
    folder = tmp_path / "news"
    (folder / "march").mkdir(parents=True)
    for path in COMPOSED[:2]:
        (folder / "march" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    single = tmp_path / "single.txt"
    single.write_text("Shelling hit Saraqeb and Aleppo.", encoding="utf-8")
    out = tmp_path / "rows.jsonl"
    assert main(["places", str(folder), str(single), "--out", str(out), "--jobs", "1"]) == 0
    rows = read_jsonl(out)
    assert {r["article_id"] for r in rows} == {f"march/{p.name}" for p in COMPOSED[:2]} | {str(single)}
    assert all(r["title"] is None and r["date"] is None for r in rows)
    assert "places: 3 articles, 0 failed, " in capsys.readouterr().out


@pytest.mark.parametrize(("args", "fragment"), [
    (["--feed", "{feed}", "--out", "{out}", "--jobs", "0"], "--jobs: must be at least 1, not 0"),
    (["--feed", "{feed}", "--out", "{tmp}/rows.txt"], "--out: '{tmp}/rows.txt' must end in .jsonl, .csv, .parquet"),
    (["--feed", "{tmp}/missing.jsonl", "--out", "{out}"], "missing.jsonl: feed not found"),
    (["--feed", "{tmp}", "--out", "{out}"], "is not a regular file"),
    (["--feed", "{feed}", "{feed}", "--out", "{out}"], "--feed: give either a feed or article files and folders"),
    (["--out", "{out}"], "--feed: give article files or folders, or a JSON Lines feed with --feed"),
    (["--feed", "{feed}"], "--out: is needed for a batch"),
    (["--feed", "{feed}", "--out", "{out}", "--jobs", "2", "--scheduler", "tcp://127.0.0.1:9"],
     "--jobs: does not apply with --scheduler"),
    (["{feed}", "{tmp}/gone.txt", "--out", "{out}"], "gone.txt: article file or folder not found"),
    (["{feed}", "{feed}"], "--out: several articles, a folder or a feed need --out"),
    (["{tmp}"], "--out: several articles, a folder or a feed need --out"),
    (["--feed", "{feed}", "--out", "{tmp}/made.jsonl"], "made.jsonl' is a folder; give a file name"),
    (["--feed", "{feed}", "--out", "{tmp}/made.parquet/part.parquet"], "is a file, not a folder"),
])
def test_bad_options_fail_with_one_line_and_write_nothing(tmp_path, feed, capsys, args, fragment):
    names = {"tmp": str(tmp_path), "feed": str(feed), "out": str(tmp_path / "rows.jsonl")}
    (tmp_path / "made.jsonl").mkdir()
    (tmp_path / "made.parquet").write_bytes(b"")
    before = sorted(tmp_path.iterdir())
    line = fails_cleanly(["places", *(a.format(**names) for a in args)], capsys)
    assert fragment.format(**names) in line
    assert sorted(tmp_path.iterdir()) == before


def test_text_output_imports_no_pyarrow_pandas_or_dask(feed, tmp_path, gazetteer):
    out = str(tmp_path / "rows.csv")
    code = ("import json, sys\nfrom idlibmap.cli import main\n"
            f"code = main(['places', '--feed', {str(feed)!r}, '--out', {out!r}, '--jobs', '1'])\n"
            "heavy = [m for m in ('pyarrow', 'pandas', 'geopandas', 'dask', 'distributed', 'numpy', 'folium', "
            "'matplotlib') if m in sys.modules]\nprint(json.dumps({'code': code, 'heavy': heavy}), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert json.loads(done.stderr.splitlines()[-1]) == {"code": 0, "heavy": []}
