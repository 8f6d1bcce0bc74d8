"""Opt-in Nominatim geocoding against a fake server on 127.0.0.1: polite, cached, locked, and never fatal."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json

import pytest

from idlibmap import online_geocode
from idlibmap.cli import main
from idlibmap.errors import IdlibmapError, LockFileError
from idlibmap.online_geocode import (
    GeocodingOptions,
    LockEntry,
    LockFile,
    RetryPolicy,
    online_geocoder_for,
)

from .conftest import build_map
from .fake_nominatim import FakeNominatim, FakeNominatimServer

FAST = RetryPolicy(timeout=0.3, min_delay=0.0, tries=3, backoff=0.01, max_wait=0.05, give_up_after=3)
TODAY = dt.date(2024, 5, 1)
GEONAMES_SARAQIB = (35.86447, 36.80591)
NOMINATIM_SARAQIB = (35.865, 36.805)

STORY = """
[[places]]
name = "Saraqeb"

[[places]]
name = "Kafranbel"
"""


@pytest.fixture
def fake():
    with FakeNominatimServer(FakeNominatim(delay=0.8)) as server:
        yield server


@pytest.fixture
def waits():
    return []


@pytest.fixture
def options(tmp_path, fake, waits):
    """Options for build_map: the fake server, tiny delays, a private cache and lock."""
    return GeocodingOptions(geocoder="nominatim", user_agent="idlibmap-tests", url=fake.url,
                            lock_path=tmp_path / "geodata" / "geocode.lock.json", cache_dir=tmp_path / "cache",
                            policy=FAST, sleep=waits.append, today=lambda: TODAY, proxies={})


@pytest.fixture
def fast_cli(monkeypatch, tmp_path, waits):
    """The CLI as a user runs it, with the same tiny delays and a private answer cache."""
    monkeypatch.setattr(online_geocode, "GeocodingOptions", functools.partial(
        GeocodingOptions, cache_dir=tmp_path / "cache", policy=FAST, sleep=waits.append, today=lambda: TODAY,
        proxies={}))


def positions(out) -> dict[str, tuple[float, float]]:
    data = json.loads(out.with_suffix(".geojson").read_text(encoding="utf-8"))
    return {f["properties"]["name"]: (round(f["geometry"]["coordinates"][1], 5), round(f["geometry"]["coordinates"][0], 5))
            for f in data["features"]}


def located_by(out, name: str) -> str:
    data = json.loads(out.with_suffix(".geojson").read_text(encoding="utf-8"))
    return next(f["properties"]["located_by"] for f in data["features"] if f["properties"]["name"] == name)


# --------------------------------------------------------------------------- good answers, cache and lock

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
    options.policy = RetryPolicy(timeout=1, min_delay=0.15, tries=1)
    story = write_story(STORY + '\n[[places]]\nname = "Binnish"\n')
    build_map(story, tmp_path / "m.html", gazetteer=gazetteer, geocoding=options)
    times = [r.at for r in fake.requests]
    assert len(times) == 3
    assert all(later - earlier >= 0.14 for earlier, later in itertools.pairwise(times))


# --------------------------------------------------------------------------- faults

@pytest.mark.parametrize("fault, reason, cached", [
    ("timeout", "Nominatim timed out after 3 tries", False),
    ("429", "Nominatim rate-limited (HTTP 429) after 3 tries", False),
    ("500", "Nominatim failed (HTTP 500) after 3 tries", False),
    ("503", "Nominatim timed out (HTTP 503) after 3 tries", False),
    ("garbage", "Nominatim sent an answer that is not JSON", False),
    ("wrong-shape", "Nominatim sent", False),
    ("empty", "Nominatim found nothing", True),
])
def test_a_failing_server_falls_back_to_the_gazetteer_and_says_so(write_story, tmp_path, options, fake, gazetteer,
                                                                   fault, reason, cached):
    fake.default = fault
    story = write_story('[[places]]\nname = "Saraqeb"\n')
    result = build_map(story, tmp_path / "m.html", gazetteer=gazetteer, geocoding=options)
    assert positions(tmp_path / "m.html")["Saraqeb"] == GEONAMES_SARAQIB
    assert any(w.startswith(f"'Saraqeb': {reason}") and "used the offline gazetteer instead (GeoNames 164816"
               in w for w in result.warnings), result.warnings
    assert "1 from the offline gazetteer instead" in result.notes[0]
    assert not options.lock_path.exists()  # only Nominatim's own answers are pinned
    retried = fault in ("timeout", "429", "500", "503")
    assert len(fake.requests) == (3 if retried else 1)
    fake.default = "ok"
    build_map(story, tmp_path / "m.html", gazetteer=gazetteer, geocoding=options)
    # A failure is asked again next time; "nothing found" is a real answer and is remembered.
    assert len(fake.requests) == (3 if retried else 1) + (0 if cached else 1)


def test_transient_faults_are_retried_with_exponential_back_off(write_story, tmp_path, options, fake, waits,
                                                                 gazetteer):
    options.policy = RetryPolicy(timeout=0.3, min_delay=0.0, tries=4, backoff=0.01, max_wait=5)
    fake.script["saraqeb"] = ["429", "500", "timeout"]
    story = write_story('[[places]]\nname = "Saraqeb"\n')
    result = build_map(story, tmp_path / "m.html", gazetteer=gazetteer, geocoding=options)
    assert len(fake.requests) == 4 and result.warnings == []
    assert waits == [0.01, 0.02, 0.04]
    assert positions(tmp_path / "m.html")["Saraqeb"] == NOMINATIM_SARAQIB


def test_a_servers_retry_after_is_respected_up_to_the_cap(write_story, tmp_path, options, fake, waits, gazetteer):
    options.policy = RetryPolicy(timeout=0.3, min_delay=0.0, tries=3, backoff=0.01, max_wait=4)
    fake.retry_after, fake.script["saraqeb"] = "3", ["429", "429"]
    build_map(write_story('[[places]]\nname = "Saraqeb"\n'), tmp_path / "m.html", gazetteer=gazetteer,
              geocoding=options)
    fake.retry_after, fake.script["kafranbel"] = "120", ["429"]
    build_map(write_story('[[places]]\nname = "Kafranbel"\n'), tmp_path / "m.html", gazetteer=gazetteer,
              geocoding=options)
    assert waits == [3.0, 3.0, 4]


def test_after_several_names_fail_in_a_row_the_rest_are_not_asked(write_story, tmp_path, options, fake, gazetteer):
    fake.default = "500"
    names = ["Saraqeb", "Kafranbel", "Binnish", "Taftanaz", "Idlib"]
    story = write_story("".join(f'[[places]]\nname = "{n}"\n\n' for n in names))
    result = build_map(story, tmp_path / "m.html", gazetteer=gazetteer, geocoding=options)
    assert len(fake.requests) == FAST.give_up_after * FAST.tries
    assert any("failed for 3 names in a row" in w for w in result.warnings)
    assert "5 from the offline gazetteer instead" in result.notes[0]


def test_an_unreachable_server_still_builds(write_story, tmp_path, options, gazetteer):
    options.url = "http://127.0.0.1:9"  # nothing listens on the discard port
    result = build_map(write_story(STORY), tmp_path / "m.html", gazetteer=gazetteer, geocoding=options)
    assert any("could not be reached" in w for w in result.warnings)
    assert positions(tmp_path / "m.html")["Saraqeb"] == GEONAMES_SARAQIB


# --------------------------------------------------------------------------- the opt-in and its errors

def test_offline_is_the_default_and_makes_no_client(tmp_path):
    assert online_geocoder_for(GeocodingOptions(lock_path=tmp_path / "none.json"), ("SY",)) is None


@pytest.mark.parametrize("args, message", [
    (["--geocoder", "nominatim"], "--user-agent: the nominatim geocoder needs a user agent"),
    (["--user-agent", "me"], "--user-agent: a user agent is only used with the nominatim geocoder"),
    (["--geocoder", "nominatim", "--user-agent", "me", "--geocoder-url", "ftp://x"], "--geocoder-url: the Nominatim URL must look like"),
])
def test_option_mistakes_are_one_clear_line(args, message, capsys, tmp_path):
    assert main(["build", "--out", str(tmp_path / "m.html"), *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and not (tmp_path / "m.html").exists()


def test_the_url_can_come_from_the_environment(monkeypatch):
    monkeypatch.setenv(online_geocode.NOMINATIM_URL_ENV, "http://127.0.0.1:8089/nominatim/")
    assert online_geocode.nominatim_url(None) == "http://127.0.0.1:8089/nominatim"
    assert online_geocode.nominatim_url("https://example.org") == "https://example.org"


@pytest.mark.parametrize("content, fragment", [
    ("{not json", "not valid JSON"),
    ('{"places": []}', 'must be a JSON object with a "places" object'),
    ('{"places": {"Saraqeb": {"id": "x", "lat": 95, "lon": 1, "provider": "p", "date": "d"}}}',
     "entry 'Saraqeb': lat must be a number from -90 to 90"),
    ('{"places": {"Saraqeb": {"id": "x", "lat": 1, "lon": 1, "provider": "p", "date": "d", "url": "u"}}}',
     "unknown field 'url'"),
])
def test_a_damaged_lock_file_is_one_clear_line(write_story, tmp_path, capsys, content, fragment, gazetteer):
    lock = tmp_path / "lock.json"
    lock.write_text(content, encoding="utf-8")
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


def test_a_damaged_answer_cache_is_set_aside_with_a_warning(write_story, tmp_path, options, fake, gazetteer):
    cache = online_geocode.AnswerCache(options.cache_dir, fake.url)
    cache.path.parent.mkdir(parents=True)
    cache.path.write_text("{{{", encoding="utf-8")
    result = build_map(write_story(STORY), tmp_path / "m.html", gazetteer=gazetteer, geocoding=options)
    assert any("ignored a damaged geocoding cache" in w for w in result.warnings)
    assert positions(tmp_path / "m.html")["Saraqeb"] == NOMINATIM_SARAQIB
    assert json.loads(cache.path.read_text(encoding="utf-8"))["url"] == fake.url
