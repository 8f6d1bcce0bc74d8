"""Writing a batch's rows so that it can be resumed exactly: the output, its errors file and a journal.

Beside ``--out`` (``rows.jsonl``, ``rows.csv`` or the folder ``rows.parquet``) are
``rows.errors.jsonl`` (one ``{"article_id", "reason"}`` object per failed article) and the journal
``rows.jsonl.done`` (``rows.csv.done``, ``rows.parquet.done``; JSON Lines). The rows and errors of a
group of articles are appended and synced first; then one journal line records the ids of those
articles and the output sizes (or the Parquet part file) after them. That line is the commit: on a
re-run with the same ``--out``, whatever was written after the last whole journal line (a run killed
mid-write) is cut off or removed, and every article the journal names, failed ones too, is skipped.
Without a journal the outputs start afresh.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import FeedError, OptionError, OutputError
from ..files import AppendFile, SpilledIds, make_folder, remove_files, write_atomically
from .articles import Failure
from .rows import WrittenRow, csv_bytes, parquet_bytes, text_lines
from .work import ChunkResult

ROW_FORMATS = (".jsonl", ".csv", ".parquet")
PARQUET_GROUP_ARTICLES = 2_000  # articles per Parquet part file (one commit each)
_PART = re.compile(r"part-(\d{6,})\.parquet")


def row_format(out: Path) -> str:
    """The output format ``--out``'s extension names; an OptionError for any other."""
    suffix = out.suffix.lower()
    if suffix not in ROW_FORMATS:
        raise OptionError(f"{str(out)!r} must end in {', '.join(ROW_FORMATS)}", "out")
    return suffix


def errors_path(out: Path) -> Path:
    """``<out stem>.errors.jsonl`` beside ``out``."""
    return out.with_name(f"{out.stem}.errors.jsonl")


def journal_path(out: Path) -> Path:
    """``<out name>.done`` beside ``out``: one journal per output, whatever its format."""
    return out.with_name(f"{out.name}.done")


@dataclass
class Journal:
    """What earlier runs committed: ids done (kept on disk, not in memory: close the journal when done),
    how many failed, and where their outputs ended."""

    done: SpilledIds = field(default_factory=SpilledIds)
    failed: int = 0
    rows_size: int = 0
    errors_size: int = 0
    parts: list[str] = field(default_factory=list)
    size: int = 0  # bytes of whole journal lines

    def close(self) -> None:
        self.done.close()


def read_journal(path: Path) -> Journal:
    """The journal at ``path`` up to its last whole line (a line cut off by a kill is ignored)."""
    journal = Journal()
    try:
        with path.open("rb") as stream:
            for raw in stream:
                if not raw.endswith(b"\n"):
                    break
                try:
                    entry: dict[str, Any] = json.loads(raw)
                except ValueError:
                    break
                journal.done.update(entry["done"])
                journal.failed += entry["failed"]
                journal.rows_size, journal.errors_size = entry["rows"], entry["errors"]
                if entry.get("part"):
                    journal.parts.append(entry["part"])
                journal.size += len(raw)
    except FileNotFoundError:
        pass
    except OutputError:  # the temporary file of ids (an OSError too) is not the journal
        journal.close()
        raise
    except (OSError, KeyError, TypeError) as err:
        journal.close()
        raise FeedError(f"cannot resume from the journal: {getattr(err, 'strerror', None) or err!r}; "
                        "delete it to start afresh", path) from err
    return journal


