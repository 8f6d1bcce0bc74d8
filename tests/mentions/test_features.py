"""The map of many articles through the library and the command line: layers, legend, title, date range, outputs."""

from __future__ import annotations

import contextlib
import io
import json

import pytest

from idlibmap import styles
from idlibmap.cli import main
from idlibmap.mentions.aggregate import MentionedPlace
from idlibmap.mentions.features import PLACES_LAYER, focus, regions
from idlibmap.model import MentionProperties
from idlibmap.pipeline import build

from ..conftest import DEFAULT_STORY, fails_cleanly
from .rows import feed, row, write_jsonl


@pytest.fixture(scope="module")
def rows_file(tmp_path_factory):
    return write_jsonl(tmp_path_factory.mktemp("feed") / "rows.jsonl", feed())


@pytest.fixture(scope="module")
def built(rows_file, gazetteer):
    return build(mentions=rows_file, gazetteer=gazetteer)


def test_one_circle_per_place_sized_by_articles_and_countries_shaded(built):
    layers = {layer.name: layer for layer in built.model.layers}
    circles = layers[PLACES_LAYER].properties
    assert [(p.name, p.articles) for p in circles] == [("Idlib", 4), ("Aleppo", 2), ("Saraqib", 2), ("Damascus", 1)]
    assert all(isinstance(p, MentionProperties) and p.symbol == "mention" for p in circles)
    radii = [p.radius for p in circles]  # type: ignore[attr-defined]
    assert radii[0] == 2 * styles.MENTION_UNIT_RADIUS  # a small feed: one article's circle at the unit radius
    assert radii[1] == pytest.approx(radii[0] / 2 ** 0.5, abs=0.01) and radii[3] == radii[0] / 2  # area-true
    (turkey,) = layers["Countries in the news"].features
    assert turkey.geometry.geom_type in ("Polygon", "MultiPolygon") and turkey.properties.articles == 2
    idlib = circles[0]
    assert [e.date for e in idlib.entries] == ["2020-03-07", "2020-03-04", "2020-03-02", "2020-03-01"]  # type: ignore


def test_title_as_of_legend_and_time_scale_come_from_the_dates(built):
    model = built.model
    assert model.title == "Places in the news, 1 March 2020 – 7 March 2020"
    assert model.as_of_text() == "As of 7 March 2020"
    assert model.mentions is not None and model.mentions.days[0] == "2020-03-01" and len(model.mentions.days) == 7
    legend = {g["layer"]: [e["label"] for e in g["entries"]] for g in model.legend_groups()}
    assert legend[PLACES_LAYER] == ["4 articles", "1 article"]
    assert legend["Countries in the news"][-1] == "2 articles"


def test_the_alt_text_names_the_most_mentioned_places_first(built):
    alt = built.alt_text()
    assert "Places in the news (4 circles, larger for more articles" in alt
    assert alt.index("Idlib (4 articles)") < alt.index("Aleppo (2 articles)") < alt.index("Damascus (1 article)")


def test_the_first_view_leaves_out_a_far_single_mention(tmp_path, gazetteer):
    def place(article: str, i: int, lat: float, lon: float) -> dict:
        return row(article, "Idlib", "2020-03-03") | {"place_id": f"test:{i}", "name": f"Town {i}", "lat": lat,
                                                       "lon": lon, "geonames_id": None}

    near = [place(f"n{i}", i, 35.0 + i / 10, 36.0 + i / 10) for i in range(12)]
    rows = near + [place("far", 99, -33.9, 151.2)]
    model = build(mentions=write_jsonl(tmp_path / "rows.jsonl", rows), gazetteer=gazetteer).model
    assert model.view_bounds[2] < 60 and model.data_bounds[2] > 150  # the view stays on Syria; the data reach Sydney
    rows = near + [place("far", 99, -33.9, 151.2), place("far2", 98, -37.8, 145.0)]  # a far cluster stays in
    model = build(mentions=write_jsonl(tmp_path / "rows.jsonl", rows), gazetteer=gazetteer).model
    assert model.view_bounds[2] > 150
    rows = near[:3] + [place("far", 99, -33.9, 151.2)]  # one in four is too many to leave out
    model = build(mentions=write_jsonl(tmp_path / "rows.jsonl", rows), gazetteer=gazetteer).model
    assert model.view_bounds[2] > 150


def test_the_first_view_opens_on_the_region_most_articles_name(tmp_path, gazetteer):
    """News about Syria that also names Washington, Brussels and Beijing a few times: the first view is Syria's."""
    def place(article: str, name: str, lat: float, lon: float) -> dict:
        return row(article, "Idlib", "2020-03-03") | {"place_id": f"test:{name}", "name": name, "lat": lat,
                                                       "lon": lon, "geonames_id": None}

    syria = [place(f"s{i}", name, lat, lon) for i in range(40) for name, lat, lon in
             (("Idlib", 35.93, 36.63), ("Aleppo", 36.2, 37.16), ("Saraqib", 35.86, 36.8), ("Ankara", 39.93, 32.86))
             if i % (1 + len(name) % 3) == 0]
    far = [place(f"f{i}{name}", name, lat, lon) for name, lat, lon, articles in
           (("Washington", 38.9, -77.04, 5), ("Brussels", 50.85, 4.35, 3), ("Beijing", 39.9, 116.4, 3))
           for i in range(articles)]
    model = build(mentions=write_jsonl(tmp_path / "rows.jsonl", syria + far), gazetteer=gazetteer).model
    west, south, east, north = model.view_bounds
    assert west > 30 and east < 40 and south > 34 and north < 42  # Syria and Ankara, at a readable zoom
    assert model.data_bounds[0] < -77 and model.data_bounds[2] > 116  # "Show every place" still reaches them


