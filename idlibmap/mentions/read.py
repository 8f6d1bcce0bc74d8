"""Read mention rows from .jsonl, .csv or (Geo)Parquet, a file or a folder of parts, one checked row at a time.

Rows are streamed: a file of a million rows is never held in memory, only one Parquet batch at a
time. Every row is checked against the contract (``FEED_SCHEMA``); the first bad one stops the
read with a :class:`~idlibmap.errors.MentionsError` naming the file and its line (text files) or row
(Parquet, counted from 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import MentionsError

SUFFIXES = (".jsonl", ".csv", ".parquet")
# The columns the map reads (the contract's others, mention text, offsets, confidence…, are not needed).
COLUMNS = ("article_id", "title", "url", "date", "source", "name", "place_id", "geonames_id", "feature_type",
           "country_code", "lat", "lon", "sentence")
PARQUET_BATCH = 65_536  # rows held at once when reading Parquet


@dataclass(frozen=True, slots=True)
class MentionRow:
    """One checked mention: which article named which place, where and when."""

    article_id: str
    title: str | None
    url: str | None
    date: dt.date | None
    source: str | None
    name: str
    place_id: str
    geonames_id: int | None
    feature_type: str
    country_code: str | None
    lat: float
    lon: float
    sentence: str


def mention_files(path: Path) -> list[Path]:
    """The files of mention rows at ``path``: the file itself, or a folder's part files in name order."""
    if path.is_dir():
        parts = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES
                       and not p.name.endswith(".errors.jsonl") and not p.name.startswith("."))
        if not parts:
            raise MentionsError(f"the folder holds no mention files ({', '.join(SUFFIXES)})", path)
        kinds = {p.suffix.lower() for p in parts}
        if len(kinds) > 1:
            raise MentionsError(f"the folder mixes kinds of mention files ({', '.join(sorted(kinds))}): "
                                "give one file or a folder of parts of one kind", path)
        return parts
    if not path.exists():
        raise MentionsError("no such file or folder", path)
    if path.suffix.lower() not in SUFFIXES:
        raise MentionsError(f"mention rows must be a {', '.join(SUFFIXES)} file (by its extension), "
                            "or a folder of parts", path)
    return [path]


def read_rows(path: str | Path) -> Iterator[MentionRow]:
    """Every mention row at ``path`` (a file, or a folder of part files), checked, in file order."""
    for file in mention_files(Path(path)):
        suffix = file.suffix.lower()
        try:
            if suffix == ".jsonl":
                yield from _jsonl(file)
            elif suffix == ".csv":
                yield from _csv(file)
            else:
                yield from _parquet(file)
        except OSError as err:
            raise MentionsError(f"cannot read the file: {err.strerror or err}", file) from err
        except UnicodeDecodeError as err:
            raise MentionsError(f"not UTF-8 text (byte {err.start})", file) from err


def _jsonl(file: Path) -> Iterator[MentionRow]:
    with file.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as err:
                raise MentionsError(f"not a JSON object: {err.msg}", file, number) from err
            if not isinstance(data, dict):
                raise MentionsError("not a JSON object", file, number)
            yield _row(data, file, f"line {number}", text=False)


def _csv(file: Path) -> Iterator[MentionRow]:
    with file.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in COLUMNS if c not in header]
        if header and missing:
            raise MentionsError(f"the header lacks the column '{missing[0]}'", file, 1)
        try:
            for data in reader:
                if None in data:
                    raise MentionsError("more cells than the header has columns", file, reader.line_num)
                yield _row(data, file, f"line {reader.line_num}", text=True)
        except csv.Error as err:
            raise MentionsError(f"malformed CSV: {err}", file, reader.line_num) from err


def _parquet(file: Path) -> Iterator[MentionRow]:
    import pyarrow.parquet as pq  # loads only when Parquet is read

    try:
        source = pq.ParquetFile(file)
    except Exception as err:  # pyarrow raises several kinds for a file that is not Parquet
        raise MentionsError(f"not a Parquet file ({type(err).__name__})", file) from err
    names = source.schema_arrow.names
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise MentionsError(f"no column '{missing[0]}'", file)
    number = 0
    for batch in source.iter_batches(batch_size=PARQUET_BATCH, columns=list(COLUMNS)):
        for data in batch.to_pylist():
            number += 1
            yield _row(data, file, f"row {number}", text=False)


def _row(data: Mapping[str, Any], file: Path, where: str, *, text: bool) -> MentionRow:
    """One row checked; ``text``: a CSV row, where every cell is text and an empty one is null."""
    def fail(message: str) -> MentionsError:
        return MentionsError(f"{where}: {message}", file)

    def value(column: str) -> Any:
        if column not in data:
            raise fail(f"missing column '{column}'")
        cell = data[column]
        return None if text and cell == "" else cell

    def string(column: str, required: bool = False) -> str | None:
        cell = value(column)
        if cell is None:
            if required:
                raise fail(f"'{column}' is empty")
            return None
        if not isinstance(cell, str):
            raise fail(f"'{column}' must be text, got {json.dumps(cell, default=str)[:40]}")
        if required and not cell.strip():
            raise fail(f"'{column}' is empty")
        return cell

    def number(column: str, limit: float) -> float:
        cell = value(column)
        if text and isinstance(cell, str):
            try:
                cell = float(cell)
            except ValueError:
                raise fail(f"'{column}' is not a number: {cell[:40]!r}") from None
        if isinstance(cell, bool) or not isinstance(cell, int | float) or not math.isfinite(cell):
            raise fail(f"'{column}' is not a number: {json.dumps(cell, default=str)[:40]}")
        if not -limit <= cell <= limit:
            raise fail(f"{column} {cell} is out of range (-{limit:g} to {limit:g})")
        return float(cell)

    day = string("date")
    date = None
    if day is not None:
        try:
            date = dt.date.fromisoformat(day) if len(day) == 10 else None
        except ValueError:
            date = None
        if date is None:
            raise fail(f"date {day[:40]!r} is not a date in the form YYYY-MM-DD")
    geonames = value("geonames_id")
    if text and isinstance(geonames, str):
        geonames = int(geonames) if geonames.isdigit() else geonames
    if geonames is not None and (isinstance(geonames, bool) or not isinstance(geonames, int)):
        raise fail(f"'geonames_id' is not a whole number: {str(geonames)[:40]!r}")
    code = string("country_code")
    if code is not None and not (len(code) == 2 and code.isascii() and code.isalpha()):
        raise fail(f"country_code {code[:40]!r} is not an ISO 3166-1 alpha-2 code")
    return MentionRow(
        article_id=str(string("article_id", required=True)), title=string("title"), url=string("url"),
        date=date, source=string("source"), name=str(string("name", required=True)),
        place_id=str(string("place_id", required=True)), geonames_id=geonames,
        feature_type=str(string("feature_type", required=True)), country_code=code.upper() if code else None,
        lat=number("lat", 90), lon=number("lon", 180), sentence=string("sentence") or "")
