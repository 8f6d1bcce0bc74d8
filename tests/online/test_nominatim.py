"""The Nominatim client against a fake server on 127.0.0.1: polite, retried, and never fatal."""

from __future__ import annotations

import pytest

from idlibmap import online
from idlibmap.cli import main
from idlibmap.online import RetryPolicy
from idlibmap.options import NOMINATIM_URL_ENV

from ..conftest import build_map
from .support import FAST, GEONAMES_SARAQIB, NOMINATIM_SARAQIB, ONE_PLACE, STORY, fell_back, positions


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
    story = write_story(ONE_PLACE)
    result = build_map(story, tmp_path / "m.html", gazetteer=gazetteer, geocoding=options)
    assert positions(tmp_path / "m.html")["Saraqeb"] == GEONAMES_SARAQIB
    assert fell_back(result.warnings, reason), result.warnings
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
    result = build_map(write_story(ONE_PLACE), tmp_path / "m.html", gazetteer=gazetteer, geocoding=options)
    assert len(fake.requests) == 4 and result.warnings == []
    assert waits == [0.01, 0.02, 0.04]
    assert positions(tmp_path / "m.html")["Saraqeb"] == NOMINATIM_SARAQIB


def test_a_servers_retry_after_is_respected_up_to_the_cap(write_story, tmp_path, options, fake, waits, gazetteer):
    options.policy = RetryPolicy(timeout=0.3, min_delay=0.0, tries=3, backoff=0.01, max_wait=4)
    fake.retry_after, fake.script["saraqeb"] = "3", ["429", "429"]
    build_map(write_story(ONE_PLACE), tmp_path / "m.html", gazetteer=gazetteer, geocoding=options)
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

@pytest.mark.parametrize("args, message", [
    (["--geocoder", "nominatim"], "--user-agent: the nominatim geocoder needs a user agent"),
    (["--user-agent", "me"], "--user-agent: a user agent is only used with the nominatim geocoder"),
    (["--geocoder", "nominatim", "--user-agent", "me", "--geocoder-url", "ftp://x"],
     "--geocoder-url: the Nominatim URL must look like"),
])
def test_option_mistakes_are_one_clear_line(args, message, capsys, tmp_path):
    assert main(["build", "--out", str(tmp_path / "m.html"), *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and not (tmp_path / "m.html").exists()


def test_the_url_can_come_from_the_environment(monkeypatch):
    monkeypatch.setenv(NOMINATIM_URL_ENV, "http://127.0.0.1:8089/nominatim/")
    assert online.nominatim_url(None) == "http://127.0.0.1:8089/nominatim"
    assert online.nominatim_url("https://example.org") == "https://example.org"


@pytest.mark.parametrize("url", [
    "http://[oops/",                    # urllib: Invalid IPv6 URL
    "http://exa\uff0fmple.com",         # urllib: invalid characters under NFKC normalization
    "http://127.0.0.1:99999",           # port out of range
    "http://127.0.0.1:port",            # port not a number
    "http://exa mple.com",              # http.client refuses spaces and control characters
    "http://127.0.0.1/n\u00f6minatim",  # http.client sends only ASCII request lines
    "http://" + "a" * 64 + ".org",      # a label too long for IDNA
    "http://me:secret@127.0.0.1",       # would be taken as part of the host
])
def test_a_url_urllib_would_refuse_is_one_clear_line(url, capsys, tmp_path, monkeypatch):
    common = ["build", "--out", str(tmp_path / "m.html"), "--geocoder", "nominatim", "--user-agent", "me"]
    assert main([*common, "--geocoder-url", url]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("idlibmap: error: --geocoder-url: the Nominatim URL must look like"), err
    monkeypatch.setenv(NOMINATIM_URL_ENV, url)
    assert main(common) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"(from ${NOMINATIM_URL_ENV})" in err[0], err
    assert not (tmp_path / "m.html").exists()
