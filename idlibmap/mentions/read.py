"""Read mention rows from .jsonl, .csv or (Geo)Parquet, a file or a folder of parts, one checked row at a time.

Rows are streamed: a file of a million rows is never held in memory, only one Parquet batch at a
time. Every row is checked against the contract (``FEED_SCHEMA``); the first bad one stops the
read with a :class:`~idlibmap.errors.MentionsError` naming the file and its line (text files) or row
(Parquet, counted from 1): ``rows.jsonl:3: …`` or ``rows.parquet: row 3: …``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, TypeAlias

from ..errors import MentionsError
from ..feed import rows

SUFFIXES = (".jsonl", ".csv", ".parquet")
COLUMNS = rows.COLUMNS
PARQUET_BATCH = 65_536  # rows held at once when reading Parquet

# One checked mention: the row ``places --out`` writes, its date read as a date.
MentionRow: TypeAlias = rows.MentionRow[dt.date | None]


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
            yield _row(data, file, number, text=False)


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
                yield _row(data, file, reader.line_num, text=True)
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


class _Cells:
    """One row's cells, read and checked by type; ``text``: a CSV row, where every cell is text and an
    empty one is null. A fault is a :class:`MentionsError` naming the file and the line or row."""

    def __init__(self, data: Mapping[str, Any], file: Path, where: int | str, text: bool):
        self.data, self.file, self.where, self.text = data, file, where, text

    def fail(self, message: str) -> MentionsError:
        """The fault at a text file's line (``path:line:``) or a Parquet file's row (``path: row n:``)."""
        if isinstance(self.where, int):
            return MentionsError(message, self.file, self.where)
        return MentionsError(f"{self.where}: {message}", self.file)

    def value(self, column: str) -> Any:
        if column not in self.data:
            raise self.fail(f"missing column '{column}'")
        cell = self.data[column]
        return None if self.text and cell == "" else cell

    def string(self, column: str) -> str | None:
        cell = self.value(column)
        if cell is not None and not isinstance(cell, str):
            raise self.fail(f"'{column}' must be text, got {json.dumps(cell, default=str)[:40]}")
        return cell

    def required(self, column: str) -> str:
        cell = self.string(column)
        if cell is None or not cell.strip():
            raise self.fail(f"'{column}' is empty")
        return cell

    def number(self, column: str, limit: float, low: float | None = None) -> float:
        cell = self.value(column)
        if self.text and isinstance(cell, str):
            try:
                cell = float(cell)
            except ValueError:
                raise self.fail(f"'{column}' is not a number: {cell[:40]!r}") from None
        if isinstance(cell, bool) or not isinstance(cell, int | float) or not math.isfinite(cell):
            raise self.fail(f"'{column}' is not a number: {json.dumps(cell, default=str)[:40]}")
        low = -limit if low is None else low
        if not low <= cell <= limit:
            raise self.fail(f"{column} {cell} is out of range ({low:g} to {limit:g})")
        return float(cell)

    def date(self, column: str) -> dt.date | None:
        day = self.string(column)
        if day is None:
            return None
        try:
            if len(day) == 10:
                return dt.date.fromisoformat(day)
        except ValueError:
            pass
        raise self.fail(f"{column} {day[:40]!r} is not a date in the form YYYY-MM-DD")

    def whole(self, column: str) -> int | None:
        cell = self.value(column)
        if self.text and isinstance(cell, str) and cell.isdigit():
            cell = int(cell)
        if cell is not None and (isinstance(cell, bool) or not isinstance(cell, int)):
            raise self.fail(f"'{column}' is not a whole number: {str(cell)[:40]!r}")
        return cell

    def offset(self, column: str) -> int:
        cell = self.whole(column)
        if cell is None:
            raise self.fail(f"'{column}' is empty")
        return cell

    def boolean(self, column: str) -> bool:
        cell = self.value(column)
        if self.text and cell in ("true", "false"):
            return bool(cell == "true")
        if not isinstance(cell, bool):
            raise self.fail(f"'{column}' is not true or false: {json.dumps(cell, default=str)[:40]}")
        return cell

    def country(self, column: str) -> str | None:
        code = self.string(column)
        if code is not None and not (len(code) == 2 and code.isascii() and code.isalpha()):
            raise self.fail(f"{column} {code[:40]!r} is not an ISO 3166-1 alpha-2 code")
        return code.upper() if code else None


def _row(data: Mapping[str, Any], file: Path, where: int | str, *, text: bool) -> MentionRow:
    """One row, checked against the contract; ``where`` is its line (text files) or "row n" (Parquet)."""
    cells = _Cells(data, file, where, text)
    return rows.MentionRow(
        article_id=cells.required("article_id"), title=cells.string("title"), url=cells.string("url"),
        date=cells.date("date"), source=cells.string("source"), name=cells.required("name"),
        mention=cells.required("mention"), start=cells.offset("start"), end=cells.offset("end"),
        place_id=cells.required("place_id"), geonames_id=cells.whole("geonames_id"),
        feature_type=cells.required("feature_type"), country_code=cells.country("country_code"),
        lat=cells.number("lat", 90), lon=cells.number("lon", 180), sentence=cells.string("sentence") or "",
        confidence=cells.number("confidence", 1, low=0), metonymy=cells.boolean("metonymy"))
