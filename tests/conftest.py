"""Shared fixtures: the real offline gazetteer, a tiny fake one, story files, and one built map."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from idlibmap.cli import main
from idlibmap.gazetteer import Gazetteer, GazetteerRecord
from idlibmap.geocode import GazetteerGeocoder, PlaceResolver
from idlibmap.layers import map_from_story
from idlibmap.model import MapModel
from idlibmap.online import GeocodingOptions
from idlibmap.pipeline import Map, build
from idlibmap.story import load_story

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_STORY = ROOT / "geodata" / "stories" / "idlib-2020-03-02.toml"


@pytest.fixture(scope="session")
def gazetteer() -> Iterator[Gazetteer]:
    """The real GeoNames index in the user's cache folder (built once if missing)."""
    index = Gazetteer.open()
    yield index
    index.close()


@dataclass
class FakeSource:
    """A few hand-made records standing in for GeoNames."""

    version: str = "fake-1"

    def records(self) -> Iterator[GazetteerRecord]:
        yield GazetteerRecord(1, "Syria", 35.0, 38.3, "SY", 17_000_000, "country", "", ("Syria", "Syrie"))
        yield GazetteerRecord(2, "Turkey", 39.3, 34.5, "TR", 82_000_000, "country", "", ("Turkey", "Türkiye"))
        yield GazetteerRecord(10, "Saraqib", 35.86447, 36.80591, "SY", 34_231, "city", "12",
                              ("Saraqib", "Saraqeb", "Sarakeb"))
        yield GazetteerRecord(11, "Ma‘arrat an Nu‘mān", 35.6483, 36.67693, "SY", 0, "city", "12",
                              ("Ma‘arrat an Nu‘mān", "Maarrat al-Nu'man"))
        yield GazetteerRecord(12, "Moscow", 55.75204, 37.61781, "RU", 10_381_222, "capital", "48", ("Moscow",))
        yield GazetteerRecord(13, "Moscow", 46.73239, -117.00017, "US", 25_060, "city", "ID", ("Moscow",))
        yield GazetteerRecord(14, "Damascus", 33.5102, 36.29128, "SY", 1_569_394, "capital", "13", ("Damascus",))
        yield GazetteerRecord(15, "Damascus", 39.0, -77.2, "US", 15_257, "city", "MD", ("Damascus",))


@pytest.fixture
def fake_source() -> FakeSource:
    return FakeSource()


@pytest.fixture
def tiny_gazetteer(tmp_path: Path, fake_source: FakeSource) -> Iterator[Gazetteer]:
    index = Gazetteer.open(tmp_path / "cache", fake_source)
    yield index
    index.close()


STORY_HEAD = """
[story]
title = "Test story"
as_of = 2020-03-02
countries = ["SY"]
default_source = "wire"

[[story.sources]]
id = "wire"
name = "Wire report"
url = "https://example.org/report"
"""


@pytest.fixture
def write_story(tmp_path: Path):
    """Write a story file: the standard [story] head plus ``body``; returns its path."""

    def write(body: str, head: str = STORY_HEAD, name: str = "story.toml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(head) + textwrap.dedent(body), encoding="utf-8")
        return path

    return write


@dataclass
class BuiltMap:
    html_path: Path
    geojson_path: Path
    stdout: str

    @property
    def html(self) -> str:
        return self.html_path.read_text(encoding="utf-8")


def build_map(story: Path | None, out: Path, *, gazetteer: Gazetteer, geocoding: GeocodingOptions | None = None,
              tiles: str | None = None, article: Path | None = None) -> Map:
    """Build a map through the library and save its default outputs at ``out``, as the CLI does."""
    built = build(story, article, gazetteer=gazetteer, geocoding=geocoding)
    built.save(out, tiles=tiles)
    return built


@pytest.fixture(scope="session")
def built_map(tmp_path_factory: pytest.TempPathFactory, gazetteer: Gazetteer) -> BuiltMap:
    """The default story built once through the CLI, as a user would."""
    out = tmp_path_factory.mktemp("built") / "idlib_map.html"
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["build", "--story", str(DEFAULT_STORY), "--out", str(out)])
    assert code == 0, buffer.getvalue()
    return BuiltMap(out, out.with_suffix(".geojson"), buffer.getvalue())


@pytest.fixture(scope="session")
def default_model(gazetteer: Gazetteer) -> MapModel:
    """The default story's layer model, built once."""
    story = load_story(DEFAULT_STORY)
    return map_from_story(story, PlaceResolver(GazetteerGeocoder(gazetteer, country_bias=story.countries)))


STATIC_DPI = 60  # low, to keep the suite fast; the 300 dpi default is tested once


@pytest.fixture(scope="session")
def static_build(tmp_path_factory: pytest.TempPathFactory, gazetteer: Gazetteer) -> Path:
    """The default story built through the CLI in every format, with the embed snippet; returns the folder."""
    folder = tmp_path_factory.mktemp("static")
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()) as buffer:
        code = main(["build", "--story", str(DEFAULT_STORY), "--out", str(folder / "idlib_map.html"),
                     "--format", "html,png,svg,pdf,geojson", "--dpi", str(STATIC_DPI), "--embed"])
    assert code == 0, buffer.getvalue()
    return folder


def fails_cleanly(args: list[str], capsys) -> str:
    """Run the CLI; it must fail with exit 2 and exactly one 'idlibmap: error:' line, no traceback."""
    code = main(args)
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert code == 2, captured
    assert len(lines) == 1 and lines[0].startswith("idlibmap: error: "), captured.err
    assert "Traceback" not in captured.err + captured.out
    return lines[0]
