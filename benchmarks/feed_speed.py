"""Batch geoparsing speed and memory: `places --feed` with --jobs 1, --jobs 2 and a local 2-worker Dask cluster.

Run from the repository root:
    python benchmarks/feed_speed.py --articles 1000 10000 [--modes jobs1 jobs2 dask] [--folder /tmp/feed-bench]

For each size, a synthetic feed (``feed_generate.py``: about 2 KB per article, seed 1) is written once;
for each mode the command ``python -m idlibmap places --feed FEED --out OUT.jsonl`` runs in a fresh
process and a fresh output folder, and this script prints its wall time, articles per second (of the
whole command, start-up included), the machine's speed just before and after (:func:`reference_ms`) and
the peak resident memory of its process tree (sampled every
0.1 s: the command and its worker processes, summed; for ``dask``, this script too, which runs the
scheduler, and the two worker processes, ``threads_per_worker=1``), and the CPU seconds of all of them
(user + system; for ``dask``, the workers' and the command's, not the scheduler's) with articles per
CPU second: on a shared machine, wall time depends on the other work, CPU time much less.
Prints figures; sets no pass/fail.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from feed_generate import feed  # noqa: E402  (after the sys.path line)

MODES = ("jobs1", "jobs2", "dask")
SAMPLE_S = 0.1


def tree_rss(root: psutil.Process) -> int:
    """Resident bytes of ``root`` and all its descendants."""
    total = 0
    for process in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += process.memory_info().rss
    return total


def run_measured(command: list[str], watched: psutil.Process | None) -> tuple[float, int, str]:
    """Run ``command``; its wall time, the peak RSS of its tree (plus ``watched``'s tree), and its stdout."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        process = psutil.Process(child.pid)
        while not done.is_set():
            try:
                total = tree_rss(process) + (tree_rss(watched) if watched is not None else 0)
            except psutil.Error:
                break
            peak = max(peak, total)
            time.sleep(SAMPLE_S)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = child.communicate()
    done.set()
    sampler.join()
    elapsed = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {child.returncode}: {err.strip()[-500:]}")
    return elapsed, peak, out.strip()


def write_feed(path: Path, count: int) -> None:
    import json

    if path.exists():
        return
    with path.open("w", encoding="utf-8") as stream:
        for record in feed(count, seed=1):
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")


def reference_ms() -> float:
    """CPU milliseconds of a fixed pure-Python loop (dict and string work, like the geoparser's), best of
    3: the machine's speed at the moment, to read the figures beside (a shared virtual machine's varies by
    a third from minute to minute)."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        counts: dict[str, int] = {}
        for number in range(300_000):
            key = str(number % 5_000)
            counts[key] = counts.get(key, 0) + number
        best = min(best, time.process_time() - started)
    return best * 1000


def geoparser_build() -> str:
    """Which geoparser the commands run (asked of a fresh process, so this one stays free of it)."""
    code = "from idlibmap.geoparse import compiled; print(compiled.build_in_use())"
    return subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument("--folder", type=Path, default=Path("/tmp/idlibmap-feed-bench"))
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    print(f"cores: {os.cpu_count()}, load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"geoparser: {geoparser_build()}")
    print(f"{'articles':>9}  {'mode':<6} {'wall s':>8} {'articles/s':>10} {'CPU s':>7} {'per CPU s':>9} "
          f"{'mentions':>9} {'peak RSS MB':>11} {'reference ms':>12}")
    for count in args.articles:
        feed_path = args.folder / f"feed-{count}.jsonl"
        write_feed(feed_path, count)
        for mode in args.modes:
            out_folder = args.folder / f"out-{count}-{mode}"
            shutil.rmtree(out_folder, ignore_errors=True)
            out_folder.mkdir()
            command = [sys.executable, "-m", "idlibmap", "places", "--feed", str(feed_path),
                       "--out", str(out_folder / "rows.jsonl")]
            reference = reference_ms()
            cpu_before = _children_cpu()
            if mode == "dask":
                elapsed, peak, out = run_on_local_cluster(command)
            else:
                elapsed, peak, out = run_measured(command + ["--jobs", mode[-1]], None)
            cpu = _children_cpu() - cpu_before
            mentions = sum(1 for _ in (out_folder / "rows.jsonl").open(encoding="utf-8"))
            print(f"{count:>9,}  {mode:<6} {elapsed:>8.1f} {count / elapsed:>10.0f} {cpu:>7.1f} {count / cpu:>9.0f} "
                  f"{mentions:>9,} {peak / 2**20:>11.0f} {reference:>5.0f}-{reference_ms():<6.0f}", flush=True)
    print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("(reference ms: a fixed pure-Python loop's CPU time just before and just after each run; a higher "
          "figure is a slower machine at that moment)")


def _children_cpu() -> float:
    """User and system CPU seconds of every finished child process (and the ones they waited for)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_on_local_cluster(command: list[str]) -> tuple[float, int, str]:
    """The command with --scheduler on a fresh local cluster of two single-thread worker processes."""
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        return run_measured(command + ["--scheduler", cluster.scheduler_address], psutil.Process())


if __name__ == "__main__":
    main()
