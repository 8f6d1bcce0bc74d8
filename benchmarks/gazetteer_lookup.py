"""Offline gazetteer: cold lookup in a fresh process, warm lookup rate, and (optionally) index build time.

Run from the repository root:  python benchmarks/gazetteer_lookup.py [--rebuild]
--rebuild builds a fresh index in a temporary folder and times it (about 12 s of CPU).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COLD = """
import time
t = time.perf_counter()
from idlibmap.gazetteer import Gazetteer
imported = time.perf_counter()
index = Gazetteer.open()
opened = time.perf_counter()
best = index.candidates("Saraqeb", ["SY"])[0]
done = time.perf_counter()
print(f"{(imported - t) * 1e3:.2f} {(opened - imported) * 1e3:.3f} {(done - opened) * 1e3:.3f} {best.name}")
"""

NAMES = ["Saraqeb", "Idleb", "Aleppo", "Moscow", "Ankara", "Brussels", "Maarat al-Numan", "Kastanies", "Syria",
         "Jisr al-Shughur", "Nowhere-at-all"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="also time building a fresh index")
    args = parser.parse_args()
    from idlibmap.gazetteer import Gazetteer

    Gazetteer.open().close()  # make sure an index exists before timing cold starts
    runs = [subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True, check=True).stdout.split()
            for _ in range(5)]
    opens = sorted(float(r[1]) for r in runs)
    firsts = sorted(float(r[2]) for r in runs)
    print(f"cold open of the index (median of 5)     {opens[2]:.3f} ms")
    print(f"first lookup after open (median of 5)    {firsts[2]:.3f} ms   ('Saraqeb' -> {runs[0][3]})")

    index = Gazetteer.open()
    started = time.perf_counter()
    rounds = 200
    for _ in range(rounds):
        for name in NAMES:
            index.candidates(name, ["SY", "TR"])
    per_lookup = (time.perf_counter() - started) / (rounds * len(NAMES))
    print(f"warm lookup, mixed names                 {per_lookup * 1e3:.3f} ms  ({1 / per_lookup:,.0f} per second)")
    print(f"index file                               {index.path} ({index.path.stat().st_size / 1e6:.1f} MB)")
    index.close()

    if args.rebuild:
        with tempfile.TemporaryDirectory() as folder:
            started, cpu = time.perf_counter(), time.process_time()
            Gazetteer.open(Path(folder)).close()
            print(f"index build (first use)                  {time.perf_counter() - started:.1f} s wall, "
                  f"{time.process_time() - cpu:.1f} s CPU")


if __name__ == "__main__":
    main()