class RowSink:
    """The outputs of a batch: rows in the ``--out`` format, the errors file and the journal."""

    def __init__(self, out: Path):
        self.out = out
        self.format = row_format(out)
        self.errors_path = errors_path(out)
        self.journal_path = journal_path(out)
        self.rows_written = 0
        self.failures = 0
        self._earlier: Journal | None = None
        self._buffer: list[ChunkResult] = []

    def open(self) -> Journal:
        """Take the journal's lock, cut the outputs back to what it committed, and say what is done."""
        if self.out.parent != Path():
            make_folder(self.out.parent)
        if self.format != ".parquet" and self.out.is_dir():
            raise OptionError(f"{str(self.out)!r} is a folder; give a file name", "out")
        if self.format == ".parquet" and self.out.exists() and not self.out.is_dir():
            raise OptionError(f"{str(self.out)!r} is a file; Parquet output is a folder of part files", "out")
        self._journal = AppendFile(self.journal_path, lock=True)
        try:
            earlier = self._earlier = read_journal(self.journal_path)
            self._journal.truncate(earlier.size)
            self._errors = AppendFile(self.errors_path)
            self._check_size(self._errors, earlier.errors_size)
            self._errors.truncate(earlier.errors_size)
            if self.format == ".parquet":
                make_folder(self.out)
                kept = set(earlier.parts)
                missing = sorted(name for name in kept if not (self.out / name).is_file())
                if missing:
                    raise FeedError(f"{missing[0]} is missing from {self.out}, though the journal lists it; "
                                    "delete the journal to start afresh", self.journal_path)
                remove_files(p for p in self.out.glob("part-*.parquet") if p.name not in kept)
                self._next_part = 1 + max((int(m.group(1)) for m in map(_PART.fullmatch, kept) if m), default=0)
                self._rows: AppendFile | None = None
            else:
                self._rows = AppendFile(self.out)
                self._check_size(self._rows, earlier.rows_size)
                self._rows.truncate(earlier.rows_size)
        except BaseException:
            self.close()
            raise
        self._parts = len(earlier.parts)
        return earlier

    def _check_size(self, output: AppendFile, committed: int) -> None:
        """An output shorter than the journal says was changed or replaced: resuming would lose rows."""
        if output.size < committed:
            raise FeedError(f"{output.path} holds {output.size:,} bytes, fewer than the {committed:,} the journal "
                            "records (was it changed or replaced?); delete the journal to start afresh",
                            self.journal_path)

    def add(self, result: ChunkResult) -> None:
        """Take one chunk's results; they are committed in groups (each chunk for text formats)."""
        self._buffer.append(result)
        if self.format != ".parquet" or sum(r.articles for r in self._buffer) >= PARQUET_GROUP_ARTICLES:
            self.commit()

    def commit(self) -> None:
        """Write the buffered rows and errors, sync them, then record the group in the journal."""
        if not self._buffer:
            return
        buffer, self._buffer = self._buffer, []
        rows: list[WrittenRow] = [row for result in buffer for row in result.rows]
        failures: list[Failure] = [f for result in buffer for f in result.failures]
        done = [identity for result in buffer for identity in result.done] + [f.article_id for f in failures]
        count = sum(result.row_count for result in buffer)
        part = None
        if self._rows is not None:
            header = csv_bytes([], header=True) if self.format == ".csv" and self._rows.size == 0 else b""
            self._rows.append(header + b"".join(result.lines if result.lines is not None
                                                else text_lines(result.rows, self.format) for result in buffer))
            self._rows.sync()
        elif rows:
            part = self._write_part(rows)
        if failures:
            self._errors.append("".join(json.dumps({"article_id": f.article_id, "reason": f.reason},
                                                   ensure_ascii=False) + "\n" for f in failures).encode("utf-8"))
            self._errors.sync()
        entry = {"rows": self._rows.size if self._rows is not None else 0, "errors": self._errors.size,
                 "part": part, "failed": len(failures), "done": done}
        self._journal.append((json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8"))
        self._journal.sync()
        self.rows_written += count
        self.failures += len(failures)

    def _write_part(self, rows: list[WrittenRow]) -> str:
        name = f"part-{self._next_part:06d}.parquet"
        write_atomically({self.out / name: parquet_bytes(rows)})
        self._next_part += 1
        self._parts += 1
        return name

    def finish(self) -> None:
        """Commit what is buffered; a Parquet folder with no rows at all gets one empty part, so it reads."""
        self.commit()
        if self.format == ".parquet" and self._parts == 0:
            name = self._write_part([])
            entry = {"rows": 0, "errors": self._errors.size, "part": name, "failed": 0, "done": []}
            self._journal.append((json.dumps(entry) + "\n").encode("utf-8"))

    def close(self) -> None:
        """Close the outputs, and the earlier runs' ids :meth:`open` returned."""
        earlier = getattr(self, "_earlier", None)
        if earlier is not None:
            earlier.close()
            self._earlier = None
        for name in ("_rows", "_errors", "_journal"):
            handle = getattr(self, name, None)
            if handle is not None:
                handle.close()
                setattr(self, name, None)
