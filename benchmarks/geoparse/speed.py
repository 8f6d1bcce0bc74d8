"""Geoparser speed: gazetteer load from its cached index, and megabytes of text per second.

Run from the repository root:  python benchmarks/geoparse/speed.py [--megabytes 20]

The text is the benchmark articles repeated (with a running number in each
copy, so the parser meets new capitalised names too, as in a long real text)
up to the size asked for. Prints figures; sets no pass/fail.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from idlibmap.gazetteer import Gazetteer  # noqa: E402  (after the sys.path line)
from idlibmap.geoparse import places_from_text  # noqa: E402  (after the sys.path line)


def corpus(megabytes: float) -> str:
    articles = [p.read_text(encoding="utf-8") for p in sorted((HERE / "articles").glob("*.txt"))]
    parts, size, number = [], 0, 0
    while size < megabytes * 1e6:
        for text in articles:
            piece = f"Report {number} from Agent Person{number} Smith.\n{text}\n"
            parts.append(piece)
            size += len(piece)
            number += 1
    return "".join(parts)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--megabytes", type=float, default=5.0)
    options.add_argument("--runs", type=int, default=5)
    args = options.parse_args()
    Gazetteer.open().close()  # make sure the index exists before timing its load
    loads = []
    for _ in range(args.runs):
        started = time.perf_counter()
        gazetteer = Gazetteer.open()
        gazetteer.demonyms()
        loads.append(time.perf_counter() - started)
        gazetteer.close()
    print(f"gazetteer load from the cached index: median {statistics.median(loads) * 1000:.1f} ms "
          f"over {args.runs} runs (max {max(loads) * 1000:.1f} ms)")
    text = corpus(args.megabytes)
    gazetteer = Gazetteer.open()
    started = time.perf_counter()
    result = places_from_text(text, gazetteer)
    seconds = time.perf_counter() - started
    size = len(text.encode("utf-8")) / 1e6
    mentions = sum(len(p.mentions) for p in result.places)
    print(f"geoparsed {size:.1f} MB in {seconds:.2f} s: {size / seconds:.2f} MB/s "
          f"({len(result.places)} places, {mentions:,} mentions)")


if __name__ == "__main__":
    main()
