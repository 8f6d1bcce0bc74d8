"""Reading inputs safely and writing outputs atomically (idlibmap.files)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from idlibmap.errors import OutputError, StoryError
from idlibmap.files import read_input, write_atomically


def test_writes_every_file_and_leaves_no_temporary_files(tmp_path):
    html, geojson = tmp_path / "maps" / "m.html", tmp_path / "maps" / "m.geojson"
    write_atomically({html: "<html>ü</html>", geojson: "{}"})
    assert html.read_text(encoding="utf-8") == "<html>ü</html>" and geojson.read_text(encoding="utf-8") == "{}"
    assert sorted(p.name for p in html.parent.iterdir()) == ["m.geojson", "m.html"]


def test_a_failure_part_way_keeps_earlier_outputs(tmp_path, monkeypatch):
    html, geojson = tmp_path / "m.html", tmp_path / "m.geojson"
    html.write_text("old map", encoding="utf-8")
    real_replace = os.replace
    calls = []

    def failing_replace(source, target):
        calls.append(target)
        raise OSError(28, "No space left on device", str(target))

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomically({html: "new map", geojson: "{}"})
    monkeypatch.setattr(os, "replace", real_replace)
    assert calls and html.read_text(encoding="utf-8") == "old map"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.html"]


def test_an_interrupt_while_writing_leaves_no_temporary_files(tmp_path, monkeypatch):
    def interrupted(source, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically({tmp_path / "m.html": "map"})
    assert list(tmp_path.iterdir()) == []


def test_bytes_are_written_as_they_are(tmp_path):
    png, text = tmp_path / "m.png", tmp_path / "m.alt.txt"
    write_atomically({png: b"\x89PNG\r\n\x00", text: "line\n"})
    assert png.read_bytes() == b"\x89PNG\r\n\x00" and text.read_bytes() == b"line\n"


def test_files_get_the_usual_permissions_for_the_umask(tmp_path):
    """A web server must be able to serve the map: 0644 under umask 022, 0600 under 077."""
    old = os.umask(0o022)
    try:
        write_atomically({tmp_path / "m.html": "map", tmp_path / "m.png": b"png"})
        assert {oct((tmp_path / n).stat().st_mode & 0o777) for n in ("m.html", "m.png")} == {"0o644"}
        os.umask(0o077)
        write_atomically({tmp_path / "m.html": "map"})
        assert oct((tmp_path / "m.html").stat().st_mode & 0o777) == "0o600"
    finally:
        os.umask(old)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "story.toml"
    os.mkfifo(fifo)
    with pytest.raises(StoryError, match="not a regular file"):
        read_input(fifo, 1000, "story file", StoryError)


def test_a_device_is_refused_and_a_file_over_the_cap_is_not_read_whole(tmp_path):
    with pytest.raises(StoryError, match="not a regular file"):
        read_input(Path("/dev/zero"), 1000, "story file", StoryError)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 5000)
    with pytest.raises(StoryError, match="the limit is 1,000"):
        read_input(big, 1000, "story file", StoryError)
    assert read_input(big, 5000, "story file", StoryError) == b"x" * 5000


def test_missing_files_and_folders_are_named(tmp_path):
    with pytest.raises(StoryError, match="story file not found"):
        read_input(tmp_path / "none.toml", 1000, "story file", StoryError)
    with pytest.raises(StoryError, match="is a folder, not a story file"):
        read_input(tmp_path, 1000, "story file", StoryError)


def test_an_output_folder_that_is_a_file_is_named(tmp_path):
    blocker = tmp_path / "maps"
    blocker.write_text("a file", encoding="utf-8")
    with pytest.raises(OutputError, match=r"is a file, not a folder \(.*maps\)"):
        write_atomically({blocker / "sub" / "m.html": "map"})
    assert blocker.read_text(encoding="utf-8") == "a file"


def test_spilled_ids_stay_exact_beyond_their_memory_cache():
    from idlibmap.files import SpilledIds

    with SpilledIds(cache_kib=64) as ids:  # 64 KiB of cache: most of the 30,000 ids live in the file
        assert "a-0" not in ids and len(ids) == 0
        assert [ids.setdefault(f"a-{n}", n + 1) for n in range(30_000)] == list(range(1, 30_001))
        assert ids.setdefault("a-17", 99) == 18 and ids.setdefault("a-29999", 5) == 30_000
        ids.update(["a-5", "b-1", "b-1"])
        assert len(ids) == 30_001
        assert "a-29999" in ids and "b-1" in ids and "a-30000" not in ids and "A-1" not in ids and 17 not in ids
