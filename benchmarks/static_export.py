"""What static exports add to a build: time per format (PNG at several dpi, SVG, PDF) and file sizes.

Run from the repository root:  python benchmarks/static_export.py [--runs 5]
Each build runs in a fresh process, interleaved with the default build, so all see the same machine load.
Prints figures only; nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    variants = {
        "default (html,geojson)": [],
        "+ png 300 dpi": ["--format", "html,geojson,png"],
        "+ png 150 dpi": ["--format", "html,geojson,png", "--dpi", "150"],
        "+ svg": ["--format", "html,geojson,svg"],
        "+ pdf": ["--format", "html,geojson,pdf"],
        "+ png,svg,pdf": ["--format", "html,geojson,png,svg,pdf"],
    }
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "idlib_map.html"
        base = [sys.executable, "-m", "idlibmap", "build", "--out", str(out)]
        seconds(base)  # warm-up (and the gazetteer index, if this machine has none yet)
        times: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(args.runs):
            for name, extra in variants.items():
                times[name].append(seconds(base + extra))
        sizes = {ext: out.with_suffix(f".{ext}").stat().st_size / 1024 for ext in ("png", "svg", "pdf")}
        seconds(base + ["--format", "png", "--dpi", "150"])
        sizes["png 150 dpi"] = out.with_suffix(".png").stat().st_size / 1024
    default = statistics.median(times["default (html,geojson)"])
    print(f"runs {args.runs}; medians of whole `python -m idlibmap build` processes")
    for name, values in times.items():
        median = statistics.median(values)
        extra = "" if median == default else f"   adds {median - default:+.2f} s"
        print(f"{name:<24} {median:6.2f} s{extra}")
    print("file sizes: " + ", ".join(f"{name} {kb:,.0f} KB" for name, kb in sizes.items()))


if __name__ == "__main__":
    main()
