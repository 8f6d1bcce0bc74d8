"""Fixtures for the batch tests: a small feed made from the composed benchmark articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..conftest import ROOT

COMPOSED = sorted((ROOT / "benchmarks" / "geoparse" / "articles").glob("*.txt"))


def feed_records() -> list[dict[str, object]]:
    """Sixteen articles: each composed article whole, and its second half with a date-time and a source."""
    records: list[dict[str, object]] = []
    for number, path in enumerate(COMPOSED):
        text = path.read_text(encoding="utf-8")
        records.append({"id": f"whole-{path.stem}", "text": text, "title": path.stem,
                        "url": f"https://example.org/{number}"})
        records.append({"id": number, "text": text[len(text) // 2:],
                        "date": f"2024-0{number % 9 + 1}-15T23:30:00+02:00", "source": "Wire"})
    return records


def write_feed(path: Path, records: list[dict[str, object]], extra_lines: tuple[str, ...] = ()) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records) + "".join(line + "\n" for line in extra_lines),
                    encoding="utf-8")
    return path


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    return write_feed(tmp_path / "feed.jsonl", feed_records())


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
