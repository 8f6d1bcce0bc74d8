"""The pipeline's output writing: all files land together, or none do."""

from __future__ import annotations

import os

import pytest

from idlibmap.files import write_atomically
from idlibmap.errors import OutputError


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
