"""Story loading: import time of ``idlibmap.story`` and the time ``load_story`` takes on a story file.

Run from the repository root:  python benchmarks/story_load.py [--runs 200] [STORY]
Prints figures only; nothing here passes or fails. Import time is the median of fresh interpreters
(``python -X importtime``, cumulative microseconds of the package); load time is the best and the
median of in-process runs after one warm-up.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

DEFAULT = Path("geodata/stories/idlib-2020-03-02.toml")


def import_microseconds(module: str) -> int:
    """Cumulative import time of ``module`` in a fresh interpreter, as ``-X importtime`` reports it."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                            capture_output=True, text=True, check=True)
    for line in reversed(result.stderr.splitlines()):
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\s*)(\S+)$", line)
        if match and match.group(3) == module:
            return int(match.group(1))
    raise SystemExit(f"no import time reported for {module}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("story", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--imports", type=int, default=15, help="fresh interpreters for the import time")
    args = parser.parse_args()
    from idlibmap.story import load_story

    imports = [import_microseconds("idlibmap.story") for _ in range(args.imports)]
    load_story(args.story)  # warm-up: file cache, lazy imports
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        story = load_story(args.story)
        times.append(time.perf_counter() - started)
    features = len(story.features())
    print(f"story                      {args.story} ({args.story.stat().st_size:,} bytes, {features} features)")
    print(f"import idlibmap.story      median {statistics.median(imports) / 1000:.1f} ms, "
          f"best {min(imports) / 1000:.1f} ms over {args.imports} interpreters")
    print(f"load_story                 median {statistics.median(times) * 1000:.2f} ms, "
          f"best {min(times) * 1000:.2f} ms over {args.runs} runs")


if __name__ == "__main__":
    main()
