"""The geocoding lock file: stable text, and one clear line when it is damaged."""

from __future__ import annotations

import json
import os

import pytest

from idlibmap.cli import main
from idlibmap.errors import IdlibmapError, LockFileError
from idlibmap.online import GeocodingOptions, LockEntry, LockFile

from .support import STORY


@pytest.mark.parametrize("content, fragment", [
    ("{not json", "not valid JSON"),
    ('{"places": []}', 'must be a JSON object with a "places" object'),
    ('{"places": {"Saraqeb": {"id": "x", "lat": 95, "lon": 1, "provider": "p", "date": "d"}}}',
     "entry 'Saraqeb': lat must be a number from -90 to 90"),
    ('{"places": {"Saraqeb": {"id": "x", "lat": 1, "lon": 1, "provider": "p", "date": "d", "url": "u"}}}',
     "unknown field 'url'"),
    # Too deep for Python's JSON decoder (RecursionError), or a number past its 4,300-digit limit (ValueError).
    ("[" * 200_000 + "]" * 200_000, "not valid JSON: nested too deeply"),
    ('{"version": 1' + "0" * 5000 + ', "places": {}}', "not valid JSON: a number has more than 4,300 digits"),
    ('{"places": {"Saraqeb": {"id": "x", "lat": ' + "[" * 900 + "]" * 900 + ', "lon": 1, "provider": "p", '
     '"date": "d"}}}', "entry 'Saraqeb': lat must be a number from -90 to 90, got a list"),
    (b"\xff\xfe{}", "not UTF-8 text"),
])
def test_a_damaged_lock_file_is_one_clear_line(write_story, tmp_path, capsys, content, fragment, gazetteer):
    lock = tmp_path / "lock.json"
    lock.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    out = tmp_path / "m.html"
    assert main(["build", "--story", str(write_story(STORY)), "--out", str(out), "--lock", str(lock)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(lock) in err[0] and fragment in err[0], err
    assert not out.exists()


def test_lock_text_is_stable_and_round_trips(tmp_path):
    lock = LockFile(tmp_path / "l.json")
    lock.add("Zeta", LockEntry("osm:node/2", 1.23456789, 2.0, "nominatim", "2024-05-01", "Zeta"))
    lock.add("Alpha [SY]", LockEntry("geonames:164816", 35.86447, 36.80591, "by hand", "2024-05-02"))
    text = lock.text()
    lock.path.write_text(text, encoding="utf-8")
    again = LockFile.load(lock.path)
    assert again.text() == text and list(json.loads(text)["places"]) == ["Alpha [SY]", "Zeta"]
    assert again.get("Zeta").lat == 1.234568
    assert again.get("Alpha [SY]").location().raw["geonameid"] == 164816
    with pytest.raises(LockFileError):
        LockFile.load(tmp_path)  # a folder
    with pytest.raises(IdlibmapError):
        GeocodingOptions(geocoder="google").checked()


def test_a_lock_path_that_is_not_a_regular_file_is_refused_at_once(write_story, tmp_path, capsys, gazetteer):
    lock = tmp_path / "lock.json"
    os.mkfifo(lock)  # reading a pipe with no writer would wait for ever
    out = tmp_path / "m.html"
    assert main(["build", "--story", str(write_story(STORY)), "--out", str(out), "--lock", str(lock)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(lock) in err[0] and "is not a regular file" in err[0], err
