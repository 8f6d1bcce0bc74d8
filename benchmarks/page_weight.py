"""What each part of a built HTML map costs, in bytes: the basemap's kinds, each story layer's geometry and
properties (a map of many articles' popup entries and counts apart), its table of articles, the inlined
scripts and styles.

Run from the repository root, on any page `python -m idlibmap build` wrote:
    python benchmarks/page_weight.py output/news.html [more.html ...]
Prints figures only; nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from idlibmap.render.html import BASEMAP_DATA_ID
from idlibmap.render.mentions import MENTIONS_DATA_ID


def _size(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=True))


def parts(page: str) -> dict[str, int]:
    """Bytes by part of ``page`` ("rest": whatever no part names)."""
    found: dict[str, int] = {}

    def add(name: str, size: int) -> None:
        found[name] = found.get(name, 0) + size

    for match in re.finditer(r"<style>.*?</style>", page, re.S):
        add("styles (Leaflet's and idlibmap's)", len(match.group(0)))
    for match in re.finditer(r'<script src="data:text/javascript;base64,[^"]*"></script>', page):
        add("Leaflet's script (base64)", len(match.group(0)))
    script = re.search(r"<script>\s*/\* idlibmap.*?</script>", page, re.S)
    if script:
        add("idlibmap's script", len(script.group(0)))
    for element, label in ((BASEMAP_DATA_ID, "basemap"), (MENTIONS_DATA_ID, "articles table")):
        data = re.search(rf'<script type="application/json" id="{element}">(.*?)</script>', page, re.S)
        if data:
            for key, value in json.loads(data.group(1)).items():
                add(f"{label}: {key}", _size(value))
    for match in re.finditer(r"idlibmap\.addStoryLayer\([^,]+,\s*[^,]+,\s*(\{.*?\}),\s*\"[a-z]+\"\);", page, re.S):
        for name, size in _layer_parts(json.loads(match.group(1))):
            add(name, size)
    config = re.search(r"idlibmap\.start\([^,]+,\s*(\{.*?\})\);\n", page, re.S)
    if config:
        add("panels (title, legend, sources, styles)", len(config.group(1)))
    return found


def _layer_parts(collection: dict[str, Any]) -> list[tuple[str, int]]:
    """A story layer's geometry, its popup entries and counts by day (a map of many articles), the rest."""
    found = []
    for feature in collection["features"]:
        properties = dict(feature["properties"])
        layer = properties.get("layer", "?")
        found.append((f"{layer}: geometry", _size(feature["geometry"])))
        found += [(f"{layer}: {key}", _size(properties.pop(key))) for key in ("entries", "days") if key in properties]
        found.append((f"{layer}: other properties", _size(properties)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=Path, nargs="+", help="HTML maps built by idlibmap")
    for path in parser.parse_args().pages:
        page = path.read_text(encoding="utf-8")
        total = len(page.encode("utf-8"))
        found = parts(page)
        print(f"{path}: {total / 1e6:.2f} MB")
        for name, size in sorted(found.items(), key=lambda item: -item[1]):
            print(f"  {size / 1e6:8.3f} MB  {name}")
        print(f"  {(total - sum(found.values())) / 1e6:8.3f} MB  rest")


if __name__ == "__main__":
    sys.exit(main())
