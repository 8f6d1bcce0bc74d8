"""Default build speed, size and memory, against the import time of its core libraries.

Run from the repository root:  python benchmarks/build_speed.py [--runs 5]
Prints figures only; nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE = "import folium, geopandas, geopy, shapely"


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)}\n{child.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "idlib_map.html"
        build = [sys.executable, "-m", "idlibmap", "build", "--out", str(out)]
        timed(build)  # warm-up: builds the gazetteer index if this machine has none yet
        baseline, builds, memory = [], [], []
        for _ in range(args.runs):  # interleaved, so both see the same machine load
            baseline.append(timed([sys.executable, "-c", BASELINE])[0])
            seconds, peak = timed(build)
            builds.append(seconds)
            memory.append(peak)
        html_kb = out.stat().st_size / 1024
        geojson_kb = out.with_suffix(".geojson").stat().st_size / 1024
    base, full = statistics.median(baseline), statistics.median(builds)
    print(f"runs                          {args.runs}")
    print(f"import baseline (median)      {base:.3f} s   ({BASELINE})")
    print(f"default build (median)        {full:.3f} s   (min {min(builds):.3f}, max {max(builds):.3f})")
    print(f"build / import                {full / base:.2f}x")
    print(f"peak memory (max of runs)     {max(memory):.0f} MB")
    print(f"HTML size                     {html_kb:,.0f} KB")
    print(f"GeoJSON size                  {geojson_kb:,.0f} KB")


if __name__ == "__main__":
    main()