def mentioned(name: str, lat: float, lon: float, articles: int) -> MentionedPlace:
    return MentionedPlace(f"test:{name}", name, lat, lon, "city", None, None, days={None: articles})


def test_news_spread_over_the_world_keeps_every_region_that_matters():
    places = [mentioned("Caracas", 10.5, -66.9, 30), mentioned("Bamako", 12.6, -8.0, 20),
              mentioned("Idlib", 35.9, 36.6, 40), mentioned("Yangon", 16.8, 96.2, 12),
              mentioned("Geneva", 46.2, 6.1, 3)]  # 2.9 %: the only one left out
    assert [p.name for p in focus(places)] == ["Caracas", "Bamako", "Idlib", "Yangon"]


def test_the_most_named_place_and_three_quarters_of_the_articles_stay_in_the_first_view():
    # Twelve far-apart places, each a small share: the most-named stays, and at most a quarter is left out.
    places = [mentioned(f"P{i}", -50 + 9 * i, -170 + 29 * i, 9 if i == 7 else 8) for i in range(12)]
    kept = focus(places)
    assert places[7] in kept
    assert sum(p.count for p in places if p not in kept) <= 0.25 * sum(p.count for p in places)
    assert len(kept) < len(places)
    assert [len(group) for group in regions(places)] == [1] * 12
    near = [mentioned(f"N{i}", 35 + i * 0.5, 36 + i * 8, 1) for i in range(4)]  # 8 degrees apart: a chain
    assert [len(group) for group in regions(near)] == [4]


def cli(args):
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = main(args)
    assert code == 0, out.getvalue()
    return out.getvalue()


def test_from_and_to_filter_every_output_and_make_the_title(rows_file, tmp_path):
    out = tmp_path / "news.html"
    cli(["build", "--mentions", str(rows_file), "--from", "2020-02-29", "--to", "2020-03-02", "--out", str(out),
         "--format", "html,geojson,png", "--dpi", "40"])
    data = json.loads(out.with_suffix(".geojson").read_text(encoding="utf-8"))
    assert data["name"] == "Places in the news, 29 February 2020 – 2 March 2020"  # the range asked for
    assert data["as_of"] == "2020-03-02"
    counts = {f["properties"]["name"]: f["properties"]["articles"] for f in data["features"]}
    assert counts == {"Idlib": 2, "Saraqib": 2, "Turkey": 1}
    page = out.read_text(encoding="utf-8")
    assert "Aleppo" not in out.with_suffix(".alt.txt").read_text(encoding="utf-8")
    assert "news.example/a4" not in page and "2020-03-07" not in page  # later articles are not in the page
    assert out.with_suffix(".png").read_bytes().startswith(b"\x89PNG")
    assert "Only articles dated 2020-02-29 to 2020-03-02" in out.with_suffix(".sources.txt").read_text("utf-8")


def test_title_and_as_of_can_be_replaced(rows_file, tmp_path):
    out = tmp_path / "news.html"
    cli(["build", "--mentions", str(rows_file), "--title", "Syria this week", "--as-of", "2020-03-08",
         "--out", str(out), "--format", "geojson"])
    data = json.loads(out.with_suffix(".geojson").read_text(encoding="utf-8"))
    assert (data["name"], data["as_of"]) == ("Syria this week", "2020-03-08")


@pytest.mark.parametrize(("extra", "message"), [
    (["--from", "2020-3-1"], "--from: '2020-3-1' is not a date in the form YYYY-MM-DD"),
    (["--to", "March"], "--to: 'March' is not a date"),
    (["--from", "2020-03-05", "--to", "2020-03-01"], "--from: the range starts (2020-03-05) after it ends"),
    (["--from", "2021-01-01"], "no article in the range 2021-01-01 to the end"),
    (["--story", str(DEFAULT_STORY)], "--mentions: a map of many articles stands on its own"),
    (["--geocoder", "nominatim", "--user-agent", "test"], "--geocoder: a map of many articles takes its places'"),
])
def test_bad_options_fail_cleanly(rows_file, tmp_path, capsys, extra, message):
    line = fails_cleanly(["build", "--mentions", str(rows_file), "--out", str(tmp_path / "m.html"), *extra], capsys)
    assert message in line
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_a_date_range_without_mentions_is_refused(tmp_path, capsys):
    line = fails_cleanly(["build", "--from", "2020-03-01", "--out", str(tmp_path / "m.html")], capsys)
    assert "--from: a date range filters the articles of --mentions" in line


def test_a_bad_row_fails_cleanly_naming_its_line(tmp_path, capsys):
    path = write_jsonl(tmp_path / "rows.jsonl", feed()[:3] + [row("x", "Idlib", lat=123.0)])
    line = fails_cleanly(["build", "--mentions", str(path), "--out", str(tmp_path / "m.html")], capsys)
    assert line == f"idlibmap: error: {path}:4: lat 123.0 is out of range (-90 to 90)"
