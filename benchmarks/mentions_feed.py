"""A realistic feed of mention rows for the map of many articles, and how reading and folding it scales.

Each paragraph of the benchmark articles (benchmarks/geoparse/articles) stands for one article of a
made-up feed: dated over four weeks (deterministically), with a fictional publisher and an example.org
address; its places come from idlibmap's own geoparser, one row per mention, in the columns `places --out` writes.

Run from the repository root:
    python benchmarks/mentions_feed.py OUT.jsonl                    # write the feed (.jsonl or .csv)
    python benchmarks/mentions_feed.py OUT.jsonl --repeat 2000      # the same, repeated: ~1M rows;
                                                                     # prints read+fold time and memory
Prints figures only; nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "benchmarks" / "geoparse" / "articles"
COLUMNS = ("article_id", "title", "url", "date", "source", "name", "mention", "start", "end", "place_id",
           "geonames_id", "feature_type", "country_code", "lat", "lon", "sentence", "confidence", "metonymy")
FIRST_DAY = dt.date(2024, 3, 1)
DAYS = 28
SOURCES = ("Example Wire", "Example Daily", "Example Radio")


def feed_rows() -> list[dict[str, Any]]:
    """One row per mention of a place in every paragraph of the benchmark articles."""
    import idlibmap

    rows = []
    for path in sorted(ARTICLES.glob("*.txt")):
        paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        for number, text in enumerate(paragraphs, 1):
            article_id = f"{path.stem}#{number}"
            digest = int(hashlib.sha256(article_id.encode()).hexdigest(), 16)
            day = FIRST_DAY + dt.timedelta(days=digest % DAYS)
            title = text.split(". ")[0][:90]
            for place in idlibmap.places(text):
                place_id = (f"geonames:{place.geonames_id}" if place.geonames_id
                            else f"idlibmap:{place.feature_type}:{place.name}")
                for mention in place.mentions:
                    rows.append({
                        "article_id": article_id, "title": title, "url": f"https://example.org/{path.stem}/{number}",
                        "date": day.isoformat(), "source": SOURCES[digest % len(SOURCES)], "name": place.name,
                        "mention": mention.text, "start": mention.start, "end": mention.end, "place_id": place_id,
                        "geonames_id": place.geonames_id, "feature_type": place.feature_type,
                        "country_code": place.country_code, "lat": round(place.lat, 5), "lon": round(place.lon, 5),
                        "sentence": place.sentence, "confidence": place.confidence, "metonymy": place.metonymy})
    return rows


def write(path: Path, rows: list[dict[str, Any]], repeat: int) -> int:
    """Write ``rows`` ``repeat`` times (each copy a new set of articles, a day later); return the rows written."""
    written = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        table = csv.writer(handle) if path.suffix == ".csv" else None
        if table:
            table.writerow(COLUMNS)
        for copy in range(repeat):
            for row in rows:
                if copy:
                    day = dt.date.fromisoformat(row["date"]) + dt.timedelta(days=copy % 365)
                    row = row | {"article_id": f"{row['article_id']}@{copy}", "date": day.isoformat()}
                if table:
                    table.writerow(["" if row[c] is None else str(row[c]).lower() if isinstance(row[c], bool)
                                    else row[c] for c in COLUMNS])
                else:
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the feed to write (.jsonl or .csv)")
    parser.add_argument("--repeat", type=int, default=1, help="write the feed this many times over")
    args = parser.parse_args()
    rows = feed_rows()
    written = write(args.out, rows, args.repeat)
    articles = len({r["article_id"] for r in rows})
    print(f"wrote {args.out}: {written:,} rows ({len(rows):,} per copy, {articles} articles per copy, "
          f"{args.out.stat().st_size / 1e6:,.1f} MB)")
    if args.repeat > 1:
        from idlibmap.mentions import aggregate

        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        folded = aggregate(args.out)
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        pairs = sum(p.count for p in folded.places)
        print(f"read and folded {folded.rows:,} rows in {seconds:.1f} s ({folded.rows / seconds:,.0f} rows/s): "
              f"{len(folded.places):,} places, {folded.articles:,} articles, {pairs:,} place-article entries; "
              f"peak memory {peak:,.0f} MB (before reading: {before:,.0f} MB)")


if __name__ == "__main__":
    sys.exit(main())
