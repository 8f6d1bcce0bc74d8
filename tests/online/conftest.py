"""Fixtures for the online geocoding tests: a fake Nominatim on 127.0.0.1 and fast, private options."""

from __future__ import annotations

import functools

import pytest

from idlibmap import online
from idlibmap.online import GeocodingOptions

from ..fake_nominatim import FakeNominatim, FakeNominatimServer
from .support import FAST, TODAY


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
    monkeypatch.setattr(online, "GeocodingOptions", functools.partial(
        GeocodingOptions, cache_dir=tmp_path / "cache", policy=FAST, sleep=waits.append, today=lambda: TODAY,
        proxies={}))
