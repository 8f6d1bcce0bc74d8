"""Default build speed, size and memory, against the import time of its core libraries; and how fast the
page loads in headless Chromium against a minimal Leaflet page with three markers.

Run from the repository root:  python benchmarks/build_speed.py [--runs 5] [--no-browser]
Prints figures only; nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE = "import folium, geopandas, geopy, shapely"
# Records the milliseconds from navigation to the load event, inside the page, for --dump-dom to read.
LOAD_PROBE = ('<script>window.addEventListener("load", function () {'
              'document.documentElement.setAttribute("data-load-ms", performance.now().toFixed(1)); });</script>')


def timed(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak resident memory (MB) of one child process.

    CPU time is the steadier figure on a shared machine: waiting for a core does not count."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)}\n{child.stderr.read().decode()}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def minimal_page() -> str:
    """A Leaflet page with three markers, Leaflet inlined the way idlibmap inlines it (no network)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from idlibmap.render.html import leaflet_assets

    script, css = leaflet_assets()
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>{css} html,body,#m{{height:100%;margin:0}}'
            f'</style><script src="{script}"></script></head><body><div id="m"></div><script>'
            'var m = L.map("m").setView([35.9, 36.6], 8);'
            '[[35.93, 36.63], [35.86, 36.81], [36.2, 37.16]].forEach(function (p) { L.marker(p).addTo(m); });'
            "</script></body></html>")


def load_ms(page: Path, chromium: str) -> float:
    """Milliseconds from navigation to the load event of ``page`` in headless Chromium, offline."""
    probe = page.with_name(page.stem + ".probe.html")
    probe.write_text(page.read_text(encoding="utf-8").replace("<head>", "<head>" + LOAD_PROBE, 1), encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
             "--disable-background-networking", "--disable-component-update", f"--user-data-dir={profile}",
             "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--window-size=1280,800",
             "--dump-dom", probe.as_uri()], capture_output=True, text=True, timeout=120, check=False).stdout
    found = re.search(r'data-load-ms="([\d.]+)"', dom)
    if not found:
        sys.exit(f"no load time from {probe}")
    return float(found.group(1))


def browser_figures(page: Path, runs: int) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("load time                     (chromium not installed)")
        return
    minimal = page.with_name("minimal.html")
    minimal.write_text(minimal_page(), encoding="utf-8")
    load_ms(page, chromium)  # warm-up: the browser's own first start
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(load_ms(page, chromium))
        theirs.append(load_ms(minimal, chromium))
    mine, base = statistics.median(ours), statistics.median(theirs)
    print(f"load event, default map       {mine:.0f} ms   (median; headless Chromium, 1280x800, offline)")
    print(f"load event, 3-marker Leaflet  {base:.0f} ms   ({minimal.stat().st_size / 1024:,.0f} KB page)")
    print(f"load / minimal                {mine / base:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true", help="skip the page load timings")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "idlib_map.html"
        build = [sys.executable, "-m", "idlibmap", "build", "--out", str(out)]
        timed(build)  # warm-up: builds the gazetteer index if this machine has none yet
        baseline, builds, memory, baseline_cpu, builds_cpu = [], [], [], [], []
        for _ in range(args.runs):  # interleaved, so both see the same machine load
            seconds, cpu, _ = timed([sys.executable, "-c", BASELINE])
            baseline.append(seconds)
            baseline_cpu.append(cpu)
            seconds, cpu, peak = timed(build)
            builds.append(seconds)
            builds_cpu.append(cpu)
            memory.append(peak)
        html_kb = out.stat().st_size / 1024
        geojson_kb = out.with_suffix(".geojson").stat().st_size / 1024
        base, full = statistics.median(baseline), statistics.median(builds)
        print(f"runs                          {args.runs}")
        print(f"import baseline (median)      {base:.3f} s   ({BASELINE})")
        print(f"default build (median)        {full:.3f} s   (min {min(builds):.3f}, max {max(builds):.3f})")
        print(f"build / import                {full / base:.2f}x")
        cpu_base, cpu_full = statistics.median(baseline_cpu), statistics.median(builds_cpu)
        print(f"CPU time, import / build      {cpu_base:.3f} s / {cpu_full:.3f} s   ({cpu_full / cpu_base:.2f}x)")
        print(f"peak memory (max of runs)     {max(memory):.0f} MB")
        print(f"HTML size                     {html_kb:,.0f} KB")
        print(f"GeoJSON size                  {geojson_kb:,.0f} KB")
        if not args.no_browser:
            browser_figures(out, args.runs)


if __name__ == "__main__":
    main()
