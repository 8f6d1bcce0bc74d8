"""Online geocoding against a local fake Nominatim: requests and time for a first, second and cache-only build.

Run from the repository root:  python benchmarks/online_geocode.py [--story PATH] [--min-delay 1.0]
The fake server (tests/fake_nominatim.py) answers a few names and "nothing found" for the rest, so
every name of the story is asked once. Prints figures only; nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from idlibmap.gazetteer import Gazetteer
from idlibmap.online import GeocodingOptions, RetryPolicy
from idlibmap.options import DEFAULT_STORY
from idlibmap.pipeline import build
from tests.fake_nominatim import FakeNominatim, FakeNominatimServer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--story", type=Path, default=DEFAULT_STORY)
    parser.add_argument("--min-delay", type=float, default=1.0, help="seconds between requests (Nominatim: 1)")
    args = parser.parse_args()
    gazetteer = Gazetteer.open()
    with tempfile.TemporaryDirectory() as folder, FakeNominatimServer(FakeNominatim()) as fake:
        root = Path(folder)
        options = GeocodingOptions(geocoder="nominatim", user_agent="idlibmap-benchmark", url=fake.url,
                                   lock_path=root / "geocode.lock.json", cache_dir=root / "cache",
                                   policy=RetryPolicy(min_delay=args.min_delay), proxies={})
        for label in ("first build (empty cache and lock)", "second build (lock file)",
                      "third build (lock deleted, answer cache)"):
            if label.startswith("third"):
                options.lock_path.unlink()
            before = len(fake.requests)
            started = time.perf_counter()
            result = build(args.story, gazetteer=gazetteer, geocoding=options)
            result.save(root / "map.html")
            seconds = time.perf_counter() - started
            print(f"{label}: {len(fake.requests) - before} requests, {seconds:.2f} s")
            print(f"  {result.notes[0]}")
        print(f"lock file: {len(options.lock_path.read_text(encoding='utf-8').splitlines())} lines; "
              f"fallback warnings on the first build are expected (the fake knows only a few names)")
    gazetteer.close()


if __name__ == "__main__":
    main()
