"""A map of many articles as its page receives it: each article, sentence and publisher once, places
referring to them by number, shaded countries no finer than the land under them."""

from __future__ import annotations

import json
import re

import pytest
import shapely

from idlibmap.basemap import detail_tolerance
from idlibmap.pipeline import build
from idlibmap.render.mentions import MENTIONS_DATA_ID, UNDATED, page_mentions

from .mentions.rows import feed, row, write_jsonl

WIDE = "A long headline about shelling in three towns of north-west Syria, named once in the page"


@pytest.fixture(scope="module")
def built(tmp_path_factory, gazetteer):
    folder = tmp_path_factory.mktemp("render-mentions")
    rows = feed() + [row("w", name, "2020-03-03", title=WIDE, sentence="Shells fell on Idlib, Saraqib and Aleppo.")
                     for name in ("Idlib", "Saraqib", "Aleppo")] + [row("u", "Idlib", None)]
    result = build(mentions=write_jsonl(folder / "rows.jsonl", rows), gazetteer=gazetteer)
    result.save(folder / "news.html", ("html",))
    return result.model, (folder / "news.html").read_text(encoding="utf-8")


def popup(place: dict, table: dict, days: list[str]) -> list[dict]:
    """A place's popup entries as the page's script reads them (placeEntries)."""
    pairs = place["properties"]["entries"]
    found = []
    for article, sentence in zip(pairs[::2], pairs[1::2], strict=True):
        day, title, url, source = table["articles"][article]
        found.append({"date": days[day] if day != UNDATED else "", "title": title, "url": url,
                      "source": table["sources"][source], "sentence": table["sentences"][sentence]})
    return found


def test_popups_read_from_the_table_list_what_the_model_lists(built):
    model, _ = built
    layers, table = page_mentions(model)
    days = list(model.mentions.days)
    for layer in model.layers:
        page = {f["properties"]["place_id"]: f for f in layers[layer.name]["features"]}
        for feature in layer.features:
            p = feature.properties
            listed = popup(page[p.place_id], table, days)
            assert listed == [{"date": e.date, "title": e.title, "url": e.url, "source": e.source,
                               "sentence": e.sentence} for e in p.entries]
            counts = page[p.place_id]["properties"]["days"]
            assert [(days[d] if d != UNDATED else "", n) for d, n in zip(counts[::2], counts[1::2], strict=True)] \
                == [(d.date, d.articles) for d in p.days]


def test_an_article_naming_three_places_is_written_once(built):
    model, page = built
    _, table = page_mentions(model)
    assert [a[1] for a in table["articles"]].count(WIDE) == 1
    assert table["sentences"].count("Shells fell on Idlib, Saraqib and Aleppo.") == 1
    assert table["sources"] == ["Example Wire"]
    assert page.count(WIDE) == 1  # in the page as a whole, listed in three popups
    data = re.search(rf'<script type="application/json" id="{MENTIONS_DATA_ID}">(.*?)</script>', page, re.S)
    assert data and json.loads(data.group(1)) == table


def far(article: str, name: str, lat: float, lon: float) -> dict:
    data = row(article, "Idlib", "2020-03-05", mention=name, place_id=f"idlibmap:city:{name}",
               geonames_id=None, country_code=None, lat=lat, lon=lon)
    return data | {"name": name}


@pytest.mark.parametrize("wide", [False, True])
def test_shaded_countries_are_no_finer_than_the_land_under_them(built, tmp_path, gazetteer, wide):
    model, _ = built
    if wide:  # a feed from Caracas to Bamako to Idlib: a world view, coarser land
        rows = feed() + [far(f"{name}{i}", name, lat, lon) for i in range(3)
                         for name, lat, lon in (("Caracas", 10.49, -66.88), ("Bamako", 12.65, -8.0))]
        model = build(mentions=write_jsonl(tmp_path / "rows.jsonl", rows), gazetteer=gazetteer).model
    layers, _ = page_mentions(model)
    (country,) = [f for f in model.layers if f.name == "Countries in the news"][0].features
    packed = layers["Countries in the news"]
    (feature,) = packed["features"]
    vertices = len(json.dumps(feature["geometry"]["coordinates"]).split(",")) // 2
    drawn = len(shapely.get_coordinates(country.geometry))  # as the static maps draw it
    tolerance = detail_tolerance(model.view_bounds)
    assert vertices < drawn if wide else vertices <= drawn  # (measured: 425 of 621 from Caracas to Idlib)
    assert 10 ** -packed["decimals"] >= tolerance / 100  # coordinates no finer than a tenth of the land's tolerance
