"""The mention row (one per time an article names a place) and its encodings: JSON Lines, CSV, GeoParquet.

The columns and their order are the contract with ``build --mentions`` (``FEED_SCHEMA.md``, the
README's table); :class:`MentionRow` is the one record of them, for writing (``places --out``) and
for reading (:func:`idlibmap.mentions.read_rows`). Only :func:`parquet_bytes` imports pyarrow.
"""

from __future__ import annotations

import csv
import io
import json
import struct
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import msgspec

from ..article import Sentences

if TYPE_CHECKING:
    from ..geoparse import ArticlePlace
    from .articles import Article

COORDINATE_DECIMALS = 5


Day = TypeVar("Day")


class MentionRow(msgspec.Struct, Generic[Day], frozen=True, gc=False):
    """One mention of a place in one article, located (a msgspec struct: rows are many, and msgspec encodes
    a JSON line of one in about a tenth of the standard library's time).

    ``date`` is the article's day: the text ``YYYY-MM-DD`` as written (:data:`WrittenRow`), a
    :class:`datetime.date` once read back and checked (``idlibmap.mentions.read``); ``None`` if undated.
    """

    article_id: str
    title: str | None
    url: str | None
    date: Day
    source: str | None
    name: str
    mention: str
    start: int
    end: int
    place_id: str
    geonames_id: int | None
    feature_type: str
    country_code: str | None
    lat: float
    lon: float
    sentence: str
    confidence: float
    metonymy: bool


WrittenRow = MentionRow[str | None]
COLUMNS: tuple[str, ...] = MentionRow.__struct_fields__
_JSON = msgspec.json.Encoder()


def place_id(place: ArticlePlace) -> str:
    """``geonames:<id>``, else ``idlibmap:<feature_type>:<name>`` (borders and the features table)."""
    if place.geonames_id is not None:
        return f"geonames:{place.geonames_id}"
    return f"idlibmap:{place.feature_type}:{place.name}"


def mention_rows(article: Article, places: Iterable[ArticlePlace]) -> list[WrittenRow]:
    """The rows of an article's places, one per mention, in the order of the text."""
    sentences: Sentences | None = None
    rows = []
    identity, title, url, date, source = article.id, article.title, article.url, article.date, article.source
    for place in places:
        name, ident, geonames, kind, country = (place.name, place_id(place), place.geonames_id, place.feature_type,
                                                place.country_code)
        lat, lon = round(place.lat, COORDINATE_DECIMALS), round(place.lon, COORDINATE_DECIMALS)
        confidence, metonymy = place.confidence, place.metonymy
        sentences = sentences or Sentences(article.text)
        for mention in place.mentions:
            rows.append(MentionRow(identity, title, url, date, source, name, mention.text, mention.start, mention.end,
                                   ident, geonames, kind, country, lat, lon, sentences.at(mention.start), confidence,
                                   metonymy))
    rows.sort(key=lambda row: (row.start, row.end))
    return rows


def jsonl_bytes(rows: Iterable[WrittenRow]) -> bytes:
    """One JSON object per row and line, UTF-8."""
    return _JSON.encode_lines(list(rows))


def text_lines(rows: Iterable[WrittenRow], text_format: str) -> bytes:
    """The rows as lines of a text output: ``.csv`` (no header) or ``.jsonl``."""
    return csv_bytes(rows, header=False) if text_format == ".csv" else jsonl_bytes(rows)


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def csv_bytes(rows: Iterable[WrittenRow], header: bool) -> bytes:
    """RFC 4180 rows (CRLF line ends, quoted where needed); empty cells are nulls, booleans true/false."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header:
        writer.writerow(COLUMNS)
    writer.writerows([_csv_cell(value) for value in msgspec.structs.astuple(row)] for row in rows)
    return buffer.getvalue().encode("utf-8")


def wkb_point(lon: float, lat: float) -> bytes:
    """A 2D point as little-endian well-known binary."""
    return struct.pack("<BIdd", 1, 1, lon, lat)


def geo_metadata(rows: list[WrittenRow]) -> bytes:
    """GeoParquet 1.0 ``geo`` metadata: one WKB point column, CRS EPSG:4326 (the points are longitude,
    latitude, as GeoParquet wants whatever the CRS's axis order)."""
    bbox = ([min(r.lon for r in rows), min(r.lat for r in rows), max(r.lon for r in rows), max(r.lat for r in rows)]
            if rows else [])
    column: dict[str, Any] = {"encoding": "WKB", "geometry_types": ["Point"], "crs": EPSG_4326}
    if bbox:
        column["bbox"] = bbox
    return json.dumps({"version": "1.0.0", "primary_column": "geometry", "columns": {"geometry": column}}).encode()


# EPSG:4326 as PROJJSON, which the GeoParquet "crs" field holds (pyproj reads it as EPSG:4326 exactly).
EPSG_4326 = {
    "type": "GeographicCRS", "name": "WGS 84",
    "datum": {"type": "GeodeticReferenceFrame", "name": "World Geodetic System 1984",
              "ellipsoid": {"name": "WGS 84", "semi_major_axis": 6378137, "inverse_flattening": 298.257223563}},
    "coordinate_system": {"subtype": "ellipsoidal", "axis": [
        {"name": "Geodetic latitude", "abbreviation": "Lat", "direction": "north", "unit": "degree"},
        {"name": "Geodetic longitude", "abbreviation": "Lon", "direction": "east", "unit": "degree"}]},
    "id": {"authority": "EPSG", "code": 4326},
}


def _arrow_schema() -> Any:
    import pyarrow as pa

    text, number = pa.string(), pa.float64()
    types = {"start": pa.int64(), "end": pa.int64(), "geonames_id": pa.int64(), "lat": number, "lon": number,
             "confidence": number, "metonymy": pa.bool_()}
    return pa.schema([pa.field(name, types.get(name, text), nullable=name not in ("start", "end"))
                      for name in COLUMNS] + [pa.field("geometry", pa.binary())])


def parquet_bytes(rows: list[WrittenRow]) -> bytes:
    """A GeoParquet file of ``rows``: the columns plus a WKB point ``geometry`` (an empty table if none)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema()
    columns: list[list[Any]] = [list(values) for values in zip(*map(msgspec.structs.astuple, rows), strict=True)] \
        if rows else [[] for _ in COLUMNS]
    columns.append([wkb_point(row.lon, row.lat) for row in rows])
    table = pa.Table.from_arrays([pa.array(values, type=field.type) for values, field in zip(columns, schema,
                                                                                              strict=True)],
                                 schema=schema.with_metadata({b"geo": geo_metadata(rows)}))
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return bytes(sink.getvalue().to_pybytes())
