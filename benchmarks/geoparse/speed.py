"""Geoparser speed and memory: index load, MB/s, cost per article, `places` start time and peak memory.

Run from the repository root:  python benchmarks/geoparse/speed.py [--megabytes 20] [--skip-memory]

- index load: opening the cached gazetteer index (median of ``--runs``);
- MB/s: ``places_from_text`` on a long text made of the benchmark articles repeated (each copy
  with a running number, so the parser meets new capitalised names too, as in a long real text),
  in CPU seconds and wall seconds;
- per article: one ``Geoparser`` reused over the benchmark articles cut to about 2 KB each, as the
  batch geoparser's workers call it (median over rounds, after one warm-up round);
- ``places`` start: the command run in a fresh process on a short article and on the seed article
  (``../shared/articles/idlib-2020-03-02.txt`` when present), wall and CPU time, median of ``--runs``;
- peak memory: the resident set of ``places --format json`` on the long text, in a child process.

Prints figures; sets no pass/fail.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from idlibmap.gazetteer import Gazetteer  # noqa: E402  (after the sys.path line)
from idlibmap.geoparse import Geoparser, places_from_text  # noqa: E402  (after the sys.path line)

SEED = next((folder / "shared" / "articles" / "idlib-2020-03-02.txt" for folder in ROOT.parents
             if (folder / "shared" / "articles").is_dir()), None)
ARTICLE_BYTES = 2_000


def articles() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((HERE / "articles").glob("*.txt"))]


def corpus(megabytes: float) -> str:
    parts, size, number = [], 0, 0
    texts = articles()
    while size < megabytes * 1e6:
        for text in texts:
            piece = f"Report {number} from Agent Person{number} Smith.\n{text}\n"
            parts.append(piece)
            size += len(piece)
            number += 1
    return "".join(parts)


def index_load(runs: int) -> None:
    Gazetteer.open().close()  # make sure the index exists before timing its load
    loads = []
    for _ in range(runs):
        started = time.perf_counter()
        gazetteer = Gazetteer.open()
        gazetteer.demonyms()
        loads.append(time.perf_counter() - started)
        gazetteer.close()
    print(f"gazetteer load from the cached index: median {statistics.median(loads) * 1000:.1f} ms "
          f"over {runs} runs (max {max(loads) * 1000:.1f} ms)")


def throughput(text: str) -> None:
    gazetteer = Gazetteer.open()
    wall, cpu = time.perf_counter(), time.process_time()
    result = places_from_text(text, gazetteer)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    size = len(text.encode("utf-8")) / 1e6
    mentions = sum(len(p.mentions) for p in result.places)
    print(f"geoparsed {size:.1f} MB: {size / cpu:.2f} MB/s of CPU time ({cpu:.2f} s), {size / wall:.2f} MB/s of wall "
          f"time ({len(result.places)} places, {mentions:,} mentions)")


def per_article(rounds: int = 5) -> None:
    """A reused Geoparser over ~2 KB articles: the batch geoparser's case."""
    texts = [text[:ARTICLE_BYTES] for text in articles()]
    parser = Geoparser(Gazetteer.open())
    for text in texts:  # warm-up: the first sight of each name costs a lookup
        parser.parse(text)
    timings = []
    for _ in range(rounds):
        for text in texts:
            started = time.process_time()
            parser.parse(text)
            timings.append(time.process_time() - started)
    print(f"reused Geoparser, {len(texts)} articles of ~{ARTICLE_BYTES // 1000} KB: median "
          f"{statistics.median(timings) * 1000:.2f} ms of CPU per article (max {max(timings) * 1000:.2f} ms)")


def command_start(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        short = Path(folder) / "short.txt"
        short.write_text("Shelling hit Saraqeb in northwest Syria; Moscow said talks with Ankara would go on.\n",
                         encoding="utf-8")
        for label, path in (("short article", short), ("seed article", SEED)):
            if path is None or not path.is_file():
                print(f"places start, {label}: not found, skipped")
                continue
            walls, cpus = [], []
            for _ in range(runs):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                started = time.perf_counter()
                subprocess.run([sys.executable, "-m", "idlibmap", "places", str(path)], cwd=ROOT, check=True,
                               capture_output=True)
                walls.append(time.perf_counter() - started)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            print(f"places start, {label}: median {statistics.median(walls):.3f} s wall, "
                  f"{statistics.median(cpus):.3f} s CPU over {runs} runs (wall grows with the machine's load)")


def peak_memory(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.txt"
        path.write_text(text, encoding="utf-8")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "idlibmap", "places", str(path), "--format", "json"], cwd=ROOT,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kilobytes on Linux
        size = len(text.encode("utf-8")) / 1e6
        print(f"places --format json on {size:.1f} MB: {wall:.1f} s wall in all, peak memory {peak:.0f} MB")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--megabytes", type=float, default=5.0)
    options.add_argument("--runs", type=int, default=5)
    options.add_argument("--skip-memory", action="store_true", help="do not run places on the long text")
    args = options.parse_args()
    index_load(args.runs)
    text = corpus(args.megabytes)
    throughput(text)
    per_article()
    command_start(args.runs)
    if not args.skip_memory:
        peak_memory(text)


if __name__ == "__main__":
    main()
