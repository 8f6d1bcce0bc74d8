"""The lookup chain end to end: lock file, then answer cache, then Nominatim (a fake on 127.0.0.1)."""

from __future__ import annotations

import itertools
import json

from idlibmap.cli import main
from idlibmap.online import GeocodingOptions, RetryPolicy, online_geocoder_for

from ..conftest import build_map
from .support import NOMINATIM_SARAQIB, STORY, located_by, positions


def test_first_build_asks_then_the_lock_file_answers_with_no_request(write_story, tmp_path, fake, fast_cli, capsys,
                                                                     gazetteer):
    story, out, lock = write_story(STORY), tmp_path / "map.html", tmp_path / "geocode.lock.json"
    args = ["build", "--story", str(story), "--out", str(out), "--geocoder", "nominatim",
            "--user-agent", "idlibmap-tests", "--geocoder-url", fake.url, "--lock", str(lock)]
    assert main(args) == 0
    first = capsys.readouterr()
    assert sorted(fake.queries()) == ["Kafranbel", "Saraqeb"]
    assert {r.user_agent for r in fake.requests} == {"idlibmap-tests"}
    assert "2 newly from Nominatim" in first.out and "2 requests made" in first.out
    assert "pinned 2 new answer(s)" in first.out and "warning" not in first.err
    assert positions(out)["Saraqeb"] == NOMINATIM_SARAQIB
    assert "osm:relation/5001 via nominatim" in located_by(out, "Saraqeb")

    pinned = json.loads(lock.read_text(encoding="utf-8"))["places"]
    assert list(pinned) == ["Kafranbel", "Saraqeb"]  # sorted
    assert pinned["Saraqeb"] == {"id": "osm:relation/5001", "lat": 35.865, "lon": 36.805, "provider": "nominatim",
                                 "date": "2024-05-01", "name": "Saraqib, Idlib Governorate, Syria",
                                 "country_code": "SY", "feature_type": "city"}

    before = lock.read_bytes()
    assert main(args) == 0
    second = capsys.readouterr()
    assert len(fake.requests) == 2  # the second build made no request at all
    assert "2 from the lock file" in second.out and "0 requests made" in second.out
    assert lock.read_bytes() == before and positions(out)["Saraqeb"] == NOMINATIM_SARAQIB
    assert not [p for p in tmp_path.rglob(".*.tmp")]


def test_the_answer_cache_avoids_repeat_requests_even_without_the_lock(write_story, tmp_path, options, fake,
                                                                        gazetteer):
    story = write_story(STORY)
    build_map(story, tmp_path / "a.html", gazetteer=gazetteer, geocoding=options)
    options.lock_path.unlink()
    result = build_map(story, tmp_path / "b.html", gazetteer=gazetteer, geocoding=options)
    assert len(fake.requests) == 2
    assert "2 from the answer cache" in result.notes[0] and "0 requests made" in result.notes[0]
    assert options.lock_path.exists()  # the lock is written again from the cached answers


def test_hand_edits_to_the_lock_file_win_even_in_an_offline_build(write_story, tmp_path, options, gazetteer):
    story = write_story(STORY)
    build_map(story, tmp_path / "a.html", gazetteer=gazetteer, geocoding=options)
    data = json.loads(options.lock_path.read_text(encoding="utf-8"))
    data["places"]["Saraqeb"]["lat"] = 35.9
    options.lock_path.write_text(json.dumps(data), encoding="utf-8")
    offline = GeocodingOptions(lock_path=options.lock_path)  # no network at all
    result = build_map(story, tmp_path / "b.html", gazetteer=gazetteer, geocoding=offline)
    assert positions(tmp_path / "b.html")["Saraqeb"] == (35.9, 36.805)
    assert "offline, with a lock file" in result.notes[0] and "2 from the lock file" in result.notes[0]


def test_a_story_country_wins_among_several_answers_and_a_restriction_is_sent(write_story, tmp_path, options,
                                                                               fake, gazetteer):
    story = write_story('[[places]]\nname = "Binnish"\n\n[[places]]\nname = "Saraqeb"\ncountry = "SY"\n')
    build_map(story, tmp_path / "m.html", gazetteer=gazetteer, geocoding=options)
    assert positions(tmp_path / "m.html")["Binnish"] == (35.951, 36.712)
    restricted = next(r for r in fake.requests if r.query == "Saraqeb")
    assert restricted.params.get("countrycodes") == "sy"
    assert set(json.loads(options.lock_path.read_text(encoding="utf-8"))["places"]) == {"Binnish", "Saraqeb [SY]"}


def test_places_with_story_coordinates_are_never_sent(write_story, tmp_path, options, fake, gazetteer):
    story = write_story('[[places]]\nname = "Saraqeb"\ncoords = [35.8, 36.8]\n')
    result = build_map(story, tmp_path / "m.html", gazetteer=gazetteer, geocoding=options)
    assert fake.requests == [] and not options.lock_path.exists()
    assert "0 requests made" in result.notes[0]


def test_requests_are_spaced_by_the_rate_limiter(write_story, tmp_path, options, fake, gazetteer):
    # A generous deadline and a wide spacing: on a busy machine the server may log a request late.
    options.policy = RetryPolicy(timeout=10, min_delay=0.4, tries=1)
    story = write_story(STORY + '\n[[places]]\nname = "Binnish"\n')
    build_map(story, tmp_path / "m.html", gazetteer=gazetteer, geocoding=options)
    times = [r.at for r in fake.requests]
    assert len(times) == 3
    assert all(later - earlier >= 0.3 for earlier, later in itertools.pairwise(times))


def test_offline_is_the_default_and_makes_no_client(tmp_path):
    assert online_geocoder_for(GeocodingOptions(lock_path=tmp_path / "none.json"), ("SY",)) is None
