"""Mention rows and their three encodings, as the schema in FEED_SCHEMA.md and the README fix them."""

from __future__ import annotations

import csv
import io
import json

import pytest

from idlibmap.feed.articles import Article
from idlibmap.feed.rows import COLUMNS, csv_bytes, jsonl_bytes, mention_rows, parquet_bytes
from idlibmap.geoparse import Geoparser

TEXT = ("Shelling hit Saraqeb on Monday. Moscow said talks would go on. Families waited at the Turkey-Greece "
        "border. Aid reached Aleppo, and later Aleppo again.")
ARTICLE = Article("a-1", TEXT, "Title", "https://example.org/a", "2024-03-05", "Wire")


@pytest.fixture(scope="module")
def rows(gazetteer):
    return mention_rows(ARTICLE, Geoparser(gazetteer).parse(TEXT).places)


def test_one_row_per_mention_in_text_order_with_its_sentence(rows):
    assert [r.mention for r in rows] == ["Saraqeb", "Moscow", "Turkey-Greece border", "Aleppo", "Aleppo"]
    assert all(TEXT[r.start:r.end] == r.mention for r in rows)
    assert [r.sentence for r in rows][-2:] == ["Aid reached Aleppo, and later Aleppo again."] * 2
    saraqib = rows[0]
    assert (saraqib.name, saraqib.country_code, saraqib.feature_type) == ("Saraqib", "SY", "city")
    assert saraqib.place_id == f"geonames:{saraqib.geonames_id}" and saraqib.article_id == "a-1"
    assert (saraqib.title, saraqib.url, saraqib.date, saraqib.source) == ("Title", "https://example.org/a",
                                                                          "2024-03-05", "Wire")


def test_places_without_a_geonames_id_get_an_idlibmap_id(rows):
    border = rows[2]
    assert border.geonames_id is None and border.place_id == "idlibmap:border:Greece–Turkey border"
    assert rows[1].metonymy is True


def test_json_lines_hold_the_columns_in_order(rows):
    lines = jsonl_bytes(rows).decode("utf-8").splitlines()
    assert len(lines) == len(rows)
    first = json.loads(lines[0])
    assert tuple(first) == COLUMNS and first["lat"] == round(first["lat"], 5)


def test_csv_has_a_header_empty_nulls_and_lowercase_booleans(rows):
    data = csv_bytes(rows, header=True) + csv_bytes(rows[:1], header=False)
    assert b"\r\n" in data
    table = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert tuple(table[0]) == COLUMNS and len(table) == len(rows) + 2
    border = dict(zip(COLUMNS, table[3], strict=True))
    assert border["geonames_id"] == "" and border["metonymy"] == "false"
    assert dict(zip(COLUMNS, table[2], strict=True))["metonymy"] == "true"


def test_parquet_is_geoparquet_with_points_in_epsg_4326(rows, tmp_path):
    import geopandas

    path = tmp_path / "rows.parquet"
    path.write_bytes(parquet_bytes(rows))
    frame = geopandas.read_parquet(path)
    assert frame.crs.to_epsg() == 4326
    assert list(frame.columns) == [*COLUMNS, "geometry"]
    assert list(frame.geometry.x) == [r.lon for r in rows] and list(frame.geometry.y) == [r.lat for r in rows]
    assert frame["metonymy"].tolist() == [r.metonymy for r in rows]


def test_an_empty_parquet_part_still_reads(tmp_path):
    import geopandas

    path = tmp_path / "empty.parquet"
    path.write_bytes(parquet_bytes([]))
    frame = geopandas.read_parquet(path)
    assert len(frame) == 0 and list(frame.columns) == [*COLUMNS, "geometry"]


def test_the_readme_table_lists_the_columns_in_order():
    import re

    from ..conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    cells = re.findall(r"^\| [\d–]+ \| ([^|]+) \|", readme, re.M)
    assert tuple(name for cell in cells for name in re.findall(r"`(\w+)`", cell)) == COLUMNS
