"""Reading mention rows: the three formats and folders of parts give the same rows; a bad row names its place."""

from __future__ import annotations

import datetime as dt
import json
import re

import msgspec
import pytest

from idlibmap.errors import MentionsError
from idlibmap.mentions import read_rows

from .rows import feed, row, write_csv, write_jsonl, write_parquet

WRITERS = {"jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet}


@pytest.mark.parametrize("kind", WRITERS)
def test_every_format_reads_the_same_typed_rows(tmp_path, kind):
    rows = feed() + [row("a6", "Idlib", None, title=None, url=None, source=None, geonames_id=None)]
    read = list(read_rows(WRITERS[kind](tmp_path / f"rows.{kind}", rows)))
    assert [r.article_id for r in read] == [r["article_id"] for r in rows]
    first, last = read[0], read[-1]
    assert (first.name, first.place_id, first.geonames_id, first.feature_type) == ("Idlib", "geonames:169389",
                                                                                   169389, "city")
    assert first.date == dt.date(2020, 3, 1) and first.lat == pytest.approx(35.93062)
    assert first.url == "https://news.example/a1" and first.country_code == "SY"
    assert (last.date, last.title, last.url, last.source, last.geonames_id) == (None, None, None, None, None)


def test_a_folder_of_parts_reads_every_part_in_name_order(tmp_path):
    rows = feed()
    parts = tmp_path / "rows.parquet"
    parts.mkdir()
    write_parquet(parts / "part-00001.parquet", rows[6:])
    write_parquet(parts / "part-00000.parquet", rows[:6])
    assert [r.article_id for r in read_rows(parts)] == [r["article_id"] for r in rows]


def test_a_folder_with_no_parts_or_mixed_parts_is_refused(tmp_path):
    with pytest.raises(MentionsError, match="holds no mention files"):
        list(read_rows(tmp_path))
    write_jsonl(tmp_path / "a.jsonl", feed())
    write_csv(tmp_path / "b.csv", feed())
    with pytest.raises(MentionsError, match="mixes kinds"):
        list(read_rows(tmp_path))


@pytest.mark.parametrize(("change", "message"), [
    ({"lat": 91.5}, "rows.jsonl:3: lat 91.5 is out of range"),
    ({"lon": "east"}, "rows.jsonl:3: 'lon' is not a number"),
    ({"date": "2020-13-01"}, "rows.jsonl:3: date '2020-13-01' is not a date in the form YYYY-MM-DD"),
    ({"date": "2020-03-01T10:00:00Z"}, "is not a date in the form YYYY-MM-DD"),
    ({"place_id": ""}, "rows.jsonl:3: 'place_id' is empty"),
    ({"country_code": "Syria"}, "is not an ISO 3166-1 alpha-2 code"),
    ({"geonames_id": 1.5}, "'geonames_id' is not a whole number"),
])
def test_a_bad_row_names_the_file_and_line(tmp_path, change, message):
    rows = feed()[:2] + [row("a9", "Idlib", **change)]
    path = write_jsonl(tmp_path / "rows.jsonl", rows)
    with pytest.raises(MentionsError) as err:
        list(read_rows(path))
    assert str(err.value).startswith(f"{path.parent}/") and message in str(err.value)


def test_a_missing_column_is_named_in_every_format(tmp_path):
    rows = feed()[:3]
    del rows[2]["sentence"]
    with pytest.raises(MentionsError, match=r"rows.jsonl:3: missing column 'sentence'"):
        list(read_rows(write_jsonl(tmp_path / "rows.jsonl", rows)))
    for r in rows:
        r.pop("sentence", None)
    csv_path = tmp_path / "rows.csv"
    csv_path.write_text(",".join(k for k in rows[0]) + "\n", encoding="utf-8")
    with pytest.raises(MentionsError, match=r"rows.csv:1: the header lacks the column 'sentence'"):
        list(read_rows(csv_path))
    parquet = write_parquet(tmp_path / "rows.parquet", [dict(r, sentence="") for r in rows])
    import pyarrow.parquet as pq

    table = pq.read_table(parquet).drop(["sentence"])
    pq.write_table(table, parquet)
    with pytest.raises(MentionsError, match=r"rows.parquet: no column 'sentence'"):
        list(read_rows(parquet))


def test_a_bad_parquet_row_is_counted_from_one(tmp_path):
    path = write_parquet(tmp_path / "rows.parquet", feed()[:4] + [row("a9", "Idlib", lat=-95.0)])
    with pytest.raises(MentionsError, match=r"rows.parquet: row 5: lat -95.0 is out of range"):
        list(read_rows(path))


def test_csv_cells_are_text_with_empty_as_null(tmp_path):
    path = write_csv(tmp_path / "rows.csv", [row("a1", "Idlib", None, title="Title, with \"quotes\"\nand a line")])
    (read,) = read_rows(path)
    assert read.date is None and read.title == 'Title, with "quotes"\nand a line'


def test_not_json_and_wrong_extensions_are_clear_errors(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps(row("a1", "Idlib")) + "\n[1, 2]\n", encoding="utf-8")
    with pytest.raises(MentionsError, match=r"rows.jsonl:2: not a JSON object"):
        list(read_rows(path))
    with pytest.raises(MentionsError, match=r"rows.txt: no such file or folder"):
        list(read_rows(tmp_path / "rows.txt"))
    text = tmp_path / "rows.txt"
    text.write_text("Idlib\n", encoding="utf-8")
    with pytest.raises(MentionsError, match=r"must be a \.jsonl, \.csv, \.parquet file"):
        list(read_rows(text))
    fake = tmp_path / "fake.parquet"
    fake.write_text("not parquet", encoding="utf-8")
    with pytest.raises(MentionsError, match="not a Parquet file"):
        list(read_rows(fake))


def test_rows_are_streamed_not_loaded_at_once(tmp_path):
    """The reader is lazy: a bad row far into a file is met only when the rows before it have been used."""
    rows = feed() * 50 + [row("bad", "Idlib", lat=100.0)]
    reader = read_rows(write_jsonl(tmp_path / "rows.jsonl", rows))
    assert next(reader).article_id == "a1"
    with pytest.raises(MentionsError, match=f"rows.jsonl:{len(rows)}: lat 100.0"):
        list(reader)


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet"])
def test_rows_read_back_are_the_rows_places_wrote_with_their_dates_as_dates(tmp_path, kind):
    from idlibmap.feed.rows import MentionRow, csv_bytes, jsonl_bytes, parquet_bytes

    written = [MentionRow("a1", "Title", "https://news.example/a1", "2024-03-05", "Wire", "Saraqib", "Saraqeb", 13,
                          20, "geonames:165266", 165266, "city", "SY", 35.86451, 36.80444,
                          "Shelling hit Saraqeb.", 0.875, False),
               MentionRow("a2", None, None, None, None, "Greece–Turkey border", "Turkey-Greece border", 0, 20,
                          "idlibmap:border:Greece–Turkey border", None, "border", None, 41.0, 26.3,
                          "Families waited at the Turkey-Greece border.", 0.5, True)]
    path = tmp_path / f"rows.{kind}"
    path.write_bytes({"jsonl": lambda: jsonl_bytes(written), "csv": lambda: csv_bytes(written, header=True),
                      "parquet": lambda: parquet_bytes(written)}[kind]())
    read = list(read_rows(path))
    assert read == [msgspec.structs.replace(written[0], date=dt.date(2024, 3, 5)), written[1]]
    assert all(type(r) is MentionRow for r in read)


def test_a_bad_offset_or_flag_names_the_file_and_line(tmp_path):
    for change, message in [({"metonymy": "yes"}, "rows.jsonl:1: 'metonymy' is not true or false"),
                            ({"start": None}, "rows.jsonl:1: 'start' is empty"),
                            ({"confidence": 1.5}, "rows.jsonl:1: confidence 1.5 is out of range (0 to 1)")]:
        path = write_jsonl(tmp_path / "rows.jsonl", [row("a1", "Idlib", **change)])
        with pytest.raises(MentionsError, match=re.escape(message)):
            list(read_rows(path))
